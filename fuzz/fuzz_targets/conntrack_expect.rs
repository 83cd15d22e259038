//! Parses the input as an expectation (`nfgenmsg` and `CTA_EXPECT_*`):
//! every getter, nested tuples and NAT data against the model (see
//! `conntrack_common.rs`), `malformed()` and `check()`, the owned copy,
//! `Debug`, the request form's round trip. Then as each statistics view
//! (`CpuStats`, `GlobalStats`, `ExpStats`): every counter against the
//! model, the CPU number, the owned copy, the request form's round trip.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::netfilter::conntrack::*;

#[path = "conntrack_common.rs"]
mod common;

macro_rules! stats {
    ($t:ident, $data:expr, $kind:expr; $($f:ident = $k:expr),* $(,)?) => {{
        let Ok(s) = $t::parse($data) else {
            assert!($data.len() < 4);
            return;
        };
        let m = common::verify(&s);
        $( assert_eq!(
            s.$f(),
            m.vals[$k as usize].map(|b| u32::from_be_bytes(b.try_into().unwrap()))
        ); )*
        let o = s.owned();
        assert_eq!(o.as_view(), s);
        let spec = s.to_spec();
        nlstack_fuzz::debug(&s);
        let Some(again) = common::encode_payload($data.len(), 0, $kind, |e| spec.encode(e)) else {
            return;
        };
        let s2 = $t::parse(&again[..]).unwrap();
        assert_eq!(common::verify(&s2).malformed, 0);
        assert_eq!(s2.to_spec(), spec);
    }};
}

fuzz_target!(|data: &[u8]| {
    nlstack_fuzz::allow_formats(4);
    match Expect::parse(data) {
        Ok(x) => {
            common::expect_all(&x);
        }
        Err(e) => {
            assert!(data.len() < 4, "{e}");
            return;
        }
    }
    if let Ok(c) = CpuStats::parse(data) {
        assert_eq!(c.cpu(), u16::from_be_bytes([data[2], data[3]]));
        black_box(c.cpu());
    }
    stats!(CpuStats, data, IPCTNL_MSG_CT_GET_STATS_CPU;
        searched = CTA_STATS_SEARCHED, found = CTA_STATS_FOUND,
        new_entries = CTA_STATS_NEW, invalid = CTA_STATS_INVALID,
        ignore = CTA_STATS_IGNORE, delete = CTA_STATS_DELETE,
        delete_list = CTA_STATS_DELETE_LIST, insert = CTA_STATS_INSERT,
        insert_failed = CTA_STATS_INSERT_FAILED, dropped = CTA_STATS_DROP,
        early_drop = CTA_STATS_EARLY_DROP, error = CTA_STATS_ERROR,
        search_restart = CTA_STATS_SEARCH_RESTART,
        clash_resolve = CTA_STATS_CLASH_RESOLVE,
        chain_toolong = CTA_STATS_CHAIN_TOOLONG);
    stats!(GlobalStats, data, IPCTNL_MSG_CT_GET_STATS;
        entries = CTA_STATS_GLOBAL_ENTRIES, max_entries = CTA_STATS_GLOBAL_MAX_ENTRIES);
    stats!(ExpStats, data, IPCTNL_MSG_EXP_GET_STATS_CPU;
        new_expects = CTA_STATS_EXP_NEW, create = CTA_STATS_EXP_CREATE,
        delete = CTA_STATS_EXP_DELETE);
});
