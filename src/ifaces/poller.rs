//! The poller: every period, list the links of the host's namespace and of
//! every namespace under `/run/netns`, and diff.

use std::collections::BTreeMap;

use crate::conn::{Config, Conn, Route};
use crate::error::{Error, Result};
use crate::ifaces::{Event, Interface, Netns, Presence};
use crate::netns::{NetNs, NsId};
use crate::route::IfName;

/// The diff key: an interface is the same while its namespace, index and
/// name are.
type Key = (NsId, u32, IfName);

/// Lists every namespace's interfaces each round and reports what came
/// (`Added`, first) and what went (`Removed`). An error in one namespace
/// (it vanished between listing `/run/netns` and opening it, say) is
/// returned with the round's events and does not stop the others; its
/// interfaces are kept until a round lists it again or finds it gone.
#[derive(Debug)]
pub struct Poller {
    presence: Presence,
    host: NetNs,
    known: BTreeMap<Key, Interface>,
}

impl Poller {
    /// A poller for the namespace the calling thread is in (the host's)
    /// and every named one, counting links as `presence` says.
    pub fn new(presence: Presence) -> Result<Poller> {
        Ok(Poller {
            presence,
            host: NetNs::current()?,
            known: BTreeMap::new(),
        })
    }

    fn list_ns(
        &self,
        ns: &NetNs,
        name: Option<String>,
        out: &mut BTreeMap<Key, Interface>,
    ) -> Result<()> {
        let netns = Netns { id: ns.id(), name };
        let mut c = Conn::<Route>::dial(Config::default().netns(ns))?;
        for i in self.presence.list(&mut c, &netns)? {
            out.insert((netns.id, i.index, i.name), i);
        }
        Ok(())
    }

    /// One round: appends the events to `out`; returns the namespaces that
    /// could not be listed (`None`: the host's) with why.
    pub fn poll(&mut self, out: &mut Vec<Event>) -> Vec<(Option<String>, Error)> {
        let mut now = BTreeMap::new();
        let mut failed = Vec::new();
        let mut skipped = Vec::new();
        if let Err(e) = self.list_ns(&self.host, None, &mut now) {
            skipped.push(self.host.id());
            failed.push((None, e));
        }
        let names = NetNs::list().unwrap_or_default();
        for name in names {
            let r = NetNs::named(&name).map_err(Error::from).and_then(|ns| {
                if ns.id() == self.host.id() {
                    return Ok(()); // the host's, named too: listed once
                }
                self.list_ns(&ns, Some(name.clone()), &mut now)
                    .inspect_err(|_| {
                        skipped.push(ns.id());
                    })
            });
            if let Err(e) = r {
                failed.push((Some(name), e));
            }
        }
        // A namespace that failed to list keeps what it had.
        for (k, v) in &self.known {
            if skipped.contains(&k.0) {
                now.insert(*k, v.clone());
            }
        }
        for (k, v) in &now {
            if !self.known.contains_key(k) {
                out.push(Event::Added(v.clone()));
            }
        }
        for (k, v) in &self.known {
            if !now.contains_key(k) {
                out.push(Event::Removed(v.clone()));
            }
        }
        self.known = now;
        failed
    }

    /// What the last round found.
    pub fn interfaces(&self) -> impl Iterator<Item = &Interface> {
        self.known.values()
    }
}
