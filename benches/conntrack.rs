//! Conntrack at scale: 100,000 entries in a namespace the bench makes
//! (created with batched `IPCTNL_MSG_CT_NEW` requests; see
//! `common::conntrack_populate`). Needs root; prints why and exits
//! otherwise.
//!
//! - `list/floor`: a bare netlink socket sends its own `IPCTNL_MSG_CT_GET`
//!   dump request and `recvmsg`s into a fixed 64 KiB buffer until
//!   `NLMSG_DONE`, reading each message's header as one word (length and
//!   type) and nothing else;
//! - `list/each_all_fields`: `Conn::conntrack_each`, every field of each
//!   view read (both tuples' addresses, protocol, ports and zone, status,
//!   timeout, mark, use, id, zone, TCP state, counters, labels);
//! - `list/collect`: `Conn::conntrack_list` (every entry copied into one
//!   buffer with its index), then its length;
//! - `process/conntrack_L`: `conntrack -L` run in the namespace, output to
//!   /dev/null, as a whole process; `process/nlstack_list`: the same list
//!   in this process (`conntrack_list`, then each entry's tuple read);
//! - `delete_half/nlstack`: `conntrack_delete_matching` with a filter on
//!   the original source `10.1.0.0/16` (half of the entries);
//!   `delete_half/conntrack_D`: `conntrack -D -s 10.1.0.0/16`; the deleted
//!   half is created again (untimed) before each iteration.
//!
//! The kernel's side of a dump varies by ±15% from one run to the next on
//! a shared VM, more than the differences measured; so before the
//! criterion groups the bench also times the contenders in turn, round
//! after round (`paired`), and prints each one's median and its median
//! ratio to the floor (or, for the processes and deletes, to the other).

mod common;

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::conntrack::*;
use nlstack::netns::NetNs;
use nlstack::sys::{self, Socket};
use nlstack::wire::{Encoder, Flags, NfGenMsg};

const ENTRIES: usize = 100_000;
const AF_INET: u8 = libc::AF_INET as u8;

/// The floor's request: `IPCTNL_MSG_CT_GET` dump of IPv4.
fn request(seq: u32, buf: &mut Vec<u8>) {
    buf.clear();
    let mut e = Encoder::new(buf, IPCTNL_MSG_CT_GET, Flags::REQUEST | Flags::DUMP, seq, 0);
    e.header(&NfGenMsg {
        family: AF_INET,
        version: 0,
        res_id: 0,
    });
    e.finish().unwrap();
}

/// The floor: send the request, `recvmsg` into a fixed 64 KiB buffer until
/// a datagram holds `NLMSG_DONE`, reading each header's first 8 bytes as
/// one word. Returns the number of messages.
fn bare(sock: &Socket, req: &mut Vec<u8>, rx: &mut [u8]) -> usize {
    request(1, req);
    sock.send(req).unwrap();
    let mut count = 0;
    loop {
        let (n, _) = sock.recv_into(rx).unwrap();
        let mut pos = 0;
        while pos + 16 <= n {
            let w = u64::from_ne_bytes(rx[pos..pos + 8].try_into().unwrap());
            let (len, kind) = (w as u32 as usize, (w >> 32) as u16);
            if kind == libc::NLMSG_DONE as u16 {
                return count;
            }
            count += 1;
            pos += (len.max(16) + 3) & !3;
        }
    }
}

fn tuple_sum(t: Option<Tuple<&[u8]>>) -> u64 {
    let Some(t) = t else { return 0 };
    let addr = |a: Option<std::net::IpAddr>| match a {
        Some(std::net::IpAddr::V4(a)) => u32::from(a) as u64,
        Some(std::net::IpAddr::V6(a)) => u128::from(a) as u64,
        None => 0,
    };
    addr(t.src())
        + addr(t.dst())
        + t.protocol().unwrap_or(0) as u64
        + t.src_port().unwrap_or(0) as u64
        + t.dst_port().unwrap_or(0) as u64
        + t.zone().unwrap_or(0) as u64
}

