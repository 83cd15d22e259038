//! [`RouteMsg`]: the borrowed view of a route message.

use std::net::IpAddr;

use crate::error::Result;
use crate::route::decode::AttrErrors;
use crate::route::prefix::{Prefix, dst_prefix};
use crate::route::routes::cacheinfo::RouteCacheInfo;
use crate::route::routes::consts::*;
use crate::route::routes::metrics::Metrics;
use crate::route::routes::nexthop::NextHops;
use crate::route::routes::owned::RouteEntry;
use crate::route::routes::types::{RouteFlags, RoutePref, RouteProtocol, RouteScope, RouteType};
use crate::route::routes::via::Via;
use crate::wire::{Attrs, FamilyHeader, Message, NLA_HDRLEN, RtMsg};

/// Adds `src`'s errors to `dst`.
fn merge(dst: &mut AttrErrors, src: &AttrErrors) {
    if src.count == 0 {
        return;
    }
    if dst.first.is_none() {
        dst.first = src.first;
    }
    dst.count = dst.count.saturating_add(src.count);
}

/// A route message, decoded in one pass without allocating.
///
/// ```
/// use nlstack::route::{RouteMsg, RouteRequest};
/// use nlstack::wire::{Encoder, Flags, Message, MsgType};
///
/// let mut buf = Vec::new();
/// let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::empty(), 1, 0);
/// RouteRequest::new("10.1.0.0/16".parse()?).via("192.0.2.1".parse()?).table(1000).encode(&mut e);
/// e.finish()?;
/// let r = RouteMsg::parse_strict(&Message::parse(&buf)?)?;
/// assert_eq!(r.table, 1000);
/// assert_eq!(r.dst_prefix().unwrap().to_string(), "10.1.0.0/16");
/// assert_eq!(r.gateway, Some("192.0.2.1".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RouteMsg<'a> {
    /// The `rtmsg` header (family, prefix lengths, tos, 8-bit table,
    /// protocol, scope, type, flags).
    pub header: RtMsg,
    /// `RTA_TABLE` when present, else the header's 8-bit `rtm_table`.
    pub table: u32,
    /// `RTA_DST`: absent for a default route.
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`.
    pub via: Option<Via>,
    /// `RTA_OIF`: the output interface.
    pub oif: Option<u32>,
    /// `RTA_IIF`: the input interface.
    pub iif: Option<u32>,
    /// `RTA_PRIORITY`: the metric.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`: the preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_METRICS`.
    pub metrics: Option<Metrics>,
    /// `RTA_MULTIPATH`: the next hops (see [`nexthops`](Self::nexthops)).
    pub multipath: Option<NextHops<'a>>,
    /// `RTA_PREF`.
    pub pref: Option<RoutePref>,
    /// `RTA_EXPIRES`: seconds.
    pub expires: Option<u32>,
    /// `RTA_CACHEINFO`.
    pub cache_info: Option<RouteCacheInfo>,
    /// `RTA_FLOW`: realms.
    pub flow: Option<u32>,
    /// `RTA_MARK`.
    pub mark: Option<u32>,
    /// `RTA_UID`.
    pub uid: Option<u32>,
    /// `RTA_NH_ID`: the nexthop object used.
    pub nh_id: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<u16>,
    /// `RTA_TTL_PROPAGATE`.
    pub ttl_propagate: Option<u8>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode, next hops' included.
    pub errors: AttrErrors,
}

impl<'a> RouteMsg<'a> {
    /// Decodes a route message; a malformed attribute (or next hop) is
    /// recorded in `errors` and skipped. Only a header too short is an
    /// error.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Result<RouteMsg<'a>> {
        let header = msg.family_header::<RtMsg>()?;
        let attrs = msg.attrs(RtMsg::LEN)?;
        let family = header.family;
        let mut r = RouteMsg {
            header,
            table: header.table as u32,
            dst: None,
            src: None,
            gateway: None,
            via: None,
            oif: None,
            iif: None,
            priority: None,
            prefsrc: None,
            metrics: None,
            multipath: None,
            pref: None,
            expires: None,
            cache_info: None,
            flow: None,
            mark: None,
            uid: None,
            nh_id: None,
            encap_type: None,
            ttl_propagate: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut r.errors;
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                RTA_DST => e.ip(&mut r.dst, family, &at),
                RTA_SRC => e.ip(&mut r.src, family, &at),
                RTA_IIF => e.set(&mut r.iif, at.u32()),
                RTA_OIF => e.set(&mut r.oif, at.u32()),
                RTA_GATEWAY => e.ip(&mut r.gateway, family, &at),
                RTA_PRIORITY => e.set(&mut r.priority, at.u32()),
                RTA_PREFSRC => e.ip(&mut r.prefsrc, family, &at),
                RTA_METRICS => r.metrics = Some(Metrics::parse(at.nested(), e)),
                RTA_MULTIPATH => {
                    let hops = NextHops::new(at.value(), family, at.offset() + NLA_HDRLEN);
                    for nh in hops.clone() {
                        match nh {
                            Ok(nh) => merge(e, &nh.errors),
                            Err(err) => e.record(err),
                        }
                    }
                    r.multipath = Some(hops);
                }
                RTA_FLOW => e.set(&mut r.flow, at.u32()),
                RTA_CACHEINFO => e.set(&mut r.cache_info, RouteCacheInfo::parse(&at)),
                RTA_TABLE => {
                    if let Some(t) = e.take(at.u32()) {
                        r.table = t;
                    }
                }
                RTA_MARK => e.set(&mut r.mark, at.u32()),
                RTA_VIA => e.set(&mut r.via, Via::parse(&at)),
                RTA_PREF => e.set(&mut r.pref, at.u8().map(RoutePref)),
                RTA_ENCAP_TYPE => e.set(&mut r.encap_type, at.u16()),
                RTA_EXPIRES => e.set(&mut r.expires, at.u32()),
                RTA_UID => e.set(&mut r.uid, at.u32()),
                RTA_TTL_PROPAGATE => e.set(&mut r.ttl_propagate, at.u8()),
                RTA_NH_ID => e.set(&mut r.nh_id, at.u32()),
                _ => {}
            }
        }
        Ok(r)
    }

    /// Decodes, failing on the first malformed attribute or next hop.
    pub fn parse_strict(msg: &Message<'a>) -> Result<RouteMsg<'a>> {
        let r = RouteMsg::parse(msg)?;
        r.errors.check()?;
        Ok(r)
    }

    /// `rtm_family`.
    pub fn family(&self) -> u8 {
        self.header.family
    }
    /// `rtm_type`.
    pub fn kind(&self) -> RouteType {
        RouteType(self.header.kind)
    }
    /// `rtm_protocol`.
    pub fn protocol(&self) -> RouteProtocol {
        RouteProtocol(self.header.protocol)
    }
    /// `rtm_scope`.
    pub fn scope(&self) -> RouteScope {
        RouteScope(self.header.scope)
    }
    /// `rtm_flags`.
    pub fn flags(&self) -> RouteFlags {
        RouteFlags::from_bits_retain(self.header.flags)
    }

    /// The destination as a prefix (`0.0.0.0/0` or `::/0` for a default
    /// route); `None` for a family other than IPv4 and IPv6.
    pub fn dst_prefix(&self) -> Option<Prefix> {
        dst_prefix(self.header.family, self.dst, self.header.dst_len)
    }

    /// The next hops of a multipath route (empty otherwise); a malformed
    /// tail ends the walk with an error item (already counted in
    /// `errors`).
    pub fn nexthops(&self) -> NextHops<'a> {
        self.multipath.clone().unwrap_or_else(NextHops::empty)
    }

    /// An owned copy (next hops up to the first malformed one).
    pub fn to_owned(&self) -> RouteEntry {
        RouteEntry {
            malformed: self.errors.count,
            family: self.header.family,
            dst_len: self.header.dst_len,
            src_len: self.header.src_len,
            tos: self.header.tos,
            table: self.table,
            protocol: self.protocol(),
            scope: self.scope(),
            kind: self.kind(),
            flags: self.flags(),
            dst: self.dst,
            src: self.src,
            gateway: self.gateway,
            via: self.via,
            oif: self.oif,
            iif: self.iif,
            priority: self.priority,
            prefsrc: self.prefsrc,
            metrics: self.metrics,
            nexthops: self
                .nexthops()
                .map_while(|nh| nh.ok())
                .map(|nh| nh.to_owned())
                .collect(),
            pref: self.pref,
            expires: self.expires,
            cache_info: self.cache_info,
            flow: self.flow,
            mark: self.mark,
            uid: self.uid,
            nh_id: self.nh_id,
            encap_type: self.encap_type,
            ttl_propagate: self.ttl_propagate,
        }
    }
}

impl From<&RouteMsg<'_>> for RouteEntry {
    fn from(v: &RouteMsg<'_>) -> RouteEntry {
        v.to_owned()
    }
}
