//! [`RouteRequest`]: a route to add, replace, append or delete.

use crate::route::family::AddrFamily;
use crate::route::table_id::{RT_TABLE_MAIN, RT_TABLE_UNSPEC};
use std::net::IpAddr;

use crate::route::prefix::Prefix;
use crate::route::routes::metrics::{MetricsSpec, RTAX_MTU};
use crate::route::routes::nexthop::{NextHopRequest, put_multipath, put_rtnh};
use crate::route::routes::nexthop_attrs::put_gateway;
use crate::route::routes::types::{RouteFlags, RoutePref, RouteProtocol, RouteScope, RouteType};
use crate::route::routes::view::*;
use crate::wire::{Encoder, RtMsg};

/// What a request is for: the defaults differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    New,
    Del,
}

/// A route to add, replace, append or delete.
///
/// Build it from the destination prefix and chain the rest; what is left
/// unset gets iproute2's defaults: table main, protocol `BOOT`, type
/// `UNICAST`, and a scope of `LINK` for a unicast route without a gateway
/// (`HOST` for local and NAT routes, `LINK` for broadcast, multicast and
/// anycast, `UNIVERSE` otherwise). For a delete, unset type, protocol and
/// scope match any route.
///
/// ```
/// use nlstack::route::{RouteRequest, RouteType, RouteProtocol};
/// let r = RouteRequest::new("10.1.0.0/16".parse()?)
///     .via("192.0.2.1".parse()?)
///     .dev(2)
///     .table(1000)
///     .metric(10)
///     .mtu(1400)
///     .protocol(RouteProtocol::STATIC);
/// assert_eq!(r.table, Some(1000));
/// let b = RouteRequest::new("2001:db8:dead::/48".parse()?).kind(RouteType::BLACKHOLE);
/// assert_eq!(b.kind, Some(RouteType::BLACKHOLE));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RouteRequest {
    /// The destination; its family is the route's.
    pub dst: Prefix,
    /// The source prefix (IPv6 source routing).
    pub src: Option<Prefix>,
    /// `rtm_tos`.
    pub tos: u8,
    /// The table (`None`: main).
    pub table: Option<u32>,
    /// `rtm_protocol` (`None`: `BOOT`; any for a delete).
    pub protocol: Option<RouteProtocol>,
    /// `rtm_scope` (`None`: chosen as iproute2 does; any for a delete).
    pub scope: Option<RouteScope>,
    /// `rtm_type` (`None`: `UNICAST`; any for a delete).
    pub kind: Option<RouteType>,
    /// `rtm_flags` (`ONLINK`...).
    pub flags: RouteFlags,
    /// The gateway (`RTA_GATEWAY`, or `RTA_VIA` when its family differs
    /// from the route's).
    pub gateway: Option<IpAddr>,
    /// The output interface.
    pub oif: Option<u32>,
    /// The metric (`RTA_PRIORITY`).
    pub priority: Option<u32>,
    /// The preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_METRICS` (sent when not empty).
    pub metrics: MetricsSpec,
    /// `RTA_MULTIPATH` (sent when not empty).
    pub nexthops: Vec<NextHopRequest>,
    /// `RTA_PREF` (IPv6).
    pub pref: Option<RoutePref>,
    /// `RTA_EXPIRES`: lifetime in seconds (IPv6).
    pub expires: Option<u32>,
    /// `RTA_NH_ID`: use a nexthop object.
    pub nh_id: Option<u32>,
}

impl RouteRequest {
    /// A route to `dst`, nothing else set.
    pub fn new(dst: Prefix) -> RouteRequest {
        RouteRequest {
            dst,
            src: None,
            tos: 0,
            table: None,
            protocol: None,
            scope: None,
            kind: None,
            flags: RouteFlags::empty(),
            gateway: None,
            oif: None,
            priority: None,
            prefsrc: None,
            metrics: MetricsSpec::new(),
            nexthops: Vec::new(),
            pref: None,
            expires: None,
            nh_id: None,
        }
    }