/// Every field a listing shows.
fn all_fields(e: &Entry<&[u8]>) -> u64 {
    let mut sum = tuple_sum(e.orig()) + tuple_sum(e.reply());
    sum += e.status().unwrap_or(0) as u64 + e.timeout().unwrap_or(0) as u64;
    sum += e.mark().unwrap_or(0) as u64 + e.use_count().unwrap_or(0) as u64;
    sum += e.id().unwrap_or(0) as u64 + e.zone().unwrap_or(0) as u64;
    sum += e.tcp_state().unwrap_or(0) as u64;
    if let Some(c) = e.counters_orig() {
        sum += c.packets().unwrap_or(0) + c.bytes().unwrap_or(0);
    }
    if let Some(c) = e.counters_reply() {
        sum += c.packets().unwrap_or(0) + c.bytes().unwrap_or(0);
    }
    sum += e.labels().map_or(0, |l| l.len()) as u64;
    sum + e.malformed() as u64
}

fn each_all_fields(conn: &mut Conn<Netfilter>) -> (usize, u64) {
    let (mut n, mut sum) = (0, 0);
    conn.conntrack_each(&Query::new().ipv4(), |e| {
        n += 1;
        sum += all_fields(e);
        Ok(())
    })
    .unwrap();
    (n, sum)
}

fn conntrack_tool(ns: &NetNs, args: &[&str]) {
    let ok = ns
        .run(|| {
            Command::new("conntrack")
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
        })
        .unwrap()
        .expect("run conntrack (apt-get install conntrack)")
        .success();
    assert!(ok, "conntrack {args:?} failed");
}

