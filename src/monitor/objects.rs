//! The objects a mirror keeps, and the rules that change them: events
//! applied one by one, the removals the kernel does not announce, and the
//! diff against a fresh listing. Pure data, no socket: the mirror drives
//! it, and the fuzz target checks it against a model.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::monitor::Event;
use crate::route::addr::IFA_CACHEINFO;
use crate::route::family;
use crate::route::link::{
    IFLA_CARRIER_CHANGES, IFLA_CARRIER_DOWN_COUNT, IFLA_CARRIER_UP_COUNT, IFLA_STATS, IFLA_STATS64,
};
use crate::route::neigh::{NDA_CACHEINFO, NDA_PROBES};
use crate::route::{
    Addr, Link, LinkFlags, LinkMsg, Neigh, NeighMsg, NeighState, RTA_CACHEINFO, RouteEntry,
    RouteMsg, RouteType, Rule,
};
use crate::wire::List;

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
// Owned neighbours and rules are small now (bytes and an index); the
// owned route is the large one until it is a declared table too.
#[allow(clippy::large_enum_variant)]
pub enum Object {
    /// A link (counters left out: they change all the time). Boxed: an
    /// owned link is large.
    Link(Box<Link>),
    /// An address (lifetimes left out).
    Addr(Addr),
    /// A route.
    Route(RouteEntry),
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
    (a.index(), a.local(), a.address(), a.prefixlen())
}

fn route_key<T: AsRef<[u8]>>(r: &RouteMsg<T>) -> RouteKey {
    let v = r.as_view();
    (
        r.family(),
        r.table(),
        v.dst(),
        r.dst_len(),
        r.tos(),
        v.priority().unwrap_or(0),
        // IPv6 keeps one route per device for the same prefix and metric.
        v.oif(),
    )
}

/// A route as the mirror keeps it: without `RTA_CACHEINFO`, whose use
/// counts and expiry change on their own.
fn clean_route(r: &RouteMsg<&[u8]>) -> RouteEntry {
    r.without(&[RTA_CACHEINFO])
}

fn neigh_key<T: AsRef<[u8]>>(n: &NeighMsg<T>) -> NeighKey {
    (n.ifindex(), n.family(), n.as_view().dst())
}

/// What a mirror keeps: one map per object type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct State {
    links: BTreeMap<u32, Link>,
    addrs: BTreeMap<AddrKey, Addr>,
    routes: BTreeMap<RouteKey, RouteEntry>,
    neighs: BTreeMap<NeighKey, Neigh>,
    /// Rules have no identity but their whole content.
    rules: Vec<Rule>,
}

/// The attributes of a link that change on their own (counters), left
/// out of what the mirror keeps and compares.
const LINK_VOLATILE: &[u16] = &[
    IFLA_STATS,
    IFLA_STATS64,
    IFLA_CARRIER_CHANGES,
    IFLA_CARRIER_UP_COUNT,
    IFLA_CARRIER_DOWN_COUNT,
];

fn clean_link<B: AsRef<[u8]>>(l: &LinkMsg<B>) -> Link {
    l.without(LINK_VOLATILE)
}

fn clean_addr(a: Addr) -> Addr {
    a.without(&[IFA_CACHEINFO])
}

/// Whether a neighbour is kept: not `NUD_NOARP` ones (multicast and
/// broadcast mappings), which the kernel makes and drops without
/// announcing them; `ip neigh` hides them too.
fn kept_neigh(n: &Neigh) -> bool {
    !n.state().contains(NeighState::NOARP)
}

/// A neighbour without its timers and probe count (they change on their
/// own), as the mirror stores and compares it.
fn clean_neigh<T: AsRef<[u8]>>(n: &NeighMsg<T>) -> Neigh {
    n.without(&[NDA_CACHEINFO, NDA_PROBES])
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

/// Makes `map` equal to `fresh`, saying what changed: one walk over both,
/// which are sorted by key.
fn diff<K: Ord, V: Clone + PartialEq>(
    map: &mut BTreeMap<K, V>,
    fresh: BTreeMap<K, V>,
    wrap: fn(V) -> Object,
    out: &mut Vec<Change>,
) {
    let old = std::mem::replace(map, fresh);
    let mut old = old.into_iter().peekable();
    let mut new = map.iter().peekable();
    loop {
        match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(_), None) => {
                let (_, v) = old.next().expect("peeked");
                out.push(Change::Removed(wrap(v)));
            }
            (None, Some(_)) => {
                let (_, v) = new.next().expect("peeked");
                out.push(Change::Added(wrap(v.clone())));
            }
            (Some((ko, _)), Some((kn, _))) => match ko.cmp(kn) {
                std::cmp::Ordering::Less => {
                    let (_, v) = old.next().expect("peeked");
                    out.push(Change::Removed(wrap(v)));
                }
                std::cmp::Ordering::Greater => {
                    let (_, v) = new.next().expect("peeked");
                    out.push(Change::Added(wrap(v.clone())));
                }
                std::cmp::Ordering::Equal => {
                    let (_, vo) = old.next().expect("peeked");
                    let (_, vn) = new.next().expect("peeked");
                    if vo != *vn {
                        out.push(Change::Changed {
                            old: Box::new(wrap(vo)),
                            new: wrap(vn.clone()),
                        });
                    }
                }
            },
        }
    }
}

