//! Parses the input as a conntrack entry (`nfgenmsg` and `CTA_*`
//! attributes, what a dump reply's payload holds) and reads everything:
//! every getter of the entry and of its nested views (tuples, protocol
//! state, counters, helper, NAT, ...) against a model of the attributes
//! (see `conntrack_common.rs`), `malformed()` and `check()` against the
//! model (`check()` is `Ok` exactly when `malformed()` is 0, and its
//! error points at the first bad attribute), the owned copy, `Debug`, a
//! few `Filter`s, and the request form: `to_spec()` encoded with
//! `EntrySpec::encode` and parsed again is whole and gives the same
//! request form. The same bytes at another offset in a larger buffer
//! give the same entry.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlstack::netfilter::conntrack::Entry;

#[path = "conntrack_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    nlstack_fuzz::allow_formats(4);
    let e = match Entry::parse(data) {
        Ok(e) => e,
        Err(err) => {
            assert!(data.len() < 4, "{err}");
            return;
        }
    };
    assert!(data.len() >= 4);
    let seen = common::entry_all(&e);
    // In a larger buffer, after other bytes: the same.
    let mut shifted = vec![0xa5u8; 8];
    shifted.extend_from_slice(data);
    let e2 = Entry::parse(&shifted[8..]).unwrap();
    assert_eq!(e2.to_spec(), e.to_spec());
    assert_eq!(e2.malformed(), e.malformed());
    assert_eq!(common::entry(&e2).bad, seen.bad);
});
