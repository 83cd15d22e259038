//! Decodes route messages with `RouteMsg` (see `nlstack_fuzz::route` for
//! how the input becomes messages) and checks:
//!
//! - every field against a model of the attributes: addresses of the
//!   header's family, `RTA_VIA`, the table over the header's 8 bits,
//!   cache info, `RTA_METRICS` (each `RTAX_*` and the congestion control
//!   name, `iter`, `get` and the named getters);
//! - the `nexthops()` iterator against a separate walk of the
//!   `struct rtnexthop`s: each next hop's header, attributes in place,
//!   fields, errors; the error that ends a malformed walk; fused after;
//! - the error count and the first error's offset, next hops' included;
//! - `dst_prefix`, `Prefix` (display and parse back, `network`),
//!   `RouteFilter::matches`, the named `u8` types;
//! - the owned copy (next hops up to the first malformed one), and for
//!   IPv4 and IPv6 routes `RouteEntry::to_request`: encoded and decoded again
//!   it names the same route.
#![no_main]

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libfuzzer_sys::fuzz_target;
use nlstack::route::AttrErrors;
use nlstack::route::*;
use nlstack::wire::{Attr, Attrs, Encoder, FamilyHeader, Flags, Message, MsgType, RtMsg, align};
use nlstack::{EncodeError, Error, Result};
use nlstack_fuzz::route::{
    AF_INET, AF_INET6, FORMATS, View, check_errors, field, ip_of, last, list, run, simple,
};
use nlstack_fuzz::{allow_formats, debug, display};

struct Target;

impl View for Target {
    const HDR_LEN: usize = RtMsg::LEN;
    type Msg<'a> = RouteMsg<'a>;
    type Owned = RouteEntry;
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        RouteMsg::parse(m)
    }
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        RouteMsg::parse_strict(m)
    }
    fn errors(v: &Self::Msg<'_>) -> AttrErrors {
        v.errors
    }
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a> {
        v.attrs.clone()
    }
    fn owned(v: &Self::Msg<'_>) -> RouteEntry {
        v.to_owned()
    }
    fn owned_from(v: &Self::Msg<'_>) -> RouteEntry {
        RouteEntry::from(v)
    }
    fn check<'a>(v: &Self::Msg<'a>, msg: &Message<'a>, _buf: &'a [u8]) {
        check(v, msg);
    }
}

// ---------------------------------------------------------------------------
// Models

/// `RTA_VIA`: a family and at most 16 address bytes, exactly 4 for
/// `AF_INET` and 16 for `AF_INET6`.
fn via_of(a: &Attr<'_>) -> Option<Via> {
    let (fam, addr) = a.value().split_first_chunk::<2>()?;
    let fam = u16::from_ne_bytes(*fam);
    let ok = match fam {
        2 => addr.len() == 4,
        10 => addr.len() == 16,
        _ => addr.len() <= 16,
    };
    if !ok {
        return None;
    }
    let v = Via::new(fam, addr).expect("Via::new refused at most 16 bytes");
    assert_eq!((v.family(), v.addr()), (fam, addr));
    Some(v)
}

/// What `Via::ip` should give.
fn via_ip(v: &Via) -> Option<IpAddr> {
    match (v.family(), v.addr().len()) {
        (2, 4) => Some(Ipv4Addr::from(<[u8; 4]>::try_from(v.addr()).unwrap()).into()),
        (10, 16) => Some(Ipv6Addr::from(<[u8; 16]>::try_from(v.addr()).unwrap()).into()),
        _ => None,
    }
}

fn cache_info_of(a: &Attr<'_>) -> Option<RouteCacheInfo> {
    let b = a.value();
    if b.len() != 32 && b.len() != 20 {
        return None;
    }
    let w = |i: usize| {
        b.get(i * 4..i * 4 + 4)
            .map_or(0, |s| u32::from_ne_bytes(s.try_into().unwrap()))
    };
    Some(RouteCacheInfo {
        clntref: w(0),
        lastuse: w(1),
        expires: w(2) as i32,
        error: w(3),
        used: w(4),
        id: w(5),
        ts: w(6),
        tsage: w(7),
    })
}

