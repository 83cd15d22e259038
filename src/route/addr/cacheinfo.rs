//! [`CacheInfo`]: `struct ifa_cacheinfo`, an address's lifetimes.

use crate::route::decode::ne_u32;
use crate::wire::{Encoder, Value};

/// `struct ifa_cacheinfo`: lifetimes in seconds (`u32::MAX`: forever) and
/// timestamps in hundredths of seconds since boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheInfo {
    /// `ifa_prefered`: preferred lifetime.
    pub preferred: u32,
    /// `ifa_valid`: valid lifetime.
    pub valid: u32,
    /// `cstamp`: created.
    pub created: u32,
    /// `tstamp`: updated.
    pub updated: u32,
}

impl Value for CacheInfo {
    type Out<'a> = CacheInfo;
    type Owned = CacheInfo;
    const SIZES: &'static [usize] = &[16];
    #[inline]
    fn decode(v: &[u8]) -> CacheInfo {
        CacheInfo {
            preferred: ne_u32(v, 0),
            valid: ne_u32(v, 4),
            created: ne_u32(v, 8),
            updated: ne_u32(v, 12),
        }
    }
    fn to_owned(v: CacheInfo) -> CacheInfo {
        v
    }
    fn put(v: &CacheInfo, kind: u16, e: &mut Encoder<'_>) {
        let mut b = [0u8; 16];
        for (i, x) in [v.preferred, v.valid, v.created, v.updated]
            .into_iter()
            .enumerate()
        {
            b[i * 4..i * 4 + 4].copy_from_slice(&x.to_ne_bytes());
        }
        e.put(kind, &b);
    }
}