    /// Through gateway `gw` (of either family).
    #[must_use]
    pub fn via(mut self, gw: IpAddr) -> RouteRequest {
        self.gateway = Some(gw);
        self
    }
    /// Out of interface `ifindex`.
    #[must_use]
    pub fn dev(mut self, ifindex: u32) -> RouteRequest {
        self.oif = Some(ifindex);
        self
    }
    /// In table `id` (any 32-bit id; above 255 goes in `RTA_TABLE`).
    #[must_use]
    pub fn table(mut self, id: u32) -> RouteRequest {
        self.table = Some(id);
        self
    }
    /// With metric `m` (`RTA_PRIORITY`).
    #[must_use]
    pub fn metric(mut self, m: u32) -> RouteRequest {
        self.priority = Some(m);
        self
    }
    /// With scope `s`.
    #[must_use]
    pub fn scope(mut self, s: RouteScope) -> RouteRequest {
        self.scope = Some(s);
        self
    }
    /// Installed by protocol `p`.
    #[must_use]
    pub fn protocol(mut self, p: RouteProtocol) -> RouteRequest {
        self.protocol = Some(p);
        self
    }
    /// Of type `t` (`BLACKHOLE`, `UNREACHABLE`, `PROHIBIT`, `LOCAL`...).
    #[must_use]
    pub fn kind(mut self, t: RouteType) -> RouteRequest {
        self.kind = Some(t);
        self
    }
    /// With preferred source address `a`.
    #[must_use]
    pub fn prefsrc(mut self, a: IpAddr) -> RouteRequest {
        self.prefsrc = Some(a);
        self
    }
    /// From source prefix `p` (IPv6 source routing).
    #[must_use]
    pub fn src(mut self, p: Prefix) -> RouteRequest {
        self.src = Some(p);
        self
    }
    /// With type of service `tos`.
    #[must_use]
    pub fn tos(mut self, tos: u8) -> RouteRequest {
        self.tos = tos;
        self
    }
    /// `RTNH_F_ONLINK`: the gateway is on the link.
    #[must_use]
    pub fn onlink(mut self) -> RouteRequest {
        self.flags |= RouteFlags::ONLINK;
        self
    }
    /// With path MTU `mtu` (`RTAX_MTU`).
    #[must_use]
    pub fn mtu(mut self, mtu: u32) -> RouteRequest {
        self.metrics.set(RTAX_MTU, mtu);
        self
    }
    /// With `RTAX_*` metric `kind` set to `value`.
    #[must_use]
    pub fn rtax(mut self, kind: u16, value: u32) -> RouteRequest {
        self.metrics.set(kind, value);
        self
    }
    /// With these metrics, replacing any set before.
    #[must_use]
    pub fn metrics(mut self, m: MetricsSpec) -> RouteRequest {
        self.metrics = m;
        self
    }
    /// Adds a next hop (making the route multipath).
    #[must_use]
    pub fn nexthop(mut self, nh: NextHopRequest) -> RouteRequest {
        self.nexthops.push(nh);
        self
    }
    /// With IPv6 router preference `p`.
    #[must_use]
    pub fn pref(mut self, p: RoutePref) -> RouteRequest {
        self.pref = Some(p);
        self
    }
    /// Expiring after `secs` seconds (IPv6).
    #[must_use]
    pub fn expires(mut self, secs: u32) -> RouteRequest {
        self.expires = Some(secs);
        self
    }
    /// Using nexthop object `id`.
    #[must_use]
    pub fn nh_id(mut self, id: u32) -> RouteRequest {
        self.nh_id = Some(id);
        self
    }

    /// The scope sent for an add when none is set, as iproute2 chooses it.
    fn default_scope(&self, kind: RouteType) -> RouteScope {
        match kind {
            RouteType::LOCAL | RouteType::NAT => RouteScope::HOST,
            RouteType::BROADCAST | RouteType::MULTICAST | RouteType::ANYCAST => RouteScope::LINK,
            RouteType::UNICAST | RouteType::UNSPEC
                if self.gateway.is_none() && self.nexthops.is_empty() && self.nh_id.is_none() =>
            {
                RouteScope::LINK
            }
            _ => RouteScope::UNIVERSE,
        }
    }

    /// Encodes the `rtmsg` and attributes as for an add, replace or append.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        self.encode_for(e, Op::New)
    }

    /// Encodes the `rtmsg` and attributes as for a delete: unset type,
    /// protocol and scope match any route.
    pub fn encode_delete(&self, e: &mut Encoder<'_>) {
        self.encode_for(e, Op::Del)
    }

    fn encode_for(&self, e: &mut Encoder<'_>, op: Op) {
        let family = self.dst.family();
        let table = self.table.unwrap_or(RT_TABLE_MAIN);
        let (kind, protocol, scope) = match op {
            Op::New => {
                let kind = self.kind.unwrap_or(RouteType::UNICAST);
                (
                    kind,
                    self.protocol.unwrap_or(RouteProtocol::BOOT),
                    self.scope.unwrap_or_else(|| self.default_scope(kind)),
                )
            }
            Op::Del => (
                self.kind.unwrap_or(RouteType::UNSPEC),
                self.protocol.unwrap_or(RouteProtocol::UNSPEC),
                self.scope.unwrap_or(RouteScope::NOWHERE),
            ),
        };
        e.header(&RtMsg {
            family,
            dst_len: self.dst.len(),
            src_len: self.src.map_or(0, |s| s.len()),
            tos: self.tos,
            table: u8::try_from(table).unwrap_or(RT_TABLE_UNSPEC as u8),
            protocol: protocol.0,
            scope: scope.0,
            kind: kind.0,
            flags: self.flags.bits(),
        });
        e.put_u32(RTA_TABLE, table);
        if self.dst.len() > 0 {
            e.put_ip(RTA_DST, self.dst.addr());
        }
        if let Some(s) = self.src {
            e.put_ip(RTA_SRC, s.addr());
        }
        if let Some(gw) = self.gateway {
            put_gateway(e, family, gw);
        }
        if let Some(i) = self.oif {
            e.put_u32(RTA_OIF, i);
        }
        if let Some(p) = self.priority {
            e.put_u32(RTA_PRIORITY, p);
        }
        if let Some(a) = self.prefsrc {
            e.put_ip(RTA_PREFSRC, a);
        }
        if !self.metrics.is_empty() {
            self.metrics.encode(&mut e.nest(RTA_METRICS));
        }
        if !self.nexthops.is_empty() {
            self.encode_multipath(e, family);
        }
        if let Some(p) = self.pref {
            e.put_u8(RTA_PREF, p.0);
        }
        if let Some(x) = self.expires {
            e.put_u32(RTA_EXPIRES, x);
        }
        if let Some(id) = self.nh_id {
            e.put_u32(RTA_NH_ID, id);
        }
    }

    /// `RTA_MULTIPATH` is a plain attribute (no `NLA_F_NESTED`) holding
    /// `struct rtnexthop`s, each followed by its own attributes.
    fn encode_multipath(&self, e: &mut Encoder<'_>, family: AddrFamily) {
        let body: usize = self.nexthops.iter().map(|nh| nh.len(family)).sum();
        put_multipath(e, RTA_MULTIPATH, body, |e| {
            for nh in &self.nexthops {
                put_rtnh(e, nh.len(family), nh.flags, nh.weight, nh.oif.unwrap_or(0));
                if let Some(gw) = nh.gateway {
                    put_gateway(e, family, gw);
                }
            }
        });
    }
}
