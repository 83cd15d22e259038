//! Kernel values as `ip` names them: tables, scopes, protocols, route
//! types, route and next-hop flags.

use nlstack::route::{NextHopFlags, RouteFlags, RouteProtocol, RouteType};

pub(crate) fn table_name(t: u32) -> String {
    match t {
        0 => "unspec".into(),
        253 => "default".into(),
        254 => "main".into(),
        255 => "local".into(),
        n => n.to_string(),
    }
}

pub(crate) fn scope_name(s: u8) -> String {
    match s {
        0 => "global".into(),
        200 => "site".into(),
        253 => "link".into(),
        254 => "host".into(),
        255 => "nowhere".into(),
        n => n.to_string(),
    }
}

/// `rtm_protocol` as `ip` prints it: the kernel's name in lower case, or
/// the number.
pub(crate) fn proto_name(p: u8) -> String {
    match RouteProtocol(p).name() {
        Some(n) => n.to_lowercase(),
        None => p.to_string(),
    }
}

pub(crate) fn type_name(t: RouteType) -> String {
    match t.name() {
        Some(n) => n.to_lowercase(),
        None => t.0.to_string(),
    }
}

pub(crate) const ROUTE_FLAGS: [(RouteFlags, &str); 8] = [
    (RouteFlags::DEAD, "dead"),
    (RouteFlags::ONLINK, "onlink"),
    (RouteFlags::PERVASIVE, "pervasive"),
    (RouteFlags::OFFLOAD, "offload"),
    (RouteFlags::TRAP, "trap"),
    (RouteFlags::NOTIFY, "notify"),
    (RouteFlags::LINKDOWN, "linkdown"),
    (RouteFlags::UNRESOLVED, "unresolved"),
];

pub(crate) const NH_FLAGS: [(NextHopFlags, &str); 7] = [
    (NextHopFlags::DEAD, "dead"),
    (NextHopFlags::ONLINK, "onlink"),
    (NextHopFlags::PERVASIVE, "pervasive"),
    (NextHopFlags::OFFLOAD, "offload"),
    (NextHopFlags::TRAP, "trap"),
    (NextHopFlags::LINKDOWN, "linkdown"),
    (NextHopFlags::UNRESOLVED, "unresolved"),
];

pub(crate) fn route_flag_names(bits: u32) -> Vec<&'static str> {
    let fl = RouteFlags::from_bits_retain(bits);
    ROUTE_FLAGS
        .iter()
        .filter(|(b, _)| fl.contains(*b))
        .map(|(_, n)| *n)
        .collect()
}

pub(crate) fn nh_flag_names(fl: NextHopFlags) -> Vec<&'static str> {
    NH_FLAGS
        .iter()
        .filter(|(b, _)| fl.contains(*b))
        .map(|(_, n)| *n)
        .collect()
}
