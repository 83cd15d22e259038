//! The event-driven informer: a snapshot of every namespace, then link
//! events through one monitor per namespace, all on one `epoll` (the
//! monitor layer's watcher), and `/run/netns` followed with inotify.

use std::collections::BTreeMap;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;
use std::time::Duration;

use crate::conn::{Config, Conn, Route};
use crate::error::Result;
use crate::ifaces::{Event, Interface, Netns, Presence};
use crate::monitor::{self, Monitor, MonitorConfig, RTNLGRP_LINK, Ready, Received, TimerId, Token};
use crate::netns::{NETNS_RUN_DIR, NetNs, NsId};
use crate::sys::{IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO, Inotify, InotifyEvent};

/// What the informer's loop waits on.
enum Source {
    /// The link monitor of one namespace.
    Links(Box<Monitor>),
    /// `/run/netns`.
    Dir(Inotify),
}

impl AsFd for Source {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Source::Links(m) => m.as_fd(),
            Source::Dir(i) => i.as_fd(),
        }
    }
}

/// One namespace followed.
struct Followed {
    netns: Netns,
    handle: NetNs,
    token: Token,
    /// Its present interfaces, by index.
    present: BTreeMap<u32, Interface>,
}

/// A named namespace not ready yet (its file exists before its bind
/// mount): retried with a growing delay.
struct Retry {
    name: String,
    delay: Duration,
}

/// The first retry's delay, and the longest.
const RETRY_FIRST: Duration = Duration::from_micros(50);
const RETRY_MAX: Duration = Duration::from_secs(1);

/// Follows every interface of the host's namespace and of every namespace
/// under `/run/netns`: first a snapshot (each present interface `Added`),
/// then link events; a loss relists that namespace and diffs (nothing lost
/// or invented); a namespace that appears is followed (and its interfaces
/// `Added`), one that goes is dropped (and its interfaces `Removed`).
pub struct Watcher {
    presence: Presence,
    loop_: monitor::Watcher<Source>,
    by_ns: BTreeMap<NsId, Followed>,
    by_token: BTreeMap<Token, NsId>,
    retries: BTreeMap<TimerId, Retry>,
    dir: Option<Token>,
    notes: Vec<InotifyEvent>,
    ready: Vec<Ready>,
}

impl Watcher {
    /// Starts following, appending the snapshot's `Added` events to `out`.
    pub fn new(presence: Presence, out: &mut Vec<Event>) -> Result<Watcher> {
        let mut w = Watcher {
            presence,
            loop_: monitor::Watcher::new()?,
            by_ns: BTreeMap::new(),
            by_token: BTreeMap::new(),
            retries: BTreeMap::new(),
            dir: None,
            notes: Vec::new(),
            ready: Vec::new(),
        };
        // The directory first, so that no namespace falls between the
        // listing and the watch.
        let ino = Inotify::new()?;
        match ino.add_watch(
            Path::new(NETNS_RUN_DIR),
            IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO,
        ) {
            Ok(_) => w.dir = Some(w.loop_.add(Source::Dir(ino))?),
            // No /run/netns yet: only the host's namespace, until a later
            // version follows /run for it.
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => {}
            Err(e) => return Err(e.into()),
        }
        w.follow(NetNs::current()?, None, out)?;
        for name in NetNs::list().unwrap_or_default() {
            w.follow_named(name, out);
        }
        Ok(w)
    }

    /// Follows a namespace: subscribe, then list.
    fn follow(&mut self, handle: NetNs, name: Option<String>, out: &mut Vec<Event>) -> Result<()> {
        let id = handle.id();
        if self.by_ns.contains_key(&id) {
            return Ok(()); // the host's, named too; or a second name
        }
        let cfg = MonitorConfig::default()
            .netns(&handle)
            .groups(&[RTNLGRP_LINK])
            .nonblocking(true);
        let mon = Monitor::new(cfg)?;
        let netns = Netns { id, name };
        let mut conn = Conn::<Route>::dial(Config::default().netns(&handle))?;
        let listed = self.presence.list(&mut conn, &netns)?;
        let token = self.loop_.add(Source::Links(Box::new(mon)))?;
        let mut present = BTreeMap::new();
        for i in listed {
            out.push(Event::Added(i.clone()));
            present.insert(i.index, i);
        }
        self.by_token.insert(token, id);
        self.by_ns.insert(
            id,
            Followed {
                netns,
                handle,
                token,
                present,
            },
        );
        Ok(())
    }

    /// Follows `/run/netns/NAME`, or retries later while it is not ready.
    fn follow_named(&mut self, name: String, out: &mut Vec<Event>) {
        self.try_named(
            Retry {
                name,
                delay: RETRY_FIRST,
            },
            out,
        );
    }

    fn try_named(&mut self, r: Retry, out: &mut Vec<Event>) {
        let ok = NetNs::named(&r.name)
            .map_err(crate::Error::from)
            .and_then(|ns| self.follow(ns, Some(r.name.clone()), out));
        if ok.is_err() && Path::new(NETNS_RUN_DIR).join(&r.name).exists() {
            if let Ok(id) = self.loop_.add_timer(r.delay) {
                let delay = (r.delay * 2).min(RETRY_MAX);
                self.retries.insert(
                    id,
                    Retry {
                        name: r.name,
                        delay,
                    },
                );
            }
        }
    }

