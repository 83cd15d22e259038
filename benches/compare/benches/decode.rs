//! Typed decoding of the recorded fixtures: nlstack's views against
//! netlink-packet-route parsing the same message bytes, in one run.
//! Before the timings it prints allocations per message for each.
//!
//! Run: `cargo bench --manifest-path benches/compare/Cargo.toml`, then
//! `python3 benches/ratios.py benches/compare/target/criterion`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use netlink_packet_core::NetlinkMessage;
use netlink_packet_route::RouteNetlinkMessage;
use nlstack::route::link::InfoData;
use nlstack::route::{AddrMsg, LinkMsg, NeighMsg, RouteMsg, RuleMsg};
use nlstack::wire::{Message, Messages, capture};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The messages (not control ones) of a fixture, one `Vec` each.
fn messages(name: &str) -> Vec<Vec<u8>> {
    let path = format!(
        "{}/../../tests/fixtures/{name}.bin",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = std::fs::read(&path).expect("fixture");
    let mut out = Vec::new();
    for d in capture::Datagrams::new(&file) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if !m.kind().is_control() {
                out.push(m.bytes().to_vec());
            }
        }
    }
    out
}

/// nlstack: parse the message into its view, then read every field once:
/// the family header, one getter per declared attribute, every nested
/// table, next hop and alternative name, each value to `black_box`.
/// Getters that only combine what is already read (`dst_prefix`,
/// `gateway_ip`, a header field on its own, `mac`) are left out, as
/// netlink-packet-route computes nothing like them.
type Ours = fn(&Message<'_>) -> u64;

/// Calls each getter and hands its value to `black_box` on its own (a
/// tuple of values would add copies through the stack that no reader of
/// the view makes).
macro_rules! read {
    ($v:expr; $($f:ident),* $(,)?) => {$( black_box($v.$f()); )*};
}

fn addr(m: &Message<'_>) -> u64 {
    // A lazy view: every getter is called, so every attribute is read.
    let a = AddrMsg::parse(m.payload()).unwrap();
    read!(a; header, flags);
    read!(a; address, local, anycast, multicast);
    read!(a; label, broadcast, cache_info);
    read!(a; rt_priority, target_netnsid, protocol);
    a.malformed() as u64
}

/// A declared table decodes on demand: every field of the route is read
/// once (the header, each attribute, every metric, every next hop's
/// fields), as netlink-packet-route decodes everything.
fn route(m: &Message<'_>) -> u64 {
    let r = RouteMsg::parse(m.payload()).unwrap();
    read!(r; header, table);
    read!(r; dst, src, iif, oif, gateway, priority);
    read!(r; prefsrc, flow, cache_info, mark, via);
    read!(r; newdst, pref, encap_type, encap, expires);
    read!(r; uid, ttl_propagate, ip_proto, sport, dport);
    read!(r; nh_id);
    if let Some(mx) = r.metrics() {
        for kv in mx.iter() {
            black_box(kv);
        }
        black_box(mx.cc_algo());
    }
    let mut hops = 0;
    for h in r.nexthops() {
        let h = h.unwrap();
        read!(h; flags, weight, ifindex, gateway, via);
        read!(h; flow, encap_type);
        hops += 1;
    }
    hops + r.malformed() as u64
}

fn link(m: &Message<'_>) -> u64 {
    // A declared table: its getters decode on demand, so each attribute's
    // is called once (the eager decoders on the other side compute every
    // field).
    let l = LinkMsg::parse(m.payload()).unwrap();
    read!(l; header, ifname, mtu, link, qdisc, stats, master, protinfo, txqlen, operstate,
        link_mode, net_ns_pid, alias, stats64, group, net_ns_fd, ext_mask, promiscuity,
        num_tx_queues, num_rx_queues, carrier, carrier_changes, link_netnsid, proto_down,
        gso_max_segs, gso_max_size, new_netnsid, carrier_up_count, carrier_down_count,
        new_ifindex, min_mtu, max_mtu, perm_address, parent_dev_name, parent_dev_bus_name,
        gro_max_size, tso_max_size, tso_max_segs, allmulti, gso_ipv4_max_size,
        gro_ipv4_max_size, address, broadcast);
    if let Some(li) = l.link_info() {
        read!(li; kind, xstats, slave_kind, port);
        // The kind's own table, each of its fields (to_spec reads them all).
        match li.kind_data() {
            Some(InfoData::Bridge(b)) => drop(black_box(b.to_spec())),
            Some(InfoData::Vxlan(v)) => drop(black_box(v.to_spec())),
            other => drop(black_box(other)),
        }
    }
    if let Some(af) = l.af_spec() {
        read!(af; inet);
        if let Some(i6) = af.inet6() {
            read!(i6; flags, conf, token, addr_gen_mode);
        }
    }
    let names = l
        .alt_names()
        .iter()
        .map(|n| black_box(n).len() as u64)
        .sum::<u64>();
    names + l.malformed() as u64
}

/// A declared table's view decodes on demand: the header and each
/// attribute's getter, each value handed to `black_box`.
fn neigh(m: &Message<'_>) -> u64 {
    let n = NeighMsg::parse(m.payload()).unwrap();
    read!(n; header);
    read!(n; dst, lladdr, cache_info, probes, vlan);
    read!(n; port, vni, link, master, link_netnsid);
    read!(n; src_vni, protocol, nh_id, fdb_ext_attrs);
    read!(n; flags_ext);
    n.malformed() as u64
}

fn rule(m: &Message<'_>) -> u64 {
    let r = RuleMsg::parse(m.payload()).unwrap();
    read!(r; header);
    read!(r; dst, src, iif, oif, goto, priority);
    read!(r; fwmark, fwmask, flow, tun_id, table_id);
    read!(r; suppress_ifgroup_raw, suppress_prefixlen_raw, pad);
    read!(r; l3mdev, uid_range, protocol, ip_proto);
    read!(r; sport, dport, sport_mask, dport_mask);
    read!(r; dscp, dscp_mask, flowlabel, flowlabel_mask);
    r.malformed() as u64
}

fn theirs(bytes: &[u8]) -> usize {
    let m = NetlinkMessage::<RouteNetlinkMessage>::deserialize(bytes).unwrap();
    black_box(&m);
    std::mem::size_of_val(&m)
}

fn ours_all(msgs: &[Vec<u8>], f: Ours) -> u64 {
    msgs.iter().map(|b| f(&Message::parse(b).unwrap())).sum()
}

fn theirs_all(msgs: &[Vec<u8>]) -> usize {
    msgs.iter().map(|b| theirs(b)).sum()
}

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCS.load(Ordering::Relaxed);
    f();
    ALLOCS.load(Ordering::Relaxed) - before
}

