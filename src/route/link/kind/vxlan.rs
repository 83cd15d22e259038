//! `vxlan` links: their attributes (`IFLA_VXLAN_*`), declared once as
//! [`VxlanInfo`], and the [`VxlanOptions`] of a new VXLAN link.

use crate::route::IfIndex;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::wire::{Be16, Be32, Bool, Encoder, Value, attr_table};

attr_table! {
    /// A VXLAN link's `IFLA_INFO_DATA` (`IFLA_VXLAN_*`).
    pub struct VxlanInfo / VxlanInfoSpec;
    /// `IFLA_VXLAN_ID`: the VNI.
    IFLA_VXLAN_ID = 1 => id: u32 => u32,
    /// `IFLA_VXLAN_GROUP`: IPv4 remote or multicast group.
    IFLA_VXLAN_GROUP = 2 => group: Ipv4Addr => Ipv4Addr,
    /// `IFLA_VXLAN_LINK`: the underlying link's index.
    IFLA_VXLAN_LINK = 3 => link: u32 => IfIndex,
    /// `IFLA_VXLAN_LOCAL`: IPv4 source address.
    IFLA_VXLAN_LOCAL = 4 => local: Ipv4Addr => Ipv4Addr,
    /// `IFLA_VXLAN_TTL` (0: inherit from the inner packet or default).
    IFLA_VXLAN_TTL = 5 => ttl: u8 => u8,
    /// `IFLA_VXLAN_TOS`.
    IFLA_VXLAN_TOS = 6 => tos: u8 => u8,
    /// `IFLA_VXLAN_LEARNING`.
    IFLA_VXLAN_LEARNING = 7 => learning: Bool => bool,
    /// `IFLA_VXLAN_AGEING`, seconds.
    IFLA_VXLAN_AGEING = 8 => ageing: u32 => u32,
    /// `IFLA_VXLAN_LIMIT`: the forwarding table size limit.
    IFLA_VXLAN_LIMIT = 9 => limit: u32 => u32,
    /// `IFLA_VXLAN_PORT_RANGE`: the source port range (low, high), host order.
    IFLA_VXLAN_PORT_RANGE = 10 => port_range: VxlanPortRange => (u16, u16),
    /// `IFLA_VXLAN_PROXY`.
    IFLA_VXLAN_PROXY = 11 => proxy: Bool => bool,
    /// `IFLA_VXLAN_RSC`.
    IFLA_VXLAN_RSC = 12 => rsc: Bool => bool,
    /// `IFLA_VXLAN_L2MISS`.
    IFLA_VXLAN_L2MISS = 13 => l2miss: Bool => bool,
    /// `IFLA_VXLAN_L3MISS`.
    IFLA_VXLAN_L3MISS = 14 => l3miss: Bool => bool,
    /// `IFLA_VXLAN_PORT`: the destination UDP port (host order here).
    IFLA_VXLAN_PORT = 15 => port: Be16 => u16,
    /// `IFLA_VXLAN_GROUP6`: IPv6 remote or multicast group.
    IFLA_VXLAN_GROUP6 = 16 => group6: Ipv6Addr => Ipv6Addr,
    /// `IFLA_VXLAN_LOCAL6`: IPv6 source address.
    IFLA_VXLAN_LOCAL6 = 17 => local6: Ipv6Addr => Ipv6Addr,
    /// `IFLA_VXLAN_UDP_CSUM`.
    IFLA_VXLAN_UDP_CSUM = 18 => udp_csum: Bool => bool,
    /// `IFLA_VXLAN_COLLECT_METADATA` (external mode).
    IFLA_VXLAN_COLLECT_METADATA = 25 => collect_metadata: Bool => bool,
    /// `IFLA_VXLAN_LABEL`: the IPv6 flow label (host order here).
    IFLA_VXLAN_LABEL = 26 => label: Be32 => u32,
    /// `IFLA_VXLAN_DF`.
    IFLA_VXLAN_DF = 29 => df: u8 => u8,
}

impl<T: AsRef<[u8]>> VxlanInfo<T> {
    /// The remote (or group): `group`, else `group6`.
    pub fn remote(&self) -> Option<IpAddr> {
        let v = self.as_view();
        v.group().map(IpAddr::V4).or(v.group6().map(IpAddr::V6))
    }

    /// The local address: `local`, else `local6`.
    pub fn local_addr(&self) -> Option<IpAddr> {
        let v = self.as_view();
        v.local().map(IpAddr::V4).or(v.local6().map(IpAddr::V6))
    }
}

/// The codec of `IFLA_VXLAN_PORT_RANGE`: two 16-bit ports in network
/// byte order, read as (low, high) in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VxlanPortRange {}

impl Value for VxlanPortRange {
    type Out<'a> = (u16, u16);
    type Owned = (u16, u16);
    const SIZES: &'static [usize] = &[4];
    fn decode(v: &[u8]) -> (u16, u16) {
        match *v {
            [a, b, c, d, ..] => (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])),
            _ => (0, 0),
        }
    }
    fn to_owned(v: (u16, u16)) -> (u16, u16) {
        v
    }
    fn put(v: &(u16, u16), kind: u16, e: &mut Encoder<'_>) {
        let [a, b] = v.0.to_be_bytes();
        let [c, d] = v.1.to_be_bytes();
        e.put(kind, &[a, b, c, d]);
    }
}

