//! A conntrack tuple (`CTA_TUPLE_*`): the addresses, the layer-4 protocol
//! with its ports or ICMP identity, and the zone of one direction of a
//! connection.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::wire::{Be16, attr_table};

attr_table! {
    /// The addresses of a tuple (`CTA_TUPLE_IP`).
    pub struct TupleIp / TupleIpSpec;
    /// `CTA_IP_V4_SRC`.
    CTA_IP_V4_SRC = 1 => v4_src: Ipv4Addr => Ipv4Addr,
    /// `CTA_IP_V4_DST`.
    CTA_IP_V4_DST = 2 => v4_dst: Ipv4Addr => Ipv4Addr,
    /// `CTA_IP_V6_SRC`.
    CTA_IP_V6_SRC = 3 => v6_src: Ipv6Addr => Ipv6Addr,
    /// `CTA_IP_V6_DST`.
    CTA_IP_V6_DST = 4 => v6_dst: Ipv6Addr => Ipv6Addr,
}

attr_table! {
    /// The layer-4 part of a tuple (`CTA_TUPLE_PROTO`).
    pub struct TupleProto / TupleProtoSpec;
    /// `CTA_PROTO_NUM`: the IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58
    /// ICMPv6).
    CTA_PROTO_NUM = 1 => num: u8 => u8,
    /// `CTA_PROTO_SRC_PORT`.
    CTA_PROTO_SRC_PORT = 2 => src_port: Be16 => u16,
    /// `CTA_PROTO_DST_PORT`.
    CTA_PROTO_DST_PORT = 3 => dst_port: Be16 => u16,
    /// `CTA_PROTO_ICMP_ID`.
    CTA_PROTO_ICMP_ID = 4 => icmp_id: Be16 => u16,
    /// `CTA_PROTO_ICMP_TYPE`.
    CTA_PROTO_ICMP_TYPE = 5 => icmp_type: u8 => u8,
    /// `CTA_PROTO_ICMP_CODE`.
    CTA_PROTO_ICMP_CODE = 6 => icmp_code: u8 => u8,
    /// `CTA_PROTO_ICMPV6_ID`.
    CTA_PROTO_ICMPV6_ID = 7 => icmpv6_id: Be16 => u16,
    /// `CTA_PROTO_ICMPV6_TYPE`.
    CTA_PROTO_ICMPV6_TYPE = 8 => icmpv6_type: u8 => u8,
    /// `CTA_PROTO_ICMPV6_CODE`.
    CTA_PROTO_ICMPV6_CODE = 9 => icmpv6_code: u8 => u8,
}

attr_table! {
    /// One direction of a connection (`CTA_TUPLE_ORIG`, `CTA_TUPLE_REPLY`,
    /// `CTA_TUPLE_MASTER`, an expectation's tuple and mask).
    pub struct Tuple / TupleSpec;
    /// `CTA_TUPLE_IP`: the addresses.
    CTA_TUPLE_IP = 1 => ip: TupleIp => TupleIp<&'a [u8]>,
    /// `CTA_TUPLE_PROTO`: the protocol and its ports or ICMP identity.
    CTA_TUPLE_PROTO = 2 => proto: TupleProto => TupleProto<&'a [u8]>,
    /// `CTA_TUPLE_ZONE`: the direction's zone.
    CTA_TUPLE_ZONE = 3 => zone: Be16 => u16,
}

impl<T: AsRef<[u8]>> Tuple<T> {
    /// The source address, v4 or v6.
    pub fn src(&self) -> Option<IpAddr> {
        let ip = self.as_view().ip()?;
        ip.v4_src()
            .map(IpAddr::V4)
            .or_else(|| ip.v6_src().map(IpAddr::V6))
    }

    /// The destination address, v4 or v6.
    pub fn dst(&self) -> Option<IpAddr> {
        let ip = self.as_view().ip()?;
        ip.v4_dst()
            .map(IpAddr::V4)
            .or_else(|| ip.v6_dst().map(IpAddr::V6))
    }

    /// The IP protocol number.
    pub fn protocol(&self) -> Option<u8> {
        self.as_view().proto()?.num()
    }

    /// The source port (TCP, UDP, SCTP, DCCP, UDP-Lite).
    pub fn src_port(&self) -> Option<u16> {
        self.as_view().proto()?.src_port()
    }

    /// The destination port.
    pub fn dst_port(&self) -> Option<u16> {
        self.as_view().proto()?.dst_port()
    }
}

impl TupleSpec {
    /// A tuple of `src` to `dst` (both v4 or both v6) over IP protocol
    /// `proto`; add ports with [`ports`](Self::ports) or ICMP with
    /// [`icmp`](Self::icmp).
    pub fn between(src: IpAddr, dst: IpAddr, proto: u8) -> TupleSpec {
        let ip = match (src, dst) {
            (IpAddr::V6(s), IpAddr::V6(d)) => TupleIpSpec::new().v6_src(s).v6_dst(d),
            (s, d) => TupleIpSpec {
                v4_src: v4(s),
                v4_dst: v4(d),
                ..TupleIpSpec::new()
            },
        };
        TupleSpec::new()
            .ip(ip)
            .proto(TupleProtoSpec::new().num(proto))
    }

    /// Sets the source and destination ports.
    #[must_use]
    pub fn ports(mut self, src: u16, dst: u16) -> TupleSpec {
        let p = self.proto.take().unwrap_or_default();
        self.proto = Some(p.src_port(src).dst_port(dst));
        self
    }

    /// Sets the ICMP (or ICMPv6, by the address family) identifier, type
    /// and code.
    #[must_use]
    pub fn icmp(mut self, id: u16, kind: u8, code: u8) -> TupleSpec {
        let v6 = self.ip.as_ref().is_some_and(|ip| ip.v6_src.is_some());
        let p = self.proto.take().unwrap_or_default();
        self.proto = Some(if v6 {
            p.icmpv6_id(id).icmpv6_type(kind).icmpv6_code(code)
        } else {
            p.icmp_id(id).icmp_type(kind).icmp_code(code)
        });
        self
    }
}

fn v4(a: IpAddr) -> Option<Ipv4Addr> {
    match a {
        IpAddr::V4(a) => Some(a),
        IpAddr::V6(a) => a.to_ipv4_mapped(),
    }
}
