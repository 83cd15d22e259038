//! Parses the input as a route message's payload (`struct rtmsg` and
//! `RTA_*` attributes) with the declared `RouteMsg` and checks, against an
//! independent model of the attributes:
//!
//! - every getter: the last occurrence of an accepted size wins, one of a
//!   wrong size is counted and leaves an earlier good one; `malformed()`,
//!   and `check()` (`Ok` exactly when nothing is malformed, else the first
//!   bad attribute's offset); the header's fields and `table()` (the
//!   attribute over the header's 8 bits);
//! - `RTA_METRICS` (the nested table: each `RTAX_*`, `cc_algo`, `get`,
//!   `iter`, the named getters, its own count);
//! - the `nexthops()` iterator against a separate walk of the
//!   `struct rtnexthop`s: each next hop's header, fields, count, the error
//!   that ends a malformed walk and its offset; fused after;
//!   `malformed_all()` and `check_all()`;
//! - `dst_prefix`, `Prefix` (display and parse back, `network`),
//!   `RouteFilter::matches`, the named `u8` types;
//! - the owned copy (the same getters), `without`, the request form
//!   (`to_spec` encoded and parsed again gives the same), and for IPv4 and
//!   IPv6 routes `RouteEntry::to_request`: encoded and decoded again it
//!   names the same route;
//! - the same bytes at another offset give the same route.
#![no_main]

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libfuzzer_sys::fuzz_target;
use nlstack::route::*;
use nlstack::wire::{Attr, Attrs, Encoder, FamilyHeader, Flags, Message, MsgType, RtMsg, align};
use nlstack::{EncodeError, Error};
use nlstack_fuzz::{allow_formats, debug, display};

const AF_INET: u8 = 2;
const AF_INET6: u8 = 10;

// ---------------------------------------------------------------------------
// Models

/// The attributes of a list in order, and the offset of the framing error
/// that ends it, if any.
fn list(attrs: Attrs<'_>) -> (Vec<Attr<'_>>, Option<usize>) {
    let mut out = Vec::new();
    for a in attrs {
        match a {
            Ok(a) => out.push(a),
            Err(e) => {
                let d = e.as_decode().expect("a list error is a decode error");
                return (out, Some(d.offset));
            }
        }
    }
    (out, None)
}

/// What a table's index makes of a list: for each kind, the value of its
/// last occurrence of an accepted size; and the offsets of the malformed
/// ones (a wrong size, then the framing error), in order.
struct Model<'a> {
    values: Vec<Option<&'a [u8]>>,
    bad: Vec<usize>,
}

impl<'a> Model<'a> {
    fn new(attrs: Attrs<'a>, ok: impl Fn(u16, usize) -> Option<bool>) -> Model<'a> {
        let (l, err) = list(attrs);
        let mut values = vec![None; 64];
        let mut bad = Vec::new();
        for a in &l {
            let k = a.kind();
            if k == 0 || k as usize >= values.len() {
                continue;
            }
            match ok(k, a.value().len()) {
                None => {}
                Some(true) => values[k as usize] = Some(a.value()),
                Some(false) => bad.push(a.offset()),
            }
        }
        bad.extend(err);
        Model { values, bad }
    }

    fn get(&self, k: u16) -> Option<&'a [u8]> {
        self.values.get(k as usize).copied().flatten()
    }
}

fn ne_u32(v: &[u8]) -> u32 {
    u32::from_ne_bytes(v.try_into().unwrap())
}

fn ip_of(v: &[u8]) -> IpAddr {
    match v.len() {
        4 => Ipv4Addr::from(<[u8; 4]>::try_from(v).unwrap()).into(),
        16 => Ipv6Addr::from(<[u8; 16]>::try_from(v).unwrap()).into(),
        n => panic!("an address of {n} bytes was accepted"),
    }
}

/// `RTA_VIA`: a 16-bit family and 0 to 16 address bytes, as (the family
/// as sent, the family: `AF_UNSPEC` when it fits no byte, the address).
fn via_of(v: &[u8]) -> (u16, u8, Vec<u8>) {
    let raw = u16::from_ne_bytes([v[0], v[1]]);
    (raw, u8::try_from(raw).unwrap_or(0), v[2..].to_vec())
}

