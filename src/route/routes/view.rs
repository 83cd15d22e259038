//! [`RouteMsg`]: a route message (`struct rtmsg` and its `RTA_*`
//! attributes), declared once; the view and the owned value are the same
//! type over their storage.

use crate::route::family::AddrFamily;
use std::net::IpAddr;

use crate::error::Result;
use crate::route::prefix::{Prefix, dst_prefix};
use crate::route::routes::cacheinfo::RouteCacheInfo;
use crate::route::routes::metrics::Metrics;
use crate::route::routes::nexthop::{Multipath, NextHops};
use crate::route::routes::types::{RouteFlags, RoutePref, RouteProtocol, RouteScope, RouteType};
use crate::route::routes::via::Via;
use crate::wire::{Bytes, OwnedBytes, RtMsg, attr_table};

attr_table! {
    /// A route message: `struct rtmsg`, then its attributes
    /// (`RTM_NEWROUTE`, `RTM_DELROUTE`, the answer of `RTM_GETROUTE`).
    /// Parse it from a message's payload.
    ///
    /// ```
    /// use nlstack::route::{RouteMsg, RouteRequest};
    /// use nlstack::wire::{Encoder, Flags, Message, MsgType};
    ///
    /// let mut buf = Vec::new();
    /// let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::empty(), 1, 0);
    /// RouteRequest::new("10.1.0.0/16".parse()?).via("192.0.2.1".parse()?).table(1000).encode(&mut e);
    /// e.finish()?;
    /// let m = Message::parse(&buf)?;
    /// let r = RouteMsg::parse(m.payload())?;
    /// r.check()?;
    /// assert_eq!(r.table(), 1000);
    /// assert_eq!(r.dst_prefix().unwrap().to_string(), "10.1.0.0/16");
    /// assert_eq!(r.gateway(), Some("192.0.2.1".parse()?));
    /// let owned: nlstack::route::RouteEntry = r.owned();
    /// assert_eq!(owned.table(), 1000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct RouteMsg / RouteSpec, family_header RtMsg, guess [8, 20];
    /// `RTA_DST`: the destination prefix's address (absent for a default
    /// route).
    RTA_DST = 1 => dst: IpAddr => IpAddr,
    /// `RTA_SRC`: the source prefix's address (source routing, IPv6).
    RTA_SRC = 2 => src: IpAddr => IpAddr,
    /// `RTA_IIF`: the input interface (lookups, multicast).
    RTA_IIF = 3 => iif: u32 => u32,
    /// `RTA_OIF`: the output interface.
    RTA_OIF = 4 => oif: u32 => u32,
    /// `RTA_GATEWAY`: the gateway.
    RTA_GATEWAY = 5 => gateway: IpAddr => IpAddr,
    /// `RTA_PRIORITY`: the metric.
    RTA_PRIORITY = 6 => priority: u32 => u32,
    /// `RTA_PREFSRC`: the preferred source address.
    RTA_PREFSRC = 7 => prefsrc: IpAddr => IpAddr,
    /// `RTA_METRICS`: nested `RTAX_*` values.
    RTA_METRICS = 8 => metrics: Metrics => Metrics<&'a [u8]>,
    /// `RTA_MULTIPATH`: a sequence of `struct rtnexthop`, each followed by
    /// its attributes (see [`nexthops`](RouteMsg::nexthops), which counts
    /// offsets).
    RTA_MULTIPATH = 9 => multipath: Multipath => NextHops<'a>,
    /// `RTA_FLOW`: the realms.
    RTA_FLOW = 11 => flow: u32 => u32,
    /// `RTA_CACHEINFO`: `struct rta_cacheinfo`.
    RTA_CACHEINFO = 12 => cache_info: RouteCacheInfo => RouteCacheInfo,
    /// `RTA_TABLE`: the 32-bit table id (see [`table`](RouteMsg::table)).
    RTA_TABLE = 15 => table_attr: u32 => u32,
    /// `RTA_MARK`: the firewall mark of a lookup.
    RTA_MARK = 16 => mark: u32 => u32,
    /// `RTA_VIA`: a gateway of another family (`struct rtvia`).
    RTA_VIA = 18 => via: Via => Via,
    /// `RTA_NEWDST`: MPLS label rewrite, as sent.
    RTA_NEWDST = 19 => newdst: Bytes => &'a [u8],
    /// `RTA_PREF`: the IPv6 router preference.
    RTA_PREF = 20 => pref: RoutePref => RoutePref,
    /// `RTA_ENCAP_TYPE`: the lightweight tunnel type (`LWTUNNEL_ENCAP_*`).
    RTA_ENCAP_TYPE = 21 => encap_type: u16 => u16,
    /// `RTA_ENCAP`: the lightweight tunnel's attributes, as sent.
    RTA_ENCAP = 22 => encap: Bytes => &'a [u8],
    /// `RTA_EXPIRES`: lifetime in seconds (IPv6, when adding).
    RTA_EXPIRES = 23 => expires: u32 => u32,
    /// `RTA_UID`: the user id of a lookup.
    RTA_UID = 25 => uid: u32 => u32,
    /// `RTA_TTL_PROPAGATE`: MPLS TTL propagation.
    RTA_TTL_PROPAGATE = 26 => ttl_propagate: u8 => u8,
    /// `RTA_IP_PROTO`: the IP protocol of a lookup.
    RTA_IP_PROTO = 27 => ip_proto: u8 => u8,
    /// `RTA_SPORT`: the source port of a lookup (network byte order on the
    /// wire).
    RTA_SPORT = 28 => sport: crate::wire::Be16 => u16,
    /// `RTA_DPORT`: the destination port of a lookup.
    RTA_DPORT = 29 => dport: crate::wire::Be16 => u16,
    /// `RTA_NH_ID`: the id of a nexthop object (`ip nexthop`).
    RTA_NH_ID = 30 => nh_id: u32 => u32,
}

