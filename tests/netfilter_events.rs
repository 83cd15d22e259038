//! Conntrack events through the monitor and the watcher: a connection's
//! life (new, update, destroy), and lost events turned into a resync.

#[macro_use]
mod common;

use std::net::IpAddr;
use std::time::Duration;

use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::monitor::{Monitor, MonitorConfig, Ready, Received, Watcher};
use nlstack::netfilter::conntrack::{EntrySpec, Event, Query, TupleSpec};
use nlstack::netfilter::nfnl::{
    NFNLGRP_CONNTRACK_DESTROY, NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE,
};
use nlstack::netns::NetNs;
use nlstack::sys::Socket;

const AF_INET: u8 = libc::AF_INET as u8;
const GROUPS: [u32; 3] = [
    NFNLGRP_CONNTRACK_NEW,
    NFNLGRP_CONNTRACK_UPDATE,
    NFNLGRP_CONNTRACK_DESTROY,
];

fn udp(sport: u16) -> EntrySpec {
    let (s, d): (IpAddr, IpAddr) = ("10.9.0.1".parse().unwrap(), "10.9.0.2".parse().unwrap());
    EntrySpec::new()
        .orig(TupleSpec::between(s, d, 17).ports(sport, 53))
        .reply(TupleSpec::between(d, s, 17).ports(53, sport))
        .timeout(60)
}

/// What happened, as (kind, source port, mark).
fn describe(e: &Event<'_>) -> (&'static str, Option<u16>, Option<u32>) {
    match e {
        Event::New(x) => ("new", x.orig().and_then(|t| t.src_port()), x.mark()),
        Event::Update(x) => ("update", x.orig().and_then(|t| t.src_port()), x.mark()),
        Event::Destroy(x) => ("destroy", x.orig().and_then(|t| t.src_port()), x.mark()),
        _ => ("other", None, None),
    }
}

#[test]
fn a_connections_life_new_update_destroy() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let cfg = MonitorConfig::default()
        .netns(&ns)
        .groups(&GROUPS)
        .read_timeout(Duration::from_secs(5));
    let mut mon = Monitor::<Socket, Netfilter>::open(cfg).unwrap();
    let mut c = Conn::<Netfilter>::dial(Config::default().netns(&ns)).unwrap();
    c.conntrack_create(AF_INET, &udp(7000)).unwrap();
    let orig = TupleSpec::between("10.9.0.1".parse().unwrap(), "10.9.0.2".parse().unwrap(), 17)
        .ports(7000, 53);
    c.conntrack_update(AF_INET, &EntrySpec::new().orig(orig.clone()).mark(42))
        .unwrap();
    c.conntrack_delete(AF_INET, &EntrySpec::new().orig(orig))
        .unwrap();

    let mut seen = Vec::new();
    while seen.len() < 3 {
        match mon.next().unwrap() {
            Received::Event { event, group, .. } => {
                let d = describe(&event);
                let want_group = match d.0 {
                    "new" => NFNLGRP_CONNTRACK_NEW,
                    "update" => NFNLGRP_CONNTRACK_UPDATE,
                    _ => NFNLGRP_CONNTRACK_DESTROY,
                };
                assert_eq!(group, want_group, "{event:?}");
                seen.push(d);
            }
            Received::ResyncNeeded => panic!("lost events"),
            _ => {}
        }
    }
    assert_eq!(
        seen,
        [
            ("new", Some(7000), Some(0)),
            ("update", Some(7000), Some(42)),
            ("destroy", Some(7000), Some(42)),
        ]
    );
}

#[test]
fn lost_events_ask_for_a_resync_and_a_list_catches_up() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let cfg = MonitorConfig::default()
        .netns(&ns)
        .groups(&[NFNLGRP_CONNTRACK_NEW])
        .recv_buffer(4096)
        .nonblocking(true);
    let mut mon = Monitor::<Socket, Netfilter>::open(cfg).unwrap();
    let mut c = Conn::<Netfilter>::dial(Config::default().netns(&ns)).unwrap();
    for p in 0..500 {
        c.conntrack_create(AF_INET, &udp(8000 + p)).unwrap();
    }
    let mut resync = false;
    loop {
        match mon.next() {
            Ok(Received::ResyncNeeded) => resync = true,
            Ok(_) => {}
            Err(e) if e.is_would_block() => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(resync, "a 4 KiB buffer cannot hold 500 events");
    assert_eq!(mon.resyncs(), 1);
    assert_eq!(
        c.conntrack_list(&Query::new()).unwrap().len(),
        500,
        "the list has all"
    );
}

#[test]
fn a_watcher_serves_conntrack_monitors_of_several_namespaces() {
    need_root!();
    let spaces: Vec<NetNs> = (0..4).map(|_| NetNs::new_anonymous().unwrap()).collect();
    let mut w = Watcher::new().unwrap();
    let mut tokens = Vec::new();
    for ns in &spaces {
        let cfg = MonitorConfig::default()
            .netns(ns)
            .groups(&[NFNLGRP_CONNTRACK_NEW])
            .nonblocking(true);
        tokens.push(
            w.add(Monitor::<Socket, Netfilter>::open(cfg).unwrap())
                .unwrap(),
        );
    }
    for (i, ns) in spaces.iter().enumerate() {
        let mut c = Conn::<Netfilter>::dial(Config::default().netns(ns)).unwrap();
        c.conntrack_create(AF_INET, &udp(9000 + i as u16)).unwrap();
    }
    let mut got = vec![None; spaces.len()];
    let mut ready = Vec::new();
    while got.iter().any(Option::is_none) {
        w.wait(&mut ready, Some(Duration::from_secs(5))).unwrap();
        assert!(!ready.is_empty(), "timed out with {got:?}");
        for r in ready.drain(..) {
            let Ready::Source(t) = r else { continue };
            let i = tokens.iter().position(|x| *x == t).unwrap();
            let mon = w.get_mut(t).unwrap();
            loop {
                match mon.next() {
                    Ok(Received::Event { event, .. }) => got[i] = describe(&event).1,
                    Ok(_) => {}
                    Err(e) if e.is_would_block() => break,
                    Err(e) => panic!("{e}"),
                }
            }
        }
    }
    let want: Vec<_> = (0..spaces.len()).map(|i| Some(9000 + i as u16)).collect();
    assert_eq!(got, want, "each namespace's event reached its own monitor");
}
