//! [`AttrIndex`]: one pass over a list of attributes that records where
//! each kind's value is (libmnl's `tb[]`), after checking its size. A
//! declared table's view is its bytes and this index; its getters then
//! read a value in O(1) and never fail.

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::wire::value::Limits;
use crate::wire::{Attrs, NLA_HDRLEN, NLA_TYPE_MASK, align};

/// The integer an [`AttrIndex`] keeps each slot in: `u16` (the default,
/// the smallest index), `u32` or `u64`.
///
/// A slot holds the same value at every width (16 bits of it: an
/// attribute is indexed up to 256 KiB into its list at any width). A wider
/// slot makes a larger index that reads back faster: the walk stores slots
/// one at a time, and the compiler reads a 16-bit index back in 64-bit
/// words that span several of those stores, which the processor cannot
/// forward from its store buffer. A table chooses its width by measurement
/// (docs/benchmarks.md, "Wider slots for small tables").
pub trait Slot: Copy + Eq + sealed::Sealed {
    /// No attribute.
    #[doc(hidden)]
    const ABSENT: Self;
    /// A slot's value (at most `u16::MAX`).
    #[doc(hidden)]
    fn new(v: u16) -> Self;
    /// The value back.
    #[doc(hidden)]
    fn value(self) -> usize;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! slots {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Slot for $t {
            const ABSENT: $t = 0;
            #[inline(always)]
            fn new(v: u16) -> $t {
                v.into()
            }
            #[inline(always)]
            fn value(self) -> usize {
                self as usize
            }
        }
    )*};
}

slots!(u16, u32, u64);

/// Where the first attribute no slot can hold starts: 256 KiB, less the
/// 4 bytes that the slot's `+ 1` takes.
const MAX_INDEXED: usize = (u16::MAX as usize) * 4;

/// How many attributes of kinds `1..n` in `rest` (the list from where
/// the walk stopped) are malformed, with none indexed: past 256 KiB every
/// one of them, and the list's first bad length (or a short tail) once.
#[cold]
#[inline(never)]
fn tail(rest: &[u8], n: usize) -> u16 {
    let mut bad = 0u16;
    for a in Attrs::new(rest) {
        let Ok(a) = a else {
            return bad.saturating_add(1);
        };
        if (1..n).contains(&(a.kind() as usize)) {
            bad = bad.saturating_add(1);
        }
    }
    bad
}

/// How far the walk moves past an attribute of `whole` bytes (header
/// included, at least 4): `whole` rounded up to 4, taken as `G1` or `G2`
/// behind a predicted branch when it is one of them (see
/// [`AttrIndex::build_guessing`]).
#[inline(always)]
fn step<const G1: usize, const G2: usize>(whole: usize) -> usize {
    // `whole` rounds up to `g` exactly when it is `g - 3` to `g`.
    if G1 != 0 {
        if whole.wrapping_sub(G1 - 3) < 4 {
            return G1;
        }
        if G2 != 0 && whole.wrapping_sub(G2 - 3) < 4 {
            return G2;
        }
        return unguessed(whole);
    }
    align(whole)
}

/// Marks the path that calls it as rarely taken (`std::hint::cold_path`
/// needs Rust 1.95, above this crate's 1.85).
#[cold]
#[inline]
fn cold() {}

/// A step no guess took: out of line, so that the compiler keeps the
/// guess a branch rather than a select that waits for the length.
#[cold]
#[inline(never)]
fn unguessed(whole: usize) -> usize {
    align(whole)
}

/// Where each attribute kind below `N` is in a list of attributes, each
/// slot an `S` (see [`Slot`]).
///
/// A kind is found at its last occurrence of an accepted size; one of a
/// wrong size is counted as malformed and leaves an earlier good one in
/// place. A malformed list (a bad length) ends the walk and counts once:
/// what came before it stays readable. Kinds of `N` and above are skipped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AttrIndex<const N: usize, S: Slot = u16> {
    // 0: absent; else the attribute's offset / 4 + 1 (attributes start
    // 4-aligned, so 16 bits reach 256 KiB).
    slots: [S; N],
    malformed: u16,
}

impl<const N: usize, S: Slot> AttrIndex<N, S> {
    /// Indexes `attrs`, checking each kind's size against `limits`.
    #[inline(always)]
    pub fn build(attrs: &[u8], limits: &Limits<N>) -> AttrIndex<N, S> {
        AttrIndex::build_guessing::<0, 0>(attrs, limits)
    }

