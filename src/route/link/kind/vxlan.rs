//! `vxlan` links: their attributes (`IFLA_VXLAN_*`), the decoded
//! [`VxlanInfo`] and the [`VxlanOptions`] of a new VXLAN link.

use crate::route::IfIndex;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use self::attr as vxlan;
use crate::route::decode::{AttrErrors, boolean, index, walk};
use crate::wire::{Attrs, Encoder};

/// VXLAN `IFLA_INFO_DATA` attributes (`IFLA_VXLAN_*`).
pub mod attr {
    /// `IFLA_VXLAN_ID`: the VNI, `u32`.
    pub const ID: u16 = 1;
    /// `IFLA_VXLAN_GROUP`: IPv4 remote or multicast group.
    pub const GROUP: u16 = 2;
    /// `IFLA_VXLAN_LINK`: the underlying link's index, `u32`.
    pub const LINK: u16 = 3;
    /// `IFLA_VXLAN_LOCAL`: IPv4 source address.
    pub const LOCAL: u16 = 4;
    /// `IFLA_VXLAN_TTL`: `u8`.
    pub const TTL: u16 = 5;
    /// `IFLA_VXLAN_TOS`: `u8`.
    pub const TOS: u16 = 6;
    /// `IFLA_VXLAN_LEARNING`: `u8`.
    pub const LEARNING: u16 = 7;
    /// `IFLA_VXLAN_AGEING`: `u32`, seconds.
    pub const AGEING: u16 = 8;
    /// `IFLA_VXLAN_LIMIT`: `u32`, forwarding table size limit.
    pub const LIMIT: u16 = 9;
    /// `IFLA_VXLAN_PORT_RANGE`: two big-endian `u16`s, source port range.
    pub const PORT_RANGE: u16 = 10;
    /// `IFLA_VXLAN_PROXY`: `u8`.
    pub const PROXY: u16 = 11;
    /// `IFLA_VXLAN_RSC`: `u8`.
    pub const RSC: u16 = 12;
    /// `IFLA_VXLAN_L2MISS`: `u8`.
    pub const L2MISS: u16 = 13;
    /// `IFLA_VXLAN_L3MISS`: `u8`.
    pub const L3MISS: u16 = 14;
    /// `IFLA_VXLAN_PORT`: destination port, big-endian `u16`.
    pub const PORT: u16 = 15;
    /// `IFLA_VXLAN_GROUP6`: IPv6 remote or multicast group.
    pub const GROUP6: u16 = 16;
    /// `IFLA_VXLAN_LOCAL6`: IPv6 source address.
    pub const LOCAL6: u16 = 17;
    /// `IFLA_VXLAN_UDP_CSUM`: `u8`.
    pub const UDP_CSUM: u16 = 18;
    /// `IFLA_VXLAN_COLLECT_METADATA`: `u8`.
    pub const COLLECT_METADATA: u16 = 25;
    /// `IFLA_VXLAN_LABEL`: IPv6 flow label, big-endian `u32`.
    pub const LABEL: u16 = 26;
    /// `IFLA_VXLAN_DF`: `u8`.
    pub const DF: u16 = 29;
}

/// A VXLAN link's `IFLA_INFO_DATA`, decoded. Every other attribute is in
/// the raw `data` of [`LinkInfoMsg`](crate::route::link::LinkInfoMsg).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct VxlanInfo {
    /// `IFLA_VXLAN_ID`: the VNI.
    pub id: Option<u32>,
    /// `IFLA_VXLAN_GROUP`: IPv4 remote or multicast group.
    pub group: Option<Ipv4Addr>,
    /// `IFLA_VXLAN_GROUP6`: IPv6 remote or multicast group.
    pub group6: Option<Ipv6Addr>,
    /// `IFLA_VXLAN_LOCAL`.
    pub local: Option<Ipv4Addr>,
    /// `IFLA_VXLAN_LOCAL6`.
    pub local6: Option<Ipv6Addr>,
    /// `IFLA_VXLAN_LINK`: the underlying link's index.
    pub link: Option<IfIndex>,
    /// `IFLA_VXLAN_PORT`: the destination UDP port (host order here).
    pub port: Option<u16>,
    /// `IFLA_VXLAN_PORT_RANGE`: source port range (low, high), host order.
    pub port_range: Option<(u16, u16)>,
    /// `IFLA_VXLAN_TTL` (0: inherit from the inner packet or default).
    pub ttl: Option<u8>,
    /// `IFLA_VXLAN_TOS`.
    pub tos: Option<u8>,
    /// `IFLA_VXLAN_DF`.
    pub df: Option<u8>,
    /// `IFLA_VXLAN_LABEL` (host order).
    pub label: Option<u32>,
    /// `IFLA_VXLAN_LEARNING`.
    pub learning: Option<bool>,
    /// `IFLA_VXLAN_AGEING`, seconds.
    pub ageing: Option<u32>,
    /// `IFLA_VXLAN_LIMIT`.
    pub limit: Option<u32>,
    /// `IFLA_VXLAN_PROXY`.
    pub proxy: Option<bool>,
    /// `IFLA_VXLAN_RSC`.
    pub rsc: Option<bool>,
    /// `IFLA_VXLAN_L2MISS`.
    pub l2miss: Option<bool>,
    /// `IFLA_VXLAN_L3MISS`.
    pub l3miss: Option<bool>,
    /// `IFLA_VXLAN_UDP_CSUM`.
    pub udp_csum: Option<bool>,
    /// `IFLA_VXLAN_COLLECT_METADATA` (external mode).
    pub collect_metadata: Option<bool>,
}

