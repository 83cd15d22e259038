//! Lenient and strict lists over a dump with one malformed attribute: the
//! lenient list keeps the object and says it is partial; the strict list
//! is an error that says where.

use nlstack::conn::{Config, Conn, Route};
use nlstack::route::link::{IFLA_IFNAME, IFLA_MTU};
use nlstack::route::{AddrFilter, NeighFilter, RouteFilter};
use nlstack::testing::{FakeKernel, Reply};
use nlstack::wire::{
    Encoder, FamilyHeader, FibRuleHdr, Flags, IfAddrMsg, IfInfoMsg, MsgType, NdMsg, RtMsg,
};

const PORT: u32 = 77;

/// A connection whose every request is answered by one message of `kind`
/// built by `body` (twice: once for the lenient list, once for the strict
/// one), then `NLMSG_DONE`.
fn fake(kind: MsgType, body: fn(&mut Encoder<'_>)) -> Conn<Route, FakeKernel> {
    let mut fake = FakeKernel::new(PORT);
    for _ in 0..2 {
        fake.on_request(move |req| {
            Reply::to(req)
                .message(kind, Flags::MULTI, body)
                .done(Flags::MULTI)
                .build()
        });
    }
    Conn::with_transport(fake, PORT, &Config::default())
}

#[test]
fn a_link_with_a_bad_mtu_is_listed_partial_or_refused() {
    let mut c = fake(MsgType::RTM_NEWLINK, |e| {
        e.header(&IfInfoMsg {
            index: 5,
            ..Default::default()
        });
        e.put_cstr(IFLA_IFNAME, b"eth\xff");
        e.put_u16(IFLA_MTU, 1500); // a u32 attribute sent as 2 bytes
    });
    let links = c.links().unwrap();
    assert_eq!(links.len(), 1);
    let l = links.get(0).unwrap();
    assert_eq!((l.index(), l.name().as_bytes()), (5, &b"eth\xff"[..]));
    assert_eq!(l.mtu(), None);
    assert_eq!(l.malformed(), 1, "the listed value says it is partial");
    assert_eq!(l.owned().malformed(), 1, "and so does the owned value");
    let err = c.links_strict().unwrap_err();
    let d = err.as_decode().expect("a decoding error");
    assert_eq!(d.offset, 16 + IfInfoMsg::LEN + 12, "at the MTU attribute");
}

#[test]
fn every_strict_list_refuses_what_the_lenient_one_marks() {
    // An address with a 3-byte IFA_ADDRESS.
    let mut c = fake(MsgType::RTM_NEWADDR, |e| {
        e.header(&IfAddrMsg {
            family: libc::AF_INET as u8,
            prefixlen: 24,
            index: 2,
            ..Default::default()
        });
        e.put(1, &[10, 0, 0]);
    });
    assert_eq!(
        c.addresses(AddrFilter::default())
            .unwrap()
            .get(0)
            .unwrap()
            .malformed(),
        1
    );
    assert!(c.addresses_strict(AddrFilter::default()).is_err());

    // A route with a 2-byte RTA_OIF.
    let mut c = fake(MsgType::RTM_NEWROUTE, |e| {
        e.header(&RtMsg {
            family: libc::AF_INET as u8,
            table: 254,
            kind: 1,
            ..Default::default()
        });
        e.put_u16(4, 3);
    });
    let routes = c.routes(RouteFilter::default()).unwrap();
    assert_eq!(routes.get(0).unwrap().malformed(), 1);
    assert_eq!(routes.get(0).unwrap().malformed_all(), 1);
    assert!(c.routes_strict(RouteFilter::default()).is_err());

    // A neighbour with a 3-byte NDA_PROBES.
    let mut c = fake(MsgType::RTM_NEWNEIGH, |e| {
        e.header(&NdMsg {
            family: libc::AF_INET as u8,
            ifindex: 2,
            ..Default::default()
        });
        e.put(4, &[1, 0, 0]);
    });
    assert_eq!(
        c.neighbours(NeighFilter::default())
            .unwrap()
            .get(0)
            .unwrap()
            .malformed(),
        1
    );
    assert!(c.neighbours_strict(NeighFilter::default()).is_err());

    // A rule with a 2-byte FRA_PRIORITY.
    let mut c = fake(MsgType::RTM_NEWRULE, |e| {
        e.header(&FibRuleHdr {
            family: libc::AF_INET as u8,
            action: 1,
            ..Default::default()
        });
        e.put_u16(6, 100);
    });
    assert_eq!(c.rules(None).unwrap().get(0).unwrap().malformed(), 1);
    assert!(c.rules_strict(None).is_err());
}
