//! [`AddrFamily`]: an address family (`AF_*`), the one type every family
//! header, view, filter and request of this crate uses for it, with the
//! families rtnetlink and conntrack objects come in.
//!
//! ```
//! use nlstack::route::family::{self, AddrFamily};
//! let f: AddrFamily = family::of("2001:db8::1".parse().unwrap());
//! assert_eq!(f, family::INET6);
//! assert_eq!(family::name(f), Some("inet6"));
//! assert_eq!(family::name(family::PACKET), Some("link"));
//! assert_eq!(family::name(99), None);
//! ```

use std::net::IpAddr;

/// An address family: `AF_INET`, `AF_INET6`, ... The kernel's family
/// headers (`ifinfomsg`, `ifaddrmsg`, `rtmsg`, `ndmsg`, `fib_rule_hdr`,
/// `nfgenmsg`) carry it in one byte; where a struct carries it in 16 bits
/// (`struct rtvia`), the getter still returns this type.
pub type AddrFamily = u8;

/// `AF_UNSPEC`: any family (in a dump request: all of them).
pub const UNSPEC: AddrFamily = libc::AF_UNSPEC as AddrFamily;
/// `AF_INET`: IPv4.
pub const INET: AddrFamily = libc::AF_INET as AddrFamily;
/// `AF_BRIDGE`: bridge ports, forwarding database and VLANs.
pub const BRIDGE: AddrFamily = libc::AF_BRIDGE as AddrFamily;
/// `AF_INET6`: IPv6.
pub const INET6: AddrFamily = libc::AF_INET6 as AddrFamily;
/// `AF_PACKET`: link layer (a `via` of this family is a MAC address).
pub const PACKET: AddrFamily = libc::AF_PACKET as AddrFamily;
/// `AF_MPLS`: MPLS labels.
pub const MPLS: AddrFamily = libc::AF_MPLS as AddrFamily;

/// `INET` or `INET6`, as `a` is.
pub fn of(a: IpAddr) -> AddrFamily {
    match a {
        IpAddr::V4(_) => INET,
        IpAddr::V6(_) => INET6,
    }
}

/// The family's name as `ip -f` takes it and `ip` prints it (`inet`,
/// `inet6`, `bridge`, `link` for `AF_PACKET`, `mpls`); `None` for a
/// family `ip` has no name for (`AF_UNSPEC` among them).
pub fn name(f: AddrFamily) -> Option<&'static str> {
    Some(match f {
        INET => "inet",
        BRIDGE => "bridge",
        INET6 => "inet6",
        PACKET => "link",
        MPLS => "mpls",
        _ => return None,
    })
}