/// `RTA_PAD`: padding for 64-bit values (never a value of its own).
pub const RTA_PAD: u16 = 24;

impl<T: AsRef<[u8]>> RouteMsg<T> {
    #[inline(always)]
    fn byte(&self, i: usize) -> u8 {
        self.as_bytes().get(i).copied().unwrap_or(0)
    }

    /// `rtm_family`.
    #[inline]
    pub fn family(&self) -> AddrFamily {
        self.byte(0)
    }
    /// `rtm_dst_len`: the destination prefix length.
    #[inline]
    pub fn dst_len(&self) -> u8 {
        self.byte(1)
    }
    /// `rtm_src_len`: the source prefix length.
    #[inline]
    pub fn src_len(&self) -> u8 {
        self.byte(2)
    }
    /// `rtm_tos`.
    #[inline]
    pub fn tos(&self) -> u8 {
        self.byte(3)
    }
    /// The table id: `RTA_TABLE` when present, else the header's 8-bit
    /// `rtm_table`.
    #[inline]
    pub fn table(&self) -> u32 {
        self.as_view().table_attr().unwrap_or(self.byte(4) as u32)
    }
    /// `rtm_protocol`: who installed it.
    #[inline]
    pub fn protocol(&self) -> RouteProtocol {
        RouteProtocol(self.byte(5))
    }
    /// `rtm_scope`.
    #[inline]
    pub fn scope(&self) -> RouteScope {
        RouteScope(self.byte(6))
    }
    /// `rtm_type`.
    #[inline]
    pub fn kind(&self) -> RouteType {
        RouteType(self.byte(7))
    }
    /// `rtm_flags`.
    #[inline]
    pub fn flags(&self) -> RouteFlags {
        RouteFlags::from_bits_retain(self.header().flags)
    }

    /// The destination as a prefix (`0.0.0.0/0` or `::/0` for a default
    /// route); `None` for a family other than IPv4 and IPv6.
    pub fn dst_prefix(&self) -> Option<Prefix> {
        dst_prefix(self.family(), self.as_view().dst(), self.dst_len())
    }

    /// The gateway as an IP address: `RTA_GATEWAY`, else an IP `RTA_VIA`.
    pub fn gateway_ip(&self) -> Option<IpAddr> {
        let v = self.as_view();
        v.gateway().or_else(|| v.via().and_then(|v| v.ip()))
    }

    /// How many attributes did not decode, those inside `RTA_METRICS` and
    /// `RTA_MULTIPATH` included (a bad next-hop list counts once):
    /// [`malformed`](Self::malformed) counts the route's own attributes
    /// only.
    pub fn malformed_all(&self) -> u16 {
        let v = self.as_view();
        let mut n = v.malformed();
        if let Some(m) = v.metrics() {
            n = n.saturating_add(m.malformed());
        }
        for h in v.nexthops() {
            n = n.saturating_add(match h {
                Ok(h) => h.malformed(),
                Err(_) => 1,
            });
        }
        n
    }

    /// [`check`](Self::check), then the attributes inside `RTA_METRICS`
    /// and `RTA_MULTIPATH`: the first that did not decode, as an error
    /// (offsets counted from the start of the `rtmsg`). What the strict
    /// lists use.
    pub fn check_all(&self) -> Result<()> {
        self.check()?;
        let v = self.as_view();
        if let (Some(m), Some(at)) = (v.metrics(), v.value_offset(RTA_METRICS)) {
            if let Err(crate::Error::Decode(mut d)) = m.check() {
                d.offset += at;
                return Err(crate::Error::Decode(d));
            }
        }
        for h in v.nexthops() {
            h?.check()?;
        }
        Ok(())
    }
}

impl<'a> RouteMsg<&'a [u8]> {
    /// Where the value of attribute `kind` starts in the message (counted
    /// from the start of the `rtmsg`).
    fn value_offset(&self, kind: u16) -> Option<usize> {
        let v = self.attr_of(kind)?;
        Some((v.as_ptr() as usize).saturating_sub(self.as_bytes().as_ptr() as usize))
    }

    /// The next hops of a multipath route (empty otherwise), read as they
    /// are walked; offsets are counted from the start of the `rtmsg`. A
    /// malformed list ends the walk with an error item.
    #[inline]
    pub fn nexthops(&self) -> NextHops<'a> {
        match (self.multipath(), self.value_offset(RTA_MULTIPATH)) {
            (Some(_), Some(at)) => NextHops::new(self.attr_of(RTA_MULTIPATH).unwrap_or(&[]), at),
            _ => NextHops::empty(),
        }
    }
}

impl<T: OwnedBytes> RouteMsg<T> {
    /// The next hops of a multipath route (empty otherwise); see the
    /// view's `nexthops`.
    pub fn nexthops(&self) -> NextHops<'_> {
        self.as_view().nexthops()
    }
}