fn link_object(l: Link) -> Object {
    Object::Link(Box::new(l))
}

fn routes_via(r: &RouteEntry, index: u32) -> bool {
    r.oif() == Some(index) || r.nexthops().any(|h| h.is_ok_and(|h| h.ifindex() == index))
}

/// One namespace's objects as a mirror keeps them (see
/// [`Mirror`](crate::monitor::Mirror)): what [`Keep`] says, keyed as the
/// kernel keys them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objects {
    keep: Keep,
    state: State,
}

impl Objects {
    /// Nothing yet, keeping what `keep` says (links are always kept: the
    /// rules need them, but reported only with [`Keep::LINKS`]).
    pub fn new(keep: Keep) -> Objects {
        Objects {
            keep,
            state: State::default(),
        }
    }

    /// What is kept.
    pub fn keep(&self) -> Keep {
        self.keep
    }

    /// Objects from whole listings (faster than one insert each: the maps
    /// are built in bulk). What `keep` leaves out is ignored.
    pub fn from_lists(
        keep: Keep,
        links: &List<LinkMsg>,
        addrs: Vec<Addr>,
        routes: List<RouteEntry>,
        neighs: Vec<Neigh>,
        rules: Vec<Rule>,
    ) -> Objects {
        let k = |f: Keep| keep.contains(f);
        let mut o = Objects::new(keep);
        let s = &mut o.state;
        s.links = links.iter().map(|l| (l.index(), clean_link(&l))).collect();
        if k(Keep::ADDRS) {
            s.addrs = addrs
                .into_iter()
                .map(|a| (addr_key(&a), clean_addr(a)))
                .collect();
        }
        if k(Keep::ROUTES) {
            s.routes = routes
                .iter()
                .map(|r| (route_key(&r), clean_route(&r)))
                .collect();
        }
        if k(Keep::NEIGHS) {
            s.neighs = neighs
                .into_iter()
                .filter(kept_neigh)
                .map(|n| (neigh_key(&n), clean_neigh(&n)))
                .collect();
        }
        if k(Keep::RULES) {
            for r in rules {
                if !s.rules.contains(&r) {
                    s.rules.push(r);
                }
            }
        }
        o
    }

    /// Adds a listed link (counters dropped).
    pub fn insert_link<B: AsRef<[u8]>>(&mut self, l: &LinkMsg<B>) {
        self.state.links.insert(l.index(), clean_link(l));
    }

    /// Adds a listed address (lifetimes dropped), if addresses are kept.
    pub fn insert_addr(&mut self, a: Addr) {
        if self.keep.contains(Keep::ADDRS) {
            self.state.addrs.insert(addr_key(&a), clean_addr(a));
        }
    }

    /// Adds a listed route, if routes are kept.
    pub fn insert_route(&mut self, r: RouteEntry) {
        if self.keep.contains(Keep::ROUTES) {
            self.state
                .routes
                .insert(route_key(&r), clean_route(&r.as_view()));
        }
    }

    /// Adds a listed neighbour (timers dropped), if neighbours are kept
    /// and it is not `NUD_NOARP`.
    pub fn insert_neigh(&mut self, n: Neigh) {
        if self.keep.contains(Keep::NEIGHS) && kept_neigh(&n) {
            self.state.neighs.insert(neigh_key(&n), clean_neigh(&n));
        }
    }

    /// Adds a listed rule, if rules are kept.
    pub fn insert_rule(&mut self, r: Rule) {
        if self.keep.contains(Keep::RULES) && !self.state.rules.contains(&r) {
            self.state.rules.push(r);
        }
    }

