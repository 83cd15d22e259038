//! The input is the payload of an `XFRM_MSG_NEWPOLICY`:
//! `xfrm_userpolicy_info`, then `XFRMA_*` attributes. No input panics;
//! every getter is read; the request form encodes to a whole policy that
//! decodes to the same request form.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::wire::{Encoder, Flags, Message};
use nlstack::xfrm::*;

fuzz_target!(|data: &[u8]| {
    let Ok(p) = Policy::parse(data) else {
        assert!(data.len() < PolicyInfo::LEN);
        return;
    };
    let i = p.info();
    black_box((
        p.sel().src(),
        p.sel().dst(),
        p.dir(),
        p.index(),
        p.priority(),
        p.kind(),
    ));
    black_box(format!("{i:?}"));
    black_box(format!("{p:?}"));
    black_box((p.malformed(), p.check().is_ok(), p.mark(), p.if_id()));
    if let Some(t) = p.tmpl() {
        for t in t.iter() {
            black_box((t.src(), t.dst(), t.to_owned()));
        }
    }
    if let Some(c) = p.sec_ctx() {
        black_box(c.context());
    }
    let id = policy_id_of(&p);
    assert_eq!(PolicyId::parse(&id.to_bytes()), Some(id));
    let owned = p.owned();
    assert_eq!(owned.as_bytes(), data);

    let spec = p.to_spec();
    let mut req = PolicyRequest::new(Selector::default(), 0);
    req.info = i.to_owned();
    req.attrs = spec.clone();
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, XFRM_MSG_NEWPOLICY, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    if e.finish().is_err() {
        return;
    }
    let m = Message::parse(&buf).expect("an encoded policy");
    let back = Policy::from_message(&m).expect("an encoded policy parses");
    assert_eq!(back.malformed(), 0, "{back:?}");
    assert_eq!(back.info().to_owned(), req.info);
    if [
        &spec.auth,
        &spec.crypt,
        &spec.comp,
        &spec.aead,
        &spec.auth_trunc,
    ]
    .iter()
    .all(|a| a.as_ref().is_none_or(|a| a.name.len() < 64))
    {
        assert_eq!(back.to_spec(), spec);
    }
});
