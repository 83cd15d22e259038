//! [`AttrErrors`], where the eager views (namespace ids, netconf) record
//! malformed attributes, and a reader of host-order integers.

use crate::error::{DecodeError, Error, Result};

/// Malformed attributes met while decoding a view: how many, and the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AttrErrors {
    /// How many attributes could not be decoded (a malformed list counts
    /// once and ends the walk).
    pub count: u16,
    /// The first error.
    pub first: Option<DecodeError>,
}

impl AttrErrors {
    /// True when every attribute decoded.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Records `e` (a decoding error; other kinds cannot occur here).
    /// Kept out of line: it is the rare path of every view's loop.
    #[cold]
    #[inline(never)]
    pub(crate) fn record(&mut self, e: Error) {
        self.count = self.count.saturating_add(1);
        if self.first.is_none() {
            if let Error::Decode(d) = e {
                self.first = Some(d);
            }
        }
    }

    /// `Err` with the first error, if any.
    pub fn check(&self) -> Result<()> {
        match self.first {
            Some(d) => Err(Error::Decode(d)),
            None => Ok(()),
        }
    }

    /// Stores `v` in `slot` if it decoded; otherwise records the error and
    /// leaves `slot` as it was (`None`, or the value of an earlier
    /// attribute of the same kind).
    #[inline]
    pub(crate) fn set<V>(&mut self, slot: &mut Option<V>, v: Result<V>) {
        match v {
            Ok(v) => *slot = Some(v),
            Err(e) => self.record(e),
        }
    }
}

/// The host-order `u32` at byte `i` of `v` (0 past the end; callers check
/// the length first, so that never happens).
#[inline]
pub(crate) fn ne_u32(v: &[u8], i: usize) -> u32 {
    match v.get(i..i + 4) {
        Some(&[a, b, c, d]) => u32::from_ne_bytes([a, b, c, d]),
        _ => 0,
    }
}
