//! What every view shares: [`AttrErrors`], where malformed attributes are
//! recorded, and small readers of host-order integers.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::wire::{Attr, Attrs};

/// Malformed attributes met while decoding a view: how many, and the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

    /// Stores an IP address attribute in `slot`: 4 or 16 bytes, or exactly
    /// the size of `family` when it is `AF_INET`/`AF_INET6`; a malformed
    /// one is recorded and leaves `slot` as it was. Written in
    /// place: building an `Option<IpAddr>` (17 bytes, byte-aligned) in a
    /// temporary and copying it makes the CPU stall on store forwarding.
    #[inline(always)]
    pub(crate) fn ip(&mut self, slot: &mut Option<IpAddr>, family: u8, a: &crate::wire::Attr<'_>) {
        let v = a.value();
        let fam = family as i32;
        if v.len() == 4 && fam != libc::AF_INET6 {
            let b = ne_u32(v, 0).to_ne_bytes();
            *slot = Some(IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3])));
        } else if v.len() == 16 && fam != libc::AF_INET {
            let hi = u64::from_be_bytes(ne_u64(v, 0).to_ne_bytes());
            let lo = u64::from_be_bytes(ne_u64(v, 8).to_ne_bytes());
            *slot = Some(IpAddr::V6(Ipv6Addr::from_bits(
                ((hi as u128) << 64) | lo as u128,
            )));
        } else {
            self.ip_error(family, *a);
        }
    }

    /// Records why an address attribute did not decode: the fast path
    /// above takes every size that does.
    #[cold]
    #[inline(never)]
    fn ip_error(&mut self, family: u8, a: crate::wire::Attr<'_>) {
        let r = match family as i32 {
            libc::AF_INET => a.ipv4().map(IpAddr::V4),
            libc::AF_INET6 => a.ipv6().map(IpAddr::V6),
            _ => a.ip(),
        };
        if let Err(e) = r {
            self.record(e);
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

    /// Keeps `v` if it decoded, records the error otherwise.
    #[inline]
    pub(crate) fn take<V>(&mut self, v: Result<V>) -> Option<V> {
        match v {
            Ok(v) => Some(v),
            Err(e) => {
                self.record(e);
                None
            }
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

/// The host-order `u64` at byte `i` of `v` (0 past the end).
#[inline]
pub(crate) fn ne_u64(v: &[u8], i: usize) -> u64 {
    match v.get(i..i + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_ne_bytes([a, b, c, d, e, f, g, h]),
        _ => 0,
    }
}

/// A `u8` attribute as a boolean (non-zero is true).
// Shared: no longer used by links; other objects may still use it.
#[allow(dead_code)]
pub(crate) fn boolean(at: &Attr<'_>) -> Result<bool> {
    at.u8().map(|v| v != 0)
}

/// A `u32` attribute holding an interface index.
// Shared: no longer used by links; other objects may still use it.
#[allow(dead_code)]
pub(crate) fn index(at: &Attr<'_>) -> Result<crate::route::IfIndex> {
    at.u32()
}

/// Walks a nested list, handing each attribute to `f`; a malformed list is
/// recorded once and ends the walk.
// Shared: no longer used by links; other objects may still use it.
#[allow(dead_code)]
pub(crate) fn walk<'a>(
    attrs: Attrs<'a>,
    e: &mut AttrErrors,
    mut f: impl FnMut(Attr<'a>, &mut AttrErrors),
) {
    for at in attrs {
        match at {
            Ok(at) => f(at, e),
            Err(err) => {
                e.record(err);
                break;
            }
        }
    }
}

#[cold]
pub(crate) fn decode_err(what: &'static str, kind: DecodeErrorKind, offset: usize) -> Error {
    Error::Decode(DecodeError::new(what, kind, offset))
}

#[cold]
pub(crate) fn wrong_size(at: &Attr<'_>, want: &'static [usize]) -> Error {
    decode_err(
        "nlattr",
        DecodeErrorKind::WrongSize {
            attr: at.kind(),
            want,
            got: at.value().len(),
        },
        at.offset(),
    )
}
