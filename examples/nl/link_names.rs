//! Link names (and flags) by index, as the lists and the monitor print
//! the links a line names: a veth's peer, a port's master, a route's
//! device.

use std::collections::HashMap;

use nlstack::route::link::LinkMsg;
use nlstack::route::{IfName, LinkFlags};
use nlstack::wire::List;

/// Link names (and flags, for ip's `M-DOWN`) by index.
pub(crate) type Names = HashMap<u32, (IfName, LinkFlags)>;

pub(crate) fn names(links: &List<LinkMsg>) -> Names {
    links
        .iter()
        .map(|l| (l.index(), (l.name(), l.flags())))
        .collect()
}

/// The link `l` sits on, when its line names it from the links listed
/// (`@peer`, and `M-DOWN` from its flags): not 0, not itself, not in
/// another namespace.
pub(crate) fn named_parent(l: &LinkMsg<&[u8]>) -> Option<u32> {
    l.link()
        .filter(|&p| p != 0 && p != l.index() && l.link_netnsid().is_none())
}

/// The name of link `i`, or `ifI` as ip prints an unknown one.
pub(crate) fn dev_name(nm: &Names, i: u32) -> IfName {
    match nm.get(&i) {
        Some((n, _)) => *n,
        None => unknown(i),
    }
}

/// `ifI`: how ip names link `i` when it cannot find it.
pub(crate) fn unknown(i: u32) -> IfName {
    IfName::new(format!("if{i}").as_bytes()).expect("ifN is a valid name")
}
