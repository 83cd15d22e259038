//! A counting global allocator proves the hot paths allocate nothing:
//! walking every message and every attribute (recursively) of every
//! fixture, calling the accessors, and re-encoding into a grown buffer.

mod common;

use common::allocations;

use nlstack::wire::{Attrs, Encoder, Flags, Messages, MsgType, RtMsg, capture};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

fn walk(attrs: Attrs<'_>, depth: usize) -> u64 {
    let mut sum = 0u64;
    for a in attrs {
        let Ok(a) = a else { return sum };
        sum += a.kind() as u64 + a.value().len() as u64;
        // Every accessor, right size or not: errors must not allocate either.
        sum += a.u8().is_ok() as u64 + a.u16().is_ok() as u64 + a.u32().is_ok() as u64;
        sum += a.u64().is_ok() as u64 + a.uint().is_ok() as u64 + a.ip().is_ok() as u64;
        sum += a.mac().is_ok() as u64 + a.str().is_ok() as u64 + a.c_str().is_ok() as u64;
        sum += a.be16().is_ok() as u64 + a.flag().is_ok() as u64;
        if depth < 16 && (a.is_nested() || a.nested().all(|x| x.is_ok())) {
            sum += walk(a.nested(), depth + 1);
        }
    }
    sum
}

#[test]
fn decoding_and_re_encoding_allocate_nothing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "bin") {
            files.push(std::fs::read(&p).unwrap());
        }
    }
    assert!(files.len() >= 6, "fixtures missing");

    let (n, (messages, sum)) = allocations(|| {
        let mut messages = 0usize;
        let mut sum = 0u64;
        for f in &files {
            for d in capture::Datagrams::new(f) {
                let d = d.unwrap();
                for m in Messages::new(d) {
                    let m = m.unwrap();
                    messages += 1;
                    let _ = m.control();
                    // Family headers are 4 to 16 bytes; 12 covers rtmsg and
                    // friends, and the walk tolerates any misreading.
                    if let Ok(a) = m.attrs(12) {
                        sum += walk(a, 0);
                    }
                }
            }
        }
        (messages, sum)
    });
    assert!(messages > 7000, "{messages}");
    assert!(sum > 0);
    assert_eq!(n, 0, "walking {messages} messages allocated {n} times");

    // Re-encode 10,000 routes into a buffer that has grown once.
    let mut buf = Vec::new();
    let encode_all = |buf: &mut Vec<u8>| {
        buf.clear();
        for i in 0..10_000u32 {
            let mut e = Encoder::new(
                buf,
                MsgType::RTM_NEWROUTE,
                Flags::REQUEST | Flags::CREATE,
                i,
                0,
            );
            e.header(&RtMsg {
                family: 2,
                dst_len: 24,
                table: 254,
                ..Default::default()
            });
            e.put_ipv4(1, [10, (i >> 8) as u8, i as u8, 0].into());
            e.put_ipv4(5, [192, 0, 2, 1].into());
            e.put_u32(4, 2).put_u32(15, 1000).put_u32(6, i);
            {
                let mut m = e.nest(8);
                m.put_u32(2, 1400);
            }
            e.finish().unwrap();
        }
    };
    encode_all(&mut buf);
    let first = buf.clone();
    let (n, ()) = allocations(|| encode_all(&mut buf));
    assert_eq!(n, 0, "re-encoding allocated {n} times");
    assert_eq!(buf, first);
    assert_eq!(Messages::new(&buf).count(), 10_000);
}
