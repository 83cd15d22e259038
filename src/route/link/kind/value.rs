//! [`TableValue`]: how an attribute of a declared link kind decodes and
//! encodes, for the values those kinds hold (`u8`, `u16`, `u32`, the
//! network-order [`NetU16`] and [`NetU32`], `Ipv4Addr`).

use std::net::Ipv4Addr;

use crate::error::Result;
use crate::wire::{Attr, Encoder};

/// A value an attribute of the table holds: how it decodes (a wrong size
/// is an error for that attribute alone) and encodes.
pub trait TableValue: Sized + Copy {
    /// The value sizes the decoder accepts.
    const SIZES: &'static [usize];
    /// Decodes the attribute's value.
    fn get(a: &Attr<'_>) -> Result<Self>;
    /// Encodes it as attribute `kind`.
    fn put(&self, kind: u16, e: &mut Encoder<'_>);
}

/// A 16-bit value the kernel keeps in network byte order (a VLAN's
/// protocol, a UDP port), held here in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetU16(pub u16);

/// A 32-bit value the kernel keeps in network byte order (a flow label),
/// held here in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetU32(pub u32);

/// Integers: `$t` of `$n` bytes, read with `Attr::$get` and written with
/// `Encoder::$put` (in network order for `NetU16`/`NetU32`, through their
/// host-order value).
macro_rules! int_value {
    ($($t:ty = $n:literal, $get:ident, $put:ident;)*) => {$(
        impl TableValue for $t {
            const SIZES: &'static [usize] = &[$n];
            fn get(a: &Attr<'_>) -> Result<$t> {
                a.$get().map(Into::into)
            }
            fn put(&self, kind: u16, e: &mut Encoder<'_>) {
                e.$put(kind, (*self).into());
            }
        }
    )*};
}

int_value! {
    u8 = 1, u8, put_u8;
    u16 = 2, u16, put_u16;
    u32 = 4, u32, put_u32;
    NetU16 = 2, be16, put_be16;
    NetU32 = 4, be32, put_be32;
}

/// A network-order newtype to and from its host-order value.
macro_rules! net_from {
    ($($net:ident($host:ty);)*) => {$(
        impl From<$host> for $net {
            fn from(v: $host) -> $net {
                $net(v)
            }
        }

        impl From<$net> for $host {
            fn from(v: $net) -> $host {
                v.0
            }
        }
    )*};
}

net_from! {
    NetU16(u16);
    NetU32(u32);
}

impl TableValue for Ipv4Addr {
    const SIZES: &'static [usize] = &[4];
    fn get(a: &Attr<'_>) -> Result<Ipv4Addr> {
        a.ipv4()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, &self.octets());
    }
}