/// A `struct rtnexthop` as the model walks it.
struct Hop<'a> {
    offset: usize,
    flags: u8,
    hops: u8,
    ifindex: u32,
    /// Its attributes.
    attrs: Attrs<'a>,
}

/// Walks the value of `RTA_MULTIPATH` at `a`: the next hops, and the
/// offset of the error that ends the walk, if any.
fn hops_of<'a>(a: &Attr<'a>) -> (Vec<Hop<'a>>, Option<usize>) {
    let mut rest = a.value();
    let mut off = a.offset() + 4;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let Some(h) = rest.first_chunk::<8>() else {
            return (out, Some(off));
        };
        let len = u16::from_ne_bytes([h[0], h[1]]) as usize;
        if len < 8 || len > rest.len() {
            return (out, Some(off));
        }
        out.push(Hop {
            offset: off,
            flags: h[2],
            hops: h[3],
            ifindex: u32::from_ne_bytes([h[4], h[5], h[6], h[7]]),
            attrs: Attrs::with_offset(&rest[8..len], off + 8),
        });
        let step = align(len).min(rest.len());
        rest = &rest[step..];
        off += step;
    }
    (out, None)
}

/// A next hop's errors, in walk order.
fn hop_errors(family: u8, h: &Hop<'_>, out: &mut Vec<usize>) {
    let (l, err) = list(h.attrs.clone());
    for a in &l {
        let bad = match a.kind() {
            RTA_GATEWAY => ip_of(family, a).is_none(),
            RTA_VIA => via_of(a).is_none(),
            RTA_FLOW => a.value().len() != 4,
            RTA_ENCAP_TYPE => a.value().len() != 2,
            _ => false,
        };
        if bad {
            out.push(a.offset());
        }
    }
    out.extend(err);
}

fn metrics_errors(a: &Attr<'_>, out: &mut Vec<usize>) {
    let (l, err) = list(a.nested());
    for m in &l {
        let bad = match m.kind() {
            RTAX_CC_ALGO => m.str().map_or(true, |s| s.len() > 15),
            1..=RTAX_MAX => m.value().len() != 4,
            _ => false,
        };
        if bad {
            out.push(m.offset());
        }
    }
    out.extend(err);
}

fn route_errors(family: u8, attrs: Attrs<'_>) -> Vec<usize> {
    let (l, err) = list(attrs);
    let mut out = Vec::new();
    for a in &l {
        let n = a.value().len();
        let bad = match a.kind() {
            RTA_DST | RTA_SRC | RTA_GATEWAY | RTA_PREFSRC => ip_of(family, a).is_none(),
            RTA_IIF | RTA_OIF | RTA_PRIORITY | RTA_FLOW | RTA_TABLE | RTA_MARK | RTA_EXPIRES
            | RTA_UID | RTA_NH_ID => n != 4,
            RTA_CACHEINFO => n != 32 && n != 20,
            RTA_VIA => via_of(a).is_none(),
            RTA_PREF | RTA_TTL_PROPAGATE => n != 1,
            RTA_ENCAP_TYPE => n != 2,
            RTA_METRICS => {
                metrics_errors(a, &mut out);
                false
            }
            RTA_MULTIPATH => {
                let (hops, err) = hops_of(a);
                for h in &hops {
                    hop_errors(family, h, &mut out);
                }
                out.extend(err);
                false
            }
            _ => false,
        };
        if bad {
            out.push(a.offset());
        }
    }
    out.extend(err);
    out
}

// ---------------------------------------------------------------------------
// Checks