/// A decoded via's parts, as `via_of` models them; a family that fits a
/// byte makes the same via through `Via::new`.
fn via_parts(v: &Via) -> (u16, u8, Vec<u8>) {
    if let Ok(f) = u8::try_from(v.raw_family()) {
        assert_eq!(Via::new(f, v.addr()), Some(*v));
    }
    (v.raw_family(), v.family(), v.addr().to_vec())
}

/// What `Via::ip` should give.
fn via_ip(v: &Via) -> Option<IpAddr> {
    match (v.family(), v.addr().len()) {
        (2, 4) => Some(Ipv4Addr::from(<[u8; 4]>::try_from(v.addr()).unwrap()).into()),
        (10, 16) => Some(Ipv6Addr::from(<[u8; 16]>::try_from(v.addr()).unwrap()).into()),
        _ => None,
    }
}

fn cache_info_of(b: &[u8]) -> RouteCacheInfo {
    let w = |i: usize| {
        b.get(i * 4..i * 4 + 4)
            .map_or(0, |s| u32::from_ne_bytes(s.try_into().unwrap()))
    };
    RouteCacheInfo {
        clntref: w(0),
        lastuse: w(1),
        expires: w(2) as i32,
        error: w(3),
        used: w(4),
        id: w(5),
        ts: w(6),
        tsage: w(7),
    }
}

/// The sizes the route's table accepts for `k` (`None`: not declared).
fn route_ok(k: u16, n: usize) -> Option<bool> {
    Some(match k {
        RTA_DST | RTA_SRC | RTA_GATEWAY | RTA_PREFSRC => n == 4 || n == 16,
        RTA_IIF | RTA_OIF | RTA_PRIORITY | RTA_FLOW | RTA_TABLE | RTA_MARK | RTA_EXPIRES
        | RTA_UID | RTA_NH_ID => n == 4,
        RTA_CACHEINFO => n == 32 || n == 20,
        RTA_VIA => (2..=18).contains(&n),
        RTA_PREF | RTA_TTL_PROPAGATE | RTA_IP_PROTO => n == 1,
        RTA_ENCAP_TYPE | RTA_SPORT | RTA_DPORT => n == 2,
        RTA_METRICS | RTA_MULTIPATH | RTA_NEWDST | RTA_ENCAP => true,
        // Below the table's highest kind, an undeclared kind is indexed
        // at any size (`attr` reads it); above, skipped.
        _ if k <= RTA_NH_ID => true,
        _ => return None,
    })
}

fn metric_ok(k: u16, n: usize) -> Option<bool> {
    match k {
        RTAX_CC_ALGO => Some(true),
        1..=RTAX_MAX => Some(n == 4),
        _ => None,
    }
}

fn hop_ok(k: u16, n: usize) -> Option<bool> {
    match k {
        RTA_GATEWAY => Some(n == 4 || n == 16),
        RTA_VIA => Some((2..=18).contains(&n)),
        RTA_FLOW => Some(n == 4),
        RTA_ENCAP_TYPE => Some(n == 2),
        _ => None,
    }
}

/// A `struct rtnexthop` as the model walks it.
struct Hop<'a> {
    offset: usize,
    flags: u8,
    hops: u8,
    ifindex: u32,
    attrs: &'a [u8],
}

/// Walks the value of `RTA_MULTIPATH` found at `at`: the next hops, and
/// the offset of the error that ends the walk, if any.
fn hops_of(mut rest: &[u8], mut off: usize) -> (Vec<Hop<'_>>, Option<usize>) {
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
            attrs: &rest[8..len],
        });
        let step = align(len).min(rest.len());
        rest = &rest[step..];
        off += step;
    }
    (out, None)
}

// ---------------------------------------------------------------------------
// Checks

