//! The codec of a rule's interface names (`FRA_IIFNAME`, `FRA_OIFNAME`):
//! bytes, as the kernel keeps them.

use crate::wire::{CStrBytes, Encoder, Value};

/// An interface name in a rule: at most `IFNAMSIZ` (16) bytes with its
/// NUL, as the kernel's policy says (`NLA_STRING`, `IFNAMSIZ - 1`); a
/// longer one is malformed. Read as the bytes before the first NUL (any
/// bytes, UTF-8 or not); sent with a NUL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleIfName {}

impl Value for RuleIfName {
    type Out<'a> = &'a [u8];
    type Owned = Vec<u8>;
    const SIZES: &'static [usize] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    #[inline]
    fn decode(v: &[u8]) -> &[u8] {
        CStrBytes::decode(v)
    }
    fn to_owned(v: &[u8]) -> Vec<u8> {
        v.to_vec()
    }
    fn put(v: &Vec<u8>, kind: u16, e: &mut Encoder<'_>) {
        e.put_cstr(kind, v);
    }
}
