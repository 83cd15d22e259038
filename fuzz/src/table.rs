//! A model of a declared table's index (`attr_table!` in nlstack), built
//! by a walk of its own over the attributes, and the checks of a view
//! against it; shared by the conntrack, XFRM and rtnetlink targets.
//!
//! The model: attributes walked from the start of the list; a list that
//! is cut short (fewer than 4 bytes left, a length below 4 or past the
//! end) ends the walk and counts once as malformed; an attribute of a
//! declared kind whose size the table does not accept counts as malformed
//! and leaves an earlier good one in place; any other attribute of a kind
//! below the table's largest declared kind + 1 (declared or not: an
//! undeclared kind there takes any size) is recorded, the last one
//! winning; larger kinds and kind 0 are skipped. A good attribute starting
//! past 256 KiB cannot be indexed and counts as malformed too (`beyond`),
//! and `check()` reports it.

use std::hint::black_box;

use nlstack::Error;
use nlstack::wire::AttrSpec;

/// A declared table's view, for the generic checks.
pub trait Table: Copy {
    const HDR: usize;
    const SPECS: &'static [AttrSpec];
    fn bytes(&self) -> &[u8];
    fn attr(&self, kind: u16) -> Option<&[u8]>;
    fn malformed(&self) -> u16;
    fn check(&self) -> nlstack::Result<()>;
}

/// Implements [`Table`] for the views of the tables named.
#[macro_export]
macro_rules! tables {
    ($($t:ident),* $(,)?) => {$(
        impl<'a> $crate::table::Table for $t<&'a [u8]> {
            const HDR: usize = $t::<&'a [u8]>::HEADER_LEN;
            const SPECS: &'static [nlstack::wire::AttrSpec] = $t::<&'a [u8]>::ATTRS;
            fn bytes(&self) -> &[u8] {
                self.as_bytes()
            }
            fn attr(&self, kind: u16) -> Option<&[u8]> {
                $t::attr(self, kind)
            }
            fn malformed(&self) -> u16 {
                $t::malformed(self)
            }
            fn check(&self) -> nlstack::Result<()> {
                $t::check(self)
            }
        }
    )*};
}

pub struct Model<'a> {
    /// By kind: the value recorded.
    pub vals: Vec<Option<&'a [u8]>>,
    /// How many were malformed (wrong size, a list cut short, beyond).
    pub malformed: u32,
    /// The offset (in the attribute list) of the first malformed one.
    pub first_bad: Option<usize>,
    /// Some good attribute lay past 256 KiB.
    pub beyond: bool,
    /// A declared kind occurred twice, or an undeclared kind occurred.
    pub dup_or_unknown: bool,
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn accepts(s: &AttrSpec, n: usize) -> bool {
    if s.sizes.is_empty() {
        n >= s.min
    } else {
        s.sizes.contains(&n)
    }
}

pub fn model<'a>(attrs: &'a [u8], specs: &[AttrSpec]) -> Model<'a> {
    let n = specs.iter().map(|s| s.kind as usize + 1).max().unwrap_or(0);
    let mut m = Model {
        vals: vec![None; n],
        malformed: 0,
        first_bad: None,
        beyond: false,
        dup_or_unknown: false,
    };
    let mut seen = vec![false; n];
    let mut pos = 0;
    while pos < attrs.len() {
        let rest = &attrs[pos..];
        if rest.len() < 4 {
            m.malformed += 1;
            m.first_bad.get_or_insert(pos);
            break;
        }
        let len = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
        if len < 4 || len > rest.len() {
            m.malformed += 1;
            m.first_bad.get_or_insert(pos);
            break;
        }
        let kind = (u16::from_ne_bytes([rest[2], rest[3]]) & 0x3fff) as usize;
        let value = &rest[4..len];
        match specs.iter().find(|s| s.kind as usize == kind) {
            // Kind 0 (`*_UNSPEC`) is never indexed.
            _ if kind == 0 => m.dup_or_unknown = true,
            Some(s) if !accepts(s, value.len()) => {
                m.malformed += 1;
                m.first_bad.get_or_insert(pos);
                m.dup_or_unknown |= seen[kind];
                seen[kind] = true;
            }
            _ if kind < n => {
                m.dup_or_unknown |= seen[kind] || !specs.iter().any(|s| s.kind as usize == kind);
                seen[kind] = true;
                if pos / 4 + 1 > u16::MAX as usize {
                    m.malformed += 1;
                    m.beyond = true;
                    m.first_bad.get_or_insert(pos);
                } else {
                    m.vals[kind] = Some(value);
                }
            }
            _ => m.dup_or_unknown = true,
        }
        pos = align4(pos + len);
    }
    m
}

/// The attributes of a view's bytes (after its header).
pub fn attrs_of<V: Table>(v: &V) -> &[u8] {
    v.bytes().get(align4(V::HDR)..).unwrap_or(&[])
}

/// Checks `v` against the model of its attributes: every kind's value,
/// the malformed count, `check()`. Returns the model.
pub fn verify<V: Table>(v: &V) -> Model<'_> {
    let attrs = attrs_of(v);
    let m = model(attrs, V::SPECS);
    for k in 0..m.vals.len() + 3 {
        let want = m.vals.get(k).copied().flatten();
        assert_eq!(v.attr(k as u16), want, "attr({k})");
        // Flag bits are not part of a kind.
        assert_eq!(v.attr(k as u16 | 0x8000), None);
    }
    assert_eq!(
        v.malformed() as u32,
        m.malformed.min(u16::MAX as u32),
        "malformed count"
    );
    match (v.check(), m.first_bad) {
        (Ok(()), None) => {}
        (Err(Error::Decode(e)), Some(off)) => {
            assert_eq!(e.offset, align4(V::HDR) + off, "check() offset: {e}");
            black_box(e.to_string());
        }
        (r, bad) => panic!("check() {r:?} but the model's first bad attribute is {bad:?}"),
    }
    // malformed() == 0 exactly when check() is Ok (an attribute beyond
    // the index's reach included).
    assert_eq!(v.malformed() == 0, v.check().is_ok());
    m
}

/// Checks a nested view got from a getter: its bytes are the attribute's
/// value, and it verifies. Returns its malformed count, nested ones added
/// by the caller.
pub fn nested<V: Table>(v: &V, value: Option<&[u8]>) -> u32 {
    assert_eq!(Some(v.bytes()), value, "a nested view's bytes");
    verify(v).malformed
}

// The views of every declared table the targets check (the trait is this
// crate's, so its impls live here).
mod impls {
    use nlstack::netfilter::conntrack::*;
    use nlstack::route::link::{AfSpec, BridgeInfo, Inet6Info, LinkInfoMsg, VethInfo, VxlanInfo};
    use nlstack::route::{AddrMsg, LinkMsg};

    tables!(
        Entry,
        Tuple,
        TupleIp,
        TupleProto,
        ProtoInfo,
        ProtoInfoTcp,
        ProtoInfoSctp,
        Counters,
        Timestamp,
        Help,
        Nat,
        NatProto,
        SeqAdj,
        SecCtx,
        Synproxy,
        FilterFlags,
        Expect,
        ExpectNat,
        CpuStats,
        GlobalStats,
        ExpStats,
    );
    tables!(AddrMsg);
    tables!(
        LinkMsg,
        LinkInfoMsg,
        AfSpec,
        Inet6Info,
        BridgeInfo,
        VxlanInfo,
        VethInfo
    );
}
