//! The mirror: one namespace's links, addresses, routes, neighbours and
//! rules, kept equal to the kernel's from a listing plus events, relisted
//! and diffed after a loss, with the removals the kernel does not announce
//! applied by rule.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::conn::{Config, Conn, Route as Rtnl};
use crate::error::Result;
use crate::monitor::{
    Event, Monitor, MonitorConfig, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_RULE,
    RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_RULE, RTNLGRP_LINK, RTNLGRP_NEIGH,
    Received,
};
use crate::route::{
    Addr, AddrFilter, Link, LinkFlags, Neigh, NeighFilter, Route, RouteFilter, RouteType, Rule,
};

bitflags::bitflags! {
    /// Which object types a mirror keeps.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Keep: u8 {
        /// Links.
        const LINKS = 1;
        /// Addresses (IPv4 and IPv6).
        const ADDRS = 2;
        /// Routes of every table (IPv4 and IPv6).
        const ROUTES = 4;
        /// Neighbours.
        const NEIGHS = 8;
        /// Rules (IPv4 and IPv6).
        const RULES = 16;
    }
}

/// An object the mirror keeps, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Object {
    /// A link (counters left out: they change all the time). Boxed: an
    /// owned link is large.
    Link(Box<Link>),
    /// An address (lifetimes left out).
    Addr(Addr),
    /// A route.
    Route(Route),
    /// A neighbour (timers left out).
    Neigh(Neigh),
    /// A rule.
    Rule(Rule),
}

/// A change to the mirror.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Change {
    /// A new object.
    Added(Object),
    /// An object whose key stayed and whose value changed.
    Changed {
        /// What it was (boxed: changes are rarer than additions).
        old: Box<Object>,
        /// What it is.
        new: Object,
    },
    /// An object gone, as it last was.
    Removed(Object),
}

type AddrKey = (u32, Option<IpAddr>, Option<IpAddr>, u8);
type RouteKey = (u8, u32, Option<IpAddr>, u8, u8, u32, Option<u32>);
type NeighKey = (u32, u8, Option<IpAddr>);

fn addr_key(a: &Addr) -> AddrKey {
    (a.index, a.local, a.address, a.prefixlen)
}

fn route_key(r: &Route) -> RouteKey {
    (
        r.family,
        r.table,
        r.dst,
        r.dst_len,
        r.tos,
        r.priority.unwrap_or(0),
        // IPv6 keeps one route per device for the same prefix and metric.
        r.oif,
    )
}

fn neigh_key(n: &Neigh) -> NeighKey {
    (n.ifindex, n.family, n.dst)
}

/// What a mirror keeps: one map per object type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct State {
    links: BTreeMap<i32, Link>,
    addrs: BTreeMap<AddrKey, Addr>,
    routes: BTreeMap<RouteKey, Route>,
    neighs: BTreeMap<NeighKey, Neigh>,
    /// Rules have no identity but their whole content.
    rules: Vec<Rule>,
}

fn clean_link(mut l: Link) -> Link {
    l.stats64 = None;
    l.carrier_changes = None;
    l.carrier_up_count = None;
    l.carrier_down_count = None;
    l
}

fn clean_addr(mut a: Addr) -> Addr {
    a.cache_info = None;
    a
}

fn clean_neigh(mut n: Neigh) -> Neigh {
    n.cache_info = None;
    n.probes = None;
    n
}

/// Puts `v` under `k`, saying what changed.
fn upsert<K: Ord, V: Clone + PartialEq>(
    map: &mut BTreeMap<K, V>,
    k: K,
    v: V,
    wrap: fn(V) -> Object,
    out: &mut Vec<Change>,
) {
    match map.insert(k, v.clone()) {
        None => out.push(Change::Added(wrap(v))),
        Some(old) if old != v => out.push(Change::Changed {
            old: Box::new(wrap(old)),
            new: wrap(v),
        }),
        Some(_) => {}
    }
}

fn remove<K: Ord, V>(
    map: &mut BTreeMap<K, V>,
    k: &K,
    wrap: fn(V) -> Object,
    out: &mut Vec<Change>,
) {
    if let Some(old) = map.remove(k) {
        out.push(Change::Removed(wrap(old)));
    }
}

