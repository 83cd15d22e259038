//! Decodes each message with `RuleMsg` and with `NsIdMsg` (see
//! `nlstack_fuzz::route` for how the input becomes messages).
//!
//! Rules: every field against a model of the attributes (addresses of the
//! header's family, names, ranges, -1 as "unset" for the suppressors,
//! table and priority over their defaults, ...), the error count and the
//! first error's offset, the helpers, the owned copy, and
//! `Rule::to_request`: encoded and decoded again it gives the same rule
//! (less the flags the kernel sets and prefix lengths without a prefix).
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
use nlstack_fuzz::route::{FORMATS, View, check_errors, field, ip_of, list, run, simple};
use nlstack_fuzz::{allow_formats, debug};

struct Rules;

impl View for Rules {
    const HDR_LEN: usize = FibRuleHdr::LEN;
    type Msg<'a> = RuleMsg<'a>;
    type Owned = Rule;
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        RuleMsg::parse(m)
    }
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        RuleMsg::parse_strict(m)
    }
    fn errors(v: &Self::Msg<'_>) -> AttrErrors {
        v.errors
    }
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a> {
        v.attrs.clone()
    }
    fn owned(v: &Self::Msg<'_>) -> Rule {
        v.to_owned()
    }
    fn owned_from(v: &Self::Msg<'_>) -> Rule {
        Rule::from(v)
    }
    fn check<'a>(v: &Self::Msg<'a>, _msg: &Message<'a>, _buf: &'a [u8]) {
        check_rule(v);
    }
}

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

fn check_rule(v: &RuleMsg<'_>) {
    let fam = v.header.family;
    let (l, err) = list(v.attrs.clone());

    let mut model = Vec::new();
    for a in &l {
        let n = a.value().len();
        let bad = match a.kind() {
            FRA_DST | FRA_SRC => ip_of(fam, a).is_none(),
            FRA_IIFNAME | FRA_OIFNAME => a.text().is_err(),
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
    check_errors("rule", &v.errors, &model);

    let u32_of = |a: &Attr<'_>| a.u32().ok();
    let u8_of = |a: &Attr<'_>| a.u8().ok();
    let set = |a: &Attr<'_>| a.u32().ok().map(|x| (x != u32::MAX).then_some(x));
    simple("src", &l, FRA_SRC, v.src, |a| ip_of(fam, a));
    simple("dst", &l, FRA_DST, v.dst, |a| ip_of(fam, a));
    simple("iif", &l, FRA_IIFNAME, v.iif, |a| a.text().ok());
    simple("oif", &l, FRA_OIFNAME, v.oif, |a| a.text().ok());
    simple("goto", &l, FRA_GOTO, v.goto, u32_of);
    simple("fwmark", &l, FRA_FWMARK, v.fwmark, u32_of);
    simple("fwmask", &l, FRA_FWMASK, v.fwmask, u32_of);
    simple("flow", &l, FRA_FLOW, v.flow, u32_of);
    simple("tun_id", &l, FRA_TUN_ID, v.tun_id, |a| a.be64().ok());
    field(
        "suppress_ifgroup",
        &l,
        FRA_SUPPRESS_IFGROUP,
        v.suppress_ifgroup,
        None,
        set,
    );
    field(
        "suppress_prefixlen",
        &l,
        FRA_SUPPRESS_PREFIXLEN,
        v.suppress_prefixlen,
        None,
        set,
    );
    simple("l3mdev", &l, FRA_L3MDEV, v.l3mdev, u8_of);
    simple("uid_range", &l, FRA_UID_RANGE, v.uid_range, |a| {
        let b = a.array::<8>().ok()?;
        Some(UidRange {
            start: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            end: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
        })
    });
    simple("protocol", &l, FRA_PROTOCOL, v.protocol, u8_of);
    simple("ip_proto", &l, FRA_IP_PROTO, v.ip_proto, u8_of);
    simple("sport", &l, FRA_SPORT_RANGE, v.sport, range_of);
    simple("dport", &l, FRA_DPORT_RANGE, v.dport, range_of);
    simple("sport_mask", &l, FRA_SPORT_MASK, v.sport_mask, |a| {
        a.u16().ok()
    });
    simple("dport_mask", &l, FRA_DPORT_MASK, v.dport_mask, |a| {
        a.u16().ok()
    });
    simple("dscp", &l, FRA_DSCP, v.dscp, u8_of);
    simple("dscp_mask", &l, FRA_DSCP_MASK, v.dscp_mask, u8_of);
    simple("flowlabel", &l, FRA_FLOWLABEL, v.flowlabel, |a| {
        a.be32().ok()
    });
    simple(
        "flowlabel_mask",
        &l,
        FRA_FLOWLABEL_MASK,
        v.flowlabel_mask,
        |a| a.be32().ok(),
    );
    field(
        "table",
        &l,
        FRA_TABLE,
        Some(v.table),
        Some(v.header.table as u32),
        |a| Some(Some(a.u32().ok()?)),
    );
    field(
        "priority",
        &l,
        FRA_PRIORITY,
        Some(v.priority),
        Some(0),
        |a| Some(Some(a.u32().ok()?)),
    );

    assert_eq!(v.action, RuleAction(v.header.action));
    assert_eq!(v.flags, RuleFlags::from_bits_retain(v.header.flags));
    assert_eq!(v.family(), fam);
    assert_eq!(
        v.action.name().is_some(),
        matches!(v.action.0, 0..=3 | 6..=8)
    );
    debug(&v.action);
    black_box((v.header.res1, v.header.res2));

    let o = v.to_owned();
    assert_eq!(o.is_inverted(), v.flags.contains(RuleFlags::INVERT));
    assert_eq!(
        (o.family, o.src_len, o.dst_len, o.tos),
        (fam, v.header.src_len, v.header.dst_len, v.header.tos)
    );
    assert_eq!(
        (o.table, o.priority, o.action),
        (v.table, v.priority, v.action)
    );
    assert_eq!(o.iif.as_deref(), v.iif);

    // to_request names exactly this rule: encoded and decoded again, it
    // is the same rule.
    let req = o.to_request();
    debug(&req);
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWRULE, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    e.finish().expect("a rule's request does not encode");
    let m = Message::parse(&buf).expect("an encoded rule request");
    let back = RuleMsg::parse_strict(&m)
        .unwrap_or_else(|e| panic!("a rule's request does not decode: {e}\n{req:?}"));
    let mut want = o.clone();
    // What did not decode is not in the request, so nothing is missing
    // from what comes back.
    want.malformed = 0;
    want.flags &= !(RuleFlags::UNRESOLVED | RuleFlags::IIF_DETACHED | RuleFlags::OIF_DETACHED);
    if want.src.is_none() {
        want.src_len = 0;
    }
    if want.dst.is_none() {
        want.dst_len = 0;
    }
    assert_eq!(
        back.to_owned(),
        want,
        "a rule's request decodes to another rule"
    );
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
    run::<Rules>(data);
    run::<NsIds>(data);
});
