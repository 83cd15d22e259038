//! End-to-end dumps through `Conn` against a bare `recvmsg` loop over the
//! same dump, in a namespace the bench populates (2,000 links, 20,000
//! IPv4 routes). Needs root; prints why and exits otherwise.
//!
//! `nlstack` walks every attribute of every message (nests included);
//! `nlstack_views` decodes every message into its typed view;
//! `nlstack_list` collects the list (`links()`, `routes()`: the received
//! bytes in one buffer, each object indexed) and walks its views;
//! `floor` only receives the datagrams into a fixed buffer and looks for
//! `NLMSG_DONE`. After each dump's group, the floor, the views and the
//! list also run in alternation, and the ratios of each round are printed
//! (`paired ...`): the robust figure on a machine whose kernel dump
//! drifts.

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::{LinkMsg, RouteFilter, RouteMsg};
use nlstack::sys::{self, Socket};
use nlstack::wire::{Attrs, Encoder, FamilyHeader, Flags, IfInfoMsg, Messages, MsgType, RtMsg};

const PAIRS: usize = 1000;
const ROUTES: usize = 20_000;

fn populate(ns: &NetNs) {
    let mut s = String::new();
    for i in 0..PAIRS {
        s.push_str(&format!("link add ba{i} type veth peer name bb{i}\n"));
    }
    s.push_str("link set ba0 up\nlink set bb0 up\naddr add 10.0.0.1/16 dev ba0\n");
    for i in 0..ROUTES {
        s.push_str(&format!(
            "route add 172.{}.{}.{}/32 via 10.0.0.2\n",
            16 + i / 65536,
            (i / 256) % 256,
            i % 256
        ));
    }
    let ok = ns
        .run(|| -> std::io::Result<bool> {
            let mut c = Command::new("ip")
                .args(["-batch", "-"])
                .stdin(Stdio::piped())
                .spawn()?;
            c.stdin.take().unwrap().write_all(s.as_bytes())?;
            Ok(c.wait()?.success())
        })
        .unwrap()
        .unwrap();
    assert!(ok, "populating the bench namespace failed");
}

fn request(kind: MsgType, seq: u32, buf: &mut Vec<u8>) {
    buf.clear();
    let mut e = Encoder::new(buf, kind, Flags::REQUEST | Flags::DUMP, seq, 0);
    if kind == MsgType::RTM_GETLINK {
        e.header(&IfInfoMsg::default());
    } else {
        e.header(&RtMsg {
            family: libc::AF_INET as u8,
            ..Default::default()
        });
    }
    e.finish().unwrap();
}

/// The floor: send the request, `recvmsg` into a fixed 64 KiB buffer until
/// a datagram holds `NLMSG_DONE`. Returns the bytes received.
fn bare(sock: &Socket, kind: MsgType, req: &mut Vec<u8>, rx: &mut [u8]) -> usize {
    request(kind, 1, req);
    sock.send(req).unwrap();
    let mut total = 0;
    loop {
        let (n, _) = sock.recv_into(rx).unwrap();
        total += n;
        let mut pos = 0;
        while pos + 16 <= n {
            let len = u32::from_ne_bytes(rx[pos..pos + 4].try_into().unwrap()) as usize;
            if u16::from_ne_bytes([rx[pos + 4], rx[pos + 5]]) == 3 {
                return total;
            }
            pos += (len.max(16) + 3) & !3;
        }
    }
}

fn walk(a: Attrs<'_>) -> u64 {
    let mut sum = 0;
    for a in a {
        let Ok(a) = a else { break };
        sum += a.kind() as u64 + a.value().len() as u64;
        if a.is_nested() {
            sum += walk(a.nested());
        }
    }
    sum
}

fn through_conn(c: &mut Conn<Route>, kind: MsgType) -> u64 {
    let fixed = if kind == MsgType::RTM_GETLINK {
        IfInfoMsg::LEN
    } else {
        RtMsg::LEN
    };
    let mut d = c
        .dump(kind, Flags::empty(), |e| {
            if kind == MsgType::RTM_GETLINK {
                e.header(&IfInfoMsg::default());
            } else {
                e.header(&RtMsg {
                    family: libc::AF_INET as u8,
                    ..Default::default()
                });
            }
        })
        .unwrap();
    let mut sum = 0;
    while let Some(m) = d.next() {
        let m = m.unwrap();
        sum += walk(m.attrs(fixed).unwrap());
    }
    sum
}