    /// [`build`](Self::build) with a walk that guesses that each attribute
    /// takes `G1` bytes, else `G2` (padding included; 0 for no guess), and
    /// checks the guess afterwards: the next header's load then need not
    /// wait for this one's length. A table whose attributes mostly take
    /// those sizes (8: a 32-bit value) is indexed faster; each attribute
    /// of another size costs a mispredicted branch unless the processor
    /// learns the pattern. `attr_table!`'s `guess [G1, G2]`; chosen per
    /// table by measurement (docs/benchmarks.md, "A guessed step"). The
    /// index is the same.
    #[inline(always)]
    pub fn build_guessing<const G1: usize, const G2: usize>(
        attrs: &[u8],
        limits: &Limits<N>,
    ) -> AttrIndex<N, S> {
        const {
            assert!(
                G1 == 0 || (G1 >= 8 && G1 % 4 == 0),
                "a step is whole and aligned"
            );
            assert!(
                G2 == 0 || (G1 != 0 && G2 >= 8 && G2 % 4 == 0),
                "a step is whole and aligned"
            );
        }
        let mut ix = AttrIndex {
            slots: [S::ABSENT; N],
            malformed: 0,
        };
        let end = attrs.len();
        // Below `fast` a whole header fits and a slot can hold the offset:
        // no check of either per attribute. What is left (a short tail,
        // or attributes past 256 KiB) is counted by `tail`.
        let fast = end.saturating_sub(NLA_HDRLEN - 1).min(MAX_INDEXED);
        let mut pos = 0usize;
        while pos < fast {
            let Some(hdr) = attrs.get(pos..).and_then(<[u8]>::first_chunk) else {
                break;
            };
            // The header as one load: length, then kind.
            let w = u32::from_ne_bytes(*hdr);
            let (len, kind) = if cfg!(target_endian = "little") {
                (w & 0xffff, w >> 16)
            } else {
                (w >> 16, w & 0xffff)
            };
            let len = len as usize;
            // One comparison for both `len < 4` and `len` past the end.
            if len.wrapping_sub(NLA_HDRLEN) > end - pos - NLA_HDRLEN {
                cold();
                ix.malformed = ix.malformed.saturating_add(1);
                return ix;
            }
            let kind = (kind as u16 & NLA_TYPE_MASK) as usize;
            // Kind 0 (`*_UNSPEC`) is never an attribute of a table; kinds
            // past the table are skipped.
            if kind < N && kind != 0 {
                if !limits.accepts_whole(kind, len) {
                    cold();
                    ix.malformed = ix.malformed.saturating_add(1);
                } else {
                    ix.slots[kind] = S::new((pos / 4 + 1) as u16);
                }
            } else {
                cold();
            }
            pos += step::<G1, G2>(len);
        }
        if pos < end {
            let rest = attrs.get(pos..).unwrap_or(&[]);
            ix.malformed = ix.malformed.saturating_add(tail(rest, N));
        }
        ix
    }

    /// The value of `kind` in `attrs` (the bytes this index was built
    /// over), if present and of an accepted size.
    #[inline(always)]
    pub fn get<'a>(&self, attrs: &'a [u8], kind: u16) -> Option<&'a [u8]> {
        let pos = self.offset(kind)?;
        let hdr = attrs.get(pos..pos + NLA_HDRLEN)?;
        let len = u16::from_ne_bytes([hdr[0], hdr[1]]) as usize;
        attrs.get(pos + NLA_HDRLEN..pos + len)
    }

    /// [`get`](Self::get) for a kind accepted at `sizes`: when that is one
    /// size, which the walk checked, the value is read without its header.
    #[inline(always)]
    pub fn get_sized<'a>(&self, attrs: &'a [u8], kind: u16, sizes: &[usize]) -> Option<&'a [u8]> {
        let &[size] = sizes else {
            return self.get(attrs, kind);
        };
        let start = self.offset(kind)? + NLA_HDRLEN;
        attrs.get(start..start + size)
    }

    /// Where `kind`'s attribute starts, if it was indexed.
    #[inline(always)]
    fn offset(&self, kind: u16) -> Option<usize> {
        let slot = self.slots.get(kind as usize)?.value();
        if slot == 0 || kind == 0 {
            return None;
        }
        Some((slot - 1) * 4)
    }

    /// True when `kind` is present with an accepted size.
    #[inline]
    pub fn has(&self, kind: u16) -> bool {
        self.slots
            .get(kind as usize)
            .is_some_and(|&s| s != S::ABSENT)
    }

    /// How many attributes were malformed (a wrong size, or a bad list
    /// that ended the walk).
    #[inline]
    pub fn malformed(&self) -> u16 {
        self.malformed
    }

    /// The first malformed attribute in `attrs` as an error, offsets
    /// counted from `base`; `Ok` when none was. Walks the list again: this
    /// is the strict callers' path.
    #[cold]
    pub fn check(
        &self,
        attrs: &[u8],
        base: usize,
        limits: &Limits<N>,
        sizes: &[&'static [usize]; N],
    ) -> Result<()> {
        if self.malformed == 0 {
            return Ok(());
        }
        for a in Attrs::with_offset(attrs, base) {
            let a = a?;
            let kind = a.kind() as usize;
            if let Some(limit) = limits.get(kind).filter(|_| kind != 0) {
                if (a.offset() - base) / 4 + 1 > u16::MAX as usize {
                    return Err(Error::Decode(DecodeError::new(
                        "nlattr",
                        DecodeErrorKind::BeyondIndex { attr: kind as u16 },
                        a.offset(),
                    )));
                }
                if !limit.accepts(a.value().len()) {
                    return Err(Error::Decode(DecodeError::new(
                        "nlattr",
                        DecodeErrorKind::WrongSize {
                            attr: kind as u16,
                            want: sizes[kind],
                            got: a.value().len(),
                        },
                        a.offset(),
                    )));
                }
            }
        }
        Ok(())
    }
}

impl<const N: usize, S: Slot> std::fmt::Debug for AttrIndex<N, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let present: Vec<usize> = (0..N).filter(|&k| self.slots[k] != S::ABSENT).collect();
        f.debug_struct("AttrIndex")
            .field("present", &present)
            .field("malformed", &self.malformed)
            .finish()
    }
}
