//! Namespace ids against the real kernel. Each test makes its own
//! anonymous namespaces; the oracles are `ip netns list-id` (a dump by
//! iproute2) and the `link_netnsid` `ip link` shows for a veth whose peer
//! lives in the other namespace (the kernel's own id for it, reached
//! through another code path).

#[macro_use]
mod common;

use common::ip;
use std::collections::BTreeSet;
use std::os::fd::AsRawFd;
use std::process::{Command, Stdio};
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::nsid::{
    NETNSA_CURRENT_NSID, NETNSA_NSID, NETNSA_PID, NsIdMsg, NsIdRequest, NsRef,
};
use nlstack::wire::{Encoder, Flags, Message, MsgType, RtGenMsg};

/// `RTNLGRP_NSID`.
const RTNLGRP_NSID: u32 = 28;

fn new_ns() -> NetNs {
    NetNs::new_anonymous().expect("anonymous namespace")
}

fn dial(ns: &NetNs) -> Conn<Route> {
    Conn::<Route>::dial(
        Config::default()
            .netns(ns)
            .read_timeout(Duration::from_secs(10)),
    )
    .expect("dial")
}

fn json(s: &str) -> Vec<serde_json::Value> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    serde_json::from_str::<serde_json::Value>(s)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The ids `ip netns list-id` shows inside `ns`.
fn ip_nsids(ns: &NetNs) -> BTreeSet<i64> {
    json(&ip(ns, &["-j", "netns", "list-id"]))
        .iter()
        .map(|e| e["nsid"].as_i64().unwrap())
        .collect()
}

/// A path to `peer` that another process can open.
fn path_of(peer: &NetNs) -> String {
    format!("/proc/{}/fd/{}", std::process::id(), peer.as_raw_fd())
}

/// Makes a veth pair `name`/`name`p in `ns` with its peer end in `peer`,
/// and returns the `link_netnsid` `ip link` shows for it in `ns`.
fn veth_link_netnsid(ns: &NetNs, peer: &NetNs, name: &str) -> i64 {
    let p = path_of(peer);
    let peer_name = format!("{name}p");
    ip(
        ns,
        &[
            "link", "add", name, "type", "veth", "peer", "name", &peer_name, "netns", &p,
        ],
    );
    let links = json(&ip(ns, &["-j", "link", "show", "dev", name]));
    links[0]["link_netnsid"]
        .as_i64()
        .expect("link_netnsid shown")
}

#[test]
fn set_and_alloc_are_seen_by_ip_netns_list_id_and_by_veth_peers() {
    need_root!();
    let a = new_ns();
    let b = new_ns();
    let c = new_ns();
    let mut conn = dial(&a);
    assert!(ip_nsids(&a).is_empty());
    assert_eq!(conn.nsids().unwrap(), []);

    conn.nsid_set(&b, 7).unwrap();
    let auto = conn.nsid_alloc(&c).unwrap();
    assert!(auto >= 0 && auto != 7, "{auto}");

    // ip's own dump agrees...
    assert_eq!(ip_nsids(&a), BTreeSet::from([7, auto as i64]));
    // ...and so does the id the kernel reports for a veth peer there.
    assert_eq!(veth_link_netnsid(&a, &b, "nb0"), 7);
    assert_eq!(veth_link_netnsid(&a, &c, "nc0"), auto as i64);

    // Setting twice is refused with the kernel's reason.
    let e = conn.nsid_set(&b, 8).unwrap_err();
    assert!(e.is_exists(), "{e}");
    let e = conn.nsid_alloc(&b).unwrap_err();
    assert!(e.is_exists(), "{e}");
    assert_eq!(ip_nsids(&a), BTreeSet::from([7, auto as i64]));
}

#[test]
fn list_matches_ip_netns_list_id() {
    need_root!();
    let a = new_ns();
    let peers: Vec<NetNs> = (0..6).map(|_| new_ns()).collect();
    let mut conn = dial(&a);
    for (i, p) in peers.iter().enumerate() {
        if i % 2 == 0 {
            conn.nsid_set(p, 100 + i as i32).unwrap();
        } else {
            conn.nsid_alloc(p).unwrap();
        }
    }
    let ours: BTreeSet<i64> = conn
        .nsids()
        .unwrap()
        .iter()
        .map(|e| e.nsid.unwrap() as i64)
        .collect();
    assert_eq!(ours.len(), 6);
    assert_eq!(ours, ip_nsids(&a));
    for e in conn.nsids().unwrap() {
        assert_eq!(
            (e.pid, e.fd, e.target_nsid, e.current_nsid),
            (None, None, None, None)
        );
    }
}

#[test]
fn get_by_fd_and_pid_returns_the_id_the_kernel_gave_a_veth_peer() {
    need_root!();
    let a = new_ns();
    let b = new_ns();
    let lonely = new_ns();
    // The kernel picks an id for `b` when ip makes the veth pair; we did
    // not set it.
    let theirs = veth_link_netnsid(&a, &b, "v0");
    let mut conn = dial(&a);
    assert_eq!(conn.nsid_of(&b).unwrap(), Some(theirs as i32));
    assert_eq!(conn.nsid_of(NsRef::from(&b)).unwrap(), Some(theirs as i32));
    // A namespace without an id, and our own: none.
    assert_eq!(conn.nsid_of(&lonely).unwrap(), None);
    assert_eq!(conn.nsid_of(&a).unwrap(), None);
    // By the pid of a process living in `b`.
    let mut child = b
        .run(|| Command::new("sleep").arg("30").stdin(Stdio::null()).spawn())
        .unwrap()
        .unwrap();
    let by_pid = conn.nsid_of(NsRef::Pid(child.id()));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(by_pid.unwrap(), Some(theirs as i32));
    // A pid that does not exist is the kernel's error, not a panic.
    assert!(conn.nsid_of(NsRef::Pid(u32::MAX - 1)).is_err());
}

