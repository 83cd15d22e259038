//! One watcher thread over the monitors of 200 namespaces: every event is
//! attributed to the namespace it happened in, sources come and go while
//! it runs, and timers fire in the same loop.

#[macro_use]
mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use nlstack::conn::{Config, Conn, Route};
use nlstack::monitor::{
    Event, Monitor, MonitorConfig, RTNLGRP_LINK, Ready, Received, Token, Watcher,
};
use nlstack::netns::NetNs;
use nlstack::route::{LinkRequest, VethPeer};

/// Reads every event a ready monitor has, without blocking; returns the
/// names of new links.
fn drain(mon: &mut Monitor) -> Vec<String> {
    let mut names = Vec::new();
    loop {
        match mon.next() {
            Ok(Received::Event {
                event: Event::NewLink(l),
                ..
            }) => names.extend(l.ifname().map(|n| n.to_string())),
            Ok(Received::ResyncNeeded) => panic!("lost events"),
            Ok(_) => {}
            Err(e) if e.is_would_block() => return names,
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn one_thread_attributes_every_event_of_200_namespaces() {
    need_root!();
    const N: usize = 200;
    let spaces: Vec<NetNs> = (0..N).map(|_| NetNs::new_anonymous().unwrap()).collect();
    let mut watcher = Watcher::new().unwrap();
    let mut which: BTreeMap<Token, usize> = BTreeMap::new();
    for (i, ns) in spaces.iter().enumerate() {
        let cfg = MonitorConfig::default()
            .netns(ns)
            .groups(&[RTNLGRP_LINK])
            .recv_buffer(256 << 10)
            .nonblocking(true);
        let t = watcher.add(Monitor::new(cfg).unwrap()).unwrap();
        which.insert(t, i);
    }
    assert_eq!(watcher.len(), N);

    // Changes in namespaces picked at random (a fixed-seed LCG): each
    // veth's name says where it was made.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for k in 0..300 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let i = (seed >> 33) as usize % N;
        let mut conn = Conn::<Route>::dial(Config::default().netns(&spaces[i])).unwrap();
        let (a, b) = (format!("w{k}a"), format!("w{k}b"));
        conn.link_add(&LinkRequest::veth(&a, VethPeer::new(&b)))
            .unwrap();
        expected.insert(a, i);
        expected.insert(b, i);
    }

    let timer = watcher.add_timer(Duration::from_millis(50)).unwrap();
    let mut timer_fired = false;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut ready = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while (seen.len() < expected.len() || !timer_fired) && Instant::now() < deadline {
        ready.clear();
        watcher
            .wait(&mut ready, Some(Duration::from_millis(200)))
            .unwrap();
        for r in &ready {
            match *r {
                Ready::Source(t) => {
                    let from = which[&t];
                    for name in drain(watcher.get_mut(t).unwrap()) {
                        assert!(seen.insert(name.clone(), from).is_none(), "{name} twice");
                    }
                }
                Ready::Timer(id) => {
                    assert_eq!(id, timer);
                    timer_fired = true;
                }
                _ => {}
            }
        }
    }
    assert_eq!(
        seen, expected,
        "every event from the namespace it happened in"
    );
    assert!(timer_fired, "the timer fired in the same loop");

    // A source removed while running ends cleanly: its namespace's later
    // changes are not reported, the others' still are.
    let (&gone, &gi) = which.iter().next().unwrap();
    let mon = watcher.remove(gone).expect("the source comes back");
    drop(mon);
    assert!(watcher.get(gone).is_none() && watcher.remove(gone).is_none());
    let other = (gi + 1) % N;
    for (i, name) in [(gi, "gone0"), (other, "kept0")] {
        let mut conn = Conn::<Route>::dial(Config::default().netns(&spaces[i])).unwrap();
        conn.link_add(&LinkRequest::veth(name, VethPeer::new(format!("{name}p"))))
            .unwrap();
    }
    let mut late = Vec::new();
    for _ in 0..5 {
        ready.clear();
        watcher
            .wait(&mut ready, Some(Duration::from_millis(100)))
            .unwrap();
        for r in &ready {
            if let Ready::Source(t) = *r {
                assert_ne!(t, gone);
                late.extend(drain(watcher.get_mut(t).unwrap()));
            }
        }
    }
    late.sort();
    assert_eq!(late, ["kept0", "kept0p"]);
    // A new source may reuse the slot; the old token still names nothing.
    let cfg = MonitorConfig::default()
        .netns(&spaces[gi])
        .groups(&[RTNLGRP_LINK])
        .nonblocking(true);
    let t = watcher.add(Monitor::new(cfg).unwrap()).unwrap();
    assert_ne!(t, gone);
    assert!(watcher.get(gone).is_none());
}

#[test]
fn the_watcher_fd_is_readable_for_an_outer_loop() {
    need_root!();
    use std::os::fd::AsFd;
    let ns = NetNs::new_anonymous().unwrap();
    let mut watcher = Watcher::new().unwrap();
    let cfg = MonitorConfig::default()
        .netns(&ns)
        .groups(&[RTNLGRP_LINK])
        .nonblocking(true);
    let t = watcher.add(Monitor::new(cfg).unwrap()).unwrap();
    let idle = nlstack::sys::poll(watcher.as_fd(), libc::POLLIN, 50).unwrap();
    assert_eq!(idle, 0, "nothing to read yet");
    common::ip(
        &ns,
        &["link", "add", "o0", "type", "veth", "peer", "name", "o1"],
    );
    let r = nlstack::sys::poll(watcher.as_fd(), libc::POLLIN, 2000).unwrap();
    assert!(r & libc::POLLIN != 0);
    let mut ready = Vec::new();
    watcher.wait(&mut ready, Some(Duration::ZERO)).unwrap();
    assert_eq!(ready, [Ready::Source(t)]);
    let mut names = drain(watcher.get_mut(t).unwrap());
    names.sort();
    assert_eq!(names, ["o0", "o1"]);
}
