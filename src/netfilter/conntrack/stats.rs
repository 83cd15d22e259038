//! Conntrack statistics: per CPU (`CTA_STATS_*`), global
//! (`CTA_STATS_GLOBAL_*`) and of expectations (`CTA_STATS_EXP_*`).

use crate::wire::{Be32, attr_table};

attr_table! {
    /// One CPU's conntrack counters (`IPCTNL_MSG_CT_GET_STATS_CPU`); the
    /// CPU is the `nfgenmsg` resource id ([`CpuStats::cpu`]).
    pub struct CpuStats / CpuStatsSpec, header 4;
    /// `CTA_STATS_SEARCHED` (no longer used).
    CTA_STATS_SEARCHED = 1 => searched: Be32 => u32,
    /// `CTA_STATS_FOUND`.
    CTA_STATS_FOUND = 2 => found: Be32 => u32,
    /// `CTA_STATS_NEW` (no longer used).
    CTA_STATS_NEW = 3 => new_entries: Be32 => u32,
    /// `CTA_STATS_INVALID`.
    CTA_STATS_INVALID = 4 => invalid: Be32 => u32,
    /// `CTA_STATS_IGNORE` (no longer used).
    CTA_STATS_IGNORE = 5 => ignore: Be32 => u32,
    /// `CTA_STATS_DELETE` (no longer used).
    CTA_STATS_DELETE = 6 => delete: Be32 => u32,
    /// `CTA_STATS_DELETE_LIST` (no longer used).
    CTA_STATS_DELETE_LIST = 7 => delete_list: Be32 => u32,
    /// `CTA_STATS_INSERT`.
    CTA_STATS_INSERT = 8 => insert: Be32 => u32,
    /// `CTA_STATS_INSERT_FAILED`.
    CTA_STATS_INSERT_FAILED = 9 => insert_failed: Be32 => u32,
    /// `CTA_STATS_DROP`.
    CTA_STATS_DROP = 10 => dropped: Be32 => u32,
    /// `CTA_STATS_EARLY_DROP`.
    CTA_STATS_EARLY_DROP = 11 => early_drop: Be32 => u32,
    /// `CTA_STATS_ERROR`.
    CTA_STATS_ERROR = 12 => error: Be32 => u32,
    /// `CTA_STATS_SEARCH_RESTART`.
    CTA_STATS_SEARCH_RESTART = 13 => search_restart: Be32 => u32,
    /// `CTA_STATS_CLASH_RESOLVE`.
    CTA_STATS_CLASH_RESOLVE = 14 => clash_resolve: Be32 => u32,
    /// `CTA_STATS_CHAIN_TOOLONG`.
    CTA_STATS_CHAIN_TOOLONG = 15 => chain_toolong: Be32 => u32,
}

impl<T: AsRef<[u8]>> CpuStats<T> {
    /// The CPU these counters are of.
    pub fn cpu(&self) -> u16 {
        let [_, _, hi, lo] = *self.as_bytes().first_chunk::<4>().unwrap_or(&[0; 4]);
        u16::from_be_bytes([hi, lo])
    }
}

attr_table! {
    /// The table's size (`IPCTNL_MSG_CT_GET_STATS`).
    pub struct GlobalStats / GlobalStatsSpec, header 4;
    /// `CTA_STATS_GLOBAL_ENTRIES`: entries now.
    CTA_STATS_GLOBAL_ENTRIES = 1 => entries: Be32 => u32,
    /// `CTA_STATS_GLOBAL_MAX_ENTRIES`: the table's limit.
    CTA_STATS_GLOBAL_MAX_ENTRIES = 2 => max_entries: Be32 => u32,
}

attr_table! {
    /// One CPU's expectation counters (`IPCTNL_MSG_EXP_GET_STATS_CPU`).
    pub struct ExpStats / ExpStatsSpec, header 4;
    /// `CTA_STATS_EXP_NEW`.
    CTA_STATS_EXP_NEW = 1 => new_expects: Be32 => u32,
    /// `CTA_STATS_EXP_CREATE`.
    CTA_STATS_EXP_CREATE = 2 => create: Be32 => u32,
    /// `CTA_STATS_EXP_DELETE`.
    CTA_STATS_EXP_DELETE = 3 => delete: Be32 => u32,
}
