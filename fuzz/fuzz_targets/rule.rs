//! Decodes the input with the declared `RuleMsg` table and with
//! `NsIdMsg` (see `nlstack_fuzz::route` for how the input becomes
//! messages; for rules, its first 16 bytes stand for the `nlmsghdr` and
//! the rest is the payload).
//!
//! Rules: every getter against a model of the attributes (addresses of 4
//! or 16 bytes, names of at most `IFNAMSIZ` bytes, ranges, -1 as "unset"
//! for the suppressors, table and priority over their defaults, ...),
//! `malformed()` and `check()` against the model, the header's getters
//! and helpers, the owned copy, the same bytes at another offset, the
//! request form (`to_spec()` encoded and parsed again), and
//! `to_request`: encoded and decoded again it gives the same rule (less
//! the flags the kernel sets and prefix lengths without a prefix).
//!
//! Namespace ids: every field against the model, errors, `assigned()`,
//! the owned copy.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::Result;
use nlstack::route::AttrErrors;
use nlstack::route::nsid::*;
use nlstack::route::rule::*;
use nlstack::wire::{
    Attr, Attrs, Encoder, FamilyHeader, FibRuleHdr, Flags, Message, MsgType, RtGenMsg,
};
use nlstack_fuzz::route::{FORMATS, View, check_errors, field, list, run, simple};
use nlstack_fuzz::{allow_formats, debug};

#[path = "neigh_rule_common.rs"]
mod common;

struct NsIds;

impl View for NsIds {
    const HDR_LEN: usize = RtGenMsg::LEN;
    type Msg<'a> = NsIdMsg<'a>;
    type Owned = NsIdEntry;
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        NsIdMsg::parse(m)
    }
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        NsIdMsg::parse_strict(m)
    }
    fn errors(v: &Self::Msg<'_>) -> AttrErrors {
        v.errors
    }
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a> {
        v.attrs.clone()
    }
    fn owned(v: &Self::Msg<'_>) -> NsIdEntry {
        v.to_owned()
    }
    fn owned_from(v: &Self::Msg<'_>) -> NsIdEntry {
        NsIdEntry::from(v)
    }
    fn check<'a>(v: &Self::Msg<'a>, msg: &Message<'a>, _buf: &'a [u8]) {
        check_nsid(v, msg);
    }
}

fn range_of(a: &Attr<'_>) -> Option<PortRange> {
    let b = a.array::<4>().ok()?;
    Some(PortRange {
        start: u16::from_ne_bytes([b[0], b[1]]),
        end: u16::from_ne_bytes([b[2], b[3]]),
    })
}

/// A name: at most 16 bytes, read up to its first NUL.
fn name_of<'a>(a: &Attr<'a>) -> Option<&'a [u8]> {
    let v = a.value();
    (v.len() <= 16).then(|| v.split(|&b| b == 0).next().unwrap_or(v))
}

/// Every getter, for comparing two rules.
#[derive(Debug, PartialEq)]
struct Getters<'a> {
    header: (u8, u8, u8, u8, RuleAction, RuleFlags, u32, u32),
    addrs: (Option<std::net::IpAddr>, Option<std::net::IpAddr>),
    names: (Option<&'a [u8]>, Option<&'a [u8]>),
    u32s: [Option<u32>; 9],
    tun_id: Option<u64>,
    u8s: [Option<u8>; 5],
    uid_range: Option<UidRange>,
    ports: (
        Option<PortRange>,
        Option<PortRange>,
        Option<u16>,
        Option<u16>,
    ),
}

fn getters<'a>(v: &RuleMsg<&'a [u8]>) -> Getters<'a> {
    Getters {
        header: (
            v.family(),
            v.src_len(),
            v.dst_len(),
            v.tos(),
            v.action(),
            v.flags(),
            v.table(),
            v.pref(),
        ),
        addrs: (v.src(), v.dst()),
        names: (v.iif(), v.oif()),
        u32s: [
            v.goto(),
            v.fwmark(),
            v.fwmask(),
            v.flow(),
            v.suppress_ifgroup(),
            v.suppress_prefixlen(),
            v.flowlabel(),
            v.flowlabel_mask(),
            v.priority(),
        ],
        tun_id: v.tun_id(),
        u8s: [
            v.l3mdev(),
            v.protocol(),
            v.ip_proto(),
            v.dscp(),
            v.dscp_mask(),
        ],
        uid_range: v.uid_range(),
        ports: (v.sport(), v.dport(), v.sport_mask(), v.dport_mask()),
    }
}

