//! [`RouteCacheInfo`]: `struct rta_cacheinfo` (`RTA_CACHEINFO`), and its
//! codec.

use crate::wire::{Encoder, Value};

/// `struct rta_cacheinfo`: times in clock ticks (`USER_HZ`, hundredths of
/// seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RouteCacheInfo {
    /// `rta_clntref`: references.
    pub clntref: u32,
    /// `rta_lastuse`: ticks since last use.
    pub lastuse: u32,
    /// `rta_expires`: ticks until the route expires (0: never).
    pub expires: i32,
    /// `rta_error`: the route's error.
    pub error: u32,
    /// `rta_used`.
    pub used: u32,
    /// `rta_id`.
    pub id: u32,
    /// `rta_ts`.
    pub ts: u32,
    /// `rta_tsage`.
    pub tsage: u32,
}

/// The 32-byte struct, or its older 20-byte form (the last three words 0).
impl Value for RouteCacheInfo {
    type Out<'a> = RouteCacheInfo;
    type Owned = RouteCacheInfo;
    const SIZES: &'static [usize] = &[20, 32];

    #[inline]
    fn decode(b: &[u8]) -> RouteCacheInfo {
        let w = |i: usize| {
            b.get(i * 4..i * 4 + 4)
                .and_then(|s| <[u8; 4]>::try_from(s).ok())
                .map_or(0, u32::from_ne_bytes)
        };
        RouteCacheInfo {
            clntref: w(0),
            lastuse: w(1),
            expires: w(2) as i32,
            error: w(3),
            used: w(4),
            id: w(5),
            ts: w(6),
            tsage: w(7),
        }
    }

    fn to_owned(v: RouteCacheInfo) -> RouteCacheInfo {
        v
    }

    fn put(v: &RouteCacheInfo, kind: u16, e: &mut Encoder<'_>) {
        let mut b = [0u8; 32];
        let words = [
            v.clntref,
            v.lastuse,
            v.expires as u32,
            v.error,
            v.used,
            v.id,
            v.ts,
            v.tsage,
        ];
        for (i, w) in words.iter().enumerate() {
            b[i * 4..i * 4 + 4].copy_from_slice(&w.to_ne_bytes());
        }
        e.put(kind, &b);
    }
}
