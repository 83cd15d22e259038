//! Wire-layer benchmarks on the recorded fixtures, each beside its floor in
//! the same run:
//! - `messages/*`: `Messages` over every datagram vs a bare loop reading
//!   `nlmsg_len` and stepping (the floor);
//! - `attrs/*`: `Messages` + `Attrs`, nests included, vs a bare loop over
//!   `nlmsghdr` and `nlattr` headers doing the same walk (the floor);
//! - `encode/*`: 10,000 `RTM_NEWROUTE` messages (dst, gateway, oif, table,
//!   priority) through `Encoder` vs a memcpy of the same prebuilt bytes.
//!
//! `python3 benches/ratios.py` prints every figure as a ratio to its floor.

use std::hint::black_box;
use std::net::Ipv4Addr;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nlstack::wire::{Attrs, Encoder, Flags, Messages, MsgType, RtMsg, capture};

struct Fixture {
    name: &'static str,
    datagrams: Vec<Vec<u8>>,
    /// Family header size (attributes start after it, aligned).
    fixed: usize,
    /// Top-level kinds that hold nested attributes (rtnetlink mostly does
    /// not set `NLA_F_NESTED`); deeper down, the flag decides.
    nests: u64,
}

fn load() -> Vec<Fixture> {
    let set = |kinds: &[u16]| kinds.iter().fold(0u64, |m, k| m | 1 << k);
    [
        // IFLA_LINKINFO, IFLA_AF_SPEC, IFLA_XDP, IFLA_PROP_LIST
        ("links", 16, set(&[18, 26, 43, 52])),
        ("addrs", 8, 0),
        // RTA_METRICS
        ("routes4", 12, set(&[8])),
        ("routes6", 12, set(&[8])),
        ("neigh", 12, 0),
        ("rules", 12, 0),
    ]
    .into_iter()
    .map(|(name, fixed, nests)| {
        let path = format!("{}/tests/fixtures/{name}.bin", env!("CARGO_MANIFEST_DIR"));
        let file = std::fs::read(&path).expect("fixture");
        let datagrams = capture::Datagrams::new(&file)
            .map(|d| d.expect("capture").to_vec())
            .collect();
        Fixture {
            name,
            datagrams,
            fixed,
            nests,
        }
    })
    .collect()
}

#[inline(always)]
fn align(n: usize) -> usize {
    (n + 3) & !3
}

