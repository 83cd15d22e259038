//! What an attribute of a declared table holds: [`Value`], its accepted
//! sizes, how it decodes from checked bytes, its owned form and how that
//! encodes. The codecs here cover the kernel's plain types; a family
//! declares its own for its structs (a nested table is one too).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::wire::Encoder;
use crate::wire::attr::NLA_HDRLEN;

/// The codec of one attribute in a declared table.
///
/// The index of a table checks each attribute's size against
/// [`SIZES`](Value::SIZES) (or [`MIN`](Value::MIN)) once, when the message
/// is indexed; [`decode`](Value::decode) then reads bytes that passed and
/// never fails (given other bytes it still returns a value, never panics).
pub trait Value {
    /// What a view's getter returns, borrowing the message.
    type Out<'a>: Copy + fmt::Debug;
    /// The owned form, set in a request.
    type Owned: Clone + fmt::Debug + PartialEq;
    /// The exact value sizes accepted; empty: any size of at least
    /// [`MIN`](Value::MIN).
    const SIZES: &'static [usize];
    /// With empty [`SIZES`](Value::SIZES): the smallest size accepted.
    const MIN: usize = 0;
    /// Reads a value whose size was accepted.
    fn decode(v: &[u8]) -> Self::Out<'_>;
    /// Copies a decoded value into its owned form.
    fn to_owned(v: Self::Out<'_>) -> Self::Owned;
    /// Encodes the owned form as attribute `kind`.
    fn put(v: &Self::Owned, kind: u16, e: &mut Encoder<'_>);
}

/// The first `N` bytes of `v`, all zeros when it is shorter.
#[inline(always)]
pub(crate) fn arr<const N: usize>(v: &[u8]) -> [u8; N] {
    <[u8; N]>::try_from(v.get(..N).unwrap_or(&[0; N])).unwrap_or([0; N])
}

macro_rules! int_codecs {
    ($($(#[$m:meta])* $codec:ty => $t:ty, $n:literal, $from:ident, $put:ident;)*) => {$(
        $(#[$m])*
        impl Value for $codec {
            type Out<'a> = $t;
            type Owned = $t;
            const SIZES: &'static [usize] = &[$n];
            #[inline(always)]
            fn decode(v: &[u8]) -> $t {
                <$t>::$from(arr::<$n>(v))
            }
            fn to_owned(v: $t) -> $t {
                v
            }
            fn put(v: &$t, kind: u16, e: &mut Encoder<'_>) {
                e.$put(kind, *v);
            }
        }
    )*};
}

/// A 16-bit value in network byte order (a port), read in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Be16 {}
/// A 32-bit value in network byte order, read in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Be32 {}
/// A 64-bit value in network byte order, read in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Be64 {}

int_codecs! {
    u8 => u8, 1, from_ne_bytes, put_u8;
    u16 => u16, 2, from_ne_bytes, put_u16;
    u32 => u32, 4, from_ne_bytes, put_u32;
    u64 => u64, 8, from_ne_bytes, put_u64;
    i32 => i32, 4, from_ne_bytes, put_i32;
    Be16 => u16, 2, from_be_bytes, put_be16;
    Be32 => u32, 4, from_be_bytes, put_be32;
    Be64 => u64, 8, from_be_bytes, put_be64;
}

impl Value for Ipv4Addr {
    type Out<'a> = Ipv4Addr;
    type Owned = Ipv4Addr;
    const SIZES: &'static [usize] = &[4];
    #[inline(always)]
    fn decode(v: &[u8]) -> Ipv4Addr {
        // Through the integer, as for `Ipv6Addr` below.
        Ipv4Addr::from(u32::from_be_bytes(arr::<4>(v)))
    }
    fn to_owned(v: Ipv4Addr) -> Ipv4Addr {
        v
    }
    fn put(v: &Ipv4Addr, kind: u16, e: &mut Encoder<'_>) {
        e.put_ipv4(kind, *v);
    }
}

impl Value for Ipv6Addr {
    type Out<'a> = Ipv6Addr;
    type Owned = Ipv6Addr;
    const SIZES: &'static [usize] = &[16];
    #[inline(always)]
    fn decode(v: &[u8]) -> Ipv6Addr {
        // Through the integer: one value the compiler keeps in registers.
        // Built from the byte array, an `IpAddr` holding it was staged on
        // the stack and read back in wider pieces than it was written,
        // which stalled (docs/benchmarks.md: up to 16 % of a decode).
        Ipv6Addr::from(u128::from_be_bytes(arr::<16>(v)))
    }
    fn to_owned(v: Ipv6Addr) -> Ipv6Addr {
        v
    }
    fn put(v: &Ipv6Addr, kind: u16, e: &mut Encoder<'_>) {
        e.put_ipv6(kind, *v);
    }
}

impl Value for IpAddr {
    type Out<'a> = IpAddr;
    type Owned = IpAddr;
    const SIZES: &'static [usize] = &[4, 16];
    #[inline(always)]
    fn decode(v: &[u8]) -> IpAddr {
        if v.len() == 16 {
            IpAddr::V6(Ipv6Addr::decode(v))
        } else {
            IpAddr::V4(Ipv4Addr::decode(v))
        }
    }
    fn to_owned(v: IpAddr) -> IpAddr {
        v
    }
    fn put(v: &IpAddr, kind: u16, e: &mut Encoder<'_>) {
        e.put_ip(kind, *v);
    }
}

/// A boolean the kernel sends as a `u8` (0 false, anything else true);
/// sent as 0 or 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bool {}

impl Value for Bool {
    type Out<'a> = bool;
    type Owned = bool;
    const SIZES: &'static [usize] = &[1];
    #[inline(always)]
    fn decode(v: &[u8]) -> bool {
        v.first().is_some_and(|&b| b != 0)
    }
    fn to_owned(v: bool) -> bool {
        v
    }
    fn put(v: &bool, kind: u16, e: &mut Encoder<'_>) {
        e.put_u8(kind, u8::from(*v));
    }
}

/// Bytes of any length, as sent (a label bitmap, a security context).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bytes {}

impl Value for Bytes {
    type Out<'a> = &'a [u8];
    type Owned = Vec<u8>;
    const SIZES: &'static [usize] = &[];
    #[inline(always)]
    fn decode(v: &[u8]) -> &[u8] {
        v
    }
    fn to_owned(v: &[u8]) -> Vec<u8> {
        v.to_vec()
    }
    fn put(v: &Vec<u8>, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, v);
    }
}

/// A NUL-terminated string the kernel does not promise is UTF-8 (a helper
/// name): the bytes before the first NUL; sent with one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CStrBytes {}

impl Value for CStrBytes {
    type Out<'a> = &'a [u8];
    type Owned = Vec<u8>;
    const SIZES: &'static [usize] = &[];
    #[inline(always)]
    fn decode(v: &[u8]) -> &[u8] {
        match v.iter().position(|&b| b == 0) {
            Some(n) => &v[..n],
            None => v,
        }
    }
    fn to_owned(v: &[u8]) -> Vec<u8> {
        v.to_vec()
    }
    fn put(v: &Vec<u8>, kind: u16, e: &mut Encoder<'_>) {
        e.put_cstr(kind, v);
    }
}

/// A flag: present or absent, with no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {}

impl Value for Flag {
    type Out<'a> = ();
    type Owned = ();
    const SIZES: &'static [usize] = &[];
    fn decode(_: &[u8]) {}
    fn to_owned(_: ()) {}
    fn put(_: &(), kind: u16, e: &mut Encoder<'_>) {
        e.put_flag(kind);
    }
}

/// How a table's index checks one attribute's size, built from a
/// [`Value`]'s sizes at compile time. It is kept over the attribute's whole
/// length (header included), as the index's walk reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Bit `t` set: a whole length of `t` (below 64) is accepted.
    mask: u64,
    /// A whole length of 64 or more is accepted when at least this.
    min: usize,
}

impl Limit {
    /// The largest value size a codec may list as exact in
    /// [`Value::SIZES`]; a larger fixed size is given as [`Value::MIN`]
    /// (the exact sizes are kept as bits of a 64-bit mask over whole
    /// attribute lengths, header included).
    pub const MAX_EXACT: usize = 63 - NLA_HDRLEN;

    /// Accepts any size (an attribute the table does not declare).
    pub const ANY: Limit = Limit::at_least(0);

    const fn at_least(min: usize) -> Limit {
        let whole = min + NLA_HDRLEN;
        let mask = if whole < 64 { !0u64 << whole } else { 0 };
        Limit { mask, min: whole }
    }

    /// The limit of codec `V`.
    pub const fn of<V: Value + ?Sized>() -> Limit {
        let sizes = V::SIZES;
        if sizes.is_empty() {
            return Limit::at_least(V::MIN);
        }
        let mut mask = 0u64;
        let mut i = 0;
        while i < sizes.len() {
            assert!(
                sizes[i] <= Limit::MAX_EXACT,
                "fixed sizes above Limit::MAX_EXACT take MIN"
            );
            mask |= 1 << (sizes[i] + NLA_HDRLEN);
            i += 1;
        }
        Limit {
            mask,
            min: usize::MAX,
        }
    }

    /// True when a value of `len` bytes is accepted.
    #[inline(always)]
    pub fn accepts(&self, len: usize) -> bool {
        self.accepts_whole(len.saturating_add(NLA_HDRLEN))
    }

    /// True when an attribute of `whole` bytes, header included, is
    /// accepted.
    #[inline(always)]
    pub fn accepts_whole(&self, whole: usize) -> bool {
        if whole < 64 {
            self.mask >> whole & 1 != 0
        } else {
            whole >= self.min
        }
    }
}

/// A table's [`Limit`]s by kind, kept as two arrays (the masks, then the
/// minimums) so that the index's walk finds a kind's mask with one scaled
/// load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits<const N: usize> {
    mask: [u64; N],
    min: [usize; N],
}

impl<const N: usize> Limits<N> {
    /// The limits of kinds `0..N`.
    pub const fn new(limits: [Limit; N]) -> Limits<N> {
        let mut mask = [0u64; N];
        let mut min = [0usize; N];
        let mut i = 0;
        while i < N {
            mask[i] = limits[i].mask;
            min[i] = limits[i].min;
            i += 1;
        }
        Limits { mask, min }
    }

    /// Kind `kind`'s limit, if below `N`.
    #[inline]
    pub fn get(&self, kind: usize) -> Option<Limit> {
        Some(Limit {
            mask: *self.mask.get(kind)?,
            min: *self.min.get(kind)?,
        })
    }

    /// True when kind `kind` is accepted at `whole` bytes, header
    /// included; false for a kind of `N` or above. The rule of
    /// [`Limit::accepts_whole`], reading only the array it needs: the
    /// walk's check loads one word.
    #[inline(always)]
    pub(crate) fn accepts_whole(&self, kind: usize, whole: usize) -> bool {
        if whole < 64 {
            self.mask.get(kind).is_some_and(|m| m >> whole & 1 != 0)
        } else {
            self.min.get(kind).is_some_and(|&m| whole >= m)
        }
    }
}
