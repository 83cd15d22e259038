//! [`RouteCacheInfo`]: `struct rta_cacheinfo` (`RTA_CACHEINFO`).

use crate::error::Result;
use crate::route::decode::wrong_size;
use crate::wire::Attr;

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

impl RouteCacheInfo {
    /// Decodes the 32-byte struct (or its older 20-byte form).
    #[inline]
    pub(crate) fn parse(at: &Attr<'_>) -> Result<RouteCacheInfo> {
        let b = at.value();
        if b.len() != 32 && b.len() != 20 {
            return Err(wrong_size(at, &[32, 20]));
        }
        let w = |i: usize| {
            b.get(i * 4..i * 4 + 4)
                .and_then(|s| <[u8; 4]>::try_from(s).ok())
                .map_or(0, u32::from_ne_bytes)
        };
        Ok(RouteCacheInfo {
            clntref: w(0),
            lastuse: w(1),
            expires: w(2) as i32,
            error: w(3),
            used: w(4),
            id: w(5),
            ts: w(6),
            tsage: w(7),
        })
    }
}
