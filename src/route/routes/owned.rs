//! [`RouteEntry`]: a route, owned.

use std::net::{IpAddr, Ipv4Addr};

use crate::route::prefix::{Prefix, dst_prefix};
use crate::route::routes::cacheinfo::RouteCacheInfo;
use crate::route::routes::metrics::Metrics;
use crate::route::routes::nexthop::{NextHop, NextHopRequest};
use crate::route::routes::request::RouteRequest;
use crate::route::routes::types::{
    NextHopFlags, RouteFlags, RoutePref, RouteProtocol, RouteScope, RouteType,
};
use crate::route::routes::via::Via;

/// A route, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteEntry {
    /// How many attributes of the message did not decode (0 for a whole
    /// object): the fields they would have set are `None` (or empty). The
    /// strict lists fail instead.
    pub malformed: u16,
    /// `AF_INET` or `AF_INET6` (or another rtnetlink family).
    pub family: u8,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Source prefix length.
    pub src_len: u8,
    /// `rtm_tos`.
    pub tos: u8,
    /// The table id (`RTA_TABLE`, else `rtm_table`).
    pub table: u32,
    /// Who installed it.
    pub protocol: RouteProtocol,
    /// Its scope.
    pub scope: RouteScope,
    /// Its type.
    pub kind: RouteType,
    /// `rtm_flags`.
    pub flags: RouteFlags,
    /// `RTA_DST` (`None`: default route).
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`.
    pub via: Option<Via>,
    /// `RTA_OIF`.
    pub oif: Option<u32>,
    /// `RTA_IIF`.
    pub iif: Option<u32>,
    /// `RTA_PRIORITY`: the metric.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_METRICS`.
    pub metrics: Option<Metrics>,
    /// `RTA_MULTIPATH` (empty for a single-path route).
    pub nexthops: Vec<NextHop>,
    /// `RTA_PREF`.
    pub pref: Option<RoutePref>,
    /// `RTA_EXPIRES`.
    pub expires: Option<u32>,
    /// `RTA_CACHEINFO`.
    pub cache_info: Option<RouteCacheInfo>,
    /// `RTA_FLOW`.
    pub flow: Option<u32>,
    /// `RTA_MARK`.
    pub mark: Option<u32>,
    /// `RTA_UID`.
    pub uid: Option<u32>,
    /// `RTA_NH_ID`.
    pub nh_id: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<u16>,
    /// `RTA_TTL_PROPAGATE`.
    pub ttl_propagate: Option<u8>,
}

impl RouteEntry {
    /// The destination as a prefix (`0.0.0.0/0` or `::/0` for a default
    /// route).
    ///
    /// Falls back to an IPv4 prefix for families other than IPv4 and IPv6
    /// without `RTA_DST`.
    pub fn dst_prefix(&self) -> Prefix {
        dst_prefix(self.family, self.dst, self.dst_len)
            .unwrap_or_else(|| Prefix::new(Ipv4Addr::UNSPECIFIED.into(), self.dst_len))
    }

    /// The gateway as an IP address: `RTA_GATEWAY`, else an IP `RTA_VIA`.
    pub fn gateway_ip(&self) -> Option<IpAddr> {
        self.gateway.or_else(|| self.via.and_then(|v| v.ip()))
    }

    /// A request that names this route exactly (destination, table, type,
    /// protocol, scope, tos, metric, gateway, device, next hops, ...):
    /// pass it to [`route_del`](crate::conn::Conn::route_del) to delete the route, or
    /// change it and [`route_replace`](crate::conn::Conn::route_replace) it.
    pub fn to_request(&self) -> RouteRequest {
        let mut r = RouteRequest::new(self.dst_prefix());
        r.src = self.src.map(|a| Prefix::new(a, self.src_len));
        r.tos = self.tos;
        r.table = Some(self.table);
        r.protocol = Some(self.protocol);
        r.scope = Some(self.scope);
        r.kind = Some(self.kind);
        r.flags = self.flags & RouteFlags::ONLINK;
        r.gateway = self.gateway_ip();
        r.oif = self.oif;
        r.priority = self.priority;
        r.prefsrc = self.prefsrc;
        r.metrics = self.metrics.unwrap_or_default();
        r.nexthops = self
            .nexthops
            .iter()
            .map(|nh| NextHopRequest {
                gateway: nh.gateway_ip(),
                oif: (nh.ifindex != 0).then_some(nh.ifindex),
                weight: nh.weight,
                flags: nh.flags & NextHopFlags::ONLINK,
            })
            .collect();
        r.pref = self.pref;
        r.nh_id = self.nh_id;
        r
    }
}
