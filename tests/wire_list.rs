//! `wire::List`: objects collected past the size of one chunk of bytes and
//! of one chunk of indexes, and one object larger than a chunk, read back
//! in order, by position, backwards, filtered and cloned.

use nlstack::route::{RTA_TABLE, RouteEntry, RouteMsg};
use nlstack::wire::{Encoder, Flags, List, Message, MsgType, RtMsg};

/// A route message's payload (`struct rtmsg` and attributes) naming table
/// `table`, with `pad` bytes of an undeclared attribute in pieces of at
/// most 60,000.
fn route(table: u32, pad: usize) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::empty(), 1, 0);
    e.header(&RtMsg {
        family: libc::AF_INET as u8,
        ..Default::default()
    });
    e.put_u32(RTA_TABLE, table);
    let mut left = pad;
    while left > 0 {
        let n = left.min(60_000);
        e.put(250, &vec![0xa5; n]);
        left -= n;
    }
    e.finish().unwrap();
    Message::parse(&buf).unwrap().payload().to_vec()
}

fn tables(list: &List<RouteEntry>) -> Vec<u32> {
    list.iter().map(|r| r.table()).collect()
}

#[test]
fn a_list_past_its_chunks_reads_back_whole() {
    // 5,000 routes of 60 to 460 bytes (about a megabyte, over several
    // chunks of bytes and of indexes), and two of 150,000 bytes: the first
    // (larger than a first chunk) and one in the middle.
    let payloads: Vec<Vec<u8>> = (0..5000u32)
        .map(|i| {
            let pad = match i {
                0 | 2500 => 150_000,
                _ => (i as usize % 5) * 100,
            };
            route(i, pad)
        })
        .collect();
    let mut list = List::<RouteEntry>::new();
    assert!(list.is_empty());
    for p in &payloads {
        list.push(&RouteMsg::parse(&p[..]).unwrap());
    }
    let want: Vec<u32> = (0..5000).collect();
    assert_eq!(list.len(), 5000);
    assert_eq!(tables(&list), want);
    assert_eq!(list.iter().len(), 5000);
    for (i, p) in payloads.iter().enumerate() {
        let r = list.get(i).unwrap();
        assert_eq!(r.as_bytes(), &p[..], "route {i}'s bytes");
        assert_eq!(r.malformed(), 0);
    }
    assert!(list.get(5000).is_none());
    let back: Vec<u32> = list.iter().rev().map(|r| r.table()).collect();
    assert_eq!(back, want.iter().rev().copied().collect::<Vec<_>>());
    // Both ends at once meet in the middle, each object handed out once.
    let mut it = list.iter();
    let (mut front, mut rear) = (Vec::new(), Vec::new());
    while let Some(r) = it.next() {
        front.push(r.table());
        if let Some(r) = it.next_back() {
            rear.push(r.table());
        }
    }
    rear.reverse();
    front.extend(rear);
    assert_eq!(front, want);

    let copy = list.clone();
    assert_eq!(tables(&copy), want);
    let owned = list.to_vec();
    assert_eq!(owned.len(), 5000);
    assert_eq!(owned[0].as_bytes(), &payloads[0][..]);
    assert_eq!(owned[2500].as_bytes(), &payloads[2500][..]);

    list.retain(|r| r.table() % 3 == 0);
    let kept: Vec<u32> = (0..5000).filter(|t| t % 3 == 0).collect();
    assert_eq!(list.len(), kept.len());
    assert_eq!(tables(&list), kept);
    assert_eq!(list.get(1).map(|r| r.table()), Some(3));
    // The clone taken before is untouched.
    assert_eq!(copy.len(), 5000);
}
