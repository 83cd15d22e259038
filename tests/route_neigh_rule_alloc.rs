//! A counting global allocator proves the neighbour, rule and namespace id
//! views allocate nothing: every message of `neigh.bin` and `rules.bin`
//! decoded into its view (fields read, raw attributes walked), malformed
//! copies included, and namespace id messages likewise.

mod common;

use common::allocations;

use nlstack::route::neigh::NeighMsg;
use nlstack::route::nsid::{NETNSA_CURRENT_NSID, NETNSA_NSID, NsIdMsg};
use nlstack::route::rule::RuleMsg;
use nlstack::wire::{Attrs, Encoder, Flags, Message, Messages, MsgType, RtGenMsg, capture};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn neigh_sum(m: &Message<'_>) -> u64 {
    let Ok(n) = NeighMsg::parse(m.payload()) else {
        return 1;
    };
    let mut s = n.state().bits() as u64 + n.flags().bits() as u64 + n.ifindex() as u64;
    s += n.dst().is_some() as u64 + n.lladdr().map_or(0, |l| l.len() as u64);
    s += n.cache_info().map_or(0, |c| c.used as u64) + n.probes().unwrap_or(0) as u64;
    s += n.vlan().unwrap_or(0) as u64 + n.port().unwrap_or(0) as u64;
    s += n.vni().unwrap_or(0) as u64 + n.link().unwrap_or(0) as u64;
    s += n.master().unwrap_or(0) as u64 + n.link_netnsid().unwrap_or(0) as u64;
    s += n.src_vni().unwrap_or(0) as u64 + n.protocol().unwrap_or(0) as u64;
    s += n.nh_id().unwrap_or(0) as u64 + n.fdb_ext_attrs().map_or(0, <[u8]>::len) as u64;
    s += n.flags_ext_or_empty().bits() as u64 + n.kind() as u64;
    s += n.mac().is_some() as u64 + n.malformed() as u64;
    s += Attrs::new(&n.as_bytes()[12..])
        .filter(Result::is_ok)
        .count() as u64;
    s += n.check().is_ok() as u64;
    s
}

fn rule_sum(m: &Message<'_>) -> u64 {
    let Ok(r) = RuleMsg::parse(m.payload()) else {
        return 1;
    };
    let mut s = r.table() as u64 + r.pref() as u64 + r.action().0 as u64;
    s += r.iif().map_or(0, <[u8]>::len) as u64 + r.oif().map_or(0, <[u8]>::len) as u64;
    s += r.src().is_some() as u64 + r.dst().is_some() as u64 + r.fwmark().unwrap_or(0) as u64;
    s += r.uid_range().map_or(0, |u| u.end as u64) + r.sport().map_or(0, |p| p.end as u64);
    s += r.dport().map_or(0, |p| p.end as u64) + r.goto().unwrap_or(0) as u64;
    s += r.suppress_prefixlen().unwrap_or(0) as u64 + r.suppress_ifgroup().unwrap_or(0) as u64;
    s += r.protocol().unwrap_or(0) as u64 + r.ip_proto().unwrap_or(0) as u64;
    s += r.flags().bits() as u64 + r.src_len() as u64 + r.dst_len() as u64 + r.tos() as u64;
    s += r.malformed() as u64;
    s += Attrs::new(&r.as_bytes()[12..])
        .filter(Result::is_ok)
        .count() as u64;
    s += r.check().is_ok() as u64;
    s
}

/// Each message of `buf`'s datagrams, standalone, plus a copy with its
/// first attribute's value cut by one byte (a malformed attribute).
fn messages_and_broken_copies(buf: &[u8], fixed: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in capture::Datagrams::new(buf) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.control().unwrap().is_some() {
                continue;
            }
            let b = m.bytes().to_vec();
            let at = 16 + fixed;
            let len = u16::from_ne_bytes([b[at], b[at + 1]]) as usize;
            let mut bad = b.clone();
            bad[at..at + 2].copy_from_slice(&((len - 1) as u16).to_ne_bytes());
            out.push(b);
            out.push(bad);
        }
    }
    out
}

#[test]
fn neighbour_rule_and_nsid_views_allocate_nothing() {
    let neigh = fixture("neigh.bin");
    let rules = fixture("rules.bin");
    let broken_neigh = messages_and_broken_copies(&neigh, 12);
    let broken_rules = messages_and_broken_copies(&rules, 12);
    let mut nsid = Vec::new();
    for (i, v) in [&7i32.to_ne_bytes()[..], &[7, 0]].into_iter().enumerate() {
        let mut e = Encoder::new(&mut nsid, MsgType::RTM_NEWNSID, Flags::empty(), i as u32, 0);
        e.header(&RtGenMsg { family: 0 });
        e.put(NETNSA_NSID, v);
        e.put_i32(NETNSA_CURRENT_NSID, -1);
        e.finish().unwrap();
    }

    let (n, (count, sum)) = allocations(|| {
        let mut count = 0usize;
        let mut sum = 0u64;
        for (buf, is_neigh) in [(&neigh, true), (&rules, false)] {
            for d in capture::Datagrams::new(buf) {
                let Ok(d) = d else { continue };
                for m in Messages::new(d) {
                    let Ok(m) = m else { continue };
                    if m.control().ok().flatten().is_some() {
                        continue;
                    }
                    count += 1;
                    sum += if is_neigh {
                        neigh_sum(&m)
                    } else {
                        rule_sum(&m)
                    };
                }
            }
        }
        for b in &broken_neigh {
            if let Ok(m) = Message::parse(b) {
                sum += neigh_sum(&m);
            }
        }
        for b in &broken_rules {
            if let Ok(m) = Message::parse(b) {
                sum += rule_sum(&m);
            }
        }
        for m in Messages::new(&nsid) {
            let Ok(m) = m else { continue };
            if let Ok(v) = NsIdMsg::parse(&m) {
                sum += v.assigned().unwrap_or(0) as u64 + v.errors.count as u64;
                sum += NsIdMsg::parse_strict(&m).is_ok() as u64;
            }
        }
        (count, sum)
    });
    assert!(count >= 400, "{count} messages");
    assert!(sum > 0);
    assert_eq!(n, 0, "{n} allocations decoding {count} messages");
}
