//! Decodes the input as the payload of an `NLMSG_ERROR` or `NLMSG_DONE`
//! reply, and as extended-ack and policy TLVs on their own.
//!
//! The first input byte picks the message: bit 0 `NLMSG_DONE` (else
//! `NLMSG_ERROR`), bit 1 `NLM_F_CAPPED`, bit 2 `NLM_F_ACK_TLVS`, bit 3 a
//! `NLMSG_NOOP` message before it (so offsets do not start at 0), bits 4-7
//! the low flags `REQUEST`, `MULTI`, `ACK`, `ECHO`. The rest is the payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlstack::KernelError;
use nlstack::wire::{
    Attrs, Control, ExtAck, Flags, Header, Messages, MsgType, NLMSG_HDRLEN, Policy, align,
};
use nlstack_fuzz::{allow_formats, check_err, debug, display};

fn kernel_error(k: &KernelError, errno: i32) {
    assert_eq!(k.errno, errno);
    display(k);
    let _ = k.errno_text();
    display(&nlstack::Error::from(k.clone()));
}

/// `ExtAck::parse` on `bytes` on its own (lenient: it always returns what
/// decoded, with the first problem noted); with each request, its
/// `to_kernel_error`, which keeps the errno and the problem.
fn ext_alone<'a>(bytes: &'a [u8], requests: &[&[u8]]) -> ExtAck<'a> {
    let ext = ExtAck::parse(Attrs::new(bytes));
    debug(&ext);
    let _ = ext.is_empty();
    if let Some(p) = ext.problem {
        check_err(&nlstack::Error::Decode(p), bytes.len());
    }
    let k = ext.to_kernel_error(22, None);
    kernel_error(&k, 22);
    assert_eq!(k.ext_ack_problem, ext.problem);
    for req in requests {
        for fixed in [0, 16] {
            kernel_error(&ext.to_kernel_error(-1, Some((req, fixed))), -1);
        }
    }
    ext
}

/// The TLVs decoded inside a message equal those decoded on their own;
/// a problem's offset counts from another start, so only what and why
/// are compared.
fn same_ext(inside: &ExtAck<'_>, alone: ExtAck<'_>) {
    let (mut a, mut b) = (*inside, alone);
    a.problem = None;
    b.problem = None;
    assert_eq!(a, b);
    assert_eq!(
        inside.problem.map(|p| (p.what, p.kind)),
        alone.problem.map(|p| (p.what, p.kind))
    );
}

