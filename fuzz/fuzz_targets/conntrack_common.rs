//! What the conntrack targets share (included with `#[path]`; not a target
//! of its own): the checks of each conntrack table's view against the
//! model of its index (`nlstack_fuzz::table`), and a request encoder.
#![allow(dead_code)]

use std::hint::black_box;

use nlstack::wire::{Encoder, Flags, MsgType, NfGenMsg};
#[allow(unused_imports)]
pub use nlstack_fuzz::table::{Model, Table, attrs_of, model, nested, verify};

/// Encodes a request form after an `nfgenmsg` (family `family`), as a
/// whole message; returns the payload. `None` when it does not fit: a
/// nest of the input within a few bytes of 64 KiB can come back larger
/// (padding the input left out at a nest's end, a NUL added to a name
/// sent without one), so only an input of at least 64 KiB may fail.
pub fn encode_payload(
    input_len: usize,
    family: u8,
    kind: MsgType,
    f: impl FnOnce(&mut Encoder<'_>),
) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, kind, Flags::REQUEST, 1, 0);
    e.header(&NfGenMsg {
        family,
        version: 0,
        res_id: 0,
    });
    f(&mut e);
    if let Err(err) = e.finish() {
        assert!(
            input_len >= 65_000,
            "a re-encoded value does not fit: {err}"
        );
        return None;
    }
    Some(buf.split_off(16))
}

// ---- The conntrack tables and their visitors -------------------------

use nlstack::netfilter::conntrack::*;

fn be16(b: Option<&[u8]>) -> Option<u16> {
    Some(u16::from_be_bytes(b?.try_into().unwrap()))
}
fn be32(b: Option<&[u8]>) -> Option<u32> {
    Some(u32::from_be_bytes(b?.try_into().unwrap()))
}
fn be64(b: Option<&[u8]>) -> Option<u64> {
    Some(u64::from_be_bytes(b?.try_into().unwrap()))
}
fn cstr(b: Option<&[u8]>) -> Option<&[u8]> {
    let b = b?;
    Some(&b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())])
}

/// Calls each getter and keeps its value.
macro_rules! touch {
    ($v:expr; $($f:ident),* $(,)?) => {$( black_box($v.$f()); )*};
}

/// A nested view of table `$t` from getter `$f` (attribute `$k`) of `$v`:
/// checked, visited with `$visit`; its malformed count (nested ones
/// included) added to `$bad`.
macro_rules! nest {
    ($bad:ident, $v:expr, $f:ident, $k:expr, $visit:expr) => {
        assert_eq!($v.$f().is_some(), $v.attr($k).is_some());
        if let Some(n) = $v.$f() {
            $bad += nested(&n, $v.attr($k));
            $bad += $visit(&n);
        }
    };
}

pub fn tuple_ip(t: &TupleIp<&[u8]>) -> u32 {
    touch!(t; v4_src, v4_dst, v6_src, v6_dst);
    assert_eq!(
        t.v4_src().map(|a| a.octets().to_vec()),
        t.attr(CTA_IP_V4_SRC).map(<[u8]>::to_vec)
    );
    assert_eq!(
        t.v6_dst().map(|a| a.octets().to_vec()),
        t.attr(CTA_IP_V6_DST).map(<[u8]>::to_vec)
    );
    0
}

pub fn tuple_proto(p: &TupleProto<&[u8]>) -> u32 {
    touch!(p; num, icmp_id, icmp_type, icmp_code, icmpv6_id, icmpv6_type, icmpv6_code);
    assert_eq!(p.src_port(), be16(p.attr(CTA_PROTO_SRC_PORT)));
    assert_eq!(p.dst_port(), be16(p.attr(CTA_PROTO_DST_PORT)));
    assert_eq!(p.num(), p.attr(CTA_PROTO_NUM).map(|b| b[0]));
    0
}

pub fn tuple(t: &Tuple<&[u8]>) -> u32 {
    let mut bad = 0;
    nest!(bad, t, ip, CTA_TUPLE_IP, tuple_ip);
    nest!(bad, t, proto, CTA_TUPLE_PROTO, tuple_proto);
    assert_eq!(t.zone(), be16(t.attr(CTA_TUPLE_ZONE)));
    let ip = t.ip();
    let want_src = ip.and_then(|ip| {
        ip.v4_src()
            .map(std::net::IpAddr::V4)
            .or_else(|| ip.v6_src().map(std::net::IpAddr::V6))
    });
    assert_eq!(t.src(), want_src);
    touch!(t; dst, protocol, src_port, dst_port);
    assert_eq!(t.src_port(), t.proto().and_then(|p| p.src_port()));
    bad
}

fn protoinfo_tcp(p: &ProtoInfoTcp<&[u8]>) -> u32 {
    touch!(p; state, wscale_original, wscale_reply, flags_original, flags_reply);
    0
}

fn protoinfo_sctp(p: &ProtoInfoSctp<&[u8]>) -> u32 {
    touch!(p; state, vtag_original, vtag_reply);
    0
}