/// Removes every entry `gone` says, saying so.
fn remove_where<K: Ord, V>(
    map: &mut BTreeMap<K, V>,
    gone: impl Fn(&V) -> bool,
    wrap: fn(V) -> Object,
    out: &mut Vec<Change>,
) {
    let mut kept = BTreeMap::new();
    for (k, v) in std::mem::take(map) {
        if gone(&v) {
            out.push(Change::Removed(wrap(v)));
        } else {
            kept.insert(k, v);
        }
    }
    *map = kept;
}

/// Makes `map` equal to `fresh`, saying what changed.
fn diff<K: Ord, V: Clone + PartialEq>(
    map: &mut BTreeMap<K, V>,
    fresh: BTreeMap<K, V>,
    wrap: fn(V) -> Object,
    out: &mut Vec<Change>,
) {
    let old = std::mem::replace(map, fresh);
    for (k, v) in &old {
        match map.get(k) {
            None => out.push(Change::Removed(wrap(v.clone()))),
            Some(n) if n != v => out.push(Change::Changed {
                old: Box::new(wrap(v.clone())),
                new: wrap(n.clone()),
            }),
            Some(_) => {}
        }
    }
    for (k, v) in map.iter() {
        if !old.contains_key(k) {
            out.push(Change::Added(wrap(v.clone())));
        }
    }
}

fn link_object(l: Link) -> Object {
    Object::Link(Box::new(l))
}

fn routes_via(r: &Route, index: u32) -> bool {
    r.oif == Some(index) || r.nexthops.iter().any(|h| h.ifindex == index)
}

