//! The monitor: a socket joined to rtnetlink groups that hands out decoded
//! events and turns loss into [`Received::ResyncNeeded`].

use std::os::fd::{AsFd, BorrowedFd};
use std::time::Duration;

use crate::conn::{Config, Conn, Route, Stats, Transport};
use crate::error::{Error, Result};
use crate::monitor::DEFAULT_GROUPS;
use crate::monitor::events::Events;
use crate::netns::NetNs;
use crate::sys::{self, Socket};
use crate::wire::MsgType;

/// The receive buffer a monitor asks for unless told otherwise: 4 MiB
/// (with `SO_RCVBUFFORCE` when privileged, so past `rmem_max`).
pub const DEFAULT_RECV_BUFFER: usize = 4 << 20;

/// How a [`Monitor`] is set up. Defaults: the caller's namespace, the
/// [`DEFAULT_GROUPS`], a 4 MiB receive buffer, events of this namespace
/// only, blocking, no timeout, `ENOBUFS` reported.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct MonitorConfig<'a> {
    /// Listen inside this namespace.
    pub netns: Option<&'a NetNs>,
    /// The groups to join (`RTNLGRP_*`, any number).
    pub groups: &'a [u32],
    /// Receive buffer in bytes.
    pub recv_buffer: usize,
    /// `NETLINK_LISTEN_ALL_NSID`: also events of every namespace that has
    /// an id here, each tagged with that id.
    pub listen_all_nsid: bool,
    /// `NETLINK_NO_ENOBUFS`: never report loss. Off by default: loss is
    /// then silent, and a mirror cannot know it must resync.
    pub no_enobufs: bool,
    /// How long [`Monitor::next`] waits; `None` waits forever.
    pub read_timeout: Option<Duration>,
    /// Non-blocking: [`Monitor::next`] returns would-block when nothing is
    /// queued.
    pub nonblocking: bool,
}

impl Default for MonitorConfig<'_> {
    fn default() -> Self {
        MonitorConfig {
            netns: None,
            groups: DEFAULT_GROUPS,
            recv_buffer: DEFAULT_RECV_BUFFER,
            listen_all_nsid: false,
            no_enobufs: false,
            read_timeout: None,
            nonblocking: false,
        }
    }
}

impl<'a> MonitorConfig<'a> {
    /// Listen inside `ns`.
    #[must_use]
    pub fn netns(mut self, ns: &'a NetNs) -> Self {
        self.netns = Some(ns);
        self
    }
    /// Join these groups instead of the defaults.
    #[must_use]
    pub fn groups(mut self, groups: &'a [u32]) -> Self {
        self.groups = groups;
        self
    }
    /// Ask for a receive buffer of `bytes`.
    #[must_use]
    pub fn recv_buffer(mut self, bytes: usize) -> Self {
        self.recv_buffer = bytes;
        self
    }
    /// Events of every namespace with an id here too.
    #[must_use]
    pub fn listen_all_nsid(mut self, on: bool) -> Self {
        self.listen_all_nsid = on;
        self
    }
    /// Never report loss (not recommended).
    #[must_use]
    pub fn no_enobufs(mut self, on: bool) -> Self {
        self.no_enobufs = on;
        self
    }
    /// Time out [`Monitor::next`] after `t`.
    #[must_use]
    pub fn read_timeout(mut self, t: Duration) -> Self {
        self.read_timeout = Some(t);
        self
    }
    /// Non-blocking mode.
    #[must_use]
    pub fn nonblocking(mut self, on: bool) -> Self {
        self.nonblocking = on;
        self
    }
}

/// What [`Monitor::next`] hands out.
// Returned by value, never stored in bulk: the size of the largest view
// costs nothing here, and boxing would allocate per event.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Received<'a, P: Events = Route> {
    /// A notification from the kernel.
    Event {
        /// The decoded event.
        event: P::Event<'a>,
        /// The group it was sent to.
        group: u32,
        /// The namespace id it came from, with `listen_all_nsid` (`None`
        /// for this namespace).
        nsid: Option<i32>,
    },
    /// Events were lost (`ENOBUFS` or `NLMSG_OVERRUN`): whoever keeps state
    /// from events must list again. The monitor goes on reading.
    ResyncNeeded,
}

/// A multicast listener for rtnetlink events.
///
/// ```no_run
/// use nlstack::monitor::{Event, Monitor, MonitorConfig, Received};
/// let mut mon = Monitor::new(MonitorConfig::default())?;
/// loop {
///     match mon.next()? {
///         Received::Event { event: Event::NewLink(l), .. } => println!("link {}", l.index()),
///         Received::ResyncNeeded => println!("lost events: list again"),
///         _ => {}
///     }
/// }
/// # Ok::<(), nlstack::Error>(())
/// ```
///
/// Other families: `Monitor::<Socket, Netfilter>::open` with the
/// conntrack groups hands out [`conntrack::Event`](crate::netfilter::conntrack::Event)s.
pub struct Monitor<T: Transport = Socket, P: Events = Route> {
    conn: Conn<P, T>,
    resyncs: u64,
    unicast: u64,
}

impl Monitor<Socket> {
    /// Opens an rtnetlink socket as `config` says and joins its groups.
    pub fn new(config: MonitorConfig<'_>) -> Result<Monitor> {
        Monitor::open(config)
    }
}

