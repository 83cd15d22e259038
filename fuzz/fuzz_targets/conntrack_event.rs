//! Walks the input as a datagram with `Messages` and decodes each message
//! with `conntrack::Event::parse`: an entry or expectation message whose
//! payload is shorter than an `nfgenmsg` is an error, any other is the
//! event its type and `NLM_F_CREATE` say (`Other` for the rest), and the
//! entry or expectation in it is then checked as `conntrack_entry` and
//! `conntrack_expect` check theirs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlstack::netfilter::conntrack::*;
use nlstack::wire::{Flags, Messages};

#[path = "conntrack_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    nlstack_fuzz::allow_formats(4);
    for (i, m) in Messages::new(data).enumerate() {
        let Ok(m) = m else { break };
        assert!(i < data.len() / 16 + 1);
        let kind = m.kind();
        let ours = [
            IPCTNL_MSG_CT_NEW,
            IPCTNL_MSG_CT_DELETE,
            IPCTNL_MSG_EXP_NEW,
            IPCTNL_MSG_EXP_DELETE,
        ]
        .contains(&kind);
        let ev = match Event::parse(&m) {
            Ok(ev) => ev,
            Err(e) => {
                assert!(ours && m.payload().len() < 4, "{e}");
                nlstack_fuzz::debug(&e);
                continue;
            }
        };
        assert!(!ours || m.payload().len() >= 4);
        nlstack_fuzz::debug(&ev);
        let create = m.flags().contains(Flags::CREATE);
        match ev {
            Event::New(e) | Event::Update(e) => {
                assert_eq!(kind, IPCTNL_MSG_CT_NEW);
                assert_eq!(matches!(ev, Event::New(_)), create);
                assert_eq!(e.as_bytes(), m.payload());
                common::entry_all(&e);
            }
            Event::Destroy(e) => {
                assert_eq!(kind, IPCTNL_MSG_CT_DELETE);
                assert_eq!(e.as_bytes(), m.payload());
                common::entry_all(&e);
            }
            Event::NewExpect(x) | Event::DestroyExpect(x) => {
                assert_eq!(
                    kind,
                    if matches!(ev, Event::NewExpect(_)) {
                        IPCTNL_MSG_EXP_NEW
                    } else {
                        IPCTNL_MSG_EXP_DELETE
                    }
                );
                assert_eq!(x.as_bytes(), m.payload());
                common::expect_all(&x);
            }
            Event::Other(o) => {
                assert!(!ours);
                assert_eq!(o.payload(), m.payload());
            }
            _ => {}
        }
    }
});
