//! `struct nda_cacheinfo` (`NDA_CACHEINFO`) and its codec.

use crate::wire::{Encoder, Value};

/// `struct nda_cacheinfo`: ages of the entry in clock ticks
/// (`USER_HZ`, normally 100 a second) and its reference count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct NeighCacheInfo {
    /// `ndm_confirmed`: ticks since the neighbour was last confirmed.
    pub confirmed: u32,
    /// `ndm_used`: ticks since the entry was last used.
    pub used: u32,
    /// `ndm_updated`: ticks since the entry was last updated.
    pub updated: u32,
    /// `ndm_refcnt`: references held (minus one).
    pub refcnt: u32,
}

impl NeighCacheInfo {
    /// The 16 bytes the kernel sends.
    pub fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        for (i, w) in [self.confirmed, self.used, self.updated, self.refcnt]
            .into_iter()
            .enumerate()
        {
            b[i * 4..i * 4 + 4].copy_from_slice(&w.to_ne_bytes());
        }
        b
    }
}

/// 16 bytes, four native-endian 32-bit words.
impl Value for NeighCacheInfo {
    type Out<'a> = NeighCacheInfo;
    type Owned = NeighCacheInfo;
    const SIZES: &'static [usize] = &[16];
    #[inline]
    fn decode(v: &[u8]) -> NeighCacheInfo {
        let w = |i: usize| crate::route::decode::ne_u32(v, i);
        NeighCacheInfo {
            confirmed: w(0),
            used: w(4),
            updated: w(8),
            refcnt: w(12),
        }
    }
    fn to_owned(v: NeighCacheInfo) -> NeighCacheInfo {
        v
    }
    fn put(v: &NeighCacheInfo, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, &v.to_bytes());
    }
}
