//! The monitor against the real kernel, in namespaces each test makes:
//! events decoded with the list views, moves told from deletions, and loss
//! turned into a resync while reading goes on.

#[macro_use]
mod common;

use std::time::Duration;

use nlstack::monitor::{Event, Monitor, MonitorConfig, RTNLGRP_LINK, Received};
use nlstack::netns::NetNs;

/// Reads events until `until` says stop or the monitor is quiet for a
/// second; returns what `f` made of each.
fn collect<T>(mon: &mut Monitor, mut f: impl FnMut(&Received<'_>) -> Option<T>) -> Vec<T> {
    let mut out = Vec::new();
    loop {
        match mon.next() {
            Ok(r) => out.extend(f(&r)),
            Err(e) if e.is_timeout() => return out,
            Err(e) => panic!("{e}"),
        }
    }
}

fn quiet(ns: &NetNs) -> MonitorConfig<'_> {
    MonitorConfig::default()
        .netns(ns)
        .read_timeout(Duration::from_millis(500))
}

#[test]
fn link_address_and_route_changes_arrive_as_the_list_views() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut mon = Monitor::new(quiet(&ns)).unwrap();
    assert!(mon.recv_buffer().unwrap() >= 4 << 20, "4 MiB asked for");
    common::ip_batch(
        &ns,
        "link add m0 type veth peer name m1\n\
         link set m0 up\n\
         addr add 10.9.0.1/24 dev m0\n\
         route add 10.10.0.0/16 via 10.9.0.2\n\
         route del 10.10.0.0/16\n\
         addr del 10.9.0.1/24 dev m0\n\
         link del m0\n",
    );
    let seen = collect(&mut mon, |r| match r {
        Received::Event { event, group, .. } => Some(match event {
            Event::NewLink(l) => format!(
                "+link {} g{group}",
                l.ifname().map(|n| n.to_string()).unwrap_or("?".into())
            ),
            Event::DelLink(l) => format!(
                "-link {}",
                l.ifname().map(|n| n.to_string()).unwrap_or("?".into())
            ),
            Event::NewAddr(a) => format!("+addr {:?}/{}", a.local(), a.prefixlen()),
            Event::DelAddr(a) => format!("-addr {:?}/{}", a.local(), a.prefixlen()),
            Event::NewRoute(r) if r.table() == 254 => {
                format!("+route {:?}", r.dst_prefix().map(|p| p.to_string()))
            }
            Event::DelRoute(r) if r.table() == 254 => {
                format!("-route {:?}", r.dst_prefix().map(|p| p.to_string()))
            }
            _ => return None,
        }),
        Received::ResyncNeeded => panic!("nothing should be lost"),
        _ => None,
    });
    let want = [
        "+link m1 g1",
        "+link m0 g1",
        "+addr Some(10.9.0.1)/24",
        "+route Some(\"10.10.0.0/16\")",
        "-route Some(\"10.10.0.0/16\")",
        "-addr Some(10.9.0.1)/24",
        "-link m0",
        "-link m1",
    ];
    for w in want {
        assert!(seen.iter().any(|s| s == w), "missing {w:?} in {seen:#?}");
    }
    let pos = |w: &str| seen.iter().position(|s| s == w).unwrap();
    assert!(pos("+addr Some(10.9.0.1)/24") < pos("-addr Some(10.9.0.1)/24"));
    assert!(pos("+route Some(\"10.10.0.0/16\")") < pos("-route Some(\"10.10.0.0/16\")"));
}

#[test]
fn a_link_moved_to_another_namespace_is_a_move_not_a_deletion() {
    need_root!();
    let ns = NetNs::create("nlstack-mon-a").unwrap();
    let other = NetNs::create("nlstack-mon-b").unwrap();
    let _cleanup = Cleanup(&["nlstack-mon-a", "nlstack-mon-b"]);
    common::ip(
        &ns,
        &["link", "add", "mv0", "type", "veth", "peer", "name", "mv1"],
    );
    let mut mon = Monitor::new(quiet(&ns).groups(&[RTNLGRP_LINK])).unwrap();
    common::ip(&ns, &["link", "set", "mv1", "netns", "nlstack-mon-b"]);
    let moves = collect(&mut mon, |r| match r {
        Received::Event {
            event: Event::MovedLink { link, new_nsid },
            ..
        } => Some((link.ifname().map(|n| n.to_string()), *new_nsid)),
        Received::Event {
            event: Event::DelLink(l),
            ..
        } => panic!("a move reported as a deletion: {:?}", l.name()),
        _ => None,
    });
    assert_eq!(moves.len(), 1, "{moves:?}");
    assert_eq!(moves[0].0.as_deref(), Some("mv1"));
    assert!(moves[0].1 >= 0, "the target got an id here");
    drop(other);
}

struct Cleanup(&'static [&'static str]);
impl Drop for Cleanup {
    fn drop(&mut self) {
        for n in self.0 {
            let _ = NetNs::delete(n);
        }
    }
}