fn check_metrics(m: &Metrics<&[u8]>, nest: &[u8]) {
    let model = Model::new(Attrs::with_offset(nest, 0), metric_ok);
    for k in 1..=RTAX_MAX {
        if k != RTAX_CC_ALGO {
            assert_eq!(m.get(k), model.get(k).map(ne_u32), "metric {k}");
        }
    }
    let cc = model
        .get(RTAX_CC_ALGO)
        .map(|v| match v.iter().position(|&b| b == 0) {
            Some(n) => &v[..n],
            None => v,
        });
    assert_eq!(m.cc_algo(), cc);
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
    assert_eq!(m.malformed() as usize, model.bad.len());
    match m.check() {
        Ok(()) => assert!(model.bad.is_empty()),
        Err(e) => assert_eq!(
            Some(e.as_decode().unwrap().offset),
            model.bad.first().copied()
        ),
    }
    // The request form sets the same values.
    let spec = m.to_spec();
    let mut copy = MetricsSpec::new();
    for (k, v) in m.iter() {
        copy.set(k, v);
    }
    copy.cc_algo = m.cc_algo().map(<[u8]>::to_vec);
    assert_eq!(copy, spec);
    assert_eq!(spec.iter().collect::<Vec<_>>(), all);
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

/// Everything the route view says, in an owned form.
#[derive(Debug, PartialEq)]
struct Seen {
    header: RtMsg,
    table: u32,
    spec: RouteSpec,
    hops: Vec<NextHop>,
    malformed: u16,
    malformed_all: u16,
}

fn seen(v: &RouteMsg<&[u8]>) -> Seen {
    Seen {
        header: v.header(),
        table: v.table(),
        spec: v.to_spec(),
        hops: v
            .nexthops()
            .map_while(|h| h.ok())
            .map(|h| h.to_owned())
            .collect(),
        malformed: v.malformed(),
        malformed_all: v.malformed_all(),
    }
}

fn check(v: &RouteMsg<&[u8]>, data: &[u8]) -> Seen {
    let h = RtMsg::parse(data).expect("parse succeeded, so the header is there");
    assert_eq!(v.header(), h);
    let fam = h.family;
    let attrs = data.get(RtMsg::LEN..).unwrap_or(&[]);
    let model = Model::new(Attrs::with_offset(attrs, RtMsg::LEN), route_ok);
    let u32_at = |k| model.get(k).map(ne_u32);

    // Every getter.
    assert_eq!(v.dst(), model.get(RTA_DST).map(ip_of));
    assert_eq!(v.src(), model.get(RTA_SRC).map(ip_of));
    assert_eq!(v.gateway(), model.get(RTA_GATEWAY).map(ip_of));
    assert_eq!(v.prefsrc(), model.get(RTA_PREFSRC).map(ip_of));
    assert_eq!(v.iif(), u32_at(RTA_IIF));
    assert_eq!(v.oif(), u32_at(RTA_OIF));
    assert_eq!(v.priority(), u32_at(RTA_PRIORITY));
    assert_eq!(v.flow(), u32_at(RTA_FLOW));
    assert_eq!(v.mark(), u32_at(RTA_MARK));
    assert_eq!(v.expires(), u32_at(RTA_EXPIRES));
    assert_eq!(v.uid(), u32_at(RTA_UID));
    assert_eq!(v.nh_id(), u32_at(RTA_NH_ID));
    assert_eq!(v.table_attr(), u32_at(RTA_TABLE));
    assert_eq!(v.table(), u32_at(RTA_TABLE).unwrap_or(h.table as u32));
    assert_eq!(v.cache_info(), model.get(RTA_CACHEINFO).map(cache_info_of));
    assert_eq!(
        v.via().as_ref().map(via_parts),
        model.get(RTA_VIA).map(via_of)
    );
    assert_eq!(v.pref(), model.get(RTA_PREF).map(|b| RoutePref(b[0])));
    assert_eq!(
        v.ttl_propagate(),
        model.get(RTA_TTL_PROPAGATE).map(|b| b[0])
    );
    assert_eq!(v.ip_proto(), model.get(RTA_IP_PROTO).map(|b| b[0]));
    let u16_at = |k| {
        model
            .get(k)
            .map(|b: &[u8]| u16::from_ne_bytes([b[0], b[1]]))
    };
    assert_eq!(v.encap_type(), u16_at(RTA_ENCAP_TYPE));
    let be16_at = |k| {
        model
            .get(k)
            .map(|b: &[u8]| u16::from_be_bytes([b[0], b[1]]))
    };
    assert_eq!(v.sport(), be16_at(RTA_SPORT));
    assert_eq!(v.dport(), be16_at(RTA_DPORT));
    assert_eq!(v.newdst(), model.get(RTA_NEWDST));
    assert_eq!(v.encap(), model.get(RTA_ENCAP));
    for k in [
        RTA_DST,
        RTA_OIF,
        RTA_MULTIPATH,
        RTA_PAD,
        0,
        31,
        200,
        u16::MAX,
    ] {
        assert_eq!(v.attr(k), model.get(k));
    }
    if let Some(via) = &v.via() {
        assert_eq!(via.ip(), via_ip(via));
        debug(via);
    }
    let gw = v.gateway().or_else(|| v.via().as_ref().and_then(via_ip));
    assert_eq!(v.gateway_ip(), gw);

    // The route's own count and first error.
    assert_eq!(v.malformed() as usize, model.bad.len(), "malformed");
    match v.check() {
        Ok(()) => assert!(model.bad.is_empty()),
        Err(e) => assert_eq!(
            Some(e.as_decode().unwrap().offset),
            model.bad.first().copied()
        ),
    }
    let mut all_bad = model.bad.clone();

    // RTA_METRICS: the nested table.
    let nest = model.get(RTA_METRICS);
    assert_eq!(v.metrics().is_some(), nest.is_some());
    let mut metrics_bad = Vec::new();
    if let (Some(m), Some(b)) = (v.metrics(), nest) {
        let at = b.as_ptr() as usize - data.as_ptr() as usize;
        check_metrics(&m, b);
        metrics_bad = Model::new(Attrs::with_offset(b, at), metric_ok).bad;
    }

    // RTA_MULTIPATH: walked lazily.
    let mp = model.get(RTA_MULTIPATH);
    assert_eq!(v.multipath().is_some(), mp.is_some());
    let (hops, hop_err) = match mp {
        Some(b) => hops_of(b, b.as_ptr() as usize - data.as_ptr() as usize),
        None => (Vec::new(), None),
    };
    let mut it = v.nexthops();
    let mut hops_bad = Vec::new();
    let mut owned_hops = Vec::new();
    for hm in &hops {
        let nh = match it.next() {
            Some(Ok(nh)) => nh,
            other => panic!("next hop at {}: {other:?}", hm.offset),
        };
        assert_eq!(nh.offset(), hm.offset);
        assert_eq!(nh.flags(), NextHopFlags::from_bits_retain(hm.flags));
        assert_eq!((nh.hops(), nh.ifindex()), (hm.hops, hm.ifindex));
        assert_eq!(nh.weight(), hm.hops as u16 + 1);
        let hmodel = Model::new(Attrs::with_offset(hm.attrs, hm.offset + 8), hop_ok);
        assert_eq!(nh.gateway(), hmodel.get(RTA_GATEWAY).map(ip_of));
        assert_eq!(
            nh.via().as_ref().map(via_parts),
            hmodel.get(RTA_VIA).map(via_of)
        );
        assert_eq!(nh.flow(), hmodel.get(RTA_FLOW).map(ne_u32));
        assert_eq!(
            nh.encap_type(),
            hmodel
                .get(RTA_ENCAP_TYPE)
                .map(|b| u16::from_ne_bytes([b[0], b[1]]))
        );
        assert_eq!(nh.malformed() as usize, hmodel.bad.len());
        match nh.check() {
            Ok(()) => assert!(hmodel.bad.is_empty()),
            Err(e) => {
                assert_eq!(
                    Some(e.as_decode().unwrap().offset),
                    hmodel.bad.first().copied()
                )
            }
        }
        hops_bad.extend(&hmodel.bad);
        let gw = nh.gateway().or_else(|| nh.via().as_ref().and_then(via_ip));
        assert_eq!(nh.gateway_ip(), gw);
        let o = nh.to_owned();
        assert_eq!(o, NextHop::from(&nh));
        assert_eq!(o.gateway_ip(), gw);
        assert_eq!(
            (o.weight, o.ifindex, o.flags),
            (nh.weight(), nh.ifindex(), nh.flags())
        );
        owned_hops.push(o);
        debug(&nh);
    }
    match (it.next(), hop_err) {
        (None, None) => {}
        (Some(Err(e)), Some(off)) => {
            let d = e.as_decode().expect("next hop error is a decode error");
            assert_eq!(d.offset, off, "next hop error offset");
            hops_bad.push(off);
        }
        (got, want) => panic!("after the next hops: {got:?}, model error at {want:?}"),
    }
    assert!(it.next().is_none(), "NextHops yielded after its end");
    assert!(it.next().is_none(), "NextHops yielded after its end");
    debug(&v.nexthops());
    assert_eq!(
        v.multipath().map(|m| m.count()),
        mp.map(|_| hops.len() + hop_err.is_some() as usize)
    );

    // Everything, nested included: counted, and the first in check order.
    all_bad.extend(&metrics_bad);
    all_bad.extend(&hops_bad);
    assert_eq!(
        v.malformed_all() as usize,
        all_bad.len().min(u16::MAX as usize)
    );
    let first = model
        .bad
        .first()
        .or(metrics_bad.first())
        .or(hops_bad.first())
        .copied();
    match v.check_all() {
        Ok(()) => assert!(first.is_none()),
        Err(e) => assert_eq!(Some(e.as_decode().unwrap().offset), first),
    }

    // Header and helpers.
    assert_eq!(v.family(), fam);
    assert_eq!(
        (v.dst_len(), v.src_len(), v.tos()),
        (h.dst_len, h.src_len, h.tos)
    );
    assert_eq!(v.kind(), RouteType(h.kind));
    assert_eq!(v.protocol(), RouteProtocol(h.protocol));
    assert_eq!(v.scope(), RouteScope(h.scope));
    assert_eq!(v.flags(), RouteFlags::from_bits_retain(h.flags));
    black_box((
        v.kind().name(),
        v.protocol().name(),
        v.scope().name(),
        v.pref().map(RoutePref::name),
        u8::from(v.kind()),
    ));
    debug(&(v.kind(), v.protocol(), v.scope(), v.pref()));
    let want = match (v.dst(), fam) {
        (Some(a), _) => Some(a),
        (None, AF_INET) => Some(Ipv4Addr::UNSPECIFIED.into()),
        (None, AF_INET6) => Some(Ipv6Addr::UNSPECIFIED.into()),
        _ => None,
    }
    .map(|a| Prefix::new(a, h.dst_len));
    assert_eq!(v.dst_prefix(), want);
    if let Some(p) = &want {
        check_prefix(p);
    }

    // Filters.
    let listed = !v.flags().contains(RouteFlags::CLONED);
    let ip_family = fam == AF_INET || fam == AF_INET6;
    assert_eq!(RouteFilter::all_tables().matches(v), listed && ip_family);
    assert_eq!(RouteFilter::table(v.table()).family(fam).matches(v), listed);
    assert_eq!(
        RouteFilter::main().matches(v),
        listed && ip_family && v.table() == RT_TABLE_MAIN
    );
    if let Some(oif) = v.oif().or(owned_hops.first().map(|h| h.ifindex)) {
        assert_eq!(
            RouteFilter::all_tables().family(fam).dev(oif).matches(v),
            listed
        );
    }
    debug(v);

    let s = seen(v);
    assert_eq!(s.hops, owned_hops);
    s
}

/// The request form, encoded after the same header and parsed again,
/// says the same (for a whole route; attributes the table does not
/// declare are not in it).
fn check_spec(v: &RouteMsg<&[u8]>, s: &Seen) {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::REQUEST, 1, 0);
    e.header(&v.header());
    s.spec.encode(&mut e);
    if e.finish().is_err() {
        return;
    }
    let m = Message::parse(&buf).expect("an encoded route");
    let back = RouteMsg::parse(m.payload()).expect("an encoded route has its rtmsg");
    if v.malformed_all() == 0 {
        assert_eq!(back.malformed(), 0, "{:?}", s.spec);
        assert_eq!(back.to_spec(), s.spec);
    }
}

