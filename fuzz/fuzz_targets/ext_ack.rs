//! Decodes the input as the payload of an `NLMSG_ERROR` or `NLMSG_DONE`
//! reply, and as extended-ack and policy TLVs on their own.
//!
//! The first input byte picks the message: bit 0 `NLMSG_DONE` (else
//! `NLMSG_ERROR`), bit 1 `NLM_F_CAPPED`, bit 2 `NLM_F_ACK_TLVS`, bit 3 a
//! `NLMSG_NOOP` message before it (so offsets do not start at 0), bits 4-7
//! the low flags `REQUEST`, `MULTI`, `ACK`, `ECHO`. The rest is the payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlstack::wire::{
    Attrs, Control, ExtAck, Flags, Header, Messages, MsgType, NLMSG_HDRLEN, Policy, align,
};
use nlstack::{KernelError, Result};
use nlstack_fuzz::{allow_formats, check_err, debug, display};

fn kernel_error(k: &KernelError, errno: i32) {
    assert_eq!(k.errno, errno);
    display(k);
    let _ = k.errno_text();
    display(&nlstack::Error::from(k.clone()));
}

/// `ExtAck::parse` on `bytes` on its own; with each request, its
/// `to_kernel_error`.
fn ext_alone<'a>(bytes: &'a [u8], requests: &[&[u8]]) -> Result<ExtAck<'a>> {
    let r = ExtAck::parse(Attrs::new(bytes));
    match &r {
        Ok(ext) => {
            debug(ext);
            let _ = ext.is_empty();
            kernel_error(&ext.to_kernel_error(22, None), 22);
            for req in requests {
                for fixed in [0, 16] {
                    kernel_error(&ext.to_kernel_error(-1, Some((req, fixed))), -1);
                }
            }
        }
        Err(e) => check_err(e, bytes.len()),
    }
    r
}

/// The TLVs decoded inside a message equal those decoded on their own
/// (only error offsets may differ).
fn same_ext(inside: &ExtAck<'_>, alone: Result<ExtAck<'_>>) {
    match alone {
        Ok(alone) => assert_eq!(*inside, alone),
        Err(e) => panic!("TLVs decode in the message ({inside:?}) but not alone: {e}"),
    }
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
            assert_eq!(a.request.to_bytes()[..], payload[4..4 + NLMSG_HDRLEN]);
            debug(&a);
            if tlvs {
                same_ext(&a.ext, ext_capped);
            } else {
                assert!(a.ext.is_empty());
            }
            kernel_error(&a.ext.to_kernel_error(0, Some((payload, 0))), 0);
        }
        Ok(Some(Control::Error(e))) => {
            assert_eq!(kind, MsgType::NLMSG_ERROR);
            assert_ne!(e.errno, 0);
            assert_eq!(e.request.to_bytes()[..], payload[4..4 + NLMSG_HDRLEN]);
            assert_eq!(
                msg.payload()[4..].as_ptr(),
                e.echoed.as_ptr(),
                "echoed request not at byte 4"
            );
            let capped = flags.contains(Flags::CAPPED);
            if capped {
                assert_eq!(e.echoed.len(), NLMSG_HDRLEN);
            } else {
                assert_eq!(e.echoed.len(), e.request.len as usize);
            }
            debug(&e);
            if tlvs {
                let start = (4 + align(e.echoed.len())).min(payload.len());
                same_ext(&e.ext, ExtAck::parse(Attrs::new(&payload[start..])));
            } else {
                assert!(e.ext.is_empty());
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
