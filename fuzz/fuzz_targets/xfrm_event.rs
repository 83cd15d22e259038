//! The input is a datagram of XFRM messages (events, replies). No input
//! panics; each message decodes to an [`Event`] or an error, and every part
//! of the event is read (its fixed struct field by field through `Debug`,
//! its attributes through their getters and request form). SAD and SPD
//! info replies are read too.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::wire::Messages;
use nlstack::xfrm::*;

fn attrs(a: &XfrmAttrs<&[u8]>) {
    black_box(format!("{a:?}"));
    black_box((a.malformed(), a.check().is_ok()));
    black_box(format!("{:?}", a.to_spec()));
    if let Some(sa) = a.sa() {
        black_box((sa.src(), sa.dst(), sa.to_owned()));
    }
    if let Some(p) = a.policy() {
        black_box(p.to_owned());
    }
}

fuzz_target!(|data: &[u8]| {
    for m in Messages::new(data) {
        let Ok(m) = m else { break };
        black_box(msg_name(m.kind()));
        if m.kind() == XFRM_MSG_NEWSADINFO {
            if let Ok(s) = SadInfo::parse(m.payload()) {
                black_box((format!("{s:?}"), s.count(), s.hinfo()));
            }
        }
        if m.kind() == XFRM_MSG_NEWSPDINFO {
            if let Ok(s) = SpdInfo::parse(m.payload()) {
                black_box(format!("{s:?}"));
            }
        }
        let Ok(e) = Event::parse(&m) else { continue };
        black_box(format!("{e:?}"));
        match e {
            Event::NewSa(s) | Event::UpdSa(s) => {
                black_box((s.src(), s.dst(), s.to_spec(), s.to_secret()));
            }
            Event::DelSa { id, attrs: a } => {
                black_box((id.dst(), id.to_owned()));
                attrs(&a);
            }
            Event::Expire { expire, attrs: a } => {
                black_box(expire.to_owned());
                attrs(&a);
            }
            Event::Acquire { acquire, attrs: a } => {
                black_box((acquire.to_owned(), acquire.sel().src()));
                attrs(&a);
            }
            Event::NewPolicy(p) | Event::UpdPolicy(p) => {
                black_box((p.sel().dst(), p.to_spec(), p.owned()));
            }
            Event::DelPolicy { id, attrs: a } | Event::Migrate { id, attrs: a } => {
                black_box(id.to_owned());
                attrs(&a);
            }
            Event::PolExpire { expire, attrs: a } => {
                black_box(expire.to_owned());
                attrs(&a);
            }
            Event::FlushSa { proto } => {
                black_box(proto);
            }
            Event::FlushPolicy { attrs: a } => attrs(&a),
            Event::Aevent { id, attrs: a } => {
                black_box((id.to_owned(), id.sa_id().dst()));
                attrs(&a);
            }
            Event::Report { report, attrs: a } => {
                black_box(report.to_owned());
                attrs(&a);
            }
            Event::Mapping(m) => {
                black_box(m.to_owned());
            }
            Event::Other(k) => {
                black_box(k);
            }
            _ => {}
        }
    }
});