impl VxlanInfo {
    /// The remote (or group): `group`, else `group6`.
    pub fn remote(&self) -> Option<IpAddr> {
        self.group.map(IpAddr::V4).or(self.group6.map(IpAddr::V6))
    }

    /// The local address: `local`, else `local6`.
    pub fn local_addr(&self) -> Option<IpAddr> {
        self.local.map(IpAddr::V4).or(self.local6.map(IpAddr::V6))
    }

    pub(crate) fn parse(attrs: Attrs<'_>, e: &mut AttrErrors) -> VxlanInfo {
        let mut v = VxlanInfo::default();
        walk(attrs, e, |a, e| match a.kind() {
            vxlan::ID => e.set(&mut v.id, a.u32()),
            vxlan::GROUP => e.set(&mut v.group, a.ipv4()),
            vxlan::GROUP6 => e.set(&mut v.group6, a.ipv6()),
            vxlan::LOCAL => e.set(&mut v.local, a.ipv4()),
            vxlan::LOCAL6 => e.set(&mut v.local6, a.ipv6()),
            vxlan::LINK => e.set(&mut v.link, index(&a)),
            vxlan::PORT => e.set(&mut v.port, a.be16()),
            vxlan::PORT_RANGE => e.set(
                &mut v.port_range,
                a.array::<4>().map(|b| {
                    (
                        u16::from_be_bytes([b[0], b[1]]),
                        u16::from_be_bytes([b[2], b[3]]),
                    )
                }),
            ),
            vxlan::TTL => e.set(&mut v.ttl, a.u8()),
            vxlan::TOS => e.set(&mut v.tos, a.u8()),
            vxlan::DF => e.set(&mut v.df, a.u8()),
            vxlan::LABEL => e.set(&mut v.label, a.be32()),
            vxlan::LEARNING => e.set(&mut v.learning, boolean(&a)),
            vxlan::AGEING => e.set(&mut v.ageing, a.u32()),
            vxlan::LIMIT => e.set(&mut v.limit, a.u32()),
            vxlan::PROXY => e.set(&mut v.proxy, boolean(&a)),
            vxlan::RSC => e.set(&mut v.rsc, boolean(&a)),
            vxlan::L2MISS => e.set(&mut v.l2miss, boolean(&a)),
            vxlan::L3MISS => e.set(&mut v.l3miss, boolean(&a)),
            vxlan::UDP_CSUM => e.set(&mut v.udp_csum, boolean(&a)),
            vxlan::COLLECT_METADATA => e.set(&mut v.collect_metadata, boolean(&a)),
            _ => {}
        });
        v
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
        e.put_u32(vxlan::ID, self.id);
        match self.local {
            Some(IpAddr::V4(a)) => {
                e.put_ipv4(vxlan::LOCAL, a);
            }
            Some(IpAddr::V6(a)) => {
                e.put_ipv6(vxlan::LOCAL6, a);
            }
            None => {}
        }
        match self.remote {
            Some(IpAddr::V4(a)) => {
                e.put_ipv4(vxlan::GROUP, a);
            }
            Some(IpAddr::V6(a)) => {
                e.put_ipv6(vxlan::GROUP6, a);
            }
            None => {}
        }
        if let Some(p) = self.port {
            e.put_be16(vxlan::PORT, p);
        }
        if let Some(t) = self.ttl {
            e.put_u8(vxlan::TTL, t);
        }
        if let Some(t) = self.tos {
            e.put_u8(vxlan::TOS, t);
        }
        if let Some(l) = self.learning {
            e.put_u8(vxlan::LEARNING, l as u8);
        }
        if let Some(a) = self.ageing {
            e.put_u32(vxlan::AGEING, a);
        }
        if let Some(l) = self.link {
            e.put_u32(vxlan::LINK, l);
        }
    }
}
