//! How the fixed XFRM structs are laid out: [`Field`], the codec of one
//! field at a stated offset, and the `fixed!` macro that declares a struct
//! once as an owned value (for requests) and a zero-copy view with a
//! checked length (for what the kernel sends).
//!
//! Offsets and sizes are the kernel's on x86_64 (`u64` fields aligned to 8,
//! so `xfrm_usersa_info` is 224 bytes and `xfrm_userpolicy_info` 168);
//! `tests/xfrm_layout.rs` checks every one against gcc's `offsetof`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The codec of one field of a fixed struct.
pub trait Field {
    /// Its size in bytes.
    const LEN: usize;
    /// Its owned form.
    type Owned: Copy + Default + fmt::Debug + PartialEq;
    /// What a view's getter returns.
    type View<'a>: Copy + fmt::Debug;
    /// Reads the field from `b`, which holds at least [`LEN`](Self::LEN)
    /// bytes (fewer read as zeros: never a panic).
    fn view(b: &[u8]) -> Self::View<'_>;
    /// Copies a view into the owned form.
    fn owned(v: Self::View<'_>) -> Self::Owned;
    /// Writes `v` into `out`, which holds at least [`LEN`](Self::LEN) bytes.
    fn put(v: &Self::Owned, out: &mut [u8]);
}

/// The first `N` bytes of `b`, zeros when shorter.
#[inline(always)]
pub(crate) fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
    let mut a = [0u8; N];
    let n = b.len().min(N);
    a[..n].copy_from_slice(&b[..n]);
    a
}

macro_rules! int_field {
    ($($t:ty, $n:literal;)*) => {$(
        impl Field for $t {
            const LEN: usize = $n;
            type Owned = $t;
            type View<'a> = $t;
            #[inline(always)]
            fn view(b: &[u8]) -> $t {
                <$t>::from_ne_bytes(arr::<$n>(b))
            }
            fn owned(v: $t) -> $t {
                v
            }
            fn put(v: &$t, out: &mut [u8]) {
                if let Some(o) = out.get_mut(..$n) {
                    o.copy_from_slice(&v.to_ne_bytes());
                }
            }
        }
    )*};
}
int_field! { u8, 1; u16, 2; u32, 4; u64, 8; i32, 4; }

/// A 16-bit field in network byte order (a port), read in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net16 {}
/// A 32-bit field in network byte order (an SPI), read in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net32 {}

impl Field for Net16 {
    const LEN: usize = 2;
    type Owned = u16;
    type View<'a> = u16;
    #[inline(always)]
    fn view(b: &[u8]) -> u16 {
        u16::from_be_bytes(arr::<2>(b))
    }
    fn owned(v: u16) -> u16 {
        v
    }
    fn put(v: &u16, out: &mut [u8]) {
        if let Some(o) = out.get_mut(..2) {
            o.copy_from_slice(&v.to_be_bytes());
        }
    }
}

impl Field for Net32 {
    const LEN: usize = 4;
    type Owned = u32;
    type View<'a> = u32;
    #[inline(always)]
    fn view(b: &[u8]) -> u32 {
        u32::from_be_bytes(arr::<4>(b))
    }
    fn owned(v: u32) -> u32 {
        v
    }
    fn put(v: &u32, out: &mut [u8]) {
        if let Some(o) = out.get_mut(..4) {
            o.copy_from_slice(&v.to_be_bytes());
        }
    }
}

/// `xfrm_address_t`: 16 bytes holding an IPv4 address (the first 4) or an
/// IPv6 address; which one is said by a family elsewhere in the struct.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Address(pub [u8; 16]);

impl Address {
    /// The address for `family` (`AF_INET`: the first 4 bytes; otherwise
    /// all 16).
    pub fn ip(&self, family: u16) -> IpAddr {
        if family == libc::AF_INET as u16 {
            IpAddr::V4(self.ipv4())
        } else {
            IpAddr::V6(self.ipv6())
        }
    }

    /// The first 4 bytes as an IPv4 address.
    pub fn ipv4(&self) -> Ipv4Addr {
        Ipv4Addr::from(arr::<4>(&self.0))
    }

    /// The 16 bytes as an IPv6 address.
    pub fn ipv6(&self) -> Ipv6Addr {
        Ipv6Addr::from(self.0)
    }

    /// True when all bytes are zero (a wildcard).
    pub fn is_zero(&self) -> bool {
        self.0 == [0; 16]
    }
}

impl From<IpAddr> for Address {
    fn from(a: IpAddr) -> Address {
        match a {
            IpAddr::V4(a) => a.into(),
            IpAddr::V6(a) => a.into(),
        }
    }
}

impl From<Ipv4Addr> for Address {
    fn from(a: Ipv4Addr) -> Address {
        let mut b = [0u8; 16];
        b[..4].copy_from_slice(&a.octets());
        Address(b)
    }
}

impl From<Ipv6Addr> for Address {
    fn from(a: Ipv6Addr) -> Address {
        Address(a.octets())
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0[4..] == [0; 12] {
            write!(f, "{}", self.ipv4())
        } else {
            write!(f, "{}", self.ipv6())
        }
    }
}

impl Field for Address {
    const LEN: usize = 16;
    type Owned = Address;
    type View<'a> = Address;
    #[inline(always)]
    fn view(b: &[u8]) -> Address {
        Address(arr::<16>(b))
    }
    fn owned(v: Address) -> Address {
        v
    }
    fn put(v: &Address, out: &mut [u8]) {
        if let Some(o) = out.get_mut(..16) {
            o.copy_from_slice(&v.0);
        }
    }
}

