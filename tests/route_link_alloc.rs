//! A counting global allocator proves the link view allocates nothing:
//! every message of the links fixture decoded into a `LinkMsg` (nested
//! link info, alternative names, statistics, veth peers included), a
//! corrupted copy too (the error path), and link requests re-encoded into
//! a buffer that has grown once.

mod common;

use common::allocations;

use nlstack::route::link::{
    BridgeOptions, IFLA_MTU, InfoData, LinkMsg, LinkRequest, VethPeer, VxlanOptions,
};
use nlstack::wire::{Encoder, Flags, Message, Messages, MsgType, capture};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

/// Touches every decoded field so nothing is optimised away.
fn touch(l: &LinkMsg<&[u8]>) -> u64 {
    let mut sum = l.index() as u64 + l.flags().bits() as u64;
    sum += l.ifname().map_or(0, |n| n.len()) as u64;
    sum += l.mtu().unwrap_or(0) as u64 + l.txqlen().unwrap_or(0) as u64;
    sum += l.address().map_or(0, |a| a.len()) as u64;
    sum += l.operstate().map_or(0, u8::from) as u64;
    sum += l.alt_names().iter().map(<[u8]>::len).sum::<usize>() as u64;
    sum += l.stats64().map_or(0, |s| s.rx_bytes + s.tx_packets + 1);
    sum += l.master().unwrap_or(0) as u64 + l.link().unwrap_or(0) as u64;
    if let Some(li) = l.link_info() {
        sum += li.kind().map_or(0, <[u8]>::len) as u64;
        sum += li.slave_kind().map_or(0, <[u8]>::len) as u64;
        match li.kind_data() {
            Some(InfoData::Bridge(b)) => sum += b.forward_delay().unwrap_or(0) as u64,
            Some(InfoData::Vxlan(v)) => sum += v.id().unwrap_or(0) as u64,
            Some(InfoData::Veth(d)) => match d.peer() {
                Some(p) => sum += touch(&p),
                None => sum += 1,
            },
            Some(InfoData::Other(b)) => sum += b.len() as u64,
            Some(_) | None => {}
        }
        sum += li.port().is_some() as u64;
    }
    sum + l.malformed() as u64
}

#[test]
fn decoding_links_allocates_nothing() {
    let f = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/links.bin"
    ))
    .unwrap();

    // A corrupted copy of one message for the error path: its MTU
    // relabelled as a u8 attribute.
    let mut bad = None;
    for d in capture::Datagrams::new(&f) {
        if let Some(Ok(m)) = Messages::new(d.unwrap()).next() {
            let mut b = m.bytes().to_vec();
            let at = nlstack::wire::Attrs::with_offset(&m.payload()[16..], 32)
                .map(Result::unwrap)
                .find(|a| a.kind() == IFLA_MTU)
                .unwrap()
                .offset();
            b[at + 2..at + 4].copy_from_slice(&16u16.to_ne_bytes()); // IFLA_OPERSTATE
            bad = Some(b);
            break;
        }
    }
    let bad = bad.unwrap();
    // A request with a veth peer, decoded as a view too.
    let mut req = Vec::new();
    let mut e = Encoder::new(&mut req, MsgType::RTM_NEWLINK, Flags::REQUEST, 1, 0);
    LinkRequest::veth("a", VethPeer::new("b").mtu(1300)).encode(&mut e);
    e.finish().unwrap();

    let (n, (links, errors, sum)) = allocations(|| {
        let (mut links, mut errors, mut sum) = (0usize, 0usize, 0u64);
        for d in capture::Datagrams::new(&f) {
            for m in Messages::new(d.unwrap()) {
                let m = m.unwrap();
                if m.kind() != MsgType::RTM_NEWLINK {
                    continue;
                }
                let l = LinkMsg::parse(m.payload()).unwrap();
                links += 1;
                sum += touch(&l);
            }
        }
        for b in [&bad, &req] {
            let l = LinkMsg::parse(Message::parse(b).unwrap().payload()).unwrap();
            errors += l.malformed() as usize;
            sum += touch(&l);
            let _ = LinkMsg::parse_strict(Message::parse(b).unwrap().payload()).is_err();
        }
        (links, errors, sum)
    });
    assert!(links >= 90, "{links}");
    assert_eq!(errors, 1);
    assert!(sum > 0);
    assert_eq!(n, 0, "decoding {links} links allocated {n} times");
}

#[test]
fn re_encoding_link_requests_allocates_nothing() {
    let vx = LinkRequest::vxlan(
        "vx0",
        VxlanOptions::new(42)
            .local("10.0.0.1".parse().unwrap())
            .remote("10.0.0.2".parse().unwrap())
            .port(4789),
    );
    let br = LinkRequest::bridge_with("br0", BridgeOptions::new().stp(true));
    let veth = LinkRequest::veth("a", "b").mtu(1400).up();
    let mut buf = Vec::new();
    let encode_all = |buf: &mut Vec<u8>| {
        buf.clear();
        for (i, r) in [&vx, &br, &veth].into_iter().cycle().take(3000).enumerate() {
            let mut e = Encoder::new(buf, MsgType::RTM_NEWLINK, Flags::REQUEST, i as u32, 0);
            r.encode(&mut e);
            e.finish().unwrap();
        }
    };
    encode_all(&mut buf);
    let first = buf.clone();
    let (n, ()) = allocations(|| encode_all(&mut buf));
    assert_eq!(n, 0, "re-encoding allocated {n} times");
    assert_eq!(buf, first);
}