/// One namespace's rtnetlink objects, kept equal to the kernel's.
///
/// It subscribes first, then lists, so nothing falls between the two;
/// applies each event; on a loss lists again and diffs; and applies what
/// the kernel does without telling: a deleted link takes its addresses,
/// routes and neighbours with it; a link going down takes its IPv4 routes;
/// an IPv4 address going away takes the routes it implied (its prefix
/// route and local/broadcast routes, which the kernel removes by itself).
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
    keep: Keep,
    state: State,
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
            keep,
            state: State::default(),
            resyncs: 0,
        };
        m.state = m.list()?;
        Ok(m)
    }

    fn list(&mut self) -> Result<State> {
        let mut s = State::default();
        let k = self.keep;
        // Links are listed whatever is kept: the rules need them.
        for l in self.conn.links()? {
            s.links.insert(l.index, clean_link(l));
        }
        if k.contains(Keep::ADDRS) {
            for a in self.conn.addresses(AddrFilter::default())? {
                s.addrs.insert(addr_key(&a), clean_addr(a));
            }
        }
        if k.contains(Keep::ROUTES) {
            for r in self.conn.routes(RouteFilter::all_tables())? {
                s.routes.insert(route_key(&r), r);
            }
        }
        if k.contains(Keep::NEIGHS) {
            for n in self.conn.neighbours(NeighFilter::default())? {
                s.neighs.insert(neigh_key(&n), clean_neigh(n));
            }
        }
        if k.contains(Keep::RULES) {
            s.rules = self.conn.rules(None)?;
        }
        Ok(s)
    }

    /// Lists everything again and diffs it against the mirror, appending
    /// the changes to `out`. Events still queued are discarded first: after
    /// a loss they are older than what was lost, and applying them after
    /// the new listing would bring back what no longer is.
    pub fn resync(&mut self, out: &mut Vec<Change>) -> Result<()> {
        self.resyncs += 1;
        self.monitor.discard_queued()?;
        let fresh = self.list()?;
        let s = &mut self.state;
        if self.keep.contains(Keep::LINKS) {
            diff(&mut s.links, fresh.links, link_object, out);
        } else {
            s.links = fresh.links;
        }
        diff(&mut s.addrs, fresh.addrs, Object::Addr, out);
        diff(&mut s.routes, fresh.routes, Object::Route, out);
        diff(&mut s.neighs, fresh.neighs, Object::Neigh, out);
        for r in &s.rules {
            if !fresh.rules.contains(r) {
                out.push(Change::Removed(Object::Rule(r.clone())));
            }
        }
        for r in &fresh.rules {
            if !s.rules.contains(r) {
                out.push(Change::Added(Object::Rule(r.clone())));
            }
        }
        s.rules = fresh.rules;
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
        let k = self.keep;
        let s = &mut self.state;
        let links = if k.contains(Keep::LINKS) {
            Some(link_object as fn(Link) -> Object)
        } else {
            None
        };
        match event {
            Event::NewLink(l) => {
                let l = clean_link(l.to_owned());
                let index = l.index;
                let down = !l.flags.contains(LinkFlags::UP);
                match links {
                    Some(w) => upsert(&mut s.links, index, l, w, out),
                    None => {
                        s.links.insert(index, l);
                    }
                }
                if down {
                    // Its IPv4 routes went with it, unannounced (all but
                    // the local routes of its addresses).
                    let i = index as u32;
                    remove_where(
                        &mut s.routes,
                        |r| {
                            r.family == libc::AF_INET as u8
                                && r.kind != RouteType::LOCAL
                                && routes_via(r, i)
                        },
                        Object::Route,
                        out,
                    );
                }
            }
            Event::DelLink(l) | Event::MovedLink { link: l, .. } => {
                let index = l.header.index;
                match links {
                    Some(w) => remove(&mut s.links, &index, w, out),
                    None => {
                        s.links.remove(&index);
                    }
                }
                let i = index as u32;
                remove_where(&mut s.addrs, |a| a.index == i, Object::Addr, out);
                remove_where(&mut s.routes, |r| routes_via(r, i), Object::Route, out);
                remove_where(&mut s.neighs, |n| n.ifindex == i, Object::Neigh, out);
            }
            Event::NewAddr(a) if k.contains(Keep::ADDRS) => {
                let a = clean_addr(a.to_owned());
                upsert(&mut s.addrs, addr_key(&a), a, Object::Addr, out);
            }
            Event::DelAddr(a) => {
                let a = a.to_owned();
                if k.contains(Keep::ADDRS) {
                    remove(&mut s.addrs, &addr_key(&a), Object::Addr, out);
                }
                if let (Some(IpAddr::V4(local)), true) = (a.local, k.contains(Keep::ROUTES)) {
                    // The routes the address implied: its prefix route and
                    // its local and broadcast routes, unannounced.
                    let local = IpAddr::V4(local);
                    let (index, len) = (a.index, a.prefixlen);
                    remove_where(
                        &mut s.routes,
                        |r| {
                            r.family == libc::AF_INET as u8
                                && r.oif == Some(index)
                                && r.prefsrc == Some(local)
                                && (r.dst_len == len || r.dst_len == 32)
                        },
                        Object::Route,
                        out,
                    );
                }
            }
            Event::NewRoute(r) if k.contains(Keep::ROUTES) => {
                let r = r.to_owned();
                upsert(&mut s.routes, route_key(&r), r, Object::Route, out);
            }
            Event::DelRoute(r) if k.contains(Keep::ROUTES) => {
                remove(&mut s.routes, &route_key(&r.to_owned()), Object::Route, out);
            }
            Event::NewNeigh(n) if k.contains(Keep::NEIGHS) => {
                let n = clean_neigh(n.to_owned());
                upsert(&mut s.neighs, neigh_key(&n), n, Object::Neigh, out);
            }
            Event::DelNeigh(n) if k.contains(Keep::NEIGHS) => {
                remove(&mut s.neighs, &neigh_key(&n.to_owned()), Object::Neigh, out);
            }
            Event::NewRule(r) if k.contains(Keep::RULES) => {
                let r = r.to_owned();
                if !s.rules.contains(&r) {
                    s.rules.push(r.clone());
                    out.push(Change::Added(Object::Rule(r)));
                }
            }
            Event::DelRule(r) if k.contains(Keep::RULES) => {
                let r = r.to_owned();
                if let Some(i) = s.rules.iter().position(|x| *x == r) {
                    out.push(Change::Removed(Object::Rule(s.rules.remove(i))));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The links, by index.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        self.state.links.values()
    }
    /// The addresses.
    pub fn addresses(&self) -> impl Iterator<Item = &Addr> {
        self.state.addrs.values()
    }
    /// The routes of every table.
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.state.routes.values()
    }
    /// The neighbours.
    pub fn neighbours(&self) -> impl Iterator<Item = &Neigh> {
        self.state.neighs.values()
    }
    /// The rules (listed in the kernel's order; added ones at the end).
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.state.rules.iter()
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
