//! The mirror: one namespace's links, addresses, routes, neighbours and
//! rules, kept equal to the kernel's from a listing plus events, relisted
//! and diffed after a loss.

use crate::conn::{Config, Conn, Route as Rtnl};
use crate::error::Result;
use crate::monitor::{
    Change, Keep, Monitor, MonitorConfig, Objects, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_ROUTE,
    RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_RULE, RTNLGRP_LINK,
    RTNLGRP_NEIGH, Received,
};
use crate::route::{AddrFilter, NeighFilter, RouteFilter};
use crate::wire::List;

/// One namespace's rtnetlink objects, kept equal to the kernel's.
///
/// It subscribes first, then lists, so nothing falls between the two;
/// applies each event; on a loss lists again and diffs; and applies what
/// the kernel does without telling: a deleted link takes its addresses,
/// routes and neighbours with it; a link going down takes its IPv4 routes;
/// the last IPv4 address with some IP takes every route preferring it as
/// source (see `docs/monitor.md` for which of these 6.18 announces).
///
/// ```no_run
/// use nlstack::monitor::{Keep, Mirror, MonitorConfig};
/// let mut m = Mirror::new(MonitorConfig::default(), Keep::all())?;
/// let mut changes = Vec::new();
/// loop {
///     m.next_changes(&mut changes)?;
///     for c in changes.drain(..) {
///         println!("{c:?}");
///     }
///     println!("{} links, {} routes", m.links().count(), m.routes().count());
/// }
/// # Ok::<(), nlstack::Error>(())
/// ```
pub struct Mirror {
    monitor: Monitor,
    conn: Conn<Rtnl>,
    objects: Objects,
    resyncs: u64,
}

impl Mirror {
    /// Subscribes to the groups `keep` needs (in `config`'s namespace,
    /// with its buffer and timeout; its group list is replaced), then
    /// lists everything kept.
    pub fn new(config: MonitorConfig<'_>, keep: Keep) -> Result<Mirror> {
        let mut groups = Vec::new();
        // Links are always followed: their removal implies others.
        groups.push(RTNLGRP_LINK);
        if keep.contains(Keep::ADDRS) || keep.contains(Keep::ROUTES) {
            groups.extend([RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR]);
        }
        if keep.contains(Keep::ROUTES) {
            groups.extend([RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE]);
        }
        if keep.contains(Keep::NEIGHS) {
            groups.push(RTNLGRP_NEIGH);
        }
        if keep.contains(Keep::RULES) {
            groups.extend([RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE]);
        }
        let monitor = Monitor::new(config.groups(&groups))?;
        let mut cfg = Config::default();
        if let Some(ns) = config.netns {
            cfg = cfg.netns(ns);
        }
        let conn = Conn::<Rtnl>::dial(cfg)?;
        let mut m = Mirror {
            monitor,
            conn,
            objects: Objects::new(keep),
            resyncs: 0,
        };
        m.objects = m.list()?;
        Ok(m)
    }

    fn list(&mut self) -> Result<Objects> {
        let keep = self.objects.keep();
        let c = &mut self.conn;
        // Links are listed whatever is kept: the rules need them.
        let links = c.links()?;
        let addrs = if keep.contains(Keep::ADDRS) {
            c.addresses(AddrFilter::default())?.to_vec()
        } else {
            Vec::new()
        };
        let routes = if keep.contains(Keep::ROUTES) {
            c.routes(RouteFilter::all_tables())?
        } else {
            List::new()
        };
        let neighs = if keep.contains(Keep::NEIGHS) {
            c.neighbours(NeighFilter::default())?.to_vec()
        } else {
            Vec::new()
        };
        let rules = if keep.contains(Keep::RULES) {
            c.rules(None)?.to_vec()
        } else {
            Vec::new()
        };
        Ok(Objects::from_lists(
            keep, &links, addrs, routes, neighs, rules,
        ))
    }

    /// Lists everything again and diffs it against the mirror, appending
    /// the changes to `out`. Events still queued are discarded first: after
    /// a loss they are older than what was lost, and applying them after
    /// the new listing would bring back what no longer is.
    pub fn resync(&mut self, out: &mut Vec<Change>) -> Result<()> {
        self.resyncs += 1;
        self.monitor.discard_queued()?;
        let fresh = self.list()?;
        self.objects.replace(fresh, out);
        Ok(())
    }

    /// Waits for the next event (up to the monitor's timeout), applies it
    /// and appends what changed to `out` (possibly nothing). A loss
    /// becomes a [`resync`](Self::resync).
    pub fn next_changes(&mut self, out: &mut Vec<Change>) -> Result<()> {
        let event = match self.monitor.next()? {
            Received::ResyncNeeded => return self.resync(out),
            Received::Event { event, .. } => event,
        };
        self.objects.apply(&event, out);
        Ok(())
    }

    /// The objects as they are now.
    pub fn objects(&self) -> &Objects {
        &self.objects
    }

    /// The links, by index.
    pub fn links(&self) -> impl Iterator<Item = &crate::route::Link> {
        self.objects.links()
    }
    /// The addresses.
    pub fn addresses(&self) -> impl Iterator<Item = &crate::route::Addr> {
        self.objects.addresses()
    }
    /// The routes of every table.
    pub fn routes(&self) -> impl Iterator<Item = &crate::route::RouteEntry> {
        self.objects.routes()
    }
    /// The neighbours.
    pub fn neighbours(&self) -> impl Iterator<Item = &crate::route::Neigh> {
        self.objects.neighbours()
    }
    /// The rules.
    pub fn rules(&self) -> impl Iterator<Item = &crate::route::Rule> {
        self.objects.rules()
    }
    /// How many times the mirror listed again after a loss (or on request).
    pub fn resyncs(&self) -> u64 {
        self.resyncs
    }
    /// The monitor underneath (for its fd and counters).
    pub fn monitor(&self) -> &Monitor {
        &self.monitor
    }
}

impl std::os::fd::AsFd for Mirror {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.monitor.as_fd()
    }
}
