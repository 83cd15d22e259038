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

impl TableValue for u8 {
    const SIZES: &'static [usize] = &[1];
    fn get(a: &Attr<'_>) -> Result<u8> {
        a.u8()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_u8(kind, *self);
    }
}

impl TableValue for u16 {
    const SIZES: &'static [usize] = &[2];
    fn get(a: &Attr<'_>) -> Result<u16> {
        a.u16()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_u16(kind, *self);
    }
}

impl TableValue for u32 {
    const SIZES: &'static [usize] = &[4];
    fn get(a: &Attr<'_>) -> Result<u32> {
        a.u32()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_u32(kind, *self);
    }
}

/// A 16-bit value the kernel keeps in network byte order (a VLAN's
/// protocol, a UDP port), held here in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetU16(pub u16);

impl TableValue for NetU16 {
    const SIZES: &'static [usize] = &[2];
    fn get(a: &Attr<'_>) -> Result<NetU16> {
        a.be16().map(NetU16)
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_be16(kind, self.0);
    }
}

/// A 32-bit value the kernel keeps in network byte order (a flow label),
/// held here in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetU32(pub u32);

impl TableValue for NetU32 {
    const SIZES: &'static [usize] = &[4];
    fn get(a: &Attr<'_>) -> Result<NetU32> {
        a.be32().map(NetU32)
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_be32(kind, self.0);
    }
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
