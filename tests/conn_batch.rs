//! Batches against the real kernel (root): thousands of routes added and
//! deleted in a few datagrams, each request answered at its own index,
//! failures in the middle, batches split over several datagrams.

#[macro_use]
mod common;

use common::{ip_batch, ip_json};
use std::collections::BTreeSet;
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::wire::{Flags, MsgType, RtMsg};

const RTA_DST: u16 = 1;
const RTA_OIF: u16 = 4;
const RTA_GATEWAY: u16 = 5;
const RT_TABLE_MAIN: u8 = 254;
const RTPROT_STATIC: u8 = 4;
const RT_SCOPE_UNIVERSE: u8 = 0;
const RTN_UNICAST: u8 = 1;

const GATEWAY: [u8; 4] = [10, 0, 0, 2];

/// A namespace with a veth pair up and 10.0.0.1/16 on `v0`; returns it
/// with `v0`'s ifindex.
fn setup() -> (NetNs, u32) {
    let ns = NetNs::new_anonymous().expect("anonymous namespace");
    ip_batch(
        &ns,
        "link add v0 type veth peer name v1\nlink set v0 up\nlink set v1 up\n\
         addr add 10.0.0.1/16 dev v0\n",
    );
    let index = ip_json(&ns, &["link", "show", "v0"])[0]["ifindex"]
        .as_u64()
        .expect("ifindex") as u32;
    (ns, index)
}

fn dial(ns: &NetNs, config: Config<'_>) -> Conn<Route> {
    Conn::<Route>::dial(config.netns(ns).read_timeout(Duration::from_secs(10))).expect("dial")
}

/// The `i`th route's destination: 172.16.0.0 onwards.
fn dst(i: usize) -> [u8; 4] {
    [172, 16 + (i >> 16) as u8, (i >> 8) as u8, i as u8]
}

fn dotted(a: [u8; 4]) -> String {
    format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3])
}

fn header() -> RtMsg {
    RtMsg {
        family: libc::AF_INET as u8,
        dst_len: 32,
        table: RT_TABLE_MAIN,
        protocol: RTPROT_STATIC,
        scope: RT_SCOPE_UNIVERSE,
        kind: RTN_UNICAST,
        ..Default::default()
    }
}

/// Adds `RTM_NEWROUTE dst/32 via 10.0.0.2 dev oif` (CREATE|EXCL).
fn add_route(
    b: &mut nlstack::conn::Batch<'_, Route, nlstack::sys::Socket>,
    dst: [u8; 4],
    oif: u32,
) -> usize {
    b.add(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::EXCL, |e| {
        e.header(&header());
        e.put(RTA_DST, &dst);
        e.put(RTA_GATEWAY, &GATEWAY);
        e.put_u32(RTA_OIF, oif);
    })
    .expect("encode")
}

fn del_route(b: &mut nlstack::conn::Batch<'_, Route, nlstack::sys::Socket>, dst: [u8; 4]) -> usize {
    b.add(MsgType::RTM_DELROUTE, Flags::empty(), |e| {
        e.header(&header());
        e.put(RTA_DST, &dst);
    })
    .expect("encode")
}

/// The static routes `ip -j route show` lists: (dst, gateway, dev).
fn static_routes(ns: &NetNs) -> BTreeSet<(String, String, String)> {
    let v = ip_json(ns, &["route", "show", "proto", "static"]);
    v.as_array()
        .expect("array")
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (s("dst"), s("gateway"), s("dev"))
        })
        .collect()
}

fn expected(indices: impl IntoIterator<Item = usize>) -> BTreeSet<(String, String, String)> {
    indices
        .into_iter()
        .map(|i| (dotted(dst(i)), dotted(GATEWAY), "v0".to_owned()))
        .collect()
}

fn errno(r: &nlstack::Result<()>) -> Option<i32> {
    r.as_ref().err().map(|e| e.errno().expect("a kernel error"))
}

#[test]
fn ten_thousand_routes_added_and_deleted_in_one_batch_each() {
    need_root!();
    let (ns, oif) = setup();
    let mut c = dial(&ns, Config::default());
    const N: usize = 10_000;

    let mut b = c.batch();
    for i in 0..N {
        assert_eq!(add_route(&mut b, dst(i), oif), i);
    }
    assert_eq!(b.len(), N);
    let results = b.run().expect("batch of adds");
    assert_eq!(results.len(), N);
    for (i, r) in results.iter().enumerate() {
        assert!(r.is_ok(), "add {i}: {r:?}");
    }
    assert_eq!(static_routes(&ns), expected(0..N));

    let mut b = c.batch();
    for i in 0..N {
        del_route(&mut b, dst(i));
    }
    let results = b.run().expect("batch of deletes");
    assert_eq!(results.len(), N);
    for (i, r) in results.iter().enumerate() {
        assert!(r.is_ok(), "delete {i}: {r:?}");
    }
    assert!(static_routes(&ns).is_empty());
    assert_eq!(c.stats().dropped(), 0, "{:?}", c.stats());
    assert!(c.pending().is_none());
}