#[test]
fn a_full_receive_buffer_is_a_resync_and_reading_goes_on() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    common::ip_batch(
        &ns,
        "link add r0 type veth peer name r1\nlink set r0 up\nlink set r1 up\naddr add 10.1.0.1/16 dev r0\n",
    );
    let mut mon = Monitor::new(quiet(&ns).recv_buffer(8 << 10)).unwrap();
    let mut s = String::new();
    for i in 0..2000 {
        s.push_str(&format!(
            "route add 10.{}.{}.0/24 via 10.1.0.2\n",
            100 + i / 256,
            i % 256
        ));
    }
    common::ip_batch(&ns, &s);
    let mut resyncs = 0;
    let mut routes = 0;
    // The buffer overflowed long before we read: the first thing is the loss.
    match mon.next().unwrap() {
        Received::ResyncNeeded => resyncs += 1,
        other => panic!("expected a resync first, got {other:?}"),
    }
    // Then reading goes on: what was queued...
    let tally = |mon: &mut Monitor| {
        collect(mon, |r| match r {
            Received::ResyncNeeded => Some(None),
            Received::Event {
                event: Event::NewRoute(r),
                ..
            } => Some(Some(r.dst_prefix().map(|p| p.to_string()))),
            _ => None,
        })
    };
    for r in tally(&mut mon) {
        match r {
            None => resyncs += 1,
            Some(_) => routes += 1,
        }
    }
    // ...and new events once there is room again.
    common::ip(&ns, &["route", "add", "10.250.0.0/16", "via", "10.1.0.2"]);
    let after = tally(&mut mon);
    let saw_new = after
        .iter()
        .any(|r| matches!(r, Some(Some(d)) if d == "10.250.0.0/16"));
    assert!(saw_new, "the event after the loss arrived");
    assert!(routes < 2001, "some events were lost ({routes})");
    assert_eq!(mon.resyncs(), resyncs as u64);
    assert!(mon.stats().overruns >= 1);
}

#[test]
fn listen_all_nsid_tags_events_of_peer_namespaces_with_their_id() {
    need_root!();
    let a = NetNs::create("nlstack-mon-all-a").unwrap();
    let b = NetNs::create("nlstack-mon-all-b").unwrap();
    let _cleanup = Cleanup(&["nlstack-mon-all-a", "nlstack-mon-all-b"]);
    // B gets id 7 as seen from A.
    common::ip(&a, &["netns", "set", "nlstack-mon-all-b", "7"]);
    let cfg = quiet(&a).groups(&[RTNLGRP_LINK]).listen_all_nsid(true);
    let mut mon = Monitor::new(cfg).unwrap();
    common::ip(
        &b,
        &["link", "add", "p0", "type", "veth", "peer", "name", "p1"],
    );
    common::ip(
        &a,
        &["link", "add", "q0", "type", "veth", "peer", "name", "q1"],
    );
    let seen = collect(&mut mon, |r| match r {
        Received::Event {
            event: Event::NewLink(l),
            nsid,
            ..
        } => Some((l.ifname().map(|n| n.to_string()), *nsid)),
        _ => None,
    });
    assert!(seen.contains(&(Some("p0".into()), Some(7))), "{seen:?}");
    assert!(
        seen.contains(&(Some("q0".into()), None)),
        "A's own events: {seen:?}"
    );
}

#[test]
fn a_monitor_takes_only_the_kernels_multicast() {
    use nlstack::testing::{FakeKernel, Incoming};
    use nlstack::wire::{Flags, MsgType};
    let mut fake = FakeKernel::new(4242);
    let link = |n: u32| {
        let mut b = Vec::new();
        let mut e = nlstack::wire::Encoder::new(&mut b, MsgType::RTM_NEWLINK, Flags::empty(), 0, 0);
        e.raw(&[0; 16]).put_u32(1, n);
        e.finish().unwrap();
        b
    };
    fake.push(Incoming::foreign(link(1), 99)); // a userspace sender
    fake.push(Incoming::kernel(link(2))); // unicast: not an event
    fake.push(Incoming::multicast(link(3), 1));
    fake.push(Incoming::Errno(libc::ENOBUFS));
    fake.push(Incoming::multicast(link(4), 1));
    let conn = nlstack::conn::Conn::<nlstack::conn::Route, _>::with_transport(
        fake,
        4242,
        &nlstack::conn::Config::default(),
    );
    let mut mon = Monitor::from_conn(conn);
    let mut got = Vec::new();
    loop {
        match mon.next() {
            Ok(Received::Event {
                event: Event::NewLink(l),
                group,
                ..
            }) => {
                assert_eq!(group, 1);
                got.push(u32::from_ne_bytes(l.attr(1).unwrap().try_into().unwrap()));
            }
            Ok(Received::ResyncNeeded) => got.push(0),
            Ok(_) => {}
            Err(e) if e.is_would_block() => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(got, [3, 0, 4], "the loss in its place, reading goes on");
    assert_eq!(mon.stats().foreign, 1);
    assert_eq!(mon.unicast_skipped(), 1);
    assert_eq!(mon.resyncs(), 1);
}