/// The floor: the least a walk over message headers can do.
#[inline(never)]
fn floor_messages(d: &[u8]) -> u64 {
    let mut pos = 0;
    let mut sum = 0u64;
    while pos + 16 <= d.len() {
        let len = u32::from_ne_bytes(d[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = u16::from_ne_bytes(d[pos + 4..pos + 6].try_into().unwrap());
        if len < 16 || len > d.len() - pos {
            break;
        }
        sum += kind as u64 + len as u64;
        pos += align(len);
    }
    sum
}

#[inline(never)]
fn nlstack_messages(d: &[u8]) -> u64 {
    let mut sum = 0u64;
    for m in Messages::new(d) {
        let Ok(m) = m else { break };
        sum += m.kind().0 as u64 + m.bytes().len() as u64;
    }
    sum
}

/// The floor for attributes: bare header reads, the same walk and sum.
#[inline(always)]
fn floor_attrs(b: &[u8], nests: u64, depth: u32) -> u64 {
    let mut pos = 0;
    let mut sum = 0u64;
    while pos + 4 <= b.len() {
        let len = u16::from_ne_bytes([b[pos], b[pos + 1]]) as usize;
        let raw = u16::from_ne_bytes([b[pos + 2], b[pos + 3]]);
        if len < 4 || len > b.len() - pos {
            break;
        }
        let kind = raw & 0x3fff;
        let value = &b[pos + 4..pos + len];
        sum += kind as u64 + value.len() as u64;
        if raw & 0x8000 != 0 || (depth == 0 && kind < 64 && nests & (1 << kind) != 0) {
            sum += floor_attrs(value, nests, depth + 1);
        }
        pos += align(len);
    }
    sum
}

#[inline(never)]
fn floor_walk(d: &[u8], fixed: usize, nests: u64) -> u64 {
    let mut pos = 0;
    let mut sum = 0u64;
    while pos + 16 <= d.len() {
        let len = u32::from_ne_bytes(d[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = u16::from_ne_bytes(d[pos + 4..pos + 6].try_into().unwrap());
        if len < 16 || len > d.len() - pos {
            break;
        }
        if kind >= 16 && len >= 16 + align(fixed) {
            sum += floor_attrs(&d[pos + 16 + align(fixed)..pos + len], nests, 0);
        }
        pos += align(len);
    }
    sum
}

#[inline(always)]
fn nlstack_attrs(attrs: Attrs<'_>, nests: u64, depth: u32) -> u64 {
    let mut sum = 0u64;
    for a in attrs {
        let Ok(a) = a else { break };
        let kind = a.kind();
        sum += kind as u64 + a.value().len() as u64;
        if a.is_nested() || (depth == 0 && kind < 64 && nests & (1 << kind) != 0) {
            sum += nlstack_attrs(a.nested(), nests, depth + 1);
        }
    }
    sum
}

#[inline(never)]
fn nlstack_walk(d: &[u8], fixed: usize, nests: u64) -> u64 {
    let mut sum = 0u64;
    for m in Messages::new(d) {
        let Ok(m) = m else { break };
        if !m.kind().is_control() {
            if let Ok(attrs) = m.attrs(fixed) {
                sum += nlstack_attrs(attrs, nests, 0);
            }
        }
    }
    sum
}

fn bench_walks(c: &mut Criterion) {
    let fixtures = load();
    for f in &fixtures {
        let bytes: usize = f.datagrams.iter().map(Vec::len).sum();
        // Both walks must see the same thing, or the comparison is void.
        let (a, b) = (
            f.datagrams
                .iter()
                .map(|d| floor_walk(d, f.fixed, f.nests))
                .sum::<u64>(),
            f.datagrams
                .iter()
                .map(|d| nlstack_walk(d, f.fixed, f.nests))
                .sum::<u64>(),
        );
        assert_eq!(a, b, "{}: floor and nlstack disagree", f.name);
        assert_eq!(
            f.datagrams.iter().map(|d| floor_messages(d)).sum::<u64>(),
            f.datagrams.iter().map(|d| nlstack_messages(d)).sum::<u64>()
        );

        let mut g = c.benchmark_group(format!("messages/{}", f.name));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("floor", |b| {
            b.iter(|| {
                f.datagrams
                    .iter()
                    .map(|d| floor_messages(black_box(d)))
                    .sum::<u64>()
            })
        });
        g.bench_function("nlstack", |b| {
            b.iter(|| {
                f.datagrams
                    .iter()
                    .map(|d| nlstack_messages(black_box(d)))
                    .sum::<u64>()
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("attrs/{}", f.name));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("floor", |b| {
            b.iter(|| {
                f.datagrams
                    .iter()
                    .map(|d| floor_walk(black_box(d), f.fixed, f.nests))
                    .sum::<u64>()
            })
        });
        g.bench_function("nlstack", |b| {
            b.iter(|| {
                f.datagrams
                    .iter()
                    .map(|d| nlstack_walk(black_box(d), f.fixed, f.nests))
                    .sum::<u64>()
            })
        });
        g.finish();
    }
}

const ROUTES: u32 = 10_000;

#[inline(never)]
fn encode_routes(buf: &mut Vec<u8>) {
    buf.clear();
    for i in 0..ROUTES {
        let mut e = Encoder::new(
            buf,
            MsgType::RTM_NEWROUTE,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            i,
            0,
        );
        e.header(&RtMsg {
            family: libc::AF_INET as u8,
            dst_len: 24,
            table: 252,
            protocol: 4,
            scope: 0,
            kind: 1,
            ..Default::default()
        });
        e.put_ipv4(1, Ipv4Addr::new(10, (i >> 8) as u8, i as u8, 0)) // RTA_DST
            .put_ipv4(5, Ipv4Addr::new(192, 0, 2, 1)) // RTA_GATEWAY
            .put_u32(4, 2) // RTA_OIF
            .put_u32(15, 1000) // RTA_TABLE
            .put_u32(6, i); // RTA_PRIORITY
        let _ = e.finish();
    }
}

fn bench_encode(c: &mut Criterion) {
    let mut buf = Vec::new();
    encode_routes(&mut buf);
    let prebuilt = buf.clone();
    assert_eq!(Messages::new(&prebuilt).count(), ROUTES as usize);
    let mut g = c.benchmark_group("encode/routes");
    g.throughput(Throughput::Elements(ROUTES as u64));
    g.bench_function("floor", |b| {
        b.iter(|| {
            buf.clear();
            buf.extend_from_slice(black_box(&prebuilt));
            black_box(buf.len())
        })
    });
    g.bench_function("nlstack", |b| {
        b.iter(|| {
            encode_routes(black_box(&mut buf));
            black_box(buf.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_walks, bench_encode);
criterion_main!(benches);