#[test]
fn a_failure_in_the_middle_is_answered_at_its_index_and_the_rest_carry_on() {
    need_root!();
    let (ns, oif) = setup();
    let mut c = dial(&ns, Config::default());
    const N: usize = 100;
    const DUP: usize = 50; // a second add of route 10, with EXCL
    const NODEV: usize = 70; // via an interface that does not exist

    let mut b = c.batch();
    for i in 0..N {
        let idx = match i {
            DUP => add_route(&mut b, dst(10), oif),
            NODEV => b
                .add(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::EXCL, |e| {
                    e.header(&header());
                    e.put(RTA_DST, &dst(i));
                    e.put_u32(RTA_OIF, 9999);
                })
                .unwrap(),
            _ => add_route(&mut b, dst(i), oif),
        };
        assert_eq!(idx, i);
    }
    let results = b.run().expect("batch");
    assert_eq!(results.len(), N);
    for (i, r) in results.iter().enumerate() {
        match i {
            DUP => assert_eq!(errno(r), Some(libc::EEXIST), "{r:?}"),
            NODEV => assert_eq!(errno(r), Some(libc::ENODEV), "{r:?}"),
            _ => assert!(r.is_ok(), "request {i}: {r:?}"),
        }
    }
    assert_eq!(
        static_routes(&ns),
        expected((0..N).filter(|&i| i != DUP && i != NODEV))
    );
    assert_eq!(c.stats().dropped(), 0, "{:?}", c.stats());

    // The connection goes on as usual afterwards.
    c.ack(MsgType::RTM_DELROUTE, Flags::empty(), |e| {
        e.header(&header());
        e.put(RTA_DST, &dst(0));
    })
    .unwrap();
}

#[test]
fn a_batch_over_several_datagrams_answers_every_request_in_order() {
    need_root!();
    let (ns, oif) = setup();
    // Small buffers on both sides: the kernel doubles what we ask and has
    // a floor, so look at what it granted.
    let mut c = dial(&ns, Config::default().send_buffer(4096).recv_buffer(4096));
    let sndbuf = c.send_buffer().unwrap();
    let rcvbuf = c.recv_buffer().unwrap();
    const N: usize = 3_000;
    // Every 97th request repeats the one before it (EEXIST): the errors
    // must land at exactly those indices.
    let dup = |i: usize| i % 97 == 96;

    let mut b = c.batch();
    for i in 0..N {
        let d = if dup(i) { dst(i - 1) } else { dst(i) };
        add_route(&mut b, d, oif);
    }
    // The requests take many send buffers' worth of bytes.
    let bytes = N * (16 + 12 + 8 + 8 + 8);
    assert!(bytes > 4 * sndbuf, "{bytes} bytes, send buffer {sndbuf}");
    let results = b.run().expect("batch");
    assert_eq!(results.len(), N);
    for (i, r) in results.iter().enumerate() {
        if dup(i) {
            assert_eq!(errno(r), Some(libc::EEXIST), "request {i}: {r:?}");
        } else {
            assert!(r.is_ok(), "request {i}: {r:?}");
        }
    }
    assert_eq!(static_routes(&ns), expected((0..N).filter(|&i| !dup(i))));
    // Nothing overran the small receive buffer.
    assert_eq!(c.stats().overruns, 0, "receive buffer {rcvbuf}");
    assert_eq!(c.stats().dropped(), 0, "{:?}", c.stats());

    // Deleting them all again, twice: the second time every one is gone.
    for pass in 0..2 {
        let mut b = c.batch();
        for i in (0..N).filter(|&i| !dup(i)) {
            del_route(&mut b, dst(i));
        }
        let results = b.run().expect("batch of deletes");
        for (i, r) in results.iter().enumerate() {
            if pass == 0 {
                assert!(r.is_ok(), "delete {i}: {r:?}");
            } else {
                assert_eq!(errno(r), Some(libc::ESRCH), "delete {i}: {r:?}");
            }
        }
    }
    assert!(static_routes(&ns).is_empty());
}

#[test]
fn an_empty_batch_sends_nothing() {
    need_root!();
    let (ns, _) = setup();
    let mut c = dial(&ns, Config::default());
    let b = c.batch();
    assert!(b.is_empty());
    assert!(b.run().unwrap().is_empty());
}
