//! `nlattr`: the zero-copy attribute iterator and checked accessors.

use std::ffi::CStr;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::wire::align::align;

/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;
/// `NLA_F_NESTED`: the value is itself a list of attributes.
pub const NLA_F_NESTED: u16 = 1 << 15;
/// `NLA_F_NET_BYTEORDER`: the value is in network byte order.
pub const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
/// `NLA_TYPE_MASK`: the kind without the two flag bits.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

/// One attribute: a kind, two flag bits and a borrowed value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    raw_kind: u16,
    value: &'a [u8],
    offset: usize,
}

#[cold]
fn wrong_size(attr: u16, want: &'static [usize], got: usize, offset: usize) -> Error {
    Error::Decode(DecodeError::new(
        "nlattr",
        DecodeErrorKind::WrongSize { attr, want, got },
        offset,
    ))
}

macro_rules! fixed_accessors {
    ($($(#[$m:meta])* $name:ident -> $t:ty, $n:literal, $conv:ident;)*) => {
        $(
            $(#[$m])*
            #[inline]
            pub fn $name(&self) -> Result<$t> {
                match <[u8; $n]>::try_from(self.value) {
                    Ok(b) => Ok(<$t>::$conv(b)),
                    Err(_) => Err(wrong_size(self.kind(), &[$n], self.value.len(), self.offset)),
                }
            }
        )*
    };
}

impl<'a> Attr<'a> {
    /// Builds an attribute view by hand (for tests and synthetic input).
    pub fn new(kind: u16, value: &'a [u8]) -> Attr<'a> {
        Attr {
            raw_kind: kind,
            value,
            offset: 0,
        }
    }

    /// The kind, with `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` masked off.
    #[inline]
    pub fn kind(&self) -> u16 {
        self.raw_kind & NLA_TYPE_MASK
    }
    /// The kind as sent, flag bits included.
    #[inline]
    pub fn raw_kind(&self) -> u16 {
        self.raw_kind
    }
    /// `NLA_F_NESTED` is set.
    #[inline]
    pub fn is_nested(&self) -> bool {
        self.raw_kind & NLA_F_NESTED != 0
    }
    /// `NLA_F_NET_BYTEORDER` is set.
    #[inline]
    pub fn is_net_byte_order(&self) -> bool {
        self.raw_kind & NLA_F_NET_BYTEORDER != 0
    }
    /// The value, `nla_len - 4` bytes, padding excluded.
    #[inline]
    pub fn value(&self) -> &'a [u8] {
        self.value
    }
    /// Byte offset of the attribute's header in the outermost buffer.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    fixed_accessors! {
        /// The value as a `u8`.
        u8 -> u8, 1, from_ne_bytes;
        /// The value as a host-order `u16`.
        u16 -> u16, 2, from_ne_bytes;
        /// The value as a host-order `u32`.
        u32 -> u32, 4, from_ne_bytes;
        /// The value as a host-order `u64`.
        u64 -> u64, 8, from_ne_bytes;
        /// The value as an `i8`.
        i8 -> i8, 1, from_ne_bytes;
        /// The value as a host-order `i16`.
        i16 -> i16, 2, from_ne_bytes;
        /// The value as a host-order `i32`.
        i32 -> i32, 4, from_ne_bytes;
        /// The value as a host-order `i64`.
        i64 -> i64, 8, from_ne_bytes;
        /// The value as a big-endian (network order) `u16`, e.g. a port.
        be16 -> u16, 2, from_be_bytes;
        /// The value as a big-endian `u32`.
        be32 -> u32, 4, from_be_bytes;
        /// The value as a big-endian `u64`.
        be64 -> u64, 8, from_be_bytes;
        /// The value as an IPv4 address (4 bytes).
        ipv4 -> Ipv4Addr, 4, from;
        /// The value as an IPv6 address (16 bytes).
        ipv6 -> Ipv6Addr, 16, from;
    }

    /// A variable-width unsigned integer (`NLA_UINT`): 1, 2, 4 or 8 bytes,
    /// host order.
    #[inline]
    pub fn uint(&self) -> Result<u64> {
        match *self.value {
            [a] => Ok(a as u64),
            [a, b] => Ok(u16::from_ne_bytes([a, b]) as u64),
            [a, b, c, d] => Ok(u32::from_ne_bytes([a, b, c, d]) as u64),
            _ => self
                .u64()
                .map_err(|_| wrong_size(self.kind(), &[1, 2, 4, 8], self.value.len(), self.offset)),
        }
    }

    /// An IPv4 or IPv6 address, by the value's size (4 or 16 bytes).
    #[inline]
    pub fn ip(&self) -> Result<IpAddr> {
        match self.value.len() {
            4 => self.ipv4().map(IpAddr::V4),
            16 => self.ipv6().map(IpAddr::V6),
            n => Err(wrong_size(self.kind(), &[4, 16], n, self.offset)),
        }
    }

    /// The value as exactly `N` bytes (a fixed C struct, say), borrowed.
    #[inline]
    pub fn array<const N: usize>(&self) -> Result<&'a [u8; N]> {
        struct Size<const N: usize>;
        impl<const N: usize> Size<N> {
            const WANT: &'static [usize] = &[N];
        }
        <&[u8; N]>::try_from(self.value)
            .map_err(|_| wrong_size(self.kind(), Size::<N>::WANT, self.value.len(), self.offset))
    }

    /// A 6-byte Ethernet (MAC) address.
    #[inline]
    pub fn mac(&self) -> Result<[u8; 6]> {
        <[u8; 6]>::try_from(self.value)
            .map_err(|_| wrong_size(self.kind(), &[6], self.value.len(), self.offset))
    }

    /// A flag attribute (`NLA_FLAG`): present, with an empty value.
    #[inline]
    pub fn flag(&self) -> Result<()> {
        if self.value.is_empty() {
            Ok(())
        } else {
            Err(wrong_size(self.kind(), &[0], self.value.len(), self.offset))
        }
    }

    /// A string, with or without a trailing NUL (one is stripped if
    /// present). A NUL before the end, or bytes that are not UTF-8, are
    /// errors.
    #[inline]
    pub fn str(&self) -> Result<&'a str> {
        let v = without_nul(self.value);
        if v.contains(&0) {
            return Err(self.decode_err(DecodeErrorKind::InteriorNul));
        }
        std::str::from_utf8(v).map_err(|_| self.decode_err(DecodeErrorKind::NotUtf8))
    }

    /// A string the kernel does not promise is UTF-8 (an alias, an
    /// interface name), as bytes: a trailing NUL is stripped, a NUL before
    /// the end is an error.
    #[inline]
    pub fn text(&self) -> Result<&'a [u8]> {
        let v = without_nul(self.value);
        if v.contains(&0) {
            return Err(self.decode_err(DecodeErrorKind::InteriorNul));
        }
        Ok(v)
    }

    /// A NUL-terminated C string (`NLA_NUL_STRING`): the value must end in
    /// its only NUL.
    #[inline]
    pub fn c_str(&self) -> Result<&'a CStr> {
        match CStr::from_bytes_with_nul(self.value) {
            Ok(s) => Ok(s),
            Err(_) if self.value.last() == Some(&0) => {
                Err(self.decode_err(DecodeErrorKind::InteriorNul))
            }
            Err(_) => Err(self.decode_err(DecodeErrorKind::MissingNul)),
        }
    }

    /// The value as a list of attributes (a nest).
    #[inline]
    pub fn nested(&self) -> Attrs<'a> {
        Attrs::with_offset(self.value, self.offset + NLA_HDRLEN)
    }

    #[cold]
    fn decode_err(&self, kind: DecodeErrorKind) -> Error {
        Error::Decode(DecodeError::new("nlattr", kind, self.offset))
    }
}

