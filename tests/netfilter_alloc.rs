//! A counting global allocator proves conntrack views allocate nothing
//! per entry: a streamed dump (`conntrack_each`) reading every field of
//! every entry allocates as much for 2,000 entries as for 1,000 (nothing
//! per entry), an entry view parsed and read allocates nothing, and a
//! collected list (`conntrack_list`) grows by chunks, never one
//! allocation per entry. Needs root (a namespace with entries in it).

#[macro_use]
mod common;

use std::net::{IpAddr, Ipv4Addr};

use common::allocations;
use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::conntrack::*;
use nlstack::netns::NetNs;
use nlstack::wire::{Flags, NfGenMsg};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

const AF_INET: u8 = libc::AF_INET as u8;

/// Creates entries `from..to` (UDP, or established TCP for every third;
/// a mark each), batched.
fn populate(c: &mut Conn<Netfilter>, from: u32, to: u32) {
    let mut batch = c.batch();
    for i in from..to {
        let src = IpAddr::V4(Ipv4Addr::from(0x0a01_0000 + i));
        let dst = IpAddr::V4(Ipv4Addr::new(10, 200, 0, 1));
        let (proto, dport) = if i % 3 == 0 { (6, 80) } else { (17, 53) };
        let mut spec = EntrySpec::new()
            .orig(TupleSpec::between(src, dst, proto).ports(1024, dport))
            .reply(TupleSpec::between(dst, src, proto).ports(dport, 1024))
            .timeout(600)
            .mark(i);
        if proto == 6 {
            spec = spec
                .protoinfo(
                    ProtoInfoSpec::new().tcp(
                        ProtoInfoTcpSpec::new().state(tcp_state_by_name("ESTABLISHED").unwrap()),
                    ),
                )
                .status((Status::SEEN_REPLY | Status::ASSURED | Status::CONFIRMED).bits());
        }
        batch
            .add(IPCTNL_MSG_CT_NEW, Flags::CREATE | Flags::EXCL, |e| {
                e.header(&NfGenMsg {
                    family: AF_INET,
                    version: 0,
                    res_id: 0,
                });
                spec.encode(e);
            })
            .unwrap();
    }
    for r in batch.run().unwrap() {
        r.unwrap();
    }
}

fn tuple(t: Option<Tuple<&[u8]>>) -> u64 {
    let Some(t) = t else { return 0 };
    let ip = |a: Option<IpAddr>| match a {
        Some(IpAddr::V4(a)) => u32::from(a) as u64,
        Some(IpAddr::V6(a)) => u128::from(a) as u64,
        None => 0,
    };
    ip(t.src())
        + ip(t.dst())
        + t.protocol().unwrap_or(0) as u64
        + t.src_port().unwrap_or(0) as u64
        + t.dst_port().unwrap_or(0) as u64
        + t.zone().unwrap_or(0) as u64
}

/// Every field a listing shows, nested ones included.
fn touch(e: &Entry<&[u8]>) -> u64 {
    let mut sum = tuple(e.orig()) + tuple(e.reply()) + e.family() as u64;
    sum += e.status().unwrap_or(0) as u64 + e.timeout().unwrap_or(0) as u64;
    sum += e.mark().unwrap_or(0) as u64 + e.use_count().unwrap_or(0) as u64;
    sum += e.id().unwrap_or(0) as u64 + e.zone().unwrap_or(0) as u64;
    sum += e.tcp_state().unwrap_or(0) as u64 + e.secmark().unwrap_or(0) as u64;
    if let Some(p) = e
        .protoinfo()
        .and_then(|p| p.tcp().map(|t| t.flags_original()))
    {
        sum += p.unwrap_or(0) as u64;
    }
    for c in [e.counters_orig(), e.counters_reply()]
        .into_iter()
        .flatten()
    {
        sum += c.packets().unwrap_or(0) + c.bytes().unwrap_or(0);
    }
    if let Some(t) = e.timestamp() {
        sum += t.start().unwrap_or(0);
    }
    sum += e.labels().map_or(0, |l| l.len()) as u64 + e.has_label(3) as u64;
    sum + e.malformed() as u64 + e.check().is_ok() as u64
}

fn each(c: &mut Conn<Netfilter>) -> (usize, u64) {
    let (mut n, mut sum) = (0, 0);
    c.conntrack_each(&Query::new().ipv4(), |e| {
        n += 1;
        sum += touch(e);
        Ok(())
    })
    .unwrap();
    (n, sum)
}

#[test]
fn conntrack_views_allocate_nothing_per_entry() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = Conn::<Netfilter>::dial(Config::default().netns(&ns)).unwrap();
    populate(&mut c, 0, 1000);
    // Warm up: the receive buffer grows once.
    assert_eq!(each(&mut c).0, 1000);
    let (a1000, (n, _)) = allocations(|| each(&mut c));
    assert_eq!(n, 1000);
    populate(&mut c, 1000, 2000);
    assert_eq!(each(&mut c).0, 2000);
    let (a2000, (n, _)) = allocations(|| each(&mut c));
    assert_eq!(n, 2000);
    assert!(
        a2000 <= a1000,
        "a streamed dump of 2,000 entries allocated {a2000} times, of 1,000 {a1000}"
    );
    assert!(a1000 <= 2, "a streamed dump allocated {a1000} times");

    // One entry's bytes, parsed and read: nothing allocated.
    let one = c.conntrack_list(&Query::new().ipv4()).unwrap();
    let bytes = one.get(0).unwrap().as_bytes().to_vec();
    let (a, sum) = allocations(|| touch(&Entry::parse(&bytes[..]).unwrap()));
    assert!(sum > 0);
    assert_eq!(a, 0, "an entry view allocated");

    // A collected list: it grows by chunks, no allocation per entry.
    let (a, list) = allocations(|| c.conntrack_list(&Query::new().ipv4()).unwrap());
    assert_eq!(list.len(), 2000);
    eprintln!("allocations: streamed 1,000: {a1000}, 2,000: {a2000}; collected 2,000: {a}");
    assert!(a < 64, "collecting 2,000 entries allocated {a} times");
    let (a, sum) = allocations(|| list.iter().map(|e| touch(&e)).sum::<u64>());
    assert!(sum > 0);
    assert_eq!(a, 0, "reading a collected list allocated");
}