/// Options of a new VXLAN link: the VNI and, optionally, addresses, port
/// and the rest. `remote` is sent as `IFLA_VXLAN_GROUP`/`GROUP6`, which the
/// kernel treats as a multicast group when the address is multicast and
/// as the single remote otherwise.
///
/// ```
/// use nlstack::route::link::{LinkRequest, VxlanOptions};
/// let req = LinkRequest::vxlan(
///     "vx0",
///     VxlanOptions::new(42)
///         .local("10.0.0.1".parse().unwrap())
///         .remote("10.0.0.2".parse().unwrap())
///         .port(4789)
///         .ttl(5)
///         .learning(false),
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct VxlanOptions {
    /// `IFLA_VXLAN_ID`: the VNI.
    pub id: u32,
    /// `IFLA_VXLAN_LOCAL`/`LOCAL6`.
    pub local: Option<IpAddr>,
    /// `IFLA_VXLAN_GROUP`/`GROUP6`: remote or multicast group.
    pub remote: Option<IpAddr>,
    /// `IFLA_VXLAN_PORT`: destination UDP port (the kernel's default is
    /// 8472; IANA's is 4789).
    pub port: Option<u16>,
    /// `IFLA_VXLAN_TTL`.
    pub ttl: Option<u8>,
    /// `IFLA_VXLAN_TOS`.
    pub tos: Option<u8>,
    /// `IFLA_VXLAN_LEARNING`.
    pub learning: Option<bool>,
    /// `IFLA_VXLAN_AGEING`, seconds.
    pub ageing: Option<u32>,
    /// `IFLA_VXLAN_LINK`: the underlying link's index.
    pub link: Option<IfIndex>,
}

impl VxlanOptions {
    /// VNI `id`, nothing else set.
    pub fn new(id: u32) -> VxlanOptions {
        VxlanOptions {
            id,
            local: None,
            remote: None,
            port: None,
            ttl: None,
            tos: None,
            learning: None,
            ageing: None,
            link: None,
        }
    }
    /// Sets the local (source) address.
    #[must_use]
    pub fn local(mut self, a: IpAddr) -> Self {
        self.local = Some(a);
        self
    }
    /// Sets the remote, or the multicast group.
    #[must_use]
    pub fn remote(mut self, a: IpAddr) -> Self {
        self.remote = Some(a);
        self
    }
    /// Sets the destination UDP port.
    #[must_use]
    pub fn port(mut self, p: u16) -> Self {
        self.port = Some(p);
        self
    }
    /// Sets the TTL.
    #[must_use]
    pub fn ttl(mut self, t: u8) -> Self {
        self.ttl = Some(t);
        self
    }
    /// Sets the TOS.
    #[must_use]
    pub fn tos(mut self, t: u8) -> Self {
        self.tos = Some(t);
        self
    }
    /// Turns source-address learning on or off.
    #[must_use]
    pub fn learning(mut self, on: bool) -> Self {
        self.learning = Some(on);
        self
    }
    /// Sets the FDB ageing time in seconds.
    #[must_use]
    pub fn ageing(mut self, secs: u32) -> Self {
        self.ageing = Some(secs);
        self
    }
    /// Sets the underlying link.
    #[must_use]
    pub fn link(mut self, index: IfIndex) -> Self {
        self.link = Some(index);
        self
    }

    pub(crate) fn encode(&self, e: &mut Encoder<'_>) {
        e.put_u32(IFLA_VXLAN_ID, self.id);
        match self.local {
            Some(IpAddr::V4(a)) => {
                e.put_ipv4(IFLA_VXLAN_LOCAL, a);
            }
            Some(IpAddr::V6(a)) => {
                e.put_ipv6(IFLA_VXLAN_LOCAL6, a);
            }
            None => {}
        }
        match self.remote {
            Some(IpAddr::V4(a)) => {
                e.put_ipv4(IFLA_VXLAN_GROUP, a);
            }
            Some(IpAddr::V6(a)) => {
                e.put_ipv6(IFLA_VXLAN_GROUP6, a);
            }
            None => {}
        }
        if let Some(p) = self.port {
            e.put_be16(IFLA_VXLAN_PORT, p);
        }
        if let Some(t) = self.ttl {
            e.put_u8(IFLA_VXLAN_TTL, t);
        }
        if let Some(t) = self.tos {
            e.put_u8(IFLA_VXLAN_TOS, t);
        }
        if let Some(l) = self.learning {
            e.put_u8(IFLA_VXLAN_LEARNING, l as u8);
        }
        if let Some(a) = self.ageing {
            e.put_u32(IFLA_VXLAN_AGEING, a);
        }
        if let Some(l) = self.link {
            e.put_u32(IFLA_VXLAN_LINK, l);
        }
    }
}