impl fmt::Debug for Attr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Attr {{ kind: {}", self.kind())?;
        if self.is_nested() {
            f.write_str(", NESTED")?;
        }
        if self.is_net_byte_order() {
            f.write_str(", NET_BYTEORDER")?;
        }
        write!(f, ", len: {}, offset: {} }}", self.value.len(), self.offset)
    }
}

/// Iterator over a list of attributes.
///
/// Yields each [`Attr`] or, once, the error that ended the walk: fewer than
/// 4 bytes left, an `nla_len` below 4, or an `nla_len` past the end. A
/// final attribute without its trailing padding is accepted.
///
/// ```
/// use nlstack::wire::{Attrs, Encoder, Flags, MsgType};
/// let mut buf = Vec::new();
/// let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 1, 0);
/// enc.put_u32(4, 1500).put_str(3, "eth0");
/// enc.finish().unwrap();
/// let attrs = Attrs::new(&buf[16..]);
/// let names: Vec<_> = attrs.map(|a| a.unwrap().kind()).collect();
/// assert_eq!(names, [4, 3]);
/// ```
#[derive(Clone)]
pub struct Attrs<'a> {
    buf: &'a [u8],
    // Where the next attribute starts. It may pass the end by up to 3 after
    // a final attribute without padding, and is `usize::MAX` after an error.
    // Walking by index keeps the loop-carried chain to a load and an add:
    // the bounds checks are predictable branches off that chain.
    pos: usize,
    base: usize,
}