    /// Becomes `fresh` (a new listing), appending what changed to `out`.
    pub fn replace(&mut self, fresh: Objects, out: &mut Vec<Change>) {
        let s = &mut self.state;
        let fresh = fresh.state;
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
    }

    /// Applies one event, with the removals it implies, appending what
    /// changed to `out`.
    pub fn apply(&mut self, event: &Event<'_>, out: &mut Vec<Change>) {
        let k = self.keep;
        let s = &mut self.state;
        let links = if k.contains(Keep::LINKS) {
            Some(link_object as fn(Link) -> Object)
        } else {
            None
        };
        match event {
            Event::NewLink(l) => {
                let l = clean_link(l);
                let index = l.index();
                let down = !l.flags().contains(LinkFlags::UP);
                match links {
                    Some(w) => upsert(&mut s.links, index, l, w, out),
                    None => {
                        s.links.insert(index, l);
                    }
                }
                if down {
                    // Its IPv4 routes went with it, unannounced (all but
                    // the local routes of its addresses).
                    let i = index;
                    remove_where(
                        &mut s.routes,
                        |r| {
                            r.family() == family::INET
                                && r.kind() != RouteType::LOCAL
                                && routes_via(r, i)
                        },
                        Object::Route,
                        out,
                    );
                }
            }
            Event::DelLink(l) | Event::MovedLink { link: l, .. } => {
                let index = l.index();
                match links {
                    Some(w) => remove(&mut s.links, &index, w, out),
                    None => {
                        s.links.remove(&index);
                    }
                }
                let i = index;
                remove_where(&mut s.addrs, |a| a.index() == i, Object::Addr, out);
                remove_where(&mut s.routes, |r| routes_via(r, i), Object::Route, out);
                remove_where(&mut s.neighs, |n| n.ifindex() == i, Object::Neigh, out);
            }
            Event::NewAddr(a) if k.contains(Keep::ADDRS) => {
                let a = clean_addr(a.owned());
                upsert(&mut s.addrs, addr_key(&a), a, Object::Addr, out);
            }
            Event::DelAddr(a) => {
                let a = a.owned();
                if k.contains(Keep::ADDRS) {
                    remove(&mut s.addrs, &addr_key(&a), Object::Addr, out);
                }
                if let (Some(IpAddr::V4(local)), true) = (a.local(), k.contains(Keep::ROUTES)) {
                    // Once an IPv4 address is local nowhere any more, the
                    // kernel drops every route that prefers it as source
                    // (fib_sync_down_addr), with the prefix, local and
                    // broadcast routes it made for it. 6.18 announces
                    // these; the rule keeps the mirror right where they
                    // go silently, and finds nothing left otherwise.
                    let local = IpAddr::V4(local);
                    if !s.addrs.values().any(|x| x.local() == Some(local)) {
                        remove_where(
                            &mut s.routes,
                            |r| r.family() == family::INET && r.prefsrc() == Some(local),
                            Object::Route,
                            out,
                        );
                    }
                }
            }
            Event::NewRoute(r) if k.contains(Keep::ROUTES) => {
                upsert(
                    &mut s.routes,
                    route_key(r),
                    clean_route(r),
                    Object::Route,
                    out,
                );
            }
            Event::DelRoute(r) if k.contains(Keep::ROUTES) => {
                remove(&mut s.routes, &route_key(r), Object::Route, out);
            }
            Event::NewNeigh(n) if k.contains(Keep::NEIGHS) => {
                let n = clean_neigh(n);
                if kept_neigh(&n) {
                    upsert(&mut s.neighs, neigh_key(&n), n, Object::Neigh, out);
                } else {
                    // Became NOARP: no longer kept.
                    remove(&mut s.neighs, &neigh_key(&n), Object::Neigh, out);
                }
            }
            Event::DelNeigh(n) if k.contains(Keep::NEIGHS) => {
                remove(&mut s.neighs, &neigh_key(n), Object::Neigh, out);
            }
            Event::NewRule(r) if k.contains(Keep::RULES) => {
                let r = r.owned();
                if !s.rules.contains(&r) {
                    s.rules.push(r.clone());
                    out.push(Change::Added(Object::Rule(r)));
                }
            }
            Event::DelRule(r) if k.contains(Keep::RULES) => {
                let r = r.owned();
                if let Some(i) = s.rules.iter().position(|x| *x == r) {
                    out.push(Change::Removed(Object::Rule(s.rules.remove(i))));
                }
            }
            _ => {}
        }
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
    pub fn routes(&self) -> impl Iterator<Item = &RouteEntry> {
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
}