fn protoinfo(p: &ProtoInfo<&[u8]>) -> u32 {
    let mut bad = 0;
    nest!(bad, p, tcp, CTA_PROTOINFO_TCP, protoinfo_tcp);
    nest!(bad, p, sctp, CTA_PROTOINFO_SCTP, protoinfo_sctp);
    assert_eq!(p.dccp(), p.attr(CTA_PROTOINFO_DCCP));
    bad
}

fn counters(c: &Counters<&[u8]>) -> u32 {
    assert_eq!(c.packets(), be64(c.attr(CTA_COUNTERS_PACKETS)));
    assert_eq!(c.bytes(), be64(c.attr(CTA_COUNTERS_BYTES)));
    touch!(c; packets32, bytes32);
    0
}

fn help(h: &Help<&[u8]>) -> u32 {
    assert_eq!(h.name(), cstr(h.attr(CTA_HELP_NAME)));
    assert_eq!(h.info(), h.attr(CTA_HELP_INFO));
    0
}

fn nat(n: &Nat<&[u8]>) -> u32 {
    let mut bad = 0;
    touch!(n; v4_min, v4_max, v6_min, v6_max);
    nest!(bad, n, proto, CTA_NAT_PROTO, |p: &NatProto<&[u8]>| {
        touch!(p; port_min, port_max);
        0
    });
    bad
}

fn seq_adj(s: &SeqAdj<&[u8]>) -> u32 {
    touch!(s; correction_pos, offset_before, offset_after);
    0
}

fn secctx(s: &SecCtx<&[u8]>) -> u32 {
    assert_eq!(s.name(), cstr(s.attr(CTA_SECCTX_NAME)));
    0
}

fn timestamp(t: &Timestamp<&[u8]>) -> u32 {
    touch!(t; start, stop);
    0
}

fn synproxy(s: &Synproxy<&[u8]>) -> u32 {
    touch!(s; isn, its, tsoff);
    0
}

fn filter_flags(f: &FilterFlags<&[u8]>) -> u32 {
    touch!(f; orig, reply);
    0
}

pub struct Seen {
    /// Malformed attributes, nested ones included.
    pub bad: u32,
    /// The top level had a duplicate or an undeclared kind.
    pub dup_or_unknown: bool,
    /// A good attribute past 256 KiB.
    pub beyond: bool,
}

/// Every getter of an entry, nested views included, against the model.
pub fn entry(e: &Entry<&[u8]>) -> Seen {
    let m = verify(e);
    let mut bad = m.malformed;
    let b = e.as_bytes();
    assert_eq!(e.family(), b[0]);
    let h = e.nfgenmsg();
    assert_eq!((h.family, h.version), (b[0], b[1]));
    assert_eq!(e.status(), be32(e.attr(CTA_STATUS)));
    assert_eq!(e.status_flags().map(|s| s.bits()), e.status());
    assert_eq!(e.timeout(), be32(e.attr(CTA_TIMEOUT)));
    assert_eq!(e.mark(), be32(e.attr(CTA_MARK)));
    assert_eq!(e.use_count(), be32(e.attr(CTA_USE)));
    assert_eq!(e.id(), be32(e.attr(CTA_ID)));
    assert_eq!(e.secmark(), be32(e.attr(CTA_SECMARK)));
    assert_eq!(e.zone(), be16(e.attr(CTA_ZONE)));
    assert_eq!(e.mark_mask(), be32(e.attr(CTA_MARK_MASK)));
    assert_eq!(e.status_mask(), be32(e.attr(CTA_STATUS_MASK)));
    assert_eq!(e.labels(), e.attr(CTA_LABELS));
    assert_eq!(e.labels_mask(), e.attr(CTA_LABELS_MASK));
    let labels = e.labels().unwrap_or(&[]);
    for n in [0u16, 1, 31, 32, 33, 64, 127, 128, 1000, u16::MAX] {
        let w = n as usize / 32 * 4;
        let want = labels
            .get(w..w + 4)
            .is_some_and(|w| u32::from_ne_bytes(w.try_into().unwrap()) >> (n % 32) & 1 == 1);
        assert_eq!(e.has_label(n), want, "label {n}");
    }
    assert_eq!(e.protocol(), e.orig().and_then(|t| t.protocol()));
    assert_eq!(
        e.tcp_state(),
        e.protoinfo().and_then(|p| p.tcp().and_then(|t| t.state()))
    );
    nest!(bad, e, orig, CTA_TUPLE_ORIG, tuple);
    nest!(bad, e, reply, CTA_TUPLE_REPLY, tuple);
    nest!(bad, e, master, CTA_TUPLE_MASTER, tuple);
    nest!(bad, e, protoinfo, CTA_PROTOINFO, protoinfo);
    nest!(bad, e, help, CTA_HELP, help);
    nest!(bad, e, nat_src, CTA_NAT_SRC, nat);
    nest!(bad, e, nat_dst, CTA_NAT_DST, nat);
    nest!(bad, e, counters_orig, CTA_COUNTERS_ORIG, counters);
    nest!(bad, e, counters_reply, CTA_COUNTERS_REPLY, counters);
    nest!(bad, e, seq_adj_orig, CTA_SEQ_ADJ_ORIG, seq_adj);
    nest!(bad, e, seq_adj_reply, CTA_SEQ_ADJ_REPLY, seq_adj);
    nest!(bad, e, secctx, CTA_SECCTX, secctx);
    nest!(bad, e, timestamp, CTA_TIMESTAMP, timestamp);
    nest!(bad, e, synproxy, CTA_SYNPROXY, synproxy);
    nest!(bad, e, filter, CTA_FILTER, filter_flags);
    Seen {
        bad,
        dup_or_unknown: m.dup_or_unknown,
        beyond: m.beyond,
    }
}

