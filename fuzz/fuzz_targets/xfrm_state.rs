//! The input is the payload of an `XFRM_MSG_NEWSA`: `xfrm_usersa_info`,
//! then `XFRMA_*` attributes. No input panics; every getter is read (the
//! fixed part field by field, every attribute, `Debug`, the owned and
//! secret copies); the request form encodes to a whole state that decodes
//! to the same request form.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::wire::{Encoder, Flags, Message};
use nlstack::xfrm::*;

fn read<T: AsRef<[u8]>>(s: &State<T>) {
    let s = &s.as_view();
    let i = s.info();
    black_box((s.src(), s.dst(), s.spi(), s.proto(), i.state_flags()));
    black_box(format!("{i:?}"));
    black_box(i.to_owned());
    black_box(format!("{s:?}"));
    black_box((s.malformed(), s.check().is_ok()));
    for a in [s.auth(), s.crypt(), s.comp(), s.aead(), s.auth_trunc()]
        .into_iter()
        .flatten()
    {
        black_box((a.name(), a.key_bits(), a.trunc_bits(), a.key()));
    }
    if let Some(t) = s.tmpl() {
        for t in t.iter() {
            black_box((t.src(), t.dst(), t.to_owned()));
        }
        black_box((t.len(), t.get(t.len())));
    }
    if let Some(r) = s.replay_esn() {
        black_box(r.bitmap().count());
    }
    if let Some(c) = s.sec_ctx() {
        black_box((c.alg(), c.doi(), c.context()));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = State::parse(data) else {
        assert!(data.len() < SaInfo::LEN);
        return;
    };
    read(&s);
    let secret = s.to_secret();
    assert_eq!(secret.as_bytes(), data);
    read(&secret);
    let spec = s.to_spec();
    black_box(format!("{spec:?}"));
    let info = s.info().to_owned();
    assert_eq!(SaInfo::parse(&info.to_bytes()), Some(info));

    // What the request form encodes is whole and reads back the same.
    let mut req = StateRequest::new("0.0.0.0".parse().unwrap(), "0.0.0.0".parse().unwrap(), 0, 0);
    req.info = info;
    req.attrs = spec.clone();
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, XFRM_MSG_NEWSA, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    if e.finish().is_err() {
        return; // an attribute too large to re-encode
    }
    let m = Message::parse(&buf).expect("an encoded state");
    let back = State::from_message(&m).expect("an encoded state parses");
    assert_eq!(back.malformed(), 0, "{back:?}");
    assert_eq!(back.info().to_owned(), info);
    let again = back.to_spec();
    // Algorithm names are sent with at most 63 bytes and a NUL.
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
        assert_eq!(again, spec);
    }
});
