//! A malformed attribute after a good one of the same kind: every view keeps
//! the good value, records one error at the bad attribute's offset, and
//! decodes what follows. Pure decoding, no kernel.

use std::net::{IpAddr, Ipv4Addr};

use nlstack::route::{AddrMsg, LinkMsg, NeighMsg, RouteMsg, RuleMsg};
use nlstack::wire::{
    Encoder, FamilyHeader, FibRuleHdr, Flags, IfAddrMsg, IfInfoMsg, Message, MsgType, NLMSG_HDRLEN,
    NdMsg, RtMsg,
};

const GOOD: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);

/// A message of `kind` with header `h`: `kind_attr` good (`good`), then the
/// same kind malformed (3 bytes), then `tail_attr` as a `u32` of 7. Returns
/// the bytes and the offset of the malformed attribute.
fn message<H: FamilyHeader>(
    kind: MsgType,
    h: &H,
    kind_attr: u16,
    good: &[u8],
    tail_attr: u16,
) -> (Vec<u8>, usize) {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, kind, Flags::empty(), 1, 0);
    e.header(h).put(kind_attr, good);
    let bad_at = e.len();
    e.put(kind_attr, &[1, 2, 3]).put_u32(tail_attr, 7);
    e.finish().unwrap();
    (buf, bad_at)
}

fn parse(buf: &[u8]) -> Message<'_> {
    Message::parse(buf).unwrap()
}

#[test]
fn address_keeps_the_good_local() {
    let h = IfAddrMsg {
        family: libc::AF_INET as u8,
        prefixlen: 24,
        index: 3,
        ..Default::default()
    };
    // IFA_LOCAL (2) twice, then IFA_RT_PRIORITY (9).
    let (buf, bad_at) = message(MsgType::RTM_NEWADDR, &h, 2, &GOOD.octets(), 9);
    let m = parse(&buf);
    let a = AddrMsg::parse(m.payload()).unwrap();
    assert_eq!(a.local(), Some(IpAddr::V4(GOOD)));
    assert_eq!(a.rt_priority(), Some(7));
    assert_eq!(a.malformed(), 1);
    // Offsets of a view's errors count from the message's payload.
    match a.check() {
        Err(nlstack::Error::Decode(d)) => assert_eq!(d.offset, bad_at - 16),
        other => panic!("{other:?}"),
    }
}

#[test]
fn route_keeps_the_good_gateway() {
    let h = RtMsg {
        family: libc::AF_INET as u8,
        ..Default::default()
    };
    // RTA_GATEWAY (5) twice, then RTA_OIF (4).
    let (buf, bad_at) = message(MsgType::RTM_NEWROUTE, &h, 5, &GOOD.octets(), 4);
    let r = RouteMsg::parse(parse(&buf).payload()).unwrap();
    assert_eq!(r.gateway(), Some(IpAddr::V4(GOOD)));
    assert_eq!(r.oif(), Some(7));
    assert_eq!(r.malformed(), 1);
    // Offsets count from the payload (the `rtmsg`).
    let e = r.check().unwrap_err();
    assert_eq!(e.as_decode().unwrap().offset, bad_at - NLMSG_HDRLEN);
    // The owned copy keeps the same.
    let o = r.owned();
    assert_eq!(
        (o.gateway(), o.oif(), o.malformed()),
        (Some(IpAddr::V4(GOOD)), Some(7), 1)
    );
}

#[test]
fn route_keeps_the_good_priority() {
    let h = RtMsg {
        family: libc::AF_INET as u8,
        ..Default::default()
    };
    // RTA_PRIORITY (6) twice, then RTA_OIF (4).
    let (buf, bad_at) = message(MsgType::RTM_NEWROUTE, &h, 6, &100u32.to_ne_bytes(), 4);
    let r = RouteMsg::parse(parse(&buf).payload()).unwrap();
    assert_eq!(r.priority(), Some(100));
    assert_eq!(r.oif(), Some(7));
    let e = r.check().unwrap_err();
    assert_eq!(e.as_decode().unwrap().offset, bad_at - NLMSG_HDRLEN);
}

#[test]
fn link_keeps_the_good_mtu() {
    let h = IfInfoMsg::default();
    // IFLA_MTU (4) twice, then IFLA_TXQLEN (13).
    let (buf, bad_at) = message(MsgType::RTM_NEWLINK, &h, 4, &1400u32.to_ne_bytes(), 13);
    let l = LinkMsg::parse(parse(&buf).payload()).unwrap();
    assert_eq!(l.mtu(), Some(1400));
    assert_eq!(l.txqlen(), Some(7));
    assert_eq!(l.malformed(), 1);
    // The view counts offsets from its payload, after the 16-byte nlmsghdr.
    assert_eq!(
        l.check().unwrap_err().as_decode().unwrap().offset,
        bad_at - 16
    );
}

#[test]
fn neighbour_keeps_the_good_dst() {
    let h = NdMsg {
        family: libc::AF_INET as u8,
        ..Default::default()
    };
    // NDA_DST (1) twice, then NDA_PROBES (4).
    let (buf, bad_at) = message(MsgType::RTM_NEWNEIGH, &h, 1, &GOOD.octets(), 4);
    let m = parse(&buf);
    let n = NeighMsg::parse(m.payload()).unwrap();
    assert_eq!(n.dst(), Some(IpAddr::V4(GOOD)));
    assert_eq!(n.probes(), Some(7));
    assert_eq!(n.malformed(), 1);
    // Offsets of the table's check count from the payload (after the
    // 16-byte nlmsghdr).
    let e = n.check().unwrap_err();
    assert_eq!(e.as_decode().unwrap().offset, bad_at - 16);
    // The owned copy keeps the good one too.
    assert_eq!(n.owned().dst(), Some(IpAddr::V4(GOOD)));
}

#[test]
fn rule_keeps_the_good_fwmark_and_table() {
    let h = FibRuleHdr {
        family: libc::AF_INET as u8,
        ..Default::default()
    };
    // FRA_FWMARK (10) twice, then FRA_TABLE (15).
    let (buf, bad_at) = message(MsgType::RTM_NEWRULE, &h, 10, &0x42u32.to_ne_bytes(), 15);
    let m = parse(&buf);
    let r = RuleMsg::parse(m.payload()).unwrap();
    assert_eq!(r.fwmark(), Some(0x42));
    assert_eq!(r.table(), 7);
    assert_eq!(r.malformed(), 1);
    let e = r.check().unwrap_err();
    assert_eq!(e.as_decode().unwrap().offset, bad_at - 16);
    assert_eq!(r.owned().fwmark(), Some(0x42));

    // FRA_TABLE twice: the good 32-bit table stays over the header's byte.
    let (buf, _) = message(MsgType::RTM_NEWRULE, &h, 15, &1000u32.to_ne_bytes(), 6);
    let m = parse(&buf);
    let r = RuleMsg::parse(m.payload()).unwrap();
    assert_eq!((r.table(), r.pref()), (1000, 7));
    assert_eq!(r.malformed(), 1);
}