fn fixtures() -> Vec<(&'static str, Ours)> {
    vec![
        ("links", link as Ours),
        ("addrs", addr as Ours),
        ("routes4", route as Ours),
        ("routes6", route as Ours),
        ("neigh", neigh as Ours),
        ("rules", rule as Ours),
    ]
}

fn bench(c: &mut Criterion) {
    for (name, ours) in fixtures() {
        let msgs = messages(name);
        let n = msgs.len();
        let a_ours = allocations(|| {
            black_box(ours_all(&msgs, ours));
        });
        let a_theirs = allocations(|| {
            black_box(theirs_all(&msgs));
        });
        eprintln!(
            "allocations per message, {name} ({n} messages): nlstack {:.2}, netlink-packet-route {:.2}",
            a_ours as f64 / n as f64,
            a_theirs as f64 / n as f64
        );
        let mut g = c.benchmark_group(format!("decode/{name}"));
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function("nlstack", |b| b.iter(|| ours_all(black_box(&msgs), ours)));
        g.bench_function("netlink-packet-route", |b| {
            b.iter(|| theirs_all(black_box(&msgs)))
        });
        g.finish();
        paired(name, &msgs, ours);
    }
}

/// netlink-packet-route's time over nlstack's, measured in pairs: each of
/// 100 rounds times both sides back to back (the order alternating), so a
/// change in the machine's speed, which on a shared VM moves either side
/// by tens of percent between criterion's groups, touches both alike.
/// Prints the median ratio and its quartiles.
fn paired(name: &str, msgs: &[Vec<u8>], ours: Ours) {
    // Enough repetitions that nlstack's side takes about 2 ms.
    let start = Instant::now();
    let mut reps = 0u32;
    while start.elapsed() < Duration::from_millis(2) {
        black_box(ours_all(msgs, ours));
        reps += 1;
    }
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        t.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..100)
        .map(|round| {
            let o = || drop(black_box(ours_all(black_box(msgs), ours)));
            let t = || drop(black_box(theirs_all(black_box(msgs))));
            let (ours_s, theirs_s) = if round % 2 == 0 {
                let a = time(&o);
                (a, time(&t))
            } else {
                let b = time(&t);
                (time(&o), b)
            };
            theirs_s / ours_s
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    eprintln!(
        "paired decode/{name}: netlink-packet-route / nlstack {:.2} (quartiles {:.2}-{:.2})",
        ratios[50], ratios[25], ratios[75]
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
