//! Counts of the state and policy databases: `XFRM_MSG_NEWSADINFO` and
//! `XFRM_MSG_NEWSPDINFO` (a `u32` of flags, then their own attributes).

use crate::wire::attr_table;

use super::parts::{SadHinfo, SadHinfoRef, SpdCounts, SpdCountsRef, SpdHinfo, SpdHinfoRef};
use super::parts::{SpdHthresh, SpdHthreshRef};

attr_table! {
    /// The state database's counts (`XFRM_MSG_NEWSADINFO`), as
    /// `ip xfrm state count` shows them.
    pub struct SadInfo / SadInfoSpec, header 4;
    /// `XFRMA_SAD_CNT`: states.
    XFRMA_SAD_CNT = 1 => count: u32 => u32,
    /// `XFRMA_SAD_HINFO`: the hash table.
    XFRMA_SAD_HINFO = 2 => hinfo: SadHinfo => SadHinfoRef<'a>,
}

attr_table! {
    /// The policy database's counts (`XFRM_MSG_NEWSPDINFO`).
    pub struct SpdInfo / SpdInfoSpec, header 4;
    /// `XFRMA_SPD_INFO`: policies per direction.
    XFRMA_SPD_INFO = 1 => counts: SpdCounts => SpdCountsRef<'a>,
    /// `XFRMA_SPD_HINFO`: the hash table.
    XFRMA_SPD_HINFO = 2 => hinfo: SpdHinfo => SpdHinfoRef<'a>,
    /// `XFRMA_SPD_IPV4_HTHRESH`: IPv4 prefix lengths hashed.
    XFRMA_SPD_IPV4_HTHRESH = 3 => ipv4_hthresh: SpdHthresh => SpdHthreshRef<'a>,
    /// `XFRMA_SPD_IPV6_HTHRESH`: IPv6 prefix lengths hashed.
    XFRMA_SPD_IPV6_HTHRESH = 4 => ipv6_hthresh: SpdHthresh => SpdHthreshRef<'a>,
}
