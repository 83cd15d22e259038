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