/// `RouteEntry::to_request` names the route: encoded and decoded again, an
/// IPv4 or IPv6 route comes back with the same selectors.
fn check_request(o: &RouteEntry, len: usize) {
    let req = o.to_request();
    debug(&req);
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    match e.finish() {
        Ok(_) => {}
        Err(Error::Encode(EncodeError::AttrTooLarge { .. })) if len > 60_000 => return,
        Err(e) => panic!("a route's request does not encode: {e}\n{req:?}"),
    }
    let m = Message::parse(&buf).expect("an encoded route request");
    let Ok(b) = RouteMsg::parse(m.payload()) else {
        panic!("an encoded route request has no rtmsg");
    };
    // The delete form encodes too.
    let mut del = Vec::new();
    let mut e = Encoder::new(&mut del, MsgType::RTM_DELROUTE, Flags::REQUEST, 1, 0);
    req.encode_delete(&mut e);
    let _ = e.finish();

    if o.family() != AF_INET && o.family() != AF_INET6 {
        return;
    }
    // A destination of the other family (never from the kernel) makes a
    // request of that family.
    let fam_of = |a: IpAddr| if a.is_ipv4() { AF_INET } else { AF_INET6 };
    if o.dst().is_some_and(|a| fam_of(a) != o.family()) {
        return;
    }
    if let Err(e) = b.check_all() {
        panic!("a route's request does not decode: {e}\n{req:?}");
    }
    let p = o.dst_prefix().expect("an IP route has a prefix");
    assert_eq!(b.family(), o.family());
    assert_eq!(b.dst_prefix().unwrap().network(), p.network(), "dst");
    assert_eq!(b.dst_len(), p.len());
    assert_eq!(b.src(), o.src());
    assert_eq!(
        b.src_len(),
        o.src().map_or(0, |a| Prefix::new(a, o.src_len()).len())
    );
    assert_eq!(
        (b.tos(), b.table(), b.protocol(), b.scope(), b.kind()),
        (o.tos(), o.table(), o.protocol(), o.scope(), o.kind())
    );
    assert_eq!(b.flags(), o.flags() & RouteFlags::ONLINK);
    assert_eq!(b.gateway_ip(), o.gateway_ip(), "gateway");
    assert_eq!(
        (b.oif(), b.priority(), b.prefsrc()),
        (o.oif(), o.priority(), o.prefsrc())
    );
    assert_eq!(
        b.metrics().map(|m| m.to_spec()).unwrap_or_default(),
        o.metrics().map(|m| m.to_spec()).unwrap_or_default()
    );
    assert_eq!((b.pref(), b.nh_id()), (o.pref(), o.nh_id()));
    let bh: Vec<_> = b.nexthops().map(|h| h.unwrap()).collect();
    let oh: Vec<_> = o.nexthops().map_while(|h| h.ok()).collect();
    assert_eq!(bh.len(), oh.len());
    for (x, y) in bh.iter().zip(&oh) {
        assert_eq!(x.gateway_ip(), y.gateway_ip(), "next hop gateway");
        assert_eq!((x.ifindex(), x.weight()), (y.ifindex(), y.weight()));
        assert_eq!(x.flags(), y.flags() & NextHopFlags::ONLINK);
    }
}

fuzz_target!(|data: &[u8]| {
    allow_formats(24);
    let v = match RouteMsg::parse(data) {
        Ok(v) => v,
        Err(err) => {
            assert!(data.len() < RtMsg::LEN, "{err}");
            return;
        }
    };
    let s = check(&v, data);
    check_spec(&v, &s);

    // The owned copy says the same; so does one without the cache info.
    let o: RouteEntry = v.owned();
    assert_eq!(o.as_view(), v);
    assert_eq!(seen(&o.as_view()), s);
    let w = v.without(&[RTA_CACHEINFO]);
    assert_eq!(w.cache_info(), None);
    assert_eq!((w.dst(), w.oif(), w.table()), (v.dst(), v.oif(), v.table()));
    check_request(&o, data.len());

    // In a larger buffer, after other bytes: the same.
    let mut shifted = vec![0xa5u8; 8];
    shifted.extend_from_slice(data);
    let v2 = RouteMsg::parse(&shifted[8..]).unwrap();
    assert_eq!(seen(&v2), s);
});