fn check_metrics(m: &Metrics, nest: &Attr<'_>) {
    let (l, _) = list(nest.nested());
    for k in 1..=RTAX_MAX {
        if k != RTAX_CC_ALGO {
            simple("metric", &l, k, m.get(k), |a| a.u32().ok());
        }
    }
    simple("cc_algo", &l, RTAX_CC_ALGO, m.cc_algo(), |a| {
        a.str().ok().filter(|s| s.len() <= 15)
    });
    assert_eq!(m.get(0), None);
    assert_eq!(m.get(RTAX_CC_ALGO), None);
    assert_eq!(m.get(RTAX_MAX + 1), None);
    assert_eq!(m.get(u16::MAX), None);
    let all: Vec<(u16, u32)> = m.iter().collect();
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0), "iter not by kind");
    for &(k, v) in &all {
        assert_eq!(m.get(k), Some(v));
    }
    assert_eq!(
        all.len(),
        (0..=RTAX_MAX).filter(|&k| m.get(k).is_some()).count()
    );
    assert_eq!(m.is_empty(), all.is_empty() && m.cc_algo().is_none());
    assert_eq!(
        [
            m.mtu(),
            m.advmss(),
            m.hoplimit(),
            m.window(),
            m.initcwnd(),
            m.initrwnd()
        ],
        [
            RTAX_MTU,
            RTAX_ADVMSS,
            RTAX_HOPLIMIT,
            RTAX_WINDOW,
            RTAX_INITCWND,
            RTAX_INITRWND
        ]
        .map(|k| m.get(k))
    );
    assert_eq!(
        (m.lock(), m.features()),
        (m.get(RTAX_LOCK), m.get(RTAX_FEATURES))
    );
    // Setting the values again gives the same metrics.
    let mut copy = Metrics::new();
    for (k, v) in m.iter() {
        copy.set(k, v);
    }
    if let Some(cc) = m.cc_algo() {
        assert!(copy.set_cc_algo(cc));
    }
    assert_eq!(copy, *m);
    debug(m);
}

fn check_prefix(p: &Prefix) {
    let max = match p.addr() {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    };
    assert!(p.len() <= max);
    assert_eq!(p.family(), if max == 32 { AF_INET } else { AF_INET6 });
    assert_eq!(p.is_host(), p.len() == max);
    assert_eq!(p.is_default(), p.len() == 0);
    let n = p.network();
    assert_eq!(n.len(), p.len());
    assert_eq!(n.network(), n);
    let s = p.to_string();
    assert_eq!(
        s.parse::<Prefix>(),
        Ok(*p),
        "prefix {s:?} does not parse back"
    );
    display(p);
}

