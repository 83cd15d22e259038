//! `struct fib_rule_port_range` (`FRA_SPORT_RANGE`, `FRA_DPORT_RANGE`)
//! and its codec.

use crate::wire::{Encoder, Value};

/// `struct fib_rule_port_range`: matching ports, inclusive (host order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PortRange {
    /// The first port.
    pub start: u16,
    /// The last port.
    pub end: u16,
}

impl PortRange {
    /// The one port `p`.
    pub fn single(p: u16) -> PortRange {
        PortRange { start: p, end: p }
    }

    /// The 4 bytes the kernel takes.
    pub fn to_bytes(self) -> [u8; 4] {
        let mut b = [0u8; 4];
        b[..2].copy_from_slice(&self.start.to_ne_bytes());
        b[2..].copy_from_slice(&self.end.to_ne_bytes());
        b
    }
}

/// 4 bytes: two native-endian 16-bit ports.
impl Value for PortRange {
    type Out<'a> = PortRange;
    type Owned = PortRange;
    const SIZES: &'static [usize] = &[4];
    #[inline]
    fn decode(v: &[u8]) -> PortRange {
        let p = |i: usize| match v.get(i..i + 2) {
            Some(&[a, b]) => u16::from_ne_bytes([a, b]),
            _ => 0,
        };
        PortRange {
            start: p(0),
            end: p(2),
        }
    }
    fn to_owned(v: PortRange) -> PortRange {
        v
    }
    fn put(v: &PortRange, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, &v.to_bytes());
    }
}
