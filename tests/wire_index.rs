//! `AttrIndex::build` against a plain walk written from its documented
//! rules, over generated attribute lists: good ones, and ones with a bad
//! length, a short tail, flag bits, duplicates and wrong sizes.

use std::net::IpAddr;

use nlstack::route::link::LinkStats64;
use nlstack::wire::{AttrIndex, Bytes, Limit, Limits, Slot};

const N: usize = 8;

/// Kind 0 is never indexed; 7 is left undeclared (any size).
fn limits() -> [Limit; N] {
    [
        Limit::ANY,
        Limit::of::<u32>(),
        Limit::of::<u8>(),
        Limit::of::<Bytes>(),
        Limit::of::<IpAddr>(),
        Limit::of::<LinkStats64>(),
        Limit::of::<u64>(),
        Limit::ANY,
    ]
}

/// The rules, one at a time: a list ends at its end (or up to three bytes
/// past it, after an unpadded last attribute); one to three bytes left, a
/// length below the header's or past the end count once and end the walk;
/// a declared kind of an accepted size is found at its last occurrence,
/// one of a wrong size counts and leaves the earlier one.
fn model(attrs: &[u8], limits: &[Limit; N]) -> ([Option<usize>; N], u16) {
    let mut found = [None; N];
    let mut malformed = 0u16;
    let mut pos = 0;
    while pos < attrs.len() {
        if attrs.len() - pos < 4 {
            malformed += 1;
            break;
        }
        let len = u16::from_ne_bytes([attrs[pos], attrs[pos + 1]]) as usize;
        if len < 4 || len > attrs.len() - pos {
            malformed += 1;
            break;
        }
        let kind = (u16::from_ne_bytes([attrs[pos + 2], attrs[pos + 3]]) & 0x3fff) as usize;
        if kind != 0 && kind < N {
            if limits[kind].accepts(len - 4) {
                found[kind] = Some(pos);
            } else {
                malformed += 1;
            }
        }
        pos = (pos + len + 3) & !3;
    }
    (found, malformed)
}

/// xorshift64: the same lists on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

fn list(rng: &mut Rng) -> Vec<u8> {
    const SIZES: [usize; 11] = [0, 1, 2, 3, 4, 5, 8, 16, 60, 184, 200];
    let mut out = Vec::new();
    for _ in 0..rng.below(12) {
        let size = SIZES[rng.below(SIZES.len() as u64)];
        let mut kind = rng.below(10) as u16;
        if rng.below(4) == 0 {
            kind |= 0x8000;
        }
        if rng.below(8) == 0 {
            kind |= 0x4000;
        }
        let mut len = (size + 4) as u16;
        match rng.below(40) {
            0 => len = rng.below(4) as u16,
            1 => len += 1 + rng.below(300) as u16,
            _ => {}
        }
        out.extend_from_slice(&len.to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend((0..size).map(|i| i as u8));
        out.resize((out.len() + 3) & !3, 0);
    }
    match rng.below(6) {
        // The last attribute unpadded.
        0 if out.len() >= 4 => {
            let cut = rng.below(4);
            out.truncate(out.len() - cut);
        }
        // One to three bytes after the last attribute.
        1 => out.extend(std::iter::repeat_n(7, 1 + rng.below(3))),
        _ => {}
    }
    out
}

/// Asserts that an index with `S` slots over `attrs` finds what the model
/// finds.
fn agrees<S: Slot>(attrs: &[u8], table: &Limits<N>, want: &[Option<usize>; N], malformed: u16) {
    let ix = AttrIndex::<N, S>::build(attrs, table);
    assert_eq!(ix.malformed(), malformed, "{attrs:02x?}");
    for (kind, at) in want.iter().enumerate() {
        let got = ix.get(attrs, kind as u16);
        let expect = at.map(|p| {
            let len = u16::from_ne_bytes([attrs[p], attrs[p + 1]]) as usize;
            &attrs[p + 4..p + len]
        });
        assert_eq!(got, expect, "kind {kind} of {attrs:02x?}");
        assert_eq!(ix.has(kind as u16), at.is_some());
    }
}

#[test]
fn the_index_finds_what_a_plain_walk_finds() {
    let plain = limits();
    let table = Limits::new(plain);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut malformed_lists = 0;
    for _ in 0..100_000 {
        let attrs = list(&mut rng);
        let (want, malformed) = model(&attrs, &plain);
        // Every slot width indexes the same.
        agrees::<u16>(&attrs, &table, &want, malformed);
        agrees::<u32>(&attrs, &table, &want, malformed);
        agrees::<u64>(&attrs, &table, &want, malformed);
        // A walk that guesses its steps indexes the same.
        let ix = AttrIndex::<N>::build(&attrs, &table);
        assert_eq!(AttrIndex::build_guessing::<8, 0>(&attrs, &table), ix);
        assert_eq!(AttrIndex::build_guessing::<8, 12>(&attrs, &table), ix);
        assert_eq!(AttrIndex::build_guessing::<20, 8>(&attrs, &table), ix);
        malformed_lists += usize::from(malformed > 0);
    }
    // The generator makes both kinds of list often.
    assert!(
        (10_000..90_000).contains(&malformed_lists),
        "{malformed_lists}"
    );
}

#[test]
fn limits_keep_each_kind_s_sizes() {
    let plain = limits();
    let table = Limits::new(plain);
    for (kind, limit) in plain.iter().enumerate() {
        assert_eq!(table.get(kind), Some(*limit));
    }
    assert_eq!(table.get(N), None);
    let stats = table.get(5).unwrap();
    assert!(stats.accepts(LinkStats64::MIN_LEN));
    assert!(stats.accepts(LinkStats64::MIN_LEN + 8));
    assert!(!stats.accepts(LinkStats64::MIN_LEN - 8));
    let addr = table.get(4).unwrap();
    assert!(addr.accepts(4) && addr.accepts(16) && !addr.accepts(8));
}