    /// Stops following the namespace named `name`: its interfaces go.
    fn drop_named(&mut self, name: &[u8], out: &mut Vec<Event>) {
        let gone: Vec<NsId> = self
            .by_ns
            .iter()
            .filter(|(_, f)| f.netns.name.as_deref().map(str::as_bytes) == Some(name))
            .map(|(id, _)| *id)
            .collect();
        for id in gone {
            if let Some(f) = self.by_ns.remove(&id) {
                self.loop_.remove(f.token);
                self.by_token.remove(&f.token);
                out.extend(f.present.into_values().map(Event::Removed));
            }
        }
    }

    /// Lists a namespace again and diffs against what was present.
    fn relist(&mut self, id: NsId, out: &mut Vec<Event>) -> Result<()> {
        let Some(f) = self.by_ns.get_mut(&id) else {
            return Ok(());
        };
        let mut conn = Conn::<Route>::dial(Config::default().netns(&f.handle))?;
        let now: BTreeMap<u32, Interface> = self
            .presence
            .list(&mut conn, &f.netns)?
            .into_iter()
            .map(|i| (i.index, i))
            .collect();
        for (k, v) in &f.present {
            if now.get(k).is_none_or(|n| n.name != v.name) {
                out.push(Event::Removed(v.clone()));
            }
        }
        for (k, v) in &now {
            if f.present.get(k).is_none_or(|o| o.name != v.name) {
                out.push(Event::Added(v.clone()));
            }
        }
        f.present = now;
        Ok(())
    }

    /// Reads a namespace's link events until it would block.
    fn read_links(&mut self, token: Token, out: &mut Vec<Event>) -> Result<()> {
        let Some(&id) = self.by_token.get(&token) else {
            return Ok(());
        };
        let presence = self.presence;
        let mut resync = false;
        {
            let Some(Source::Links(mon)) = self.loop_.get_mut(token) else {
                return Ok(());
            };
            let Some(f) = self.by_ns.get_mut(&id) else {
                return Ok(());
            };
            loop {
                match mon.next() {
                    Ok(Received::Event { event, .. }) => match event {
                        monitor::Event::NewLink(l) => {
                            let index = l.index();
                            let now = presence.interface_of_view(&l, &f.netns);
                            let old = f.present.get(&index);
                            match (old, now) {
                                (Some(o), Some(n)) if o.name == n.name => {
                                    f.present.insert(index, n);
                                }
                                (old, now) => {
                                    if let Some(o) = old {
                                        out.push(Event::Removed(o.clone()));
                                        f.present.remove(&index);
                                    }
                                    if let Some(n) = now {
                                        out.push(Event::Added(n.clone()));
                                        f.present.insert(index, n);
                                    }
                                }
                            }
                        }
                        monitor::Event::DelLink(l) | monitor::Event::MovedLink { link: l, .. } => {
                            if let Some(o) = f.present.remove(&(l.index())) {
                                out.push(Event::Removed(o));
                            }
                        }
                        _ => {}
                    },
                    Ok(Received::ResyncNeeded) => {
                        resync = true;
                        let _ = mon.discard_queued();
                    }
                    Err(e) if e.is_would_block() => break,
                    Err(e) if e.as_decode().is_some() => {}
                    Err(e) => return Err(e),
                }
            }
        }
        if resync {
            self.relist(id, out)?;
        }
        Ok(())
    }

    /// Waits up to `timeout` for something to happen, and appends what
    /// came and went to `out` (possibly nothing).
    pub fn next_events(&mut self, out: &mut Vec<Event>, timeout: Option<Duration>) -> Result<()> {
        let mut ready = std::mem::take(&mut self.ready);
        ready.clear();
        self.loop_.wait(&mut ready, timeout)?;
        for r in &ready {
            match *r {
                Ready::Source(t) if Some(t) == self.dir => {
                    let mut notes = std::mem::take(&mut self.notes);
                    notes.clear();
                    if let Some(Source::Dir(ino)) = self.loop_.get_mut(t) {
                        ino.read(&mut notes)?;
                    }
                    for n in &notes {
                        if n.mask & (IN_CREATE | IN_MOVED_TO) != 0 {
                            self.follow_named(String::from_utf8_lossy(&n.name).into_owned(), out);
                        } else if n.mask & (IN_DELETE | IN_MOVED_FROM) != 0 {
                            self.drop_named(&n.name, out);
                        }
                    }
                    self.notes = notes;
                }
                Ready::Source(t) => self.read_links(t, out)?,
                Ready::Timer(id) => {
                    if let Some(r) = self.retries.remove(&id) {
                        self.try_named(r, out);
                    }
                }
            }
        }
        self.ready = ready;
        Ok(())
    }

    /// Every interface present now.
    pub fn interfaces(&self) -> impl Iterator<Item = &Interface> {
        self.by_ns.values().flat_map(|f| f.present.values())
    }

    /// How many namespaces are followed.
    pub fn namespaces(&self) -> usize {
        self.by_ns.len()
    }
}

impl AsFd for Watcher {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.loop_.as_fd()
    }
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("namespaces", &self.by_ns.len())
            .finish_non_exhaustive()
    }
}