impl<'a> Attrs<'a> {
    /// Walks `buf`; offsets in errors and attributes count from its start.
    #[inline]
    pub fn new(buf: &'a [u8]) -> Attrs<'a> {
        Attrs::with_offset(buf, 0)
    }

    /// Walks `buf`, which starts `base` bytes into some outer buffer;
    /// offsets count from that outer buffer's start.
    #[inline]
    pub fn with_offset(buf: &'a [u8], base: usize) -> Attrs<'a> {
        Attrs { buf, pos: 0, base }
    }

    /// The bytes not yet walked.
    #[inline]
    pub fn remaining(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }

    /// The first attribute of `kind` (flag bits masked off), if any; a
    /// malformed list before it is an error.
    pub fn find(self, kind: u16) -> Result<Option<Attr<'a>>> {
        for a in self {
            let a = a?;
            if a.kind() == kind {
                return Ok(Some(a));
            }
        }
        Ok(None)
    }

    #[cold]
    fn fail(&mut self, kind: DecodeErrorKind) -> Option<Result<Attr<'a>>> {
        let offset = self.base + self.pos;
        self.pos = usize::MAX;
        Some(Err(Error::Decode(DecodeError::new("nlattr", kind, offset))))
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let pos = self.pos;
        let rest = self.buf.get(pos..)?;
        let [l0, l1, t0, t1, ..] = *rest else {
            if rest.is_empty() {
                return None;
            }
            return self.fail(DecodeErrorKind::Truncated {
                need: NLA_HDRLEN,
                remaining: rest.len(),
            });
        };
        let len = u16::from_ne_bytes([l0, l1]) as usize;
        if len < NLA_HDRLEN {
            return self.fail(DecodeErrorKind::LengthTooSmall {
                len,
                min: NLA_HDRLEN,
            });
        }
        if len > rest.len() {
            return self.fail(DecodeErrorKind::LengthTooLarge {
                len,
                remaining: rest.len(),
            });
        }
        // Past the padding; a final attribute may come without it. `pos`
        // is always a multiple of 4, so aligning the sum aligns `len`.
        self.pos = align(pos + len);
        Some(Ok(Attr {
            raw_kind: u16::from_ne_bytes([t0, t1]),
            value: &rest[NLA_HDRLEN..len],
            offset: self.base + pos,
        }))
    }
}

impl std::iter::FusedIterator for Attrs<'_> {}

impl fmt::Debug for Attrs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attrs")
            .field("remaining", &self.remaining().len())
            .field("offset", &(self.base + self.pos.min(self.buf.len())))
            .finish()
    }
}

/// `b` without one trailing NUL, if it ends in one.
#[inline]
pub(crate) fn without_nul(b: &[u8]) -> &[u8] {
    match b {
        [rest @ .., 0] => rest,
        b => b,
    }
}