#[test]
fn the_kernel_refuses_delnsid_and_ids_go_when_the_peer_does() {
    need_root!();
    let a = new_ns();
    let b = new_ns();
    let c = new_ns();
    let mut conn = dial(&a);
    conn.nsid_set(&b, 5).unwrap();
    conn.nsid_set(&c, 6).unwrap();

    // Linux has no RTM_DELNSID handler (6.18 included): the request is
    // sent and refused, and the id stays, as ip shows.
    let e = conn.nsid_del(5).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
    assert_eq!(ip_nsids(&a), BTreeSet::from([5, 6]));

    // An id goes away with its peer; the kernel says so with an
    // RTM_DELNSID notification, which decodes with the same view.
    let mut mon = Conn::<Route>::dial(
        Config::default()
            .netns(&a)
            .join(&[RTNLGRP_NSID])
            .read_timeout(Duration::from_secs(10)),
    )
    .unwrap();
    drop(b);
    let mut seen = None;
    'outer: for _ in 0..16 {
        let (_, msgs) = mon.recv_multicast().unwrap();
        for m in msgs {
            let m = m.unwrap();
            if m.kind() == MsgType::RTM_DELNSID {
                let v = NsIdMsg::parse_strict(&m).unwrap();
                seen = v.nsid;
                break 'outer;
            }
        }
    }
    assert_eq!(seen, Some(5));
    assert_eq!(ip_nsids(&a), BTreeSet::from([6]));
    assert_eq!(
        conn.nsids()
            .unwrap()
            .iter()
            .map(|e| e.nsid)
            .collect::<Vec<_>>(),
        [Some(6)]
    );
}

#[test]
fn a_list_seen_from_a_peer_matches_ip_inside_that_peer() {
    need_root!();
    let a = new_ns();
    let b = new_ns();
    let c = new_ns();
    let mut ca = dial(&a);
    let mut cb = dial(&b);
    ca.nsid_set(&b, 7).unwrap();
    ca.nsid_set(&c, 9).unwrap();
    cb.nsid_set(&a, 3).unwrap();
    cb.nsid_set(&c, 4).unwrap();
    // B's table, asked from A through B's id there.
    let mut seen: Vec<(i32, i32)> = ca
        .nsids_seen_from(7)
        .unwrap()
        .iter()
        .map(|e| (e.nsid.unwrap(), e.current_nsid.unwrap()))
        .collect();
    seen.sort();
    // `current_nsid`: the id A gives the same peer (none for A itself).
    assert_eq!(seen, [(3, -1), (4, 9)]);
    let ours: BTreeSet<i64> = seen.iter().map(|s| s.0 as i64).collect();
    assert_eq!(ours, ip_nsids(&b));
}

/// An `RTM_NEWNSID` reply as the kernel sends it, corrupted attribute by
/// attribute: the rest still decodes, the count is one, strict fails.
#[test]
fn a_malformed_attribute_is_recorded_and_the_rest_decodes() {
    let build = |nsid: &[u8]| {
        let mut buf = Vec::new();
        let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWNSID, Flags::empty(), 1, 0);
        e.header(&RtGenMsg { family: 0 });
        e.put(NETNSA_NSID, nsid);
        e.put_u32(NETNSA_PID, 42);
        e.put_i32(NETNSA_CURRENT_NSID, 3);
        e.put_u32(999, 1);
        e.finish().unwrap();
        buf
    };
    let clean = build(&7i32.to_ne_bytes());
    let bad = build(&[7, 0]);
    let clean_m = Message::parse(&clean).unwrap();
    let bad_m = Message::parse(&bad).unwrap();
    let c = NsIdMsg::parse_strict(&clean_m).unwrap();
    assert_eq!(
        (c.nsid, c.pid, c.current_nsid, c.assigned()),
        (Some(7), Some(42), Some(3), Some(7))
    );
    // The unknown attribute is skipped and still reachable.
    assert!(c.attrs.clone().any(|a| a.unwrap().kind() == 999));
    let b = NsIdMsg::parse(&bad_m).unwrap();
    assert_eq!(b.errors.count, 1);
    assert_eq!(b.nsid, None);
    let mut fixed = b.to_owned();
    fixed.nsid = c.nsid;
    assert_eq!(fixed, c.to_owned());
    let err = NsIdMsg::parse_strict(&bad_m).unwrap_err();
    assert!(err.as_decode().is_some(), "{err}");
    // A bare rtgenmsg without padding still parses.
    let mut short = Vec::new();
    let mut e = Encoder::new(&mut short, MsgType::RTM_NEWNSID, Flags::empty(), 1, 0);
    e.raw(&[0]);
    e.finish().unwrap();
    let v = NsIdMsg::parse_strict(&Message::parse(&short).unwrap()).unwrap();
    assert_eq!(v.nsid, None);
}

#[test]
fn requests_encode_the_peer_and_the_id() {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWNSID, Flags::REQUEST, 1, 0);
    NsIdRequest::default()
        .peer(NsRef::Pid(1234))
        .nsid(-1)
        .target(2)
        .encode(&mut e);
    e.finish().unwrap();
    let m = Message::parse(&buf).unwrap();
    assert_eq!(m.payload().len(), 4 + 8 * 3, "rtgenmsg padded to 4");
    let v = NsIdMsg::parse_strict(&m).unwrap();
    assert_eq!(
        (v.nsid, v.pid, v.target_nsid, v.fd),
        (Some(-1), Some(1234), Some(2), None)
    );
    assert_eq!(v.assigned(), None);
}
