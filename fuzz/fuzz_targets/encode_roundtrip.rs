//! Encodes an arbitrary attribute tree with `Encoder` and decodes it back
//! with `Messages` and `Attrs`: the tree must come back exactly (kinds,
//! nested flags, values, offsets). A tree with an attribute over 65535
//! bytes must make `finish()` fail and leave the buffer as it was.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use nlstack::wire::{
    Attrs, Encoder, Flags, Messages, MsgType, NLA_F_NESTED, NLA_HDRLEN, NLMSG_HDRLEN, align,
};
use nlstack::{EncodeError, Error};

#[derive(Arbitrary, Debug)]
enum Node {
    Leaf {
        kind: u16,
        value: Vec<u8>,
    },
    Nest {
        kind: u16,
        children: Vec<Node>,
    },
    /// `len` copies of `byte`: reaches the 65535-byte `nla_len` limit
    /// without a 64 KiB input.
    Fill {
        kind: u16,
        byte: u8,
        len: u32,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    kind: u16,
    flags: u16,
    seq: u32,
    port: u32,
    /// Raw family-header bytes before the attributes.
    fixed: Vec<u8>,
    /// A message already in the buffer before this one.
    prefix: bool,
    nodes: Vec<Node>,
}

/// The tree as it should decode.
#[derive(Debug, PartialEq, Eq)]
enum Tree {
    Leaf(u16, Vec<u8>),
    Nest(u16, Vec<Tree>),
}

const MAX_DEPTH: usize = 12;
const MAX_NODES: usize = 512;
const MAX_FILL: u32 = 70_000;
const MAX_BYTES: usize = 1 << 20;

struct Budget {
    nodes: usize,
    bytes: usize,
}

/// Bounds the arbitrary tree: depth, node count and bytes.
fn bound(nodes: Vec<Node>, depth: usize, b: &mut Budget) -> Vec<Tree> {
    let mut out = Vec::new();
    for n in nodes {
        if b.nodes == 0 {
            break;
        }
        b.nodes -= 1;
        let t = match n {
            Node::Leaf { kind, mut value } => {
                value.truncate(b.bytes);
                b.bytes -= value.len();
                Tree::Leaf(kind & 0x3fff, value)
            }
            Node::Fill { kind, byte, len } => {
                let len = ((len % MAX_FILL) as usize).min(b.bytes);
                b.bytes -= len;
                Tree::Leaf(kind & 0x3fff, vec![byte; len])
            }
            Node::Nest { kind, children } if depth < MAX_DEPTH => {
                Tree::Nest(kind & 0x3fff, bound(children, depth + 1, b))
            }
            Node::Nest { kind, .. } => Tree::Nest(kind & 0x3fff, Vec::new()),
        };
        out.push(t);
    }
    out
}

fn encode(enc: &mut Encoder<'_>, trees: &[Tree]) {
    for t in trees {
        match t {
            Tree::Leaf(kind, value) => {
                enc.put(*kind, value);
            }
            Tree::Nest(kind, children) => {
                let mut nest = enc.nest(*kind);
                encode(&mut nest, children);
            }
        }
    }
}

/// The encoded length of `t` (`nla_len`), and whether it or anything in
/// it is over 65535 bytes.
fn encoded_len(t: &Tree) -> (usize, bool) {
    match t {
        Tree::Leaf(_, v) => {
            let len = NLA_HDRLEN + v.len();
            (len, len > u16::MAX as usize)
        }
        Tree::Nest(_, children) => {
            let mut len = NLA_HDRLEN;
            let mut big = false;
            for c in children {
                let (l, b) = encoded_len(c);
                len += align(l);
                big |= b;
            }
            (len, big || len > u16::MAX as usize)
        }
    }
}

/// Decodes `attrs` back into a tree, nesting where `NLA_F_NESTED` is set,
/// checking each attribute's offset against `buf`.
fn decode(attrs: Attrs<'_>, buf: &[u8]) -> Vec<Tree> {
    let mut out = Vec::new();
    for a in attrs {
        let a = a.unwrap_or_else(|e| panic!("encoded attributes do not decode: {e}"));
        let off = a.offset();
        let len = NLA_HDRLEN + a.value().len();
        assert_eq!(
            buf[off..off + 2],
            (len as u16).to_ne_bytes(),
            "nla_len at {off}"
        );
        assert_eq!(
            &buf[off + NLA_HDRLEN..off + len],
            a.value(),
            "value at {off}"
        );
        // Padding is zero.
        let pad = &buf[off + len..(off + align(len)).min(buf.len())];
        assert!(pad.iter().all(|&b| b == 0), "padding at {}", off + len);
        assert!(!a.is_net_byte_order());
        if a.is_nested() {
            assert_eq!(a.raw_kind(), a.kind() | NLA_F_NESTED);
            out.push(Tree::Nest(a.kind(), decode(a.nested(), buf)));
        } else {
            assert_eq!(a.raw_kind(), a.kind());
            out.push(Tree::Leaf(a.kind(), a.value().to_vec()));
        }
    }
    out
}

fuzz_target!(|input: Input| {
    let mut budget = Budget {
        nodes: MAX_NODES,
        bytes: MAX_BYTES,
    };
    let trees = bound(input.nodes, 0, &mut budget);
    let mut fixed = input.fixed;
    fixed.truncate(32);

    let mut buf = Vec::new();
    if input.prefix {
        let n = Encoder::new(&mut buf, MsgType::NLMSG_NOOP, Flags::empty(), 0, 0)
            .finish()
            .unwrap();
        assert_eq!(n, NLMSG_HDRLEN);
    }
    let start = buf.len();
    let kind = MsgType(input.kind);
    let flags = Flags::from_bits_retain(input.flags);

    let mut enc = Encoder::new(&mut buf, kind, flags, input.seq, input.port);
    enc.raw(&fixed);
    encode(&mut enc, &trees);
    let written = enc.len();
    assert!(!enc.is_empty());

    let big = trees.iter().any(|t| encoded_len(t).1);
    let want_len = NLMSG_HDRLEN
        + align(fixed.len())
        + trees.iter().map(|t| align(encoded_len(t).0)).sum::<usize>();

    match enc.finish() {
        Err(Error::Encode(EncodeError::AttrTooLarge { len, .. })) => {
            assert!(
                big,
                "finish() failed on a tree without an oversized attribute"
            );
            assert!(len > u16::MAX as usize);
            assert_eq!(buf.len(), start, "a failed message was left in the buffer");
            return;
        }
        Err(e) => panic!("finish() failed: {e}"),
        Ok(len) => {
            assert!(!big, "finish() accepted an attribute over 65535 bytes");
            assert_eq!(len, written);
            assert_eq!(len, want_len);
            assert_eq!(buf.len(), start + len);
        }
    }

    let msgs: Vec<_> = Messages::new(&buf)
        .map(|m| m.unwrap_or_else(|e| panic!("encoded message does not decode: {e}")))
        .collect();
    assert_eq!(msgs.len(), 1 + input.prefix as usize);
    let msg = msgs.last().unwrap();
    assert_eq!(msg.offset(), start);
    assert_eq!(msg.kind(), kind);
    assert_eq!(msg.flags(), flags);
    assert_eq!(msg.seq(), input.seq);
    assert_eq!(msg.port(), input.port);
    assert_eq!(msg.bytes().len(), want_len);
    assert_eq!(&msg.payload()[..fixed.len()], &fixed[..]);

    let attrs = msg.attrs(fixed.len()).expect("the family header is there");
    let decoded = decode(attrs, &buf);
    assert_eq!(decoded, trees);
});
