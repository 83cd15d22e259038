//! Walks a datagram message by message: header accessors, payload, control
//! decoding, family headers and the attributes after family headers of
//! several sizes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlstack::wire::capture::Datagrams;
use nlstack::wire::{
    FamilyHeader, FibRuleHdr, FlagContext, GenlMsgHdr, IfAddrMsg, IfInfoMsg, Message, Messages,
    NLMSG_HDRLEN, NdMsg, NfGenMsg, RtGenMsg, RtMsg, align,
};
use nlstack_fuzz::{allow_formats, check_err, debug, walk};

fn family_headers(p: &[u8]) {
    fn one<H: FamilyHeader + std::fmt::Debug>(p: &[u8]) {
        match H::parse(p) {
            Ok(h) => {
                assert!(p.len() >= H::LEN);
                // Writing it back gives the same bytes.
                let mut out = vec![0u8; H::LEN];
                h.write(&mut out);
                assert_eq!(&out[..], &p[..H::LEN], "{} round trip", H::NAME);
                debug(&h);
            }
            Err(e) => {
                assert!(p.len() < H::LEN);
                check_err(&e, p.len());
            }
        }
    }
    one::<IfInfoMsg>(p);
    one::<IfAddrMsg>(p);
    one::<RtMsg>(p);
    one::<NdMsg>(p);
    one::<FibRuleHdr>(p);
    one::<RtGenMsg>(p);
    one::<NfGenMsg>(p);
    one::<GenlMsgHdr>(p);
}

fn message(m: &Message<'_>, data: &[u8]) {
    let h = m.header();
    assert_eq!(h.kind, m.kind());
    assert_eq!(h.flags, m.flags());
    assert_eq!(h.seq, m.seq());
    assert_eq!(h.port, m.port());
    let _ = m.kind().name();
    let _ = m.kind().is_control();
    let mut names = String::new();
    for ctx in [FlagContext::for_rtnl(m.kind()), FlagContext::Any] {
        names.clear();
        m.flags().names(ctx, &mut names).unwrap();
    }
    debug(m);

    // The message is where it says, with the length it says.
    let off = m.offset();
    let len = h.len as usize;
    assert_eq!(m.bytes().len(), len);
    assert_eq!(data.get(off..off + len), Some(m.bytes()));
    assert_eq!(&m.bytes()[..NLMSG_HDRLEN], &h.to_bytes()[..]);
    assert_eq!(m.payload(), &m.bytes()[NLMSG_HDRLEN..]);

    match m.control() {
        Ok(Some(c)) => {
            assert!(m.kind().is_control());
            debug(&c);
        }
        Ok(None) => assert!(!matches!(m.kind().0, 1..=4)),
        Err(e) => check_err(&e, data.len()),
    }

    family_headers(m.payload());

    for fixed in [0usize, 4, 8, 12, 16] {
        match m.attrs(fixed) {
            Ok(attrs) => {
                assert!(m.payload().len() >= fixed);
                let rest = m.payload().len() - align(fixed).min(m.payload().len());
                assert_eq!(attrs.remaining().len(), rest);
                walk(attrs, data, 0, false);
            }
            Err(e) => {
                assert!(m.payload().len() < fixed);
                check_err(&e, data.len());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    allow_formats(64);
    let mut n = 0;
    let mut end = 0;
    let mut msgs = Messages::new(data);
    for r in msgs.by_ref() {
        match r {
            Ok(m) => {
                assert!(m.offset() >= end, "messages overlap");
                end = m.offset() + m.bytes().len();
                if n == 0 {
                    assert_eq!(Message::parse(data).ok(), Some(m));
                }
                n += 1;
                message(&m, data);
            }
            Err(e) => {
                check_err(&e, data.len());
                if n == 0 {
                    assert!(Message::parse(data).is_err());
                }
                break;
            }
        }
    }
    assert!(
        msgs.next().is_none(),
        "Messages yielded after its end or an error"
    );
    if data.is_empty() {
        assert!(Message::parse(data).is_err());
    }

    // The same bytes read as a capture file.
    for d in Datagrams::new(data) {
        match d {
            Ok(d) => {
                std::hint::black_box(d);
            }
            Err(e) => check_err(&e, data.len()),
        }
    }
});