fn check_rule(data: &[u8], v: &RuleMsg<&[u8]>) {
    let (l, err) = common::attrs(data, FibRuleHdr::LEN);
    let h = FibRuleHdr::parse(data).expect("parse checked the header");

    let mut model = Vec::new();
    for a in &l {
        let n = a.value().len();
        let bad = match a.kind() {
            FRA_DST | FRA_SRC => common::ip_any(a).is_none(),
            FRA_IIFNAME | FRA_OIFNAME => n > 16,
            FRA_GOTO
            | FRA_PRIORITY
            | FRA_FWMARK
            | FRA_FWMASK
            | FRA_FLOW
            | FRA_SUPPRESS_IFGROUP
            | FRA_SUPPRESS_PREFIXLEN
            | FRA_TABLE
            | FRA_FLOWLABEL
            | FRA_FLOWLABEL_MASK => n != 4,
            FRA_TUN_ID | FRA_UID_RANGE => n != 8,
            FRA_L3MDEV | FRA_PROTOCOL | FRA_IP_PROTO | FRA_DSCP | FRA_DSCP_MASK => n != 1,
            FRA_SPORT_RANGE | FRA_DPORT_RANGE => n != 4,
            FRA_SPORT_MASK | FRA_DPORT_MASK => n != 2,
            _ => false,
        };
        if bad {
            model.push(a.offset());
        }
    }
    model.extend(err);
    common::check_malformed("rule", v.malformed(), v.check(), &model);

    let u32_of = |a: &Attr<'_>| a.u32().ok();
    let u8_of = |a: &Attr<'_>| a.u8().ok();
    let set = |a: &Attr<'_>| a.u32().ok().map(|x| (x != u32::MAX).then_some(x));
    simple("src", &l, FRA_SRC, v.src(), common::ip_any);
    simple("dst", &l, FRA_DST, v.dst(), common::ip_any);
    simple("iif", &l, FRA_IIFNAME, v.iif(), name_of);
    simple("oif", &l, FRA_OIFNAME, v.oif(), name_of);
    simple("goto", &l, FRA_GOTO, v.goto(), u32_of);
    simple("priority", &l, FRA_PRIORITY, v.priority(), u32_of);
    simple("fwmark", &l, FRA_FWMARK, v.fwmark(), u32_of);
    simple("fwmask", &l, FRA_FWMASK, v.fwmask(), u32_of);
    simple("flow", &l, FRA_FLOW, v.flow(), u32_of);
    simple("tun_id", &l, FRA_TUN_ID, v.tun_id(), |a| a.be64().ok());
    simple(
        "suppress_ifgroup_raw",
        &l,
        FRA_SUPPRESS_IFGROUP,
        v.suppress_ifgroup_raw(),
        u32_of,
    );
    field(
        "suppress_ifgroup",
        &l,
        FRA_SUPPRESS_IFGROUP,
        v.suppress_ifgroup(),
        None,
        set,
    );
    simple(
        "suppress_prefixlen_raw",
        &l,
        FRA_SUPPRESS_PREFIXLEN,
        v.suppress_prefixlen_raw(),
        u32_of,
    );
    field(
        "suppress_prefixlen",
        &l,
        FRA_SUPPRESS_PREFIXLEN,
        v.suppress_prefixlen(),
        None,
        set,
    );
    simple("table_id", &l, FRA_TABLE, v.table_id(), u32_of);
    simple("pad", &l, FRA_PAD, v.pad(), |a| Some(a.value()));
    simple("l3mdev", &l, FRA_L3MDEV, v.l3mdev(), u8_of);
    simple("uid_range", &l, FRA_UID_RANGE, v.uid_range(), |a| {
        let b = a.array::<8>().ok()?;
        Some(UidRange {
            start: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            end: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
        })
    });
    simple("protocol", &l, FRA_PROTOCOL, v.protocol(), u8_of);
    simple("ip_proto", &l, FRA_IP_PROTO, v.ip_proto(), u8_of);
    simple("sport", &l, FRA_SPORT_RANGE, v.sport(), range_of);
    simple("dport", &l, FRA_DPORT_RANGE, v.dport(), range_of);
    simple("sport_mask", &l, FRA_SPORT_MASK, v.sport_mask(), |a| {
        a.u16().ok()
    });
    simple("dport_mask", &l, FRA_DPORT_MASK, v.dport_mask(), |a| {
        a.u16().ok()
    });
    simple("dscp", &l, FRA_DSCP, v.dscp(), u8_of);
    simple("dscp_mask", &l, FRA_DSCP_MASK, v.dscp_mask(), u8_of);
    simple("flowlabel", &l, FRA_FLOWLABEL, v.flowlabel(), |a| {
        a.be32().ok()
    });
    simple(
        "flowlabel_mask",
        &l,
        FRA_FLOWLABEL_MASK,
        v.flowlabel_mask(),
        |a| a.be32().ok(),
    );
    field(
        "table",
        &l,
        FRA_TABLE,
        Some(v.table()),
        Some(h.table as u32),
        |a| Some(Some(a.u32().ok()?)),
    );
    field("pref", &l, FRA_PRIORITY, Some(v.pref()), Some(0), |a| {
        Some(Some(a.u32().ok()?))
    });

    assert_eq!(v.header(), h);
    assert_eq!(v.action(), RuleAction(h.action));
    assert_eq!(v.flags(), RuleFlags::from_bits_retain(h.flags));
    assert_eq!(
        (v.family(), v.src_len(), v.dst_len(), v.tos()),
        (h.family, h.src_len, h.dst_len, h.tos)
    );
    assert_eq!(v.is_inverted(), v.flags().contains(RuleFlags::INVERT));
    assert_eq!(
        v.action().name().is_some(),
        matches!(v.action().0, 0..=3 | 6..=8)
    );
    debug(&v.action());
    debug(v);
    black_box((h.res1, h.res2));

    // The owned copy: the same bytes, the same index, the same getters.
    let o: Rule = v.owned();
    assert_eq!(o.as_view(), *v);
    assert_eq!(getters(&o.as_view()), getters(v));
    assert_eq!(RuleMsg::parse(Box::<[u8]>::from(data)).unwrap(), o);
    assert_eq!(o.to_request(), v.to_request());
    debug(&o);

    // The request form, under the same header, parsed again (a name of
    // 16 bytes without its NUL comes back with one, 17 bytes: left out).
    let spec = v.to_spec();
    if [v.iif(), v.oif()].iter().flatten().all(|n| n.len() < 16) {
        let mut buf = Vec::new();
        let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWRULE, Flags::REQUEST, 1, 0);
        e.header(&h);
        spec.encode(&mut e);
        e.finish().expect("a rule's spec encodes");
        let back = RuleMsg::parse(&buf[16..]).expect("an encoded rule");
        assert_eq!(back.malformed(), 0, "{spec:?}");
        assert_eq!(back.to_spec(), spec);
    }

    // to_request names exactly this rule: encoded and decoded again, it
    // is the same rule.
    let req = v.to_request();
    debug(&req);
    if [v.iif(), v.oif()].iter().flatten().any(|n| n.len() >= 16) {
        return;
    }
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWRULE, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    e.finish().expect("a rule's request does not encode");
    let m = Message::parse(&buf).expect("an encoded rule request");
    let back = RuleMsg::parse(m.payload()).expect("an encoded rule request");
    back.check()
        .unwrap_or_else(|e| panic!("a rule's request does not decode: {e}\n{req:?}"));
    let mut want = getters(v);
    // What the kernel sets is not asked for; a prefix length without a
    // prefix is not sent; the priority is always sent.
    want.header.5 &= !(RuleFlags::UNRESOLVED | RuleFlags::IIF_DETACHED | RuleFlags::OIF_DETACHED);
    if want.addrs.0.is_none() {
        want.header.1 = 0;
    }
    if want.addrs.1.is_none() {
        want.header.2 = 0;
    }
    want.u32s[8] = Some(v.pref());
    assert_eq!(
        getters(&back),
        want,
        "a rule's request decodes to another rule"
    );
    assert_eq!(back.to_request(), req);
}

