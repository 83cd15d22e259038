//! One watcher thread over the monitors of 200 namespaces: its memory and
//! its CPU time while idle and under churn. Prints the figures (a
//! measurement, not a comparison); needs root.
//!
//!     cargo bench --bench watch_scale

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

mod common;

use nlstack::conn::{Config, Conn, Route};
use nlstack::monitor::{Event, Monitor, MonitorConfig, RTNLGRP_LINK, Ready, Received, Watcher};
use nlstack::netns::NetNs;
use nlstack::route::{LinkRequest, VethPeer};

const N: usize = 200;

fn main() {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/watch_scale: skipped, needs root to make network namespaces");
        return;
    }
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return; // `cargo test --benches` and `cargo bench -- --list`
    }
    let spaces: Vec<NetNs> = (0..N).map(|_| NetNs::new_anonymous().unwrap()).collect();
    let before = common::rss_kib();
    let mut watcher = Watcher::new().unwrap();
    for ns in &spaces {
        let cfg = MonitorConfig::default()
            .netns(ns)
            .groups(&[RTNLGRP_LINK])
            .nonblocking(true);
        watcher.add(Monitor::new(cfg).unwrap()).unwrap();
    }
    let after = common::rss_kib();
    println!(
        "memory: {} KiB for {N} monitors and the watcher ({:.1} KiB each; \
         each monitor's 4 MiB receive buffer is charged only as events queue)",
        after.saturating_sub(before),
        after.saturating_sub(before) as f64 / N as f64
    );

    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let stop2 = stop.clone();
    let watcher_thread = std::thread::spawn(move || {
        let mut ready = Vec::new();
        let mut events = 0u64;
        let mut marks = Vec::new();
        while !stop2.load(Ordering::Relaxed) {
            ready.clear();
            watcher
                .wait(&mut ready, Some(Duration::from_millis(100)))
                .unwrap();
            for r in &ready {
                if let Ready::Source(t) = *r {
                    let m = watcher.get_mut(t).unwrap();
                    loop {
                        match m.next() {
                            Ok(Received::Event {
                                event: Event::NewLink(_) | Event::DelLink(_),
                                ..
                            }) => events += 1,
                            Ok(_) => {}
                            Err(e) if e.is_would_block() => break,
                            Err(e) => panic!("{e}"),
                        }
                    }
                }
            }
            if let Ok(()) = rx.try_recv() {
                marks.push((common::cpu(libc::RUSAGE_THREAD), events));
            }
        }
        marks.push((common::cpu(libc::RUSAGE_THREAD), events));
        marks
    });

    let idle = Duration::from_secs(5);
    let t0 = Instant::now();
    tx.send(()).unwrap();
    std::thread::sleep(idle);
    tx.send(()).unwrap();
    // Churn: veth pairs made and deleted in namespaces picked in turn.
    let mut conns: Vec<Conn<Route>> = spaces
        .iter()
        .map(|ns| Conn::<Route>::dial(Config::default().netns(ns)).unwrap())
        .collect();
    let churn_start = Instant::now();
    let mut changes = 0;
    for round in 0..5 {
        for (i, c) in conns.iter_mut().enumerate() {
            let name = format!("c{round}x{i}");
            let l = c
                .link_add_echo(&LinkRequest::veth(&name, VethPeer::new(format!("{name}p"))))
                .unwrap();
            c.link_del(l.index()).unwrap();
            changes += 2;
        }
    }
    let churn = churn_start.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    tx.send(()).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    stop.store(true, Ordering::Relaxed);
    let marks = watcher_thread.join().unwrap();
    let _ = t0;
    let (idle_start, _) = marks[0];
    let (idle_end, e_idle) = marks[1];
    let (churn_end, e_churn) = marks[2];
    let idle_cpu = idle_end - idle_start;
    println!(
        "idle: {:.3} ms of CPU in {:.1} s ({:.4} %), {} events",
        idle_cpu.as_secs_f64() * 1e3,
        idle.as_secs_f64(),
        idle_cpu.as_secs_f64() / idle.as_secs_f64() * 100.0,
        e_idle
    );
    let churn_cpu = churn_end - idle_end;
    let events = e_churn - e_idle;
    println!(
        "churn: {changes} link changes in {:.0} ms across {N} namespaces; the watcher thread \
         decoded {events} link events with {:.1} ms of CPU ({:.2} µs per event)",
        churn.as_secs_f64() * 1e3,
        churn_cpu.as_secs_f64() * 1e3,
        churn_cpu.as_secs_f64() * 1e6 / events.max(1) as f64
    );
}
