//! Adding then deleting 10,000 IPv4 routes (`172.16.x.y/32 via
//! 10.0.0.2`), in a namespace the bench makes (one veth pair up, 10.0.0.1/16).
//! Needs root; prints why and exits otherwise.
//!
//! `nlstack_batch` is `Conn::batch` (two batches per iteration: the adds,
//! then the deletes); `nlstack_batch_rcvbuf_4m` the same on a connection
//! with a 4 MiB receive buffer (more requests per datagram);
//! `nlstack_per_ack` is `Conn::ack` once per route, waiting for each ack;
//! `ip_batch` runs `ip -batch -` inside the namespace, feeds it the 20,000
//! `route add` / `route del` lines and waits for it to exit.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
mod common;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::wire::{Encoder, Flags, MsgType, RtMsg};

const ROUTES: usize = 10_000;
const RTA_DST: u16 = 1;
const RTA_GATEWAY: u16 = 5;
const GATEWAY: [u8; 4] = [10, 0, 0, 2];

fn dst(i: usize) -> [u8; 4] {
    [172, 16 + (i >> 16) as u8, (i >> 8) as u8, i as u8]
}

fn populate(ns: &NetNs) {
    let ok = common::ip_batch(
        ns,
        "link add ba0 type veth peer name bb0\nlink set ba0 up\nlink set bb0 up\n\
         addr add 10.0.0.1/16 dev ba0\n",
    );
    assert!(ok, "populating the bench namespace failed");
}

/// `rtmsg` for a /32 in the main table, static, universe, unicast.
fn header() -> RtMsg {
    RtMsg {
        family: libc::AF_INET as u8,
        dst_len: 32,
        table: 254,
        protocol: 4,
        scope: 0,
        kind: 1,
        ..Default::default()
    }
}

fn route(e: &mut Encoder<'_>, i: usize, add: bool) {
    e.header(&header());
    e.put(RTA_DST, &dst(i));
    if add {
        e.put(RTA_GATEWAY, &GATEWAY);
    }
}

fn kind(add: bool) -> (MsgType, Flags) {
    if add {
        (MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::EXCL)
    } else {
        (MsgType::RTM_DELROUTE, Flags::empty())
    }
}

/// Adds then deletes every route, one batch each; returns the answers.
fn batched(c: &mut Conn<Route>) -> usize {
    let mut n = 0;
    for add in [true, false] {
        let (k, f) = kind(add);
        let mut b = c.batch();
        for i in 0..ROUTES {
            b.add(k, f, |e| route(e, i, add)).unwrap();
        }
        for r in b.run().unwrap() {
            r.unwrap();
            n += 1;
        }
    }
    n
}

/// Adds then deletes every route, waiting for each ack.
fn per_ack(c: &mut Conn<Route>) -> usize {
    let mut n = 0;
    for add in [true, false] {
        let (k, f) = kind(add);
        for i in 0..ROUTES {
            c.ack(k, f, |e| route(e, i, add)).unwrap();
            n += 1;
        }
    }
    n
}

fn script() -> String {
    let mut s = String::new();
    for verb in ["add", "del"] {
        for i in 0..ROUTES {
            let d = dst(i);
            s.push_str(&format!(
                "route {verb} {}.{}.{}.{}/32 via 10.0.0.2\n",
                d[0], d[1], d[2], d[3]
            ));
        }
    }
    s
}

fn routes_in_table(c: &mut Conn<Route>) -> usize {
    let mut d = c
        .dump(MsgType::RTM_GETROUTE, Flags::empty(), |e| {
            e.header(&RtMsg {
                family: libc::AF_INET as u8,
                ..Default::default()
            });
        })
        .unwrap();
    let mut n = 0;
    while let Some(m) = d.next() {
        m.unwrap();
        n += 1;
    }
    n
}

fn bench(c: &mut Criterion) {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/batch: skipped, needs root to make a network namespace");
        return;
    }
    let ns = NetNs::new_anonymous().unwrap();
    populate(&ns);
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let mut big = Conn::<Route>::dial(Config::default().netns(&ns).recv_buffer(4 << 20)).unwrap();
    eprintln!(
        "receive buffers: default {} bytes, big {} bytes; send buffer {} bytes",
        conn.recv_buffer().unwrap(),
        big.recv_buffer().unwrap(),
        conn.send_buffer().unwrap(),
    );
    let script = script();

    // Sanity: each way leaves the table as it found it, and really adds
    // (a route still there would make the next add fail with EEXIST).
    let base = routes_in_table(&mut conn);
    assert_eq!(batched(&mut conn), 2 * ROUTES);
    assert_eq!(per_ack(&mut conn), 2 * ROUTES);
    assert!(common::ip_batch(&ns, &script));
    assert_eq!(routes_in_table(&mut conn), base);

    let mut g = c.benchmark_group("batch/routes_10k_add_del");
    // Long iterations: flat sampling, so the estimate is the mean.
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    g.bench_function("nlstack_batch", |b| {
        b.iter(|| black_box(batched(&mut conn)))
    });
    g.bench_function("nlstack_batch_rcvbuf_4m", |b| {
        b.iter(|| black_box(batched(&mut big)))
    });
    g.bench_function("nlstack_per_ack", |b| {
        b.iter(|| black_box(per_ack(&mut conn)))
    });
    g.bench_function("ip_batch", |b| {
        b.iter(|| assert!(common::ip_batch(&ns, black_box(&script))))
    });
    g.finish();
    assert_eq!(routes_in_table(&mut conn), base);
}

criterion_group!(benches, bench);
criterion_main!(benches);