fn check_nsid(v: &NsIdMsg<'_>, msg: &Message<'_>) {
    let (l, err) = list(v.attrs.clone());
    let mut model = Vec::new();
    for a in &l {
        if matches!(a.kind(), 1..=5) && a.value().len() != 4 {
            model.push(a.offset());
        }
    }
    model.extend(err);
    check_errors("nsid", &v.errors, &model);

    let i32_of = |a: &Attr<'_>| a.i32().ok();
    simple("nsid", &l, NETNSA_NSID, v.nsid, i32_of);
    simple("pid", &l, NETNSA_PID, v.pid, |a| a.u32().ok());
    simple("fd", &l, NETNSA_FD, v.fd, |a| a.u32().ok());
    simple("target_nsid", &l, NETNSA_TARGET_NSID, v.target_nsid, i32_of);
    simple(
        "current_nsid",
        &l,
        NETNSA_CURRENT_NSID,
        v.current_nsid,
        i32_of,
    );
    assert_eq!(Some(v.family), msg.payload().first().copied());
    assert_eq!(v.assigned(), v.nsid.filter(|&n| n >= 0));
    if v.nsid == Some(NETNSA_NSID_NOT_ASSIGNED) {
        assert_eq!(v.assigned(), None);
    }

    let o = v.to_owned();
    assert_eq!(
        (o.nsid, o.pid, o.fd, o.target_nsid, o.current_nsid),
        (v.nsid, v.pid, v.fd, v.target_nsid, v.current_nsid)
    );
}

fuzz_target!(|data: &[u8]| {
    allow_formats(FORMATS);
    let payload = data.get(16..).unwrap_or(&[]);
    match RuleMsg::parse(payload) {
        Ok(v) => {
            check_rule(payload, &v);
            // In a larger buffer, after other bytes: the same.
            let mut shifted = vec![0xa5u8; 8];
            shifted.extend_from_slice(payload);
            let v2 = RuleMsg::parse(&shifted[8..]).unwrap();
            assert_eq!(v2, v);
            assert_eq!(v2.to_spec(), v.to_spec());
        }
        Err(e) => assert!(payload.len() < FibRuleHdr::LEN, "{e}"),
    }
    run::<NsIds>(data);
});