/// Declares a fixed struct: the owned value `$name` (fields public, for
/// requests) and the view `$view<'a>` over its bytes, with a getter per
/// field, both from one list of fields and their offsets. A field whose
/// codec is not its own owned type says it: `spi @ 16: Net32 as u32`.
macro_rules! fixed {
    (
        $(#[$doc:meta])*
        $name:ident / $view:ident = $cname:literal, $len:literal {
            $( $(#[$fdoc:meta])* $field:ident @ $off:literal: $codec:ty $(as $owned:ty)?, )*
        }
    ) => {
        $(#[$doc])*
        ///
        /// The owned form; its view is
        #[doc = concat!("[`", stringify!($view), "`].")]
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: $crate::xfrm::layout::owned_ty!($codec $(, $owned)?), )*
        }

        impl $name {
            /// `sizeof` in C, on x86_64.
            pub const LEN: usize = $len;
            /// The kernel's name of the struct.
            pub const C_NAME: &'static str = $cname;
            /// Each field's name and offset.
            pub const FIELDS: &'static [(&'static str, usize)] = &[$( (stringify!($field), $off), )*];

            /// Reads the struct from the first [`LEN`](Self::LEN) bytes of
            /// `b`; `None` when `b` is shorter.
            pub fn parse(b: &[u8]) -> Option<$name> {
                $view::new(b).map(|v| v.to_owned())
            }

            /// Writes the struct into `out` (at least [`LEN`](Self::LEN)
            /// bytes; padding is left as it is, zero in a fresh buffer).
            pub fn write(&self, out: &mut [u8]) {
                $( if let Some(o) = out.get_mut($off..) {
                    <$codec as $crate::xfrm::layout::Field>::put(&self.$field, o);
                } )*
            }

            /// The struct's bytes, padding zeroed.
            pub fn to_bytes(&self) -> [u8; $len] {
                let mut b = [0u8; $len];
                self.write(&mut b);
                b
            }
        }

        #[doc = concat!("A zero-copy view of a `struct ", $cname, "` (", stringify!($len), " bytes); its owned form is [`", stringify!($name), "`].")]
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct $view<'a>(&'a [u8; $len]);

        impl<'a> $view<'a> {
            /// A view of the first `LEN` bytes of `b`; `None` when `b` is
            /// shorter.
            #[inline]
            pub fn new(b: &'a [u8]) -> Option<$view<'a>> {
                b.first_chunk::<$len>().map($view)
            }

            /// The struct's bytes.
            pub fn as_bytes(&self) -> &'a [u8] {
                self.0
            }

            /// A copy as the owned form.
            pub fn to_owned(&self) -> $name {
                $name {
                    $( $field: <$codec as $crate::xfrm::layout::Field>::owned(self.$field()), )*
                }
            }

            $(
                $(#[$fdoc])*
                #[inline]
                pub fn $field(&self) -> <$codec as $crate::xfrm::layout::Field>::View<'a> {
                    let b: &'a [u8] = self.0;
                    <$codec as $crate::xfrm::layout::Field>::view(b.get($off..).unwrap_or(&[]))
                }
            )*
        }

        impl std::fmt::Debug for $view<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($view))
                    $( .field(stringify!($field), &self.$field()) )*
                    .finish()
            }
        }

        impl $crate::xfrm::layout::Field for $name {
            const LEN: usize = $len;
            type Owned = $name;
            type View<'a> = $view<'a>;
            #[inline]
            fn view(b: &[u8]) -> $view<'_> {
                match b.first_chunk::<$len>() {
                    Some(a) => $view(a),
                    None => $view(&[0; $len]),
                }
            }
            fn owned(v: $view<'_>) -> $name {
                v.to_owned()
            }
            fn put(v: &$name, out: &mut [u8]) {
                v.write(out);
            }
        }

        impl $crate::wire::Value for $name {
            type Out<'a> = $view<'a>;
            type Owned = $name;
            const SIZES: &'static [usize] = if $len <= $crate::wire::Limit::MAX_EXACT {
                &[$len]
            } else {
                &[]
            };
            const MIN: usize = $len;
            #[inline]
            fn decode(v: &[u8]) -> $view<'_> {
                <$name as $crate::xfrm::layout::Field>::view(v)
            }
            fn to_owned(v: $view<'_>) -> $name {
                v.to_owned()
            }
            fn put(v: &$name, kind: u16, e: &mut $crate::wire::Encoder<'_>) {
                e.put(kind, &v.to_bytes());
            }
        }
    };
}

pub(crate) use fixed;

/// The owned type of a field: its codec, or the type after `as` (the
/// field types stay concrete, not projections).
macro_rules! owned_ty {
    ($codec:ty) => {
        $codec
    };
    ($codec:ty, $owned:ty) => {
        $owned
    };
}

pub(crate) use owned_ty;

impl crate::wire::Value for Address {
    type Out<'a> = Address;
    type Owned = Address;
    const SIZES: &'static [usize] = &[16];
    #[inline]
    fn decode(v: &[u8]) -> Address {
        Address(arr::<16>(v))
    }
    fn to_owned(v: Address) -> Address {
        v
    }
    fn put(v: &Address, kind: u16, e: &mut crate::wire::Encoder<'_>) {
        e.put(kind, &v.0);
    }
}
