//! [`RouteEntry`]: a route, owned (the [`RouteMsg`] over its own bytes),
//! and the request that names it.

use std::net::Ipv4Addr;

use crate::route::prefix::Prefix;
use crate::route::routes::metrics::MetricsSpec;
use crate::route::routes::nexthop::NextHopRequest;
use crate::route::routes::request::RouteRequest;
use crate::route::routes::types::{NextHopFlags, RouteFlags};
use crate::route::routes::view::RouteMsg;

/// A route, owned: [`RouteMsg`] over one copy of the message's bytes
/// (what [`RouteMsg::owned`] makes of a view).
pub type RouteEntry = RouteMsg;

impl<T: AsRef<[u8]>> RouteMsg<T> {
    /// The destination as a prefix, falling back to an IPv4 prefix for
    /// families other than IPv4 and IPv6.
    fn dst_or_v4(&self) -> Prefix {
        self.dst_prefix()
            .unwrap_or_else(|| Prefix::new(Ipv4Addr::UNSPECIFIED.into(), self.dst_len()))
    }

    /// A request that names this route exactly (destination, table, type,
    /// protocol, scope, tos, metric, gateway, device, next hops, ...):
    /// pass it to [`route_del`](crate::conn::Conn::route_del) to delete the route, or
    /// change it and [`route_replace`](crate::conn::Conn::route_replace) it.
    pub fn to_request(&self) -> RouteRequest {
        let v = self.as_view();
        let mut r = RouteRequest::new(self.dst_or_v4());
        r.src = v.src().map(|a| Prefix::new(a, self.src_len()));
        r.tos = self.tos();
        r.table = Some(self.table());
        r.protocol = Some(self.protocol());
        r.scope = Some(self.scope());
        r.kind = Some(self.kind());
        r.flags = self.flags() & RouteFlags::ONLINK;
        r.gateway = self.gateway_ip();
        r.oif = v.oif();
        r.priority = v.priority();
        r.prefsrc = v.prefsrc();
        r.metrics = v
            .metrics()
            .map(|m| m.to_spec())
            .unwrap_or_else(MetricsSpec::new);
        r.nexthops = v
            .nexthops()
            .map_while(|nh| nh.ok())
            .map(|nh| NextHopRequest {
                gateway: nh.gateway_ip(),
                oif: (nh.ifindex() != 0).then_some(nh.ifindex()),
                weight: nh.weight(),
                flags: nh.flags() & NextHopFlags::ONLINK,
            })
            .collect();
        r.pref = v.pref();
        r.nh_id = v.nh_id();
        r
    }
}
