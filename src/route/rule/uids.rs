//! `struct fib_rule_uid_range` (`FRA_UID_RANGE`) and its codec.

use crate::wire::{Encoder, Value};

/// `struct fib_rule_uid_range`: matching user ids, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UidRange {
    /// The first uid.
    pub start: u32,
    /// The last uid.
    pub end: u32,
}

impl UidRange {
    /// The 8 bytes the kernel takes.
    pub fn to_bytes(self) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&self.start.to_ne_bytes());
        b[4..].copy_from_slice(&self.end.to_ne_bytes());
        b
    }
}

/// 8 bytes: two native-endian 32-bit user ids.
impl Value for UidRange {
    type Out<'a> = UidRange;
    type Owned = UidRange;
    const SIZES: &'static [usize] = &[8];
    #[inline]
    fn decode(v: &[u8]) -> UidRange {
        let w = |i: usize| crate::route::decode::ne_u32(v, i);
        UidRange {
            start: w(0),
            end: w(4),
        }
    }
    fn to_owned(v: UidRange) -> UidRange {
        v
    }
    fn put(v: &UidRange, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, &v.to_bytes());
    }
}