fuzz_target!(|data: &[u8]| {
    allow_formats(256);
    let Some((&sel, payload)) = data.split_first() else {
        return;
    };
    let kind = if sel & 1 != 0 {
        MsgType::NLMSG_DONE
    } else {
        MsgType::NLMSG_ERROR
    };
    let mut flags = Flags::from_bits_retain(u16::from(sel >> 4));
    if sel & 2 != 0 {
        flags |= Flags::CAPPED;
    }
    if sel & 4 != 0 {
        flags |= Flags::ACK_TLVS;
    }
    let tlvs = flags.contains(Flags::ACK_TLVS);

    let mut buf = Vec::with_capacity(2 * NLMSG_HDRLEN + payload.len());
    if sel & 8 != 0 {
        let noop = Header {
            len: 16,
            kind: MsgType::NLMSG_NOOP,
            flags: Flags::empty(),
            seq: 1,
            port: 0,
        };
        buf.extend_from_slice(&noop.to_bytes());
    }
    let h = Header {
        len: (NLMSG_HDRLEN + payload.len()) as u32,
        kind,
        flags,
        seq: 0x1234,
        port: 0,
    };
    buf.extend_from_slice(&h.to_bytes());
    buf.extend_from_slice(payload);

    let msg = Messages::new(&buf)
        .last()
        .expect("one message")
        .expect("a well-formed message");
    assert_eq!(msg.payload(), payload);

    // The payload's parts on their own, also when the message does not
    // decode.
    let after_code = payload.get(4..).unwrap_or(&[]);
    let after_capped = payload.get(4 + NLMSG_HDRLEN..).unwrap_or(&[]);
    let requests: [&[u8]; 2] = [after_code, payload];
    let ext_whole = ext_alone(payload, &requests);
    let ext_code = ext_alone(after_code, &requests);
    let ext_capped = ext_alone(after_capped, &requests);
    let _ = ext_whole;
    for bytes in [payload, after_code] {
        match Policy::parse(Attrs::new(bytes)) {
            Ok(p) => debug(&p),
            Err(e) => check_err(&e, bytes.len()),
        }
    }

    match Control::parse(&msg) {
        Ok(Some(Control::Done(d))) => {
            assert_eq!(kind, MsgType::NLMSG_DONE);
            debug(&d);
            if payload.is_empty() {
                assert_eq!(d.errno, 0);
            }
            if tlvs && !payload.is_empty() {
                same_ext(&d.ext, ext_code);
            } else {
                assert!(d.ext.is_empty());
            }
            kernel_error(&d.ext.to_kernel_error(d.errno, None), d.errno);
            kernel_error(
                &d.ext.to_kernel_error(d.errno, Some((payload, 16))),
                d.errno,
            );
        }
        Ok(Some(Control::Ack(a))) => {
            assert_eq!(kind, MsgType::NLMSG_ERROR);
            assert_eq!(&payload[..4], &[0; 4]);
            debug(&a);
            if payload.len() < 4 + NLMSG_HDRLEN {
                // The echoed header is cut short: noted, not an error.
                assert!(a.ext.problem.is_some());
            } else {
                assert_eq!(a.request.to_bytes()[..], payload[4..4 + NLMSG_HDRLEN]);
                if tlvs {
                    same_ext(&a.ext, ext_capped);
                } else {
                    assert!(a.ext.is_empty());
                }
            }
            kernel_error(&a.ext.to_kernel_error(0, Some((payload, 0))), 0);
        }
        Ok(Some(Control::Error(e))) => {
            assert_eq!(kind, MsgType::NLMSG_ERROR);
            assert_ne!(e.errno, 0);
            assert_eq!(
                e.errno,
                i32::from_ne_bytes(payload[..4].try_into().unwrap()).wrapping_neg()
            );
            assert_eq!(
                msg.payload()[4..].as_ptr(),
                e.echoed.as_ptr(),
                "echoed request not at byte 4"
            );
            debug(&e);
            let capped = flags.contains(Flags::CAPPED);
            if payload.len() < 4 + NLMSG_HDRLEN {
                // The echoed header is cut short: the errno survives, the
                // problem is noted.
                assert!(e.ext.problem.is_some());
            } else {
                assert_eq!(e.request.to_bytes()[..], payload[4..4 + NLMSG_HDRLEN]);
                let len = e.request.len as usize;
                let bad_len = !capped && (len < NLMSG_HDRLEN || len > payload.len() - 4);
                if capped || bad_len {
                    assert_eq!(e.echoed.len(), NLMSG_HDRLEN);
                } else {
                    assert_eq!(e.echoed.len(), len);
                }
                if bad_len {
                    // Where the TLVs start is unknown: noted.
                    assert_eq!(e.ext.problem.map(|p| p.what), Some("nlmsgerr request"));
                } else if tlvs {
                    let start = (4 + align(e.echoed.len())).min(payload.len());
                    same_ext(&e.ext, ExtAck::parse(Attrs::new(&payload[start..])));
                } else {
                    assert!(e.ext.is_empty());
                }
            }
            for fixed in [0, 16, 12] {
                kernel_error(&e.to_kernel_error(None, fixed), e.errno);
                kernel_error(&e.to_kernel_error(Some(payload), fixed), e.errno);
                kernel_error(&e.to_kernel_error(Some(e.echoed), fixed), e.errno);
            }
        }
        Ok(other) => panic!("{kind:?} decoded as {other:?}"),
        Err(err) => check_err(&err, buf.len()),
    }
});
