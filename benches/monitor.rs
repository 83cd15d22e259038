//! Watching the kernel, in a namespace the bench makes (needs root):
//!
//! - `events/*`: 20,000 route changes made in one batch. A reader that
//!   keeps up while they are made sees each event before the batch's last
//!   acknowledgement, so the lag is nil; what differs between readers is
//!   how long they take to get through the events. So the changes are made
//!   first, into a receive buffer large enough to hold them (64 MiB), and
//!   the time measured is from the last change until the reader has seen
//!   every event. `floor` is a bare socket on the same group that reads
//!   datagrams into a fixed buffer and counts route messages by their
//!   header; `monitor` decodes each event into its typed view (every field
//!   read); `ip_monitor` is `ip -rcvbuf 64M monitor route` as a process,
//!   whose lines are read from a pipe. Changes alternate between adding
//!   and deleting the same routes, so every iteration sees 20,000 events.
//!   Before timing, a monitor with the default 4 MiB buffer reads a round
//!   while it is made, and must lose nothing.
//! - `recovery/*`: with 26,000 routes, the mirror's resync after a loss
//!   (discard what is queued, list links and routes, diff) against one
//!   typed dump of the routes.

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
mod common;

use nlstack::conn::{Config, Conn, Route};
use nlstack::monitor::{Event, Keep, Mirror, Monitor, MonitorConfig, RTNLGRP_IPV4_ROUTE, Received};
use nlstack::netns::NetNs;
use nlstack::route::{Prefix, RouteFilter, RouteRequest};
use nlstack::sys::{self, Socket};
use nlstack::wire::{Flags, MsgType};

const EVENTS: usize = 20_000;
const TABLE: usize = 26_000;
/// A receive buffer that holds a whole round of events.
const BIG: usize = 64 << 20;

fn dst(i: usize, base: u8) -> Prefix {
    Prefix::new(
        std::net::IpAddr::V4(std::net::Ipv4Addr::new(
            base,
            (i / 65536) as u8,
            (i / 256 % 256) as u8,
            (i % 256) as u8,
        )),
        32,
    )
}

/// Adds (or deletes) `EVENTS` routes in one batch on a thread of its own;
/// sends the instant of the last acknowledgement.
fn change(ns: &NetNs, add: bool, done: mpsc::Sender<Instant>) -> std::thread::JoinHandle<()> {
    let mut conn = Conn::<Route>::dial(Config::default().netns(ns).recv_buffer(8 << 20)).unwrap();
    std::thread::spawn(move || {
        let mut b = conn.batch();
        for i in 0..EVENTS {
            let r = RouteRequest::new(dst(i, 172)).via("10.0.0.2".parse().unwrap());
            let (kind, flags) = if add {
                (MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::EXCL)
            } else {
                (MsgType::RTM_DELROUTE, Flags::empty())
            };
            b.add(kind, flags, |e| r.encode(e)).unwrap();
        }
        for r in b.run().unwrap() {
            r.unwrap();
        }
        done.send(Instant::now()).unwrap();
    })
}

/// Makes one round of changes, then lets `read` count its events
/// (returning after `EVENTS`); the time from the last change to the last
/// event. With `concurrent`, `read` runs while the changes are made.
fn round(
    ns: &NetNs,
    add: &mut bool,
    concurrent: bool,
    read: impl FnOnce(MsgType) -> Instant,
) -> Duration {
    let (tx, rx) = mpsc::channel();
    let kind = if *add {
        MsgType::RTM_NEWROUTE
    } else {
        MsgType::RTM_DELROUTE
    };
    let mut writer = Some(change(ns, *add, tx));
    if !concurrent {
        if let Some(w) = writer.take() {
            w.join().unwrap();
        }
    }
    let seen_all = read(kind);
    let last_change = rx.recv().unwrap();
    if let Some(w) = writer {
        w.join().unwrap();
    }
    *add = !*add;
    seen_all.saturating_duration_since(last_change)
}

/// The floor: a bare socket on the IPv4 route group, a fixed buffer, and
/// headers read as words.
fn bare(sock: &Socket, buf: &mut [u8], kind: MsgType) -> Instant {
    let mut n = 0;
    while n < EVENTS {
        let (len, _) = sock.recv_into(buf).unwrap();
        let mut pos = 0;
        while pos + 16 <= len {
            let l = u32::from_ne_bytes(buf[pos..pos + 4].try_into().unwrap()) as usize;
            n += (u16::from_ne_bytes([buf[pos + 4], buf[pos + 5]]) == kind.0) as usize;
            pos += (l.max(16) + 3) & !3;
        }
    }
    Instant::now()
}

/// Every field of the route view read back, so none of the decoding can
/// be left out by the compiler.
fn typed(mon: &mut Monitor, kind: MsgType, sink: &mut u64) -> Instant {
    let mut n = 0;
    while n < EVENTS {
        match mon.next().unwrap() {
            Received::Event { event, .. } => {
                let (r, new) = match &event {
                    Event::NewRoute(r) => (r, true),
                    Event::DelRoute(r) => (r, false),
                    _ => continue,
                };
                n += (new == (kind == MsgType::RTM_NEWROUTE)) as usize;
                *sink = sink.wrapping_add(
                    r.table() as u64
                        + r.dst().is_some() as u64
                        + r.src().is_some() as u64
                        + r.gateway().is_some() as u64
                        + r.oif().unwrap_or(0) as u64
                        + r.priority().unwrap_or(0) as u64
                        + r.prefsrc().is_some() as u64
                        + r.malformed() as u64,
                );
            }
            Received::ResyncNeeded => panic!("events lost with a 4 MiB buffer"),
            _ => {}
        }
    }
    Instant::now()
}