fn check(v: &RouteMsg<'_>, msg: &Message<'_>) {
    let fam = v.header.family;
    let (l, _) = list(v.attrs.clone());
    check_errors("route", &v.errors, &route_errors(fam, v.attrs.clone()));

    let ip = |a: &Attr<'_>| ip_of(fam, a);
    let u32_of = |a: &Attr<'_>| a.u32().ok();
    simple("dst", &l, RTA_DST, v.dst, ip);
    simple("src", &l, RTA_SRC, v.src, ip);
    simple("gateway", &l, RTA_GATEWAY, v.gateway, ip);
    simple("prefsrc", &l, RTA_PREFSRC, v.prefsrc, ip);
    simple("iif", &l, RTA_IIF, v.iif, u32_of);
    simple("oif", &l, RTA_OIF, v.oif, u32_of);
    simple("priority", &l, RTA_PRIORITY, v.priority, u32_of);
    simple("flow", &l, RTA_FLOW, v.flow, u32_of);
    simple("mark", &l, RTA_MARK, v.mark, u32_of);
    simple("expires", &l, RTA_EXPIRES, v.expires, u32_of);
    simple("uid", &l, RTA_UID, v.uid, u32_of);
    simple("nh_id", &l, RTA_NH_ID, v.nh_id, u32_of);
    simple("cache_info", &l, RTA_CACHEINFO, v.cache_info, cache_info_of);
    simple("via", &l, RTA_VIA, v.via, via_of);
    simple("pref", &l, RTA_PREF, v.pref, |a| a.u8().ok().map(RoutePref));
    simple("encap_type", &l, RTA_ENCAP_TYPE, v.encap_type, |a| {
        a.u16().ok()
    });
    simple(
        "ttl_propagate",
        &l,
        RTA_TTL_PROPAGATE,
        v.ttl_propagate,
        |a| a.u8().ok(),
    );
    field(
        "table",
        &l,
        RTA_TABLE,
        Some(v.table),
        Some(v.header.table as u32),
        |a| Some(Some(a.u32().ok()?)),
    );
    if let Some(via) = &v.via {
        assert_eq!(via.ip(), via_ip(via));
        debug(via);
    }

    // RTA_METRICS: the last one, decoded.
    let nest = last(&l, RTA_METRICS);
    assert_eq!(v.metrics.is_some(), nest.is_some());
    if let (Some(m), Some(a)) = (&v.metrics, nest) {
        check_metrics(m, a);
    }

    // RTA_MULTIPATH: the last one, walked lazily.
    let mp = last(&l, RTA_MULTIPATH);
    assert_eq!(v.multipath.is_some(), mp.is_some());
    let (hops, hop_err) = mp.map_or((Vec::new(), None), hops_of);
    let mut it = v.nexthops();
    let mut owned_hops = Vec::new();
    for h in &hops {
        let nh = match it.next() {
            Some(Ok(nh)) => nh,
            other => panic!("next hop at {}: {other:?}", h.offset),
        };
        assert_eq!(nh.flags, NextHopFlags::from_bits_retain(h.flags));
        assert_eq!((nh.hops, nh.ifindex), (h.hops, h.ifindex));
        assert_eq!(nh.weight(), h.hops as u16 + 1);
        assert!(
            std::ptr::eq(nh.attrs.remaining(), h.attrs.remaining()),
            "next hop attributes not in place"
        );
        let mut model = Vec::new();
        hop_errors(fam, h, &mut model);
        check_errors("next hop", &nh.errors, &model);
        let (hl, _) = list(h.attrs.clone());
        simple("hop gateway", &hl, RTA_GATEWAY, nh.gateway, ip);
        simple("hop via", &hl, RTA_VIA, nh.via, via_of);
        simple("hop flow", &hl, RTA_FLOW, nh.flow, u32_of);
        simple("hop encap", &hl, RTA_ENCAP_TYPE, nh.encap_type, |a| {
            a.u16().ok()
        });
        let gw = nh.gateway.or_else(|| nh.via.as_ref().and_then(via_ip));
        assert_eq!(nh.gateway_ip(), gw);
        let o = nh.to_owned();
        assert_eq!(o, NextHop::from(&nh));
        assert_eq!(o.gateway_ip(), gw);
        assert_eq!(
            (o.weight, o.ifindex, o.flags),
            (nh.weight(), nh.ifindex, nh.flags)
        );
        owned_hops.push(o);
        debug(&nh);
    }
    match (it.next(), hop_err) {
        (None, None) => {}
        (Some(Err(e)), Some(off)) => {
            let d = e.as_decode().expect("next hop error is a decode error");
            assert_eq!(d.offset, off, "next hop error offset");
            let range = mp.map(|a| a.offset() + 4..=a.offset() + 4 + a.value().len());
            assert!(range.is_some_and(|r| r.contains(&off)));
        }
        (got, want) => panic!("after the next hops: {got:?}, model error at {want:?}"),
    }
    assert!(it.next().is_none(), "NextHops yielded after its end");
    assert!(it.next().is_none(), "NextHops yielded after its end");
    if let Some(m) = &v.multipath {
        debug(m);
    }

    // Header and helpers.
    assert_eq!(v.family(), fam);
    assert_eq!(v.kind(), RouteType(v.header.kind));
    assert_eq!(v.protocol(), RouteProtocol(v.header.protocol));
    assert_eq!(v.scope(), RouteScope(v.header.scope));
    assert_eq!(v.flags(), RouteFlags::from_bits_retain(v.header.flags));
    black_box((
        v.kind().name(),
        v.protocol().name(),
        v.scope().name(),
        v.pref.map(RoutePref::name),
        u8::from(v.kind()),
    ));
    debug(&(v.kind(), v.protocol(), v.scope(), v.pref));
    let want = match (v.dst, fam) {
        (Some(a), _) => Some(a),
        (None, AF_INET) => Some(Ipv4Addr::UNSPECIFIED.into()),
        (None, AF_INET6) => Some(Ipv6Addr::UNSPECIFIED.into()),
        _ => None,
    }
    .map(|a| Prefix::new(a, v.header.dst_len));
    assert_eq!(v.dst_prefix(), want);
    if let Some(p) = &want {
        check_prefix(p);
    }

    // Filters.
    let listed = !v.flags().contains(RouteFlags::CLONED);
    let ip_family = fam == AF_INET || fam == AF_INET6;
    assert_eq!(RouteFilter::all_tables().matches(v), listed && ip_family);
    assert_eq!(RouteFilter::table(v.table).family(fam).matches(v), listed);
    assert_eq!(
        RouteFilter::main().matches(v),
        listed && ip_family && v.table == RT_TABLE_MAIN
    );
    if let Some(oif) = v.oif.or(owned_hops.first().map(|h| h.ifindex)) {
        assert_eq!(
            RouteFilter::all_tables().family(fam).dev(oif).matches(v),
            listed
        );
    }

    // The owned copy.
    let o = v.to_owned();
    assert_eq!(o.nexthops, owned_hops);
    assert_eq!(
        o.dst_prefix(),
        v.dst_prefix()
            .unwrap_or_else(|| Prefix::new(Ipv4Addr::UNSPECIFIED.into(), v.header.dst_len))
    );
    assert_eq!(
        o.gateway_ip(),
        v.gateway.or_else(|| v.via.as_ref().and_then(via_ip))
    );
    assert_eq!(
        (o.table, o.kind, o.protocol, o.scope, o.flags),
        (v.table, v.kind(), v.protocol(), v.scope(), v.flags())
    );
    assert_eq!(
        (o.metrics, o.via, o.cache_info),
        (v.metrics, v.via, v.cache_info)
    );
    check_request(&o, msg);
}