/// Fully decoded: every message into its typed view (no allocation).
fn through_views(c: &mut Conn<Route>, kind: MsgType) -> u64 {
    let mut d = c
        .dump(kind, Flags::empty(), |e| {
            if kind == MsgType::RTM_GETLINK {
                e.header(&IfInfoMsg::default());
            } else {
                e.header(&RtMsg {
                    family: libc::AF_INET as u8,
                    ..Default::default()
                });
            }
        })
        .unwrap();
    let mut sum = 0;
    while let Some(m) = d.next() {
        let m = m.unwrap();
        sum += if kind == MsgType::RTM_GETLINK {
            let l = LinkMsg::parse(m.payload()).unwrap();
            l.index() as u64 + l.mtu().unwrap_or(0) as u64 + l.malformed() as u64
        } else {
            let r = RouteMsg::parse(m.payload()).unwrap();
            r.table() as u64 + r.gateway().is_some() as u64 + r.malformed() as u64
        };
    }
    sum
}

/// A collecting list: `links()` or `routes()` (IPv4, every table), the
/// received bytes kept in one buffer with each object's index; then one
/// pass over the views it hands out.
fn through_list(c: &mut Conn<Route>, kind: MsgType) -> u64 {
    if kind == MsgType::RTM_GETLINK {
        let list = c.links().unwrap();
        list.iter().map(|l| l.index() as u64).sum::<u64>() + list.len() as u64
    } else {
        let list = c
            .routes(RouteFilter::all_tables().family(libc::AF_INET as u8))
            .unwrap();
        list.iter().map(|r| r.table() as u64).sum::<u64>() + list.len() as u64
    }
}

/// Rounds of the paired measurement.
const ROUNDS: usize = 60;

/// The floor, the views and the list timed one after the other, `ROUNDS`
/// times (the order rotating each round), each side's time divided by
/// the floor's of the same round: the kernel's dump drifts by a third
/// between criterion's groups of samples, but little within one round.
/// Prints the median ratio and the quartiles.
fn paired(name: &str, mut run: impl FnMut(usize) -> u64) {
    let mut times = [[0f64; 3]; ROUNDS];
    for (round, t) in times.iter_mut().enumerate() {
        for k in 0..3 {
            let side = (round + k) % 3;
            let start = std::time::Instant::now();
            black_box(run(side));
            t[side] = start.elapsed().as_secs_f64();
        }
    }
    for (side, label) in [(1, "nlstack_views"), (2, "nlstack_list")] {
        let mut r: Vec<f64> = times.iter().map(|t| t[side] / t[0]).collect();
        r.sort_by(f64::total_cmp);
        eprintln!(
            "paired dump/{name}/{label} over floor, {ROUNDS} rounds: median {:.2}x, quartiles {:.2}-{:.2}x",
            r[ROUNDS / 2],
            r[ROUNDS / 4],
            r[3 * ROUNDS / 4]
        );
    }
}

fn bench(c: &mut Criterion) {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/conn: skipped, needs root to make a network namespace");
        return;
    }
    let ns = NetNs::new_anonymous().unwrap();
    populate(&ns);
    let sock = ns.run(|| Socket::new(sys::NETLINK_ROUTE)).unwrap().unwrap();
    sock.bind(0, 0).unwrap();
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let mut req = Vec::new();
    let mut rx = vec![0u8; 64 << 10];

    for (name, kind) in [
        ("links", MsgType::RTM_GETLINK),
        ("routes", MsgType::RTM_GETROUTE),
    ] {
        // Sanity: both see the whole table.
        let objects = {
            let mut n = 0;
            let mut d = conn
                .dump(kind, Flags::empty(), |e| {
                    if kind == MsgType::RTM_GETLINK {
                        e.header(&IfInfoMsg::default());
                    } else {
                        e.header(&RtMsg {
                            family: 2,
                            ..Default::default()
                        });
                    }
                })
                .unwrap();
            while let Some(m) = d.next() {
                m.unwrap();
                n += 1;
            }
            n
        };
        assert!(objects >= if name == "links" { 2 * PAIRS } else { ROUTES });
        let mut g = c.benchmark_group(format!("dump/{name}"));
        g.sample_size(20);
        g.bench_function("floor", |b| {
            b.iter(|| black_box(bare(&sock, kind, &mut req, &mut rx)))
        });
        g.bench_function("nlstack", |b| {
            b.iter(|| black_box(through_conn(&mut conn, kind)))
        });
        g.bench_function("nlstack_views", |b| {
            b.iter(|| black_box(through_views(&mut conn, kind)))
        });
        g.bench_function("nlstack_list", |b| {
            b.iter(|| black_box(through_list(&mut conn, kind)))
        });
        g.finish();
        paired(name, |side| match side {
            0 => black_box(bare(&sock, kind, &mut req, &mut rx)) as u64,
            1 => black_box(through_views(&mut conn, kind)),
            _ => black_box(through_list(&mut conn, kind)),
        });
    }
    let _ = Messages::new(&[]);
}

criterion_group!(benches, bench);
criterion_main!(benches);