/// Counts the route lines `ip monitor` prints for this round, from a
/// channel fed by a thread reading its stdout, until all came or it went
/// quiet for a second (it lost some: its buffer is `rmem_max`-bound).
fn ip_monitor(kind: MsgType, lines: &mpsc::Receiver<String>, lost: &mut usize) -> Instant {
    let deleted = kind == MsgType::RTM_DELROUTE;
    let mut n = 0;
    let mut last = Instant::now();
    while n < EVENTS {
        match lines.recv_timeout(Duration::from_secs(1)) {
            Ok(l) => {
                if l.starts_with("Deleted 172.") == deleted && l.contains("172.") {
                    n += 1;
                    last = Instant::now();
                }
            }
            Err(_) => {
                *lost += EVENTS - n;
                break;
            }
        }
    }
    last
}

fn bench(c: &mut Criterion) {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/monitor: skipped, needs root to make a network namespace");
        return;
    }
    let ns = NetNs::new_anonymous().unwrap();
    assert!(common::ip_batch(
        &ns,
        "link add a0 type veth peer name a1\nlink set a0 up\nlink set a1 up\naddr add 10.0.0.1/16 dev a0\n",
    ));

    let mut g = c.benchmark_group("events/20000_routes");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    let mut add = true;

    let sock = ns.run(|| Socket::new(sys::NETLINK_ROUTE)).unwrap().unwrap();
    sock.bind(0, 0).unwrap();
    sock.join_group(RTNLGRP_IPV4_ROUTE).unwrap();
    sock.set_recv_buffer(BIG).unwrap();
    let mut buf = vec![0u8; 64 << 10];
    g.bench_function("floor", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| round(&ns, &mut add, false, |k| bare(&sock, &mut buf, k)))
                .sum()
        })
    });
    drop(sock);
    // Leave the table empty between readers.
    if !add {
        round(&ns, &mut add, false, |_| Instant::now());
    }

    // No loss with the default buffer, reading while the changes are made.
    let mut mon = Monitor::new(
        MonitorConfig::default()
            .netns(&ns)
            .groups(&[RTNLGRP_IPV4_ROUTE]),
    )
    .unwrap();
    let mut sink = 0u64;
    round(&ns, &mut add, true, |k| typed(&mut mon, k, &mut sink));
    assert_eq!(mon.resyncs(), 0, "no loss with the default 4 MiB buffer");
    drop(mon);

    let mut mon = Monitor::new(
        MonitorConfig::default()
            .netns(&ns)
            .groups(&[RTNLGRP_IPV4_ROUTE])
            .recv_buffer(BIG),
    )
    .unwrap();
    g.bench_function("monitor", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| round(&ns, &mut add, false, |k| typed(&mut mon, k, &mut sink)))
                .sum()
        })
    });
    black_box(sink);
    assert_eq!(mon.resyncs(), 0);
    drop(mon);
    if !add {
        round(&ns, &mut add, false, |_| Instant::now());
    }

    // `ip monitor` reads while the changes are made: it cannot be given a
    // buffer for a whole round (`-rcvbuf` is bound by `rmem_max`, a host
    // setting this bench does not touch). So its figure is the time from
    // the last change until it printed the last event, reading alongside.
    let mut child = ns
        .run(|| {
            Command::new("ip")
                .args(["monitor", "route"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
        })
        .unwrap()
        .unwrap();
    let out = BufReader::new(child.stdout.take().unwrap());
    let (line_tx, line_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in out.lines() {
            let Ok(l) = l else { break };
            if line_tx.send(l).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200)); // let it subscribe
    let mut lost = 0;
    let mut rounds = 0;
    g.bench_function("ip_monitor", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    rounds += 1;
                    round(&ns, &mut add, true, |k| ip_monitor(k, &line_rx, &mut lost))
                })
                .sum()
        })
    });
    eprintln!(
        "ip monitor: {lost} of {} events not printed (lost)",
        rounds * EVENTS
    );
    let _ = child.kill();
    let _ = child.wait();
    g.finish();
    if !add {
        round(&ns, &mut add, false, |_| Instant::now());
    }

    // Recovery: 26,000 routes, a mirror that must list them again.
    let mut s = String::new();
    for i in 0..TABLE {
        s.push_str(&format!("route add {} via 10.0.0.2\n", dst(i, 100)));
    }
    assert!(common::ip_batch(&ns, &s));
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let mut mirror = Mirror::new(
        MonitorConfig::default().netns(&ns),
        Keep::LINKS | Keep::ROUTES,
    )
    .unwrap();
    assert!(mirror.routes().count() >= TABLE);
    let mut g = c.benchmark_group("recovery/26000_routes");
    g.sample_size(20);
    g.bench_function("typed_dump", |b| {
        b.iter(|| black_box(conn.routes(RouteFilter::all_tables()).unwrap().len()))
    });
    let mut out = Vec::new();
    g.bench_function("mirror_resync", |b| {
        b.iter(|| {
            out.clear();
            mirror.resync(&mut out).unwrap();
            black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