/// `RouteEntry::to_request` names the route: encoded and decoded again, an
/// IPv4 or IPv6 route comes back with the same selectors.
fn check_request(o: &RouteEntry, msg: &Message<'_>) {
    let req = o.to_request();
    debug(&req);
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    match e.finish() {
        Ok(_) => {}
        Err(Error::Encode(EncodeError::AttrTooLarge { .. })) if msg.bytes().len() > 60_000 => {
            return;
        }
        Err(e) => panic!("a route's request does not encode: {e}\n{req:?}"),
    }
    let m = Message::parse(&buf).expect("an encoded route request");
    let Ok(back) = RouteMsg::parse(&m) else {
        panic!("an encoded route request has no rtmsg");
    };
    // The delete form encodes too.
    let mut del = Vec::new();
    let mut e = Encoder::new(&mut del, MsgType::RTM_DELROUTE, Flags::REQUEST, 1, 0);
    req.encode_delete(&mut e);
    let _ = e.finish();

    if o.family != AF_INET && o.family != AF_INET6 {
        return;
    }
    if let Some(e) = back.errors.first {
        panic!("a route's request does not decode: {e}\n{req:?}");
    }
    let b = back.to_owned();
    let p = o.dst_prefix();
    assert_eq!(b.family, o.family);
    assert_eq!(b.dst_prefix().network(), p.network(), "dst");
    assert_eq!(b.dst_len, p.len());
    assert_eq!(b.src, o.src);
    assert_eq!(
        b.src_len,
        o.src.map_or(0, |a| Prefix::new(a, o.src_len).len())
    );
    assert_eq!(
        (b.tos, b.table, b.protocol, b.scope, b.kind),
        (o.tos, o.table, o.protocol, o.scope, o.kind)
    );
    assert_eq!(b.flags, o.flags & RouteFlags::ONLINK);
    assert_eq!(b.gateway_ip(), o.gateway_ip(), "gateway");
    assert_eq!(
        (b.oif, b.priority, b.prefsrc),
        (o.oif, o.priority, o.prefsrc)
    );
    assert_eq!(b.metrics.unwrap_or_default(), o.metrics.unwrap_or_default());
    assert_eq!((b.pref, b.nh_id), (o.pref, o.nh_id));
    assert_eq!(b.nexthops.len(), o.nexthops.len());
    for (x, y) in b.nexthops.iter().zip(&o.nexthops) {
        assert_eq!(x.gateway_ip(), y.gateway_ip(), "next hop gateway");
        assert_eq!((x.ifindex, x.weight), (y.ifindex, y.weight));
        assert_eq!(x.flags, y.flags & NextHopFlags::ONLINK);
    }
}

fuzz_target!(|data: &[u8]| {
    allow_formats(FORMATS);
    run::<Target>(data);
});