fn count(conn: &mut Conn<Netfilter>) -> u32 {
    conn.conntrack_count().unwrap().entries().unwrap_or(0)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times each of `f`'s contenders (`f(i)` runs contender `i` once and
/// returns how long the timed part took) in turn, `rounds` times; prints
/// each one's median and the median of its per-round ratio to contender
/// `base`.
fn paired(
    title: &str,
    names: &[&str],
    base: usize,
    rounds: usize,
    mut f: impl FnMut(usize) -> Duration,
) {
    let mut t = vec![Vec::new(); names.len()];
    for _ in 0..rounds {
        for (i, ti) in t.iter_mut().enumerate() {
            ti.push(f(i).as_secs_f64() * 1e3);
        }
    }
    eprintln!("{title} ({rounds} rounds, contenders in turn):");
    for (i, name) in names.iter().enumerate() {
        let mut r: Vec<f64> = t[i].iter().zip(&t[base]).map(|(a, b)| a / b).collect();
        let mut ti = t[i].clone();
        eprintln!(
            "  {name:<16} median {:8.1} ms  min {:8.1} ms  x{:.2} of {}",
            median(&mut ti),
            ti[0],
            median(&mut r),
            names[base]
        );
    }
}

fn bench(c: &mut Criterion) {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/conntrack: skipped, needs root to make a network namespace");
        return;
    }
    let ns = NetNs::new_anonymous().unwrap();
    let mut conn = Conn::<Netfilter>::dial(Config::default().netns(&ns)).unwrap();
    let max = conn.conntrack_count().unwrap().max_entries().unwrap_or(0);
    assert!(
        max as usize >= ENTRIES,
        "nf_conntrack_max is {max}: too small for {ENTRIES} entries"
    );
    let t = Instant::now();
    let made = common::conntrack_populate(&mut conn, ENTRIES, |_| true);
    eprintln!(
        "benches/conntrack: {made} entries created in {:.2?} (batched)",
        t.elapsed()
    );
    assert_eq!(count(&mut conn) as usize, ENTRIES);

    let sock = ns
        .run(|| Socket::new(sys::NETLINK_NETFILTER))
        .unwrap()
        .unwrap();
    sock.bind(0, 0).unwrap();
    let mut req = Vec::new();
    let mut rx = vec![0u8; 64 << 10];
    // Sanity: all see the whole table.
    assert_eq!(bare(&sock, &mut req, &mut rx), ENTRIES);
    assert_eq!(each_all_fields(&mut conn).0, ENTRIES);
    assert_eq!(
        conn.conntrack_list(&Query::new().ipv4()).unwrap().len(),
        ENTRIES
    );

    let timed = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    paired(
        "conntrack/list, 100,000 entries",
        &[
            "floor",
            "each_all_fields",
            "collect",
            "conntrack_L",
            "nlstack_list",
        ],
        0,
        15,
        |i| match i {
            0 => timed(&mut || {
                black_box(bare(&sock, &mut req, &mut rx));
            }),
            1 => timed(&mut || {
                black_box(each_all_fields(&mut conn));
            }),
            2 => timed(&mut || {
                black_box(conn.conntrack_list(&Query::new().ipv4()).unwrap().len());
            }),
            3 => timed(&mut || conntrack_tool(&ns, &["-L"])),
            _ => timed(&mut || {
                let list = conn.conntrack_list(&Query::new().ipv4()).unwrap();
                black_box(list.iter().map(|e| tuple_sum(e.orig())).sum::<u64>());
            }),
        },
    );
    let filter = Filter::new().orig_src("10.1.0.0/16".parse().unwrap());
    paired(
        "conntrack/delete_half, 50,000 of 100,000",
        &["nlstack", "conntrack_D"],
        0,
        5,
        |i| {
            common::conntrack_populate(&mut conn, ENTRIES, |i| i % 2 == 0);
            if i == 0 {
                timed(&mut || {
                    let n = conn
                        .conntrack_delete_matching(AF_INET, std::slice::from_ref(&filter))
                        .unwrap();
                    assert_eq!(n, ENTRIES / 2);
                })
            } else {
                timed(&mut || conntrack_tool(&ns, &["-D", "-s", "10.1.0.0/16"]))
            }
        },
    );
    common::conntrack_populate(&mut conn, ENTRIES, |_| true);
    assert_eq!(count(&mut conn) as usize, ENTRIES);

    let mut g = c.benchmark_group("conntrack/list");
    g.sample_size(20);
    g.bench_function("floor", |b| {
        b.iter(|| black_box(bare(&sock, &mut req, &mut rx)))
    });
    g.bench_function("each_all_fields", |b| {
        b.iter(|| black_box(each_all_fields(&mut conn)))
    });
    g.bench_function("collect", |b| {
        b.iter(|| black_box(conn.conntrack_list(&Query::new().ipv4()).unwrap().len()))
    });
    g.finish();

    let mut g = c.benchmark_group("conntrack/process");
    g.sample_size(10);
    g.bench_function("conntrack_L", |b| b.iter(|| conntrack_tool(&ns, &["-L"])));
    g.bench_function("nlstack_list", |b| {
        b.iter(|| {
            let list = conn.conntrack_list(&Query::new().ipv4()).unwrap();
            black_box(list.iter().map(|e| tuple_sum(e.orig())).sum::<u64>())
        })
    });
    g.finish();

    // Delete-by-filter: half of the entries (original source in
    // 10.1.0.0/16: the even ones), created again before each iteration.
    let half = |i: usize| i % 2 == 0;
    let mut g = c.benchmark_group("conntrack/delete_half");
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(100));
    g.bench_function("nlstack", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                common::conntrack_populate(&mut conn, ENTRIES, half);
                let t = Instant::now();
                let n = conn
                    .conntrack_delete_matching(AF_INET, std::slice::from_ref(&filter))
                    .unwrap();
                total += t.elapsed();
                assert_eq!(n, ENTRIES / 2);
            }
            total
        })
    });
    g.bench_function("conntrack_D", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                common::conntrack_populate(&mut conn, ENTRIES, half);
                let t = Instant::now();
                conntrack_tool(&ns, &["-D", "-s", "10.1.0.0/16"]);
                total += t.elapsed();
                assert_eq!(count(&mut conn) as usize, ENTRIES / 2);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
