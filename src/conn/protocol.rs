//! Netlink protocol families as types, so family-specific operations live
//! on `Conn<Route>`, `Conn<Netfilter>`, ...

use crate::wire::MsgType;

/// A netlink protocol: its number and the size of the family header each
/// message kind starts with (used to find attributes for tracing and to
/// resolve extended-ack offsets).
pub trait Protocol {
    /// The protocol number for `socket(2)`.
    const NUMBER: i32;
    /// A name for `Debug` and traces.
    const NAME: &'static str;
    /// The family header size of messages of `kind` (0 if unknown).
    fn header_len(kind: MsgType) -> usize {
        let _ = kind;
        0
    }
}

/// `NETLINK_ROUTE`: rtnetlink.
#[derive(Debug, Clone, Copy)]
pub struct Route;
impl Protocol for Route {
    const NUMBER: i32 = libc::NETLINK_ROUTE;
    const NAME: &'static str = "route";
    fn header_len(kind: MsgType) -> usize {
        match kind.0 {
            16..=19 => 16, // ifinfomsg
            20..=23 => 8,  // ifaddrmsg
            24..=27 => 12, // rtmsg
            28..=31 => 12, // ndmsg
            32..=35 => 12, // fib_rule_hdr
            80..=82 => 1,  // netconfmsg
            88..=90 => 4,  // rtgenmsg, padded
            _ => 0,
        }
    }
}

/// `NETLINK_NETFILTER`: nfnetlink (conntrack and friends).
#[derive(Debug, Clone, Copy)]
pub struct Netfilter;
impl Protocol for Netfilter {
    const NUMBER: i32 = libc::NETLINK_NETFILTER;
    const NAME: &'static str = "netfilter";
    fn header_len(kind: MsgType) -> usize {
        if kind.is_control() { 0 } else { 4 } // nfgenmsg
    }
}

/// `NETLINK_XFRM`: IPsec state and policy.
#[derive(Debug, Clone, Copy)]
pub struct Xfrm;
impl Protocol for Xfrm {
    const NUMBER: i32 = libc::NETLINK_XFRM;
    const NAME: &'static str = "xfrm";
    /// The fixed struct each `XFRM_MSG_*` starts with, as the kernel's
    /// `xfrm_msg_min` (x86_64 sizes). A dump of states or policies carries
    /// its filter attributes right after `nlmsghdr`, which this cannot tell
    /// from the kind alone: offsets in a dump request's ext-ack stay
    /// unresolved.
    fn header_len(kind: MsgType) -> usize {
        match kind.0 {
            16 | 26 => 224, // NEWSA, UPDSA: xfrm_usersa_info
            17 | 18 => 24,  // DELSA, GETSA: xfrm_usersa_id
            19 | 25 => 168, // NEWPOLICY, UPDPOLICY: xfrm_userpolicy_info
            20 | 21 => 64,  // DELPOLICY, GETPOLICY: xfrm_userpolicy_id
            22 => 232,      // ALLOCSPI: xfrm_userspi_info
            23 => 280,      // ACQUIRE: xfrm_user_acquire
            24 => 232,      // EXPIRE: xfrm_user_expire
            27 => 176,      // POLEXPIRE: xfrm_user_polexpire
            28 => 1,        // FLUSHSA: xfrm_usersa_flush
            30 | 31 => 48,  // NEWAE, GETAE: xfrm_aevent_id
            32 => 60,       // REPORT: xfrm_user_report
            33 => 64,       // MIGRATE: xfrm_userpolicy_id
            34..=37 => 4,   // SAD/SPD info: u32 flags
            38 => 64,       // MAPPING: xfrm_user_mapping
            39 | 40 => 3,   // SET/GETDEFAULT: xfrm_userpolicy_default
            _ => 0,         // FLUSHPOLICY and control messages
        }
    }
}

/// `NETLINK_GENERIC`: generic netlink.
#[derive(Debug, Clone, Copy)]
pub struct Generic;
impl Protocol for Generic {
    const NUMBER: i32 = libc::NETLINK_GENERIC;
    const NAME: &'static str = "generic";
    fn header_len(kind: MsgType) -> usize {
        if kind.is_control() { 0 } else { 4 } // genlmsghdr
    }
}

/// Any other protocol: dial it with
/// [`Conn::dial_protocol`](crate::conn::Conn::dial_protocol).
#[derive(Debug, Clone, Copy)]
pub struct Raw;
impl Protocol for Raw {
    const NUMBER: i32 = -1;
    const NAME: &'static str = "raw";
}
