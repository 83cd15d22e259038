//! The informers' latency, from a link made to its `Added` event, p50 and
//! p99: the watcher (events) against the poller (period 100 ms). And one
//! watcher informer over 200 named namespaces: its memory and its CPU
//! while idle. Prints its figures; needs root. Makes and deletes its own
//! named namespaces.
//!
//!     cargo bench --bench ifaces_latency

use std::time::{Duration, Instant};

mod common;

use nlstack::conn::{Config, Conn, Route};
use nlstack::ifaces::{Event, Informer, Presence};
use nlstack::netns::NetNs;
use nlstack::route::LinkRequest;

struct Spaces(Vec<String>);
impl Drop for Spaces {
    fn drop(&mut self) {
        for n in &self.0 {
            let _ = NetNs::delete(n);
        }
    }
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Makes `n` veths in `conn`'s namespace one at a time, each after a
/// pseudo-random pause of up to `jitter` (links appear at any time, not
/// just after a poller's round), and measures, for each, the time until
/// `informer` reports it.
fn latencies(
    informer: &mut Informer,
    conn: &mut Conn<Route>,
    tag: &str,
    n: usize,
    jitter: Duration,
) -> Vec<Duration> {
    let mut out = Vec::new();
    let mut events = Vec::new();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..n {
        let name = format!("{tag}{i}");
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let pause = jitter.mul_f64((seed >> 11) as f64 / (1u64 << 53) as f64);
        let start = Instant::now();
        while start.elapsed() < pause {
            events.clear();
            informer
                .next_events(&mut events, Some(pause - start.elapsed()))
                .unwrap();
        }
        let t0 = Instant::now();
        conn.link_add(&LinkRequest::veth(&name, format!("{tag}p{i}").as_str()))
            .unwrap();
        'wait: loop {
            events.clear();
            informer
                .next_events(&mut events, Some(Duration::from_millis(10)))
                .unwrap();
            for e in &events {
                if matches!(e, Event::Added(i) if i.name == name.as_str()) {
                    out.push(t0.elapsed());
                    break 'wait;
                }
            }
            assert!(t0.elapsed() < Duration::from_secs(5), "no event for {name}");
        }
    }
    out
}

fn main() {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/ifaces_latency: skipped, needs root to make network namespaces");
        return;
    }
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let tag = std::process::id();
    let name = format!("nlstack-lat-{tag}");
    let ns = NetNs::create(&name).unwrap();
    let _s = Spaces(vec![name.clone()]);
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();

    let mut w = Informer::watcher(Presence::All).unwrap();
    let mut sink = Vec::new();
    w.next_events(&mut sink, Some(Duration::ZERO)).unwrap(); // the snapshot
    let mut lw = latencies(&mut w, &mut conn, "w", 200, Duration::from_millis(5));
    let mut p = Informer::poller(Presence::All, Duration::from_millis(100)).unwrap();
    p.next_events(&mut sink, None).unwrap(); // the first round
    let mut lp = latencies(&mut p, &mut conn, "p", 40, Duration::from_millis(100));
    println!(
        "latency, link made to Added: watcher p50 {:?} p99 {:?} ({} links); poller (100 ms) p50 {:?} p99 {:?} ({} links)",
        pct(&mut lw, 0.5),
        pct(&mut lw, 0.99),
        lw.len(),
        pct(&mut lp, 0.5),
        pct(&mut lp, 0.99),
        lp.len()
    );
    drop((w, p));

    // 200 named namespaces, one watcher informer.
    let names: Vec<String> = (0..200).map(|i| format!("nlstack-lat-{tag}-{i}")).collect();
    let mut spaces = Spaces(Vec::new());
    for n in &names {
        NetNs::create(n).unwrap();
        spaces.0.push(n.clone());
    }
    let before = common::rss_kib();
    let mut w = Informer::watcher(Presence::All).unwrap();
    let after = common::rss_kib();
    w.next_events(&mut sink, Some(Duration::ZERO)).unwrap();
    let cpu0 = common::cpu(libc::RUSAGE_SELF);
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(5) {
        w.next_events(&mut sink, Some(Duration::from_secs(1)))
            .unwrap();
    }
    let idle = common::cpu(libc::RUSAGE_SELF) - cpu0;
    println!(
        "one watcher informer over {} namespaces (and the host's): {} KiB resident for it; idle CPU {:.3} ms in 5 s",
        names.len(),
        after.saturating_sub(before),
        idle.as_secs_f64() * 1e3
    );
}
