//! [`AddrMsg`]: an address message (`ifaddrmsg`, then `IFA_*`), its
//! attributes declared once.

use crate::route::family::AddrFamily;
use std::net::{IpAddr, Ipv4Addr};

use crate::route::IfIndex;
use crate::wire::{CStrBytes, IfAddrMsg, attr_table};

use super::cacheinfo::CacheInfo;
use super::flags::AddrFlags;

attr_table! {
    /// An address: `struct ifaddrmsg`, then `IFA_*` attributes.
    /// `AddrMsg<&[u8]>` is the view of a received message; [`Addr`] the
    /// owned value.
    pub struct AddrMsg / AddrSpec, family_header IfAddrMsg, slots u64, guess [8, 20];
    /// `IFA_ADDRESS`: the prefix address (the peer on point-to-point links).
    IFA_ADDRESS = 1 => address: IpAddr => IpAddr,
    /// `IFA_LOCAL`: the local address.
    IFA_LOCAL = 2 => local: IpAddr => IpAddr,
    /// `IFA_LABEL`: the label (`eth0:1`), bytes as the kernel keeps them.
    IFA_LABEL = 3 => label: CStrBytes => &'a [u8],
    /// `IFA_BROADCAST`: the IPv4 broadcast address.
    IFA_BROADCAST = 4 => broadcast: Ipv4Addr => Ipv4Addr,
    /// `IFA_ANYCAST`.
    IFA_ANYCAST = 5 => anycast: IpAddr => IpAddr,
    /// `IFA_CACHEINFO`: lifetimes and timestamps.
    IFA_CACHEINFO = 6 => cache_info: CacheInfo => CacheInfo,
    /// `IFA_MULTICAST`.
    IFA_MULTICAST = 7 => multicast: IpAddr => IpAddr,
    /// `IFA_FLAGS`: the 32-bit flags (see [`AddrMsg::flags`]).
    IFA_FLAGS = 8 => flags32: u32 => u32,
    /// `IFA_RT_PRIORITY`: metric of the prefix route.
    IFA_RT_PRIORITY = 9 => rt_priority: u32 => u32,
    /// `IFA_TARGET_NETNSID`: the namespace id of a listing across namespaces.
    IFA_TARGET_NETNSID = 10 => target_netnsid: i32 => i32,
    /// `IFA_PROTO`: who added the address.
    IFA_PROTO = 11 => protocol: u8 => u8,
}

/// An address, owned: one copy of the message's bytes.
pub type Addr = AddrMsg<Box<[u8]>>;

impl<T: AsRef<[u8]>> AddrMsg<T> {
    /// `ifa_family`: `AF_INET` or `AF_INET6`.
    #[inline]
    pub fn family(&self) -> AddrFamily {
        self.header().family
    }

    /// `ifa_prefixlen`.
    #[inline]
    pub fn prefixlen(&self) -> u8 {
        self.header().prefixlen
    }

    /// `ifa_scope`: `RT_SCOPE_*`.
    #[inline]
    pub fn scope(&self) -> u8 {
        self.header().scope
    }

    /// `ifa_index`: the link's index.
    #[inline]
    pub fn index(&self) -> IfIndex {
        self.header().index
    }

    /// `IFA_F_*`: `IFA_FLAGS` when present, else the header's 8 bits.
    #[inline]
    pub fn flags(&self) -> AddrFlags {
        let bits = match self.attr(IFA_FLAGS) {
            Some(&[a, b, c, d]) => u32::from_ne_bytes([a, b, c, d]),
            _ => self.header().flags as u32,
        };
        AddrFlags::from_bits_retain(bits)
    }

    /// The address of the interface: `IFA_LOCAL`, else `IFA_ADDRESS`.
    pub fn addr(&self) -> Option<IpAddr> {
        let v = self.as_view();
        v.local().or(v.address())
    }
}
