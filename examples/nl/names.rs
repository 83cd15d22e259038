//! Kernel values as `ip` names them. The names are the library's
//! (`table_name`, `RouteScope::name`, `RouteProtocol::name`,
//! `RouteType::name`), lower-cased; what stays here is where `ip` spells a
//! value its own way: scope 0 is `global`, type 0 is `none`, table 252 is
//! a number, and the
//! route and next-hop flag words (`rt_offload` for `RTM_F_OFFLOAD`, ...)
//! and routing-cache flags are `ip`'s, not the kernel's constant names.

use std::borrow::Cow;

use nlstack::route::{
    NextHopFlags, RT_TABLE_COMPAT, RouteFlags, RouteProtocol, RouteScope, RouteType, table_name,
};

/// A library name in lower case, or the number.
fn lower(name: Option<&str>, n: impl ToString) -> String {
    match name {
        Some(s) => s.to_lowercase(),
        None => n.to_string(),
    }
}

/// A table as `ip` prints it: `main`, `local`, ..., or the number.
pub(crate) fn table_name_ip(t: u32) -> String {
    match t {
        // iproute2's rt_tables gives 252 no name.
        RT_TABLE_COMPAT => t.to_string(),
        t => lower(table_name(t), t),
    }
}

/// A scope as `ip` prints it: the library's name, but `global` for 0
/// (the common ones without an allocation).
pub(crate) fn scope_name(s: u8) -> Cow<'static, str> {
    match RouteScope(s) {
        RouteScope::UNIVERSE => "global".into(),
        RouteScope::LINK => "link".into(),
        RouteScope::HOST => "host".into(),
        sc => lower(sc.name(), s).into(),
    }
}

/// `rtm_protocol` as `ip` prints it: the kernel's name in lower case, or
/// the number.
pub(crate) fn proto_name(p: u8) -> String {
    lower(RouteProtocol(p).name(), p)
}

/// A route type (or a rule's action, by its number) as `ip` prints it:
/// the library's name, but `none` for `RTN_UNSPEC`.
pub(crate) fn type_name(t: RouteType) -> String {
    match t {
        RouteType::UNSPEC => "none".into(),
        t => lower(t.name(), t.0),
    }
}

/// Route flags in `ip`'s order and words.
pub(crate) const ROUTE_FLAGS: [(RouteFlags, &str); 11] = [
    (RouteFlags::DEAD, "dead"),
    (RouteFlags::ONLINK, "onlink"),
    (RouteFlags::PERVASIVE, "pervasive"),
    (RouteFlags::NH_OFFLOAD, "offload"),
    (RouteFlags::NH_TRAP, "trap"),
    (RouteFlags::NOTIFY, "notify"),
    (RouteFlags::LINKDOWN, "linkdown"),
    (RouteFlags::UNRESOLVED, "unresolved"),
    (RouteFlags::OFFLOAD, "rt_offload"),
    (RouteFlags::TRAP, "rt_trap"),
    (RouteFlags::OFFLOAD_FAILED, "rt_offload_failed"),
];

/// Next-hop flags in `ip`'s order and words.
pub(crate) const NH_FLAGS: [(NextHopFlags, &str); 7] = [
    (NextHopFlags::DEAD, "dead"),
    (NextHopFlags::ONLINK, "onlink"),
    (NextHopFlags::PERVASIVE, "pervasive"),
    (NextHopFlags::OFFLOAD, "offload"),
    (NextHopFlags::TRAP, "trap"),
    (NextHopFlags::LINKDOWN, "linkdown"),
    (NextHopFlags::UNRESOLVED, "unresolved"),
];

/// Routing-cache flags (`RTCF_*`, the high half of a cloned IPv4 route's
/// `rtm_flags`) in `ip`'s order and words.
pub(crate) const CACHE_FLAGS: [(u32, &str); 14] = [
    (0x8000_0000, "local"),
    (0x4000_0000, "reject"),
    (0x2000_0000, "mc"),
    (0x1000_0000, "brd"),
    (0x0800_0000, "dst-nat"),
    (0x0080_0000, "src-nat"),
    (0x0040_0000, "masq"),
    (0x0002_0000, "dst-direct"),
    (0x0400_0000, "src-direct"),
    (0x0004_0000, "redirected"),
    (0x0100_0000, "redirect"),
    (0x0020_0000, "fastroute"),
    (0x0001_0000, "notify"),
    (0x0008_0000, "proxy"),
];