impl<P: Events> Monitor<Socket, P> {
    /// Opens a socket of protocol `P` as `config` says and joins its
    /// groups (for another family than rtnetlink, set them: the default
    /// groups are rtnetlink's).
    pub fn open(config: MonitorConfig<'_>) -> Result<Monitor<Socket, P>> {
        let mut cfg = Config::default()
            .join(config.groups)
            .recv_buffer(config.recv_buffer)
            .nonblocking(config.nonblocking);
        if let Some(ns) = config.netns {
            cfg = cfg.netns(ns);
        }
        if let Some(t) = config.read_timeout {
            cfg = cfg.read_timeout(t);
        }
        let mut conn = Conn::<P>::dial(cfg)?;
        // Events are small datagrams: read each with one system call. One
        // too large for the buffer is lost, and reported as a loss.
        conn.set_unpeeked(true);
        // The group of each datagram, also for groups above 32.
        conn.set_option(sys::NETLINK_PKTINFO, true)?;
        if config.listen_all_nsid {
            conn.set_option(sys::NETLINK_LISTEN_ALL_NSID, true)?;
        }
        if config.no_enobufs {
            conn.set_option(sys::NETLINK_NO_ENOBUFS, true)?;
        }
        Ok(Monitor::from_conn(conn))
    }

    /// Joins another group while running.
    pub fn join(&mut self, group: u32) -> Result<()> {
        self.conn.join_group(group)
    }

    /// Leaves a group.
    pub fn leave(&mut self, group: u32) -> Result<()> {
        self.conn.leave_group(group)
    }

    /// The receive buffer the kernel granted, in bytes.
    pub fn recv_buffer(&self) -> Result<usize> {
        self.conn.recv_buffer()
    }

    /// Reads and drops everything queued now, without waiting; returns how
    /// many messages that was. After a loss, what is queued is older than
    /// what was lost: a consumer that lists again discards it first.
    pub fn discard_queued(&mut self) -> Result<usize> {
        // A zero timeout: poll(2) says at once whether anything is queued.
        let was = self.conn.read_timeout();
        self.conn.set_read_timeout(Some(Duration::ZERO));
        let mut n = 0;
        let r = loop {
            match self.conn.next_kernel_message() {
                Ok(_) => n += 1,
                Err(e) if e.is_timeout() || e.is_would_block() => break Ok(n),
                Err(e) if e.is_overrun() => self.resyncs += 1,
                Err(e) => break Err(e),
            }
        };
        self.conn.set_read_timeout(was);
        r
    }
}

impl<T: Transport, P: Events> Monitor<T, P> {
    /// A monitor over a connection already joined to its groups (with
    /// `NETLINK_PKTINFO` on, so each datagram says its group).
    pub fn from_conn(conn: Conn<P, T>) -> Monitor<T, P> {
        Monitor {
            conn,
            resyncs: 0,
            unicast: 0,
        }
    }

    /// The next event, or [`Received::ResyncNeeded`] after a loss. Waits
    /// (up to the read timeout) when nothing is queued; non-blocking, an
    /// error with [`Error::is_would_block`]. A message whose family header
    /// is cut short is an error for that message alone: call again.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Received<'_, P>> {
        loop {
            let (meta, s, e) = match self.conn.next_kernel_message() {
                Ok(x) => x,
                Err(e) if e.is_overrun() || matches!(e, Error::Truncated { .. }) => {
                    self.resyncs += 1;
                    return Ok(Received::ResyncNeeded);
                }
                Err(e) => return Err(e),
            };
            let group = match meta.group {
                Some(g) if g != 0 => g,
                _ if meta.from.groups != 0 => meta.from.groups.trailing_zeros() + 1,
                _ => {
                    // Unicast from the kernel: not an event.
                    self.unicast += 1;
                    continue;
                }
            };
            let kind = self.conn.rx_message(s, e).kind();
            if kind == MsgType::NLMSG_OVERRUN {
                self.resyncs += 1;
                return Ok(Received::ResyncNeeded);
            }
            if kind.is_control() {
                continue;
            }
            return Ok(Received::Event {
                event: P::parse_event(&self.conn.rx_message(s, e))?,
                group,
                nsid: meta.nsid,
            });
        }
    }

    /// True when a message of the last datagram is still unread: call
    /// [`next`](Self::next) before polling the fd again.
    pub fn has_buffered(&self) -> bool {
        self.conn.has_buffered()
    }

    /// How many times events were lost.
    pub fn resyncs(&self) -> u64 {
        self.resyncs
    }

    /// The connection's counters (foreign datagrams dropped, overruns).
    pub fn stats(&self) -> Stats {
        self.conn.stats()
    }

    /// Unicast messages from the kernel skipped (a monitor takes only
    /// multicast).
    pub fn unicast_skipped(&self) -> u64 {
        self.unicast
    }

    /// The connection underneath.
    pub fn conn(&self) -> &Conn<P, T> {
        &self.conn
    }
}

impl<T: Transport + AsFd, P: Events> AsFd for Monitor<T, P> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.conn.as_fd()
    }
}

impl<T: Transport, P: Events> std::fmt::Debug for Monitor<T, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Monitor")
            .field("conn", &self.conn)
            .field("resyncs", &self.resyncs)
            .finish_non_exhaustive()
    }
}