/// Everything an entry offers: the visit, the owned copy, the request
/// form and its round trip, `Debug`, a few filters.
pub fn entry_all(e: &Entry<&[u8]>) -> Seen {
    let seen = entry(e);
    let o = e.owned();
    assert_eq!(o.as_view(), *e);
    assert_eq!(o.as_bytes(), e.as_bytes());
    let spec = e.to_spec();
    assert_eq!(o.to_spec(), spec);
    nlstack_fuzz::debug(e);
    nlstack_fuzz::debug(&o);
    nlstack_fuzz::debug(&spec);
    // The request form encoded and parsed again gives the same request
    // form (what was dropped stays dropped, what was kept is kept).
    let Some(again) = encode_payload(e.as_bytes().len(), e.family(), IPCTNL_MSG_CT_NEW, |enc| {
        spec.encode(enc)
    }) else {
        return seen;
    };
    let e2 = Entry::parse(&again[..]).expect("a re-encoded entry parses");
    let seen2 = entry(&e2);
    assert_eq!(seen2.bad, 0, "a re-encoded entry is whole");
    assert_eq!(e2.to_spec(), spec, "the round trip of the request form");
    if seen.bad == 0 && !seen.dup_or_unknown {
        // A whole entry: the re-encoded one has the same value for each
        // top-level scalar.
        touch!(e2; status, timeout, mark, zone, id, use_count, labels);
        assert_eq!(
            (e2.status(), e2.timeout(), e2.mark()),
            (e.status(), e.timeout(), e.mark())
        );
        assert_eq!(
            (e2.zone(), e2.id(), e2.labels()),
            (e.zone(), e.id(), e.labels())
        );
    }
    for f in [
        Filter::new(),
        Filter::new().protocol(17).orig_dst_port(53),
        Filter::new()
            .orig_src("10.0.0.0/8".parse().unwrap())
            .reply_dst("::/0".parse().unwrap())
            .mark(1, 0xff)
            .zone(3)
            .label(5),
    ] {
        black_box(f.matches(e));
    }
    seen
}

fn expect_nat(n: &ExpectNat<&[u8]>) -> u32 {
    let mut bad = 0;
    touch!(n; dir);
    nest!(bad, n, tuple, CTA_EXPECT_NAT_TUPLE, tuple);
    bad
}

/// Every getter of an expectation, nested views included.
pub fn expect(x: &Expect<&[u8]>) -> u32 {
    let m = verify(x);
    let mut bad = m.malformed;
    assert_eq!(x.family(), x.as_bytes()[0]);
    assert_eq!(x.timeout(), be32(x.attr(CTA_EXPECT_TIMEOUT)));
    assert_eq!(x.id(), be32(x.attr(CTA_EXPECT_ID)));
    assert_eq!(x.helper(), cstr(x.attr(CTA_EXPECT_HELP_NAME)));
    assert_eq!(x.function(), cstr(x.attr(CTA_EXPECT_FN)));
    touch!(x; zone, flags, class);
    nest!(bad, x, master, CTA_EXPECT_MASTER, tuple);
    nest!(bad, x, tuple, CTA_EXPECT_TUPLE, tuple);
    nest!(bad, x, mask, CTA_EXPECT_MASK, tuple);
    nest!(bad, x, nat, CTA_EXPECT_NAT, expect_nat);
    bad
}

/// An expectation's owned copy, request form and its round trip, `Debug`.
pub fn expect_all(x: &Expect<&[u8]>) -> u32 {
    let bad = expect(x);
    let o = x.owned();
    assert_eq!(o.as_view(), *x);
    let spec = x.to_spec();
    assert_eq!(o.to_spec(), spec);
    nlstack_fuzz::debug(x);
    nlstack_fuzz::debug(&spec);
    let Some(again) = encode_payload(x.as_bytes().len(), x.family(), IPCTNL_MSG_EXP_NEW, |enc| {
        spec.encode(enc)
    }) else {
        return bad;
    };
    let x2 = Expect::parse(&again[..]).expect("a re-encoded expectation parses");
    assert_eq!(expect(&x2), 0, "a re-encoded expectation is whole");
    assert_eq!(x2.to_spec(), spec, "the round trip of the request form");
    bad
}
