//! A table of crafted malformed (and borderline valid) inputs: each row
//! asserts the exact error kind and byte offset, or that the input is
//! accepted.

mod common;

use common::attr;
use nlstack::wire::{Attrs, Control, Flags, Header, Messages, MsgType};
use nlstack::{DecodeError, DecodeErrorKind as K, Error, Result};

fn hdr(len: u32, kind: u16, flags: Flags) -> Vec<u8> {
    Header {
        len,
        kind: MsgType(kind),
        flags,
        seq: 1,
        port: 0,
    }
    .to_bytes()
    .to_vec()
}

/// A message of `kind` with `payload`, `nlmsg_len` set to its real length.
fn msg(kind: u16, flags: Flags, payload: &[u8]) -> Vec<u8> {
    let mut b = hdr(16 + payload.len() as u32, kind, flags);
    b.extend_from_slice(payload);
    b
}

fn raw_attr(len: u16, kind: u16, value: &[u8]) -> Vec<u8> {
    let mut b = len.to_ne_bytes().to_vec();
    b.extend_from_slice(&kind.to_ne_bytes());
    b.extend_from_slice(value);
    b
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// An `NLMSG_ERROR` payload: code, then the given echoed request, then TLVs.
fn err_payload(code: i32, echoed: &[u8], tlvs: &[u8]) -> Vec<u8> {
    cat(&[&code.to_ne_bytes(), echoed, tlvs])
}

/// Walks every message of a datagram, decoding control messages, and
/// every attribute of family messages (no family header), recursively.
fn walk_datagram(b: &[u8]) -> Result<usize> {
    let mut n = 0;
    for m in Messages::new(b) {
        let m = m?;
        n += 1;
        if m.control()?.is_none() {
            walk_attrs(m.attrs(0)?)?;
        }
    }
    Ok(n)
}

fn walk_attrs(a: Attrs<'_>) -> Result<()> {
    for a in a {
        let a = a?;
        if a.is_nested() {
            walk_attrs(a.nested())?;
        }
    }
    Ok(())
}

/// Decodes a control message. A part after the errno that did not decode
/// is not returned instead of the errno: it is noted on the message. This
/// returns that note as the error (the rows check its what, kind and
/// offset), after checking that the errno and the note reach the
/// `KernelError` a caller sees.
fn control(b: &[u8]) -> Result<Control<'_>> {
    let m = Messages::new(b).next().expect("one message")?;
    let c = m.control()?.expect("a control message");
    let (errno, ext) = match &c {
        Control::Error(e) => (e.errno, e.ext),
        Control::Ack(a) => (0, a.ext),
        Control::Done(d) => (d.errno, d.ext),
        _ => return Ok(c),
    };
    if let Some(p) = ext.problem {
        let k = ext.to_kernel_error(errno, None);
        assert_eq!((k.errno, k.ext_ack_problem), (errno, Some(p)));
        assert!(k.to_string().contains("partly malformed"), "{k}");
        return Err(Error::Decode(p));
    }
    Ok(c)
}

type Row = (
    &'static str,
    Box<dyn Fn() -> Result<()>>,
    Option<(&'static str, K, usize)>,
);

/// A message: `head`, the attribute `first`, five attributes of 65,004
/// bytes, then the attribute `last`, which so starts past the 256 KiB an
/// index reaches.
fn past_index(head: &[u8], first: &[u8], last: &[u8]) -> Vec<u8> {
    let big = attr(100, &[0; 65000]);
    let b = cat(&[head, first, &big, &big, &big, &big, &big, last]);
    assert!(b.len() > 256 << 10);
    b
}

/// Asserts that `err` names `attr` as beyond the index.
fn assert_beyond_index(err: &Error, attr: u16) {
    assert!(
        matches!(err.as_decode().map(|d| d.kind), Some(K::BeyondIndex { attr: a }) if a == attr),
        "{err}"
    );
}

fn ok(name: &'static str, f: impl Fn() -> Result<()> + 'static) -> Row {
    (name, Box::new(f), None)
}

fn bad(
    name: &'static str,
    what: &'static str,
    kind: K,
    offset: usize,
    f: impl Fn() -> Result<()> + 'static,
) -> Row {
    (name, Box::new(f), Some((what, kind, offset)))
}

fn rows() -> Vec<Row> {
    let ack_hdr = hdr(36, 16, Flags::REQUEST | Flags::ACK).to_vec();
    let mut rows = vec![
        // ---- message headers ----
        ok("empty datagram", || {
            assert_eq!(walk_datagram(&[])?, 0);
            Ok(())
        }),
        bad(
            "1 byte",
            "nlmsghdr",
            K::Truncated {
                need: 16,
                remaining: 1,
            },
            0,
            || walk_datagram(&[1]).map(drop),
        ),
        bad(
            "15 bytes",
            "nlmsghdr",
            K::Truncated {
                need: 16,
                remaining: 15,
            },
            0,
            || walk_datagram(&[0; 15]).map(drop),
        ),
        bad(
            "nlmsg_len 0",
            "nlmsghdr",
            K::LengthTooSmall { len: 0, min: 16 },
            0,
            || walk_datagram(&hdr(0, 3, Flags::empty())).map(drop),
        ),
        bad(
            "nlmsg_len 15",
            "nlmsghdr",
            K::LengthTooSmall { len: 15, min: 16 },
            0,
            || walk_datagram(&hdr(15, 3, Flags::empty())).map(drop),
        ),
        bad(
            "nlmsg_len one past",
            "nlmsghdr",
            K::LengthTooLarge {
                len: 17,
                remaining: 16,
            },
            0,
            || walk_datagram(&hdr(17, 3, Flags::empty())).map(drop),
        ),
        bad(
            "nlmsg_len u32::MAX",
            "nlmsghdr",
            K::LengthTooLarge {
                len: u32::MAX as usize,
                remaining: 16,
            },
            0,
            || walk_datagram(&hdr(u32::MAX, 3, Flags::empty())).map(drop),
        ),
        bad(
            "second header cut short",
            "nlmsghdr",
            K::Truncated {
                need: 16,
                remaining: 8,
            },
            16,
            || walk_datagram(&cat(&[&hdr(16, 1, Flags::empty()), &[0; 8]])).map(drop),
        ),
        bad(
            "second message past the end",
            "nlmsghdr",
            K::LengthTooLarge {
                len: 40,
                remaining: 16,
            },
            20,
            || {
                walk_datagram(&cat(&[
                    &msg(1, Flags::empty(), &[0; 4]),
                    &hdr(40, 1, Flags::empty()),
                ]))
                .map(drop)
            },
        ),
        bad(
            "odd length, partial padding",
            "nlmsghdr",
            K::Misaligned { len: 17 },
            0,
            || walk_datagram(&cat(&[&hdr(17, 1, Flags::empty()), &[0, 0]])).map(drop),
        ),
        ok("final message without padding", || {
            assert_eq!(walk_datagram(&msg(1, Flags::empty(), &[7]))?, 1);
            Ok(())
        }),
        ok("odd length then padding then a message", || {
            let b = cat(&[
                &msg(1, Flags::empty(), &[7]),
                &[0; 3],
                &msg(1, Flags::empty(), &[]),
            ]);
            assert_eq!(walk_datagram(&b)?, 2);
            Ok(())
        }),
        // ---- attributes ----
        bad(
            "nla_len 0",
            "nlattr",
            K::LengthTooSmall { len: 0, min: 4 },
            0,
            || walk_attrs(Attrs::new(&raw_attr(0, 1, &[]))),
        ),
        bad(
            "nla_len 1",
            "nlattr",
            K::LengthTooSmall { len: 1, min: 4 },
            0,
            || walk_attrs(Attrs::new(&raw_attr(1, 1, &[]))),
        ),
        bad(
            "nla_len 2",
            "nlattr",
            K::LengthTooSmall { len: 2, min: 4 },
            0,
            || walk_attrs(Attrs::new(&raw_attr(2, 1, &[]))),
        ),
        bad(
            "nla_len 3 after a good one",
            "nlattr",
            K::LengthTooSmall { len: 3, min: 4 },
            8,
            || {
                walk_attrs(Attrs::new(&cat(&[
                    &attr(1, &[1, 2, 3, 4]),
                    &raw_attr(3, 1, &[]),
                ])))
            },
        ),
        ok("zero-length attribute", || {
            let b = attr(5, &[]);
            let a = Attrs::new(&b).next().unwrap()?;
            assert_eq!((a.kind(), a.value().len()), (5, 0));
            a.flag()
        }),
        bad(
            "3 trailing bytes",
            "nlattr",
            K::Truncated {
                need: 4,
                remaining: 3,
            },
            8,
            || walk_attrs(Attrs::new(&cat(&[&attr(1, &[1, 2, 3, 4]), &[1, 2, 3]]))),
        ),
        bad(
            "attribute past the end",
            "nlattr",
            K::LengthTooLarge {
                len: 12,
                remaining: 8,
            },
            0,
            || walk_attrs(Attrs::new(&raw_attr(12, 1, &[0; 4]))),
        ),
        bad(
            "nested longer than its parent",
            "nlattr",
            K::LengthTooLarge {
                len: 16,
                remaining: 8,
            },
            4,
            || {
                // Outer nest of 12 bytes holding an inner header claiming 16.
                let inner = raw_attr(16, 2, &[0; 4]);
                walk_attrs(Attrs::new(&raw_attr(12, 1 | 0x8000, &inner)))
            },
        ),
        bad(
            "nested error offset in a message",
            "nlattr",
            K::LengthTooSmall { len: 1, min: 4 },
            16 + 4 + 4,
            || {
                // message header, then a good attr, then a nest holding a 1-byte-length attr.
                let payload = cat(&[&attr(1, &[0; 0]), &attr(2 | 0x8000, &raw_attr(1, 3, &[]))]);
                walk_datagram(&msg(16, Flags::empty(), &payload)).map(drop)
            },
        ),
        // ---- accessors ----
        bad(
            "u32 of 3 bytes",
            "nlattr",
            K::WrongSize {
                attr: 7,
                want: &[4],
                got: 3,
            },
            4,
            || {
                let b = cat(&[&attr(1, &[]), &attr(7, &[1, 2, 3])]);
                Attrs::new(&b).nth(1).unwrap()?.u32().map(drop)
            },
        ),
        bad(
            "u64 of 4 bytes",
            "nlattr",
            K::WrongSize {
                attr: 1,
                want: &[8],
                got: 4,
            },
            0,
            || {
                Attrs::new(&attr(1, &[0; 4]))
                    .next()
                    .unwrap()?
                    .u64()
                    .map(drop)
            },
        ),
        bad(
            "ip of 5 bytes",
            "nlattr",
            K::WrongSize {
                attr: 1,
                want: &[4, 16],
                got: 5,
            },
            0,
            || {
                Attrs::new(&attr(1, &[0; 5]))
                    .next()
                    .unwrap()?
                    .ip()
                    .map(drop)
            },
        ),
        bad(
            "mac of 4 bytes",
            "nlattr",
            K::WrongSize {
                attr: 1,
                want: &[6],
                got: 4,
            },
            0,
            || {
                Attrs::new(&attr(1, &[0; 4]))
                    .next()
                    .unwrap()?
                    .mac()
                    .map(drop)
            },
        ),
        bad(
            "flag with a value",
            "nlattr",
            K::WrongSize {
                attr: 1,
                want: &[0],
                got: 1,
            },
            0,
            || Attrs::new(&attr(1, &[1])).next().unwrap()?.flag(),
        ),
        bad(
            "uint of 3 bytes",
            "nlattr",
            K::WrongSize {
                attr: 1,
                want: &[1, 2, 4, 8],
                got: 3,
            },
            0,
            || {
                Attrs::new(&attr(1, &[0; 3]))
                    .next()
                    .unwrap()?
                    .uint()
                    .map(drop)
            },
        ),
        bad(
            "string with interior NUL",
            "nlattr",
            K::InteriorNul,
            0,
            || {
                Attrs::new(&attr(1, b"ab\0c\0"))
                    .next()
                    .unwrap()?
                    .str()
                    .map(drop)
            },
        ),
        bad("C string without NUL", "nlattr", K::MissingNul, 0, || {
            Attrs::new(&attr(1, b"abc"))
                .next()
                .unwrap()?
                .c_str()
                .map(drop)
        }),
        bad("string not UTF-8", "nlattr", K::NotUtf8, 0, || {
            Attrs::new(&attr(1, &[0xff, 0xfe, 0]))
                .next()
                .unwrap()?
                .str()
                .map(drop)
        }),
        // ---- control messages ----
        bad(
            "error with empty payload",
            "nlmsgerr",
            K::Truncated {
                need: 4,
                remaining: 0,
            },
            16,
            || control(&msg(2, Flags::empty(), &[])).map(drop),
        ),
        bad(
            "error shorter than 4 bytes",
            "nlmsgerr",
            K::Truncated {
                need: 4,
                remaining: 3,
            },
            16,
            || control(&msg(2, Flags::empty(), &[1, 2, 3])).map(drop),
        ),
        bad(
            "error without the request header",
            "nlmsgerr",
            K::Truncated {
                need: 20,
                remaining: 12,
            },
            16,
            || control(&msg(2, Flags::empty(), &err_payload(-22, &[0; 8], &[]))).map(drop),
        ),
        bad(
            "uncapped error, echoed length below 16",
            "nlmsgerr request",
            K::LengthTooSmall { len: 10, min: 16 },
            20,
            || {
                control(&msg(
                    2,
                    Flags::empty(),
                    &err_payload(-22, &hdr(10, 16, Flags::REQUEST), &[]),
                ))
                .map(drop)
            },
        ),
        bad(
            "uncapped error, echoed length past the end",
            "nlmsgerr request",
            K::LengthTooLarge {
                len: 36,
                remaining: 16,
            },
            20,
            || {
                control(&msg(
                    2,
                    Flags::empty(),
                    &err_payload(-22, &hdr(36, 16, Flags::REQUEST), &[]),
                ))
                .map(drop)
            },
        ),
        ok("capped error: TLVs right after the echoed header", {
            let h = ack_hdr.clone();
            move || {
                let p = err_payload(-22, &h, &attr(1, b"bad thing\0"));
                match control(&msg(2, Flags::CAPPED | Flags::ACK_TLVS, &p))? {
                    Control::Error(e) => {
                        assert_eq!(e.errno, 22);
                        assert_eq!(e.echoed.len(), 16);
                        assert_eq!(
                            e.request.len, 36,
                            "the echoed header keeps the original length"
                        );
                        assert_eq!(e.ext.msg, Some("bad thing"));
                    }
                    c => panic!("{c:?}"),
                }
                Ok(())
            }
        }),
        ok(
            "uncapped error: TLVs after the whole echoed request",
            || {
                let req = msg(16, Flags::REQUEST | Flags::ACK, &attr(3, b"x\0"));
                let p = err_payload(-1, &req, &attr(2, &20u32.to_ne_bytes()));
                match control(&msg(2, Flags::ACK_TLVS, &p))? {
                    Control::Error(e) => {
                        assert_eq!(e.echoed, &req[..]);
                        assert_eq!(e.ext.offset, Some(20));
                    }
                    c => panic!("{c:?}"),
                }
                Ok(())
            },
        ),
        ok("uncapped error without TLVs", || {
            let req = msg(16, Flags::REQUEST, &[0; 8]);
            match control(&msg(2, Flags::empty(), &err_payload(-2, &req, &[])))? {
                Control::Error(e) => assert!(e.ext.is_empty() && e.errno == 2),
                c => panic!("{c:?}"),
            }
            Ok(())
        }),
        ok("ACK_TLVS set, no TLVs", {
            let h = ack_hdr.clone();
            move || {
                match control(&msg(
                    2,
                    Flags::CAPPED | Flags::ACK_TLVS,
                    &err_payload(0, &h, &[]),
                ))? {
                    Control::Ack(a) => assert!(a.ext.is_empty()),
                    c => panic!("{c:?}"),
                }
                Ok(())
            }
        }),
        bad(
            "capped error, TLV length 2",
            "nlattr",
            K::LengthTooSmall { len: 2, min: 4 },
            36,
            {
                let h = ack_hdr.clone();
                move || {
                    let p = err_payload(-22, &h, &raw_attr(2, 1, &[]));
                    control(&msg(2, Flags::CAPPED | Flags::ACK_TLVS, &p)).map(drop)
                }
            },
        ),
        bad(
            "uncapped error, TLV past the end",
            "nlattr",
            K::LengthTooLarge {
                len: 40,
                remaining: 8,
            },
            16 + 4 + 20,
            || {
                let req = msg(16, Flags::REQUEST, &[0; 4]);
                let p = err_payload(-22, &req, &raw_attr(40, 1, &[0; 4]));
                control(&msg(2, Flags::ACK_TLVS, &p)).map(drop)
            },
        ),
        bad("TLV message not UTF-8", "nlattr", K::NotUtf8, 36, {
            let h = ack_hdr.clone();
            move || {
                let p = err_payload(-22, &h, &attr(1, &[0xc3, 0x28, 0]));
                control(&msg(2, Flags::CAPPED | Flags::ACK_TLVS, &p)).map(drop)
            }
        }),
        bad(
            "TLV offset of 2 bytes",
            "nlattr",
            K::WrongSize {
                attr: 2,
                want: &[4],
                got: 2,
            },
            36,
            {
                let h = ack_hdr.clone();
                move || {
                    let p = err_payload(-22, &h, &attr(2, &[0, 0]));
                    control(&msg(2, Flags::CAPPED | Flags::ACK_TLVS, &p)).map(drop)
                }
            },
        ),
        bad(
            "policy TLV with a bad nested length",
            "nlattr",
            K::LengthTooSmall { len: 0, min: 4 },
            40,
            {
                let h = ack_hdr.clone();
                move || {
                    let p = err_payload(-22, &h, &attr(4 | 0x8000, &raw_attr(0, 1, &[0; 4])));
                    control(&msg(2, Flags::CAPPED | Flags::ACK_TLVS, &p)).map(drop)
                }
            },
        ),
        ok("DONE with no payload", || {
            match control(&msg(3, Flags::MULTI, &[]))? {
                Control::Done(d) => assert_eq!(d.errno, 0),
                c => panic!("{c:?}"),
            }
            Ok(())
        }),
        bad(
            "DONE with 2 bytes",
            "nlmsg_done",
            K::Truncated {
                need: 4,
                remaining: 2,
            },
            16,
            || control(&msg(3, Flags::MULTI, &[0, 0])).map(drop),
        ),
        ok("DONE carrying an errno and a message", || {
            let p = cat(&[&(-16i32).to_ne_bytes(), &attr(1, b"busy\0")]);
            match control(&msg(3, Flags::MULTI | Flags::ACK_TLVS, &p))? {
                Control::Done(d) => assert_eq!((d.errno, d.ext.msg), (16, Some("busy"))),
                c => panic!("{c:?}"),
            }
            Ok(())
        }),
        bad(
            "DONE with a truncated TLV",
            "nlattr",
            K::Truncated {
                need: 4,
                remaining: 2,
            },
            20,
            || {
                let p = cat(&[&0i32.to_ne_bytes(), &[1, 0]]);
                control(&msg(3, Flags::MULTI | Flags::ACK_TLVS, &p)).map(drop)
            },
        ),
        ok("OVERRUN and NOOP", || {
            assert_eq!(control(&msg(4, Flags::empty(), &[]))?, Control::Overrun);
            assert_eq!(control(&msg(1, Flags::empty(), &[9; 3]))?, Control::Noop);
            Ok(())
        }),
        bad(
            "family header longer than the payload",
            "family header",
            K::Truncated {
                need: 16,
                remaining: 8,
            },
            16,
            || {
                let b = msg(16, Flags::empty(), &[0; 8]);
                Messages::new(&b).next().unwrap()?.attrs(16).map(drop)
            },
        ),
    ];
    rows.extend(conntrack_rows());
    rows.extend(route_rows());
    rows.extend(neigh_rule_rows());
    rows.extend(link_rows());
    rows.extend(addr_rows());
    rows
}

// ---- conntrack entries (nfgenmsg, then CTA_* attributes) ----

const CTA_TUPLE_ORIG: u16 = 1 | 0x8000;
const CTA_TUPLE_IP: u16 = 1 | 0x8000;
const CTA_TUPLE_PROTO: u16 = 2 | 0x8000;
const CTA_STATUS: u16 = 3;
const CTA_TIMEOUT: u16 = 7;
const CTA_MARK: u16 = 8;
const CTA_ID: u16 = 12;

/// `nfgenmsg` for IPv4.
const NFGEN: [u8; 4] = [libc::AF_INET as u8, 0, 0, 0];

/// `CTA_TUPLE_ORIG` of 10.0.0.1:1000 -> 10.0.0.2:53 over UDP (4 + 20 +
/// 28 = 52 bytes).
fn orig_tuple() -> Vec<u8> {
    let ip = cat(&[&attr(1, &[10, 0, 0, 1]), &attr(2, &[10, 0, 0, 2])]);
    let proto = cat(&[
        &attr(1, &[17]),
        &attr(2, &1000u16.to_be_bytes()),
        &attr(3, &53u16.to_be_bytes()),
    ]);
    attr(
        CTA_TUPLE_ORIG,
        &cat(&[&attr(CTA_TUPLE_IP, &ip), &attr(CTA_TUPLE_PROTO, &proto)]),
    )
}

fn be32(v: u32) -> [u8; 4] {
    v.to_be_bytes()
}

/// An IPv4 `rtmsg` for `10.0.0.0/8`, table main, unicast.
const RTMSG: [u8; 12] = [2, 8, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0];

fn route_rows() -> Vec<Row> {
    use nlstack::route::RouteMsg;
    vec![
        bad(
            "route: an RTA_OIF of 2 bytes spoils only itself",
            "nlattr",
            K::WrongSize {
                attr: 4,
                want: &[4],
                got: 2,
            },
            12 + 8,
            || {
                let b = cat(&[
                    &RTMSG,
                    &attr(1, &[10, 0, 0, 0]),
                    &attr(4, &[3, 0]),
                    &attr(6, &100u32.to_ne_bytes()),
                ]);
                let r = RouteMsg::parse(&b[..])?;
                assert_eq!(r.oif(), None);
                assert_eq!(r.dst(), Some("10.0.0.0".parse().unwrap()));
                assert_eq!((r.priority(), r.table()), (Some(100), 254));
                assert_eq!(r.malformed(), 1);
                r.check()
            },
        ),
        bad(
            "route: a malformed duplicate RTA_GATEWAY keeps the good one before it",
            "nlattr",
            K::WrongSize {
                attr: 5,
                want: &[4, 16],
                got: 3,
            },
            12 + 8,
            || {
                let b = cat(&[
                    &RTMSG,
                    &attr(5, &[192, 0, 2, 1]),
                    &attr(5, &[1, 2, 3]),
                    &attr(4, &7u32.to_ne_bytes()),
                ]);
                let r = RouteMsg::parse(&b[..])?;
                assert_eq!(r.gateway(), Some("192.0.2.1".parse().unwrap()));
                assert_eq!(r.oif(), Some(7));
                assert_eq!(r.malformed(), 1);
                // The owned copy keeps it too.
                let o = r.owned();
                assert_eq!((o.gateway(), o.oif()), (r.gateway(), Some(7)));
                r.check()
            },
        ),
        bad(
            "route: a next hop shorter than its header ends the walk, the route stays",
            "rtnexthop",
            K::LengthTooSmall { len: 4, min: 8 },
            12 + 4 + 16,
            || {
                let mut mp = Vec::new();
                // A next hop through ifindex 3 with weight 2, then one of 4 bytes.
                mp.extend_from_slice(&16u16.to_ne_bytes());
                mp.extend_from_slice(&[0, 1]);
                mp.extend_from_slice(&3u32.to_ne_bytes());
                mp.extend_from_slice(&attr(5, &[192, 0, 2, 1]));
                mp.extend_from_slice(&4u16.to_ne_bytes());
                mp.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
                let b = cat(&[&RTMSG, &attr(9, &mp), &attr(6, &5u32.to_ne_bytes())]);
                let r = RouteMsg::parse(&b[..])?;
                r.check()?;
                assert_eq!(r.priority(), Some(5));
                let mut hops = r.nexthops();
                let h = hops.next().unwrap()?;
                assert_eq!((h.ifindex(), h.weight()), (3, 2));
                assert_eq!(h.gateway(), Some("192.0.2.1".parse().unwrap()));
                assert!(hops.next().unwrap().is_err());
                assert!(hops.next().is_none());
                assert_eq!(r.malformed_all(), 1);
                r.check_all()
            },
        ),
        ok(
            "route: an RTA_VIA whose 16-bit family fits no byte is kept as sent",
            || {
                let mut via = 0x0102u16.to_ne_bytes().to_vec();
                via.extend_from_slice(&[192, 0, 2, 1]);
                let b = cat(&[&RTMSG, &attr(18, &via)]);
                let r = RouteMsg::parse(&b[..])?;
                let v = r.via().unwrap();
                assert_eq!(v.family(), nlstack::route::family::UNSPEC);
                assert_eq!(v.raw_family(), 0x0102);
                assert_eq!((v.addr(), v.ip()), (&[192, 0, 2, 1][..], None));
                let b = cat(&[&RTMSG, &attr(18, &[10, 0, 32, 1, 13, 184])]);
                let v = RouteMsg::parse(&b[..])?.via().unwrap();
                assert_eq!(v.family(), nlstack::route::family::INET6);
                assert_eq!(v.ip(), None, "an IPv6 via of 4 bytes is no address");
                r.check()
            },
        ),
    ]
}

/// A link message's payload: an `ifinfomsg` for index 7, then `attrs`.
fn link_payload(attrs: &[&[u8]]) -> Vec<u8> {
    let mut b = vec![0u8; 16];
    b[4..8].copy_from_slice(&7i32.to_ne_bytes());
    for a in attrs {
        b.extend_from_slice(a);
    }
    b
}

fn link_rows() -> Vec<Row> {
    use nlstack::route::LinkMsg;
    use nlstack::route::link::{
        IFLA_BR_PRIORITY, IFLA_BR_STP_STATE, IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND,
        IFLA_LINKINFO, IFLA_MTU, IFLA_TXQLEN,
    };
    vec![
        bad(
            "link: an IFLA_MTU of 2 bytes spoils only itself",
            "nlattr",
            K::WrongSize {
                attr: IFLA_MTU,
                want: &[4],
                got: 2,
            },
            16 + 8,
            || {
                let b = link_payload(&[
                    &attr(IFLA_IFNAME, b"ve0\0"),
                    &attr(IFLA_MTU, &[0, 5]),
                    &attr(IFLA_TXQLEN, &1000u32.to_ne_bytes()),
                ]);
                let l = LinkMsg::parse(&b[..])?;
                assert_eq!(l.mtu(), None);
                assert_eq!((l.index(), l.name()), (7, "ve0".try_into().unwrap()));
                assert_eq!(l.txqlen(), Some(1000));
                assert_eq!(l.malformed(), 1);
                assert_eq!(l.owned().malformed(), 1);
                l.check()
            },
        ),
        bad(
            "link: a malformed duplicate IFLA_MTU keeps the good one before it",
            "nlattr",
            K::WrongSize {
                attr: IFLA_MTU,
                want: &[4],
                got: 3,
            },
            16 + 8,
            || {
                let b = link_payload(&[
                    &attr(IFLA_MTU, &1400u32.to_ne_bytes()),
                    &attr(IFLA_MTU, &[0, 0, 9]),
                    &attr(IFLA_TXQLEN, &7u32.to_ne_bytes()),
                ]);
                let l = LinkMsg::parse(&b[..])?;
                assert_eq!((l.mtu(), l.txqlen()), (Some(1400), Some(7)));
                assert_eq!(l.malformed(), 1);
                // The owned copy and the request form keep it too.
                assert_eq!(l.owned().mtu(), Some(1400));
                assert_eq!(l.to_spec().mtu, Some(1400));
                l.check()
            },
        ),
        bad(
            "link: a bridge's IFLA_BR_PRIORITY of 4 bytes spoils only itself, in its nest",
            "nlattr",
            K::WrongSize {
                attr: IFLA_BR_PRIORITY,
                want: &[2],
                got: 4,
            },
            8,
            || {
                let data = cat(&[
                    &attr(IFLA_BR_STP_STATE, &1u32.to_ne_bytes()),
                    &attr(IFLA_BR_PRIORITY, &9u32.to_ne_bytes()),
                ]);
                let info = cat(&[
                    &attr(IFLA_INFO_KIND, b"bridge"),
                    &attr(IFLA_INFO_DATA, &data),
                ]);
                let b = link_payload(&[
                    &attr(IFLA_LINKINFO, &info),
                    &attr(IFLA_MTU, &1500u32.to_ne_bytes()),
                ]);
                let l = LinkMsg::parse(&b[..])?;
                assert_eq!((l.malformed(), l.mtu()), (0, Some(1500)));
                let br = l.link_info().and_then(|i| i.bridge()).unwrap();
                assert_eq!((br.stp_state(), br.priority()), (Some(1), None));
                assert_eq!(br.malformed(), 1);
                l.check()?;
                // Strict, the nest's error is the link's (counted from
                // the nest's value).
                l.check_all()
            },
        ),
        ok(
            "link: malformed attributes inside its nests are counted by malformed_all",
            || {
                use nlstack::route::link::{
                    AF_SPEC_INET6, IFLA_AF_SPEC, IFLA_INET6_ADDR_GEN_MODE, IFLA_INFO_SLAVE_DATA,
                    IFLA_INFO_SLAVE_KIND,
                };
                // A vlan whose IFLA_VLAN_ID (1) has 3 bytes, a bridge port
                // whose IFLA_BRPORT_COST (3) has 2, and an IPv6 address
                // generation mode of 4 bytes.
                let data = cat(&[&attr(1, &[5, 0, 0]), &attr(5, &[0x81, 0])]);
                let port = cat(&[&attr(3, &[1, 0]), &attr(1, &[3])]);
                let info = cat(&[
                    &attr(IFLA_INFO_KIND, b"vlan"),
                    &attr(IFLA_INFO_DATA, &data),
                    &attr(IFLA_INFO_SLAVE_KIND, b"bridge"),
                    &attr(IFLA_INFO_SLAVE_DATA, &port),
                ]);
                let inet6 = attr(IFLA_INET6_ADDR_GEN_MODE, &1u32.to_ne_bytes());
                let b = link_payload(&[
                    &attr(IFLA_LINKINFO, &info),
                    &attr(IFLA_AF_SPEC, &attr(AF_SPEC_INET6, &inet6)),
                    &attr(IFLA_MTU, &1500u32.to_ne_bytes()),
                ]);
                let l = LinkMsg::parse(&b[..])?;
                assert_eq!((l.malformed(), l.mtu()), (0, Some(1500)));
                assert_eq!(l.malformed_all(), 3);
                assert_eq!(l.owned().malformed_all(), 3);
                assert!(l.check_all().is_err());
                // A whole link counts none.
                let b = link_payload(&[
                    &attr(IFLA_LINKINFO, &attr(IFLA_INFO_KIND, b"vlan")),
                    &attr(IFLA_MTU, &1500u32.to_ne_bytes()),
                ]);
                assert_eq!(LinkMsg::parse(&b[..])?.malformed_all(), 0);
                Ok(())
            },
        ),
        bad(
            "link: an IFLA_IFNAME of 17 bytes is no name",
            "nlattr",
            K::WrongSize {
                attr: IFLA_IFNAME,
                want: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
                got: 17,
            },
            16,
            || {
                let b = link_payload(&[
                    &attr(IFLA_IFNAME, b"abcdefghijklmnop\0"),
                    &attr(IFLA_MTU, &1500u32.to_ne_bytes()),
                ]);
                let l = LinkMsg::parse(&b[..])?;
                assert_eq!((l.ifname(), l.mtu()), (None, Some(1500)));
                assert!(l.name().is_empty());
                l.check()
            },
        ),
    ]
}

fn conntrack_rows() -> Vec<Row> {
    use nlstack::netfilter::conntrack::{Entry, Event};
    let src = |e: &Entry<&[u8]>| e.orig().and_then(|t| t.src());
    let ten_one = Some("10.0.0.1".parse().unwrap());
    vec![
        bad(
            "conntrack: a CTA_MARK of 2 bytes spoils only itself",
            "nlattr",
            K::WrongSize {
                attr: 8,
                want: &[4],
                got: 2,
            },
            4 + 52 + 8,
            move || {
                let b = cat(&[
                    &NFGEN,
                    &orig_tuple(),
                    &attr(CTA_STATUS, &be32(8)),
                    &attr(CTA_MARK, &[0, 7]),
                    &attr(CTA_TIMEOUT, &be32(120)),
                ]);
                let e = Entry::parse(&b[..])?;
                assert_eq!(e.mark(), None);
                assert_eq!((e.status(), e.timeout()), (Some(8), Some(120)));
                assert_eq!(src(&e), ten_one);
                assert_eq!(e.orig().and_then(|t| t.dst_port()), Some(53));
                assert_eq!(e.malformed(), 1);
                e.check()
            },
        ),
        bad(
            "conntrack: a malformed duplicate CTA_MARK keeps the good one before it",
            "nlattr",
            K::WrongSize {
                attr: 8,
                want: &[4],
                got: 3,
            },
            4 + 52 + 8,
            || {
                let b = cat(&[
                    &NFGEN,
                    &orig_tuple(),
                    &attr(CTA_MARK, &be32(7)),
                    &attr(CTA_MARK, &[0, 0, 9]),
                    &attr(CTA_ID, &be32(42)),
                ]);
                let e = Entry::parse(&b[..])?;
                assert_eq!((e.mark(), e.id()), (Some(7), Some(42)));
                assert_eq!(e.malformed(), 1);
                // The owned copy and the request form keep it too.
                assert_eq!(e.owned().mark(), Some(7));
                assert_eq!(e.to_spec().mark, Some(7));
                e.check()
            },
        ),
        bad(
            "conntrack: a message cut inside its original tuple",
            "nlattr",
            K::LengthTooLarge {
                len: 52,
                remaining: 40,
            },
            4 + 8,
            || {
                let t = orig_tuple();
                let b = cat(&[&NFGEN, &attr(CTA_STATUS, &be32(8)), &t[..40]]);
                let e = Entry::parse(&b[..])?;
                // What came before stays; the tuple is gone.
                assert_eq!(e.status(), Some(8));
                assert!(e.orig().is_none() && e.protocol().is_none());
                assert_eq!(e.malformed(), 1);
                e.check()
            },
        ),
        bad(
            // The entry is whole; the tuple's own list is cut: its
            // addresses stay, its protocol part is gone. The error is the
            // tuple's (offsets count from the tuple's value).
            "conntrack: a nested tuple whose list is cut",
            "nlattr",
            K::LengthTooLarge {
                len: 28,
                remaining: 20,
            },
            20,
            move || {
                let full = orig_tuple();
                // The tuple's value, less the proto nest's last 8 bytes,
                // under a header that says so.
                let inner = &full[4..full.len() - 8];
                let b = cat(&[
                    &NFGEN,
                    &attr(CTA_TUPLE_ORIG, inner),
                    &attr(CTA_TIMEOUT, &be32(30)),
                ]);
                let e = Entry::parse(&b[..])?;
                assert_eq!((e.malformed(), e.check().is_ok()), (0, true));
                assert_eq!(e.timeout(), Some(30));
                let t = e.orig().expect("the tuple attribute is whole");
                assert_eq!(t.src(), ten_one);
                assert!(t.proto().is_none() && t.src_port().is_none());
                assert_eq!(t.malformed(), 1);
                t.check()
            },
        ),
        bad(
            "conntrack: a bad length ends the list, what came before stays",
            "nlattr",
            K::LengthTooSmall { len: 2, min: 4 },
            4 + 52 + 8,
            move || {
                let b = cat(&[
                    &NFGEN,
                    &orig_tuple(),
                    &attr(CTA_STATUS, &be32(8)),
                    &raw_attr(2, CTA_ID, &[0, 0]),
                    &attr(CTA_MARK, &be32(7)),
                ]);
                let e = Entry::parse(&b[..])?;
                assert_eq!(e.status(), Some(8));
                assert_eq!(src(&e), ten_one);
                // After the bad length nothing is read.
                assert_eq!((e.id(), e.mark()), (None, None));
                assert_eq!(e.malformed(), 1);
                e.check()
            },
        ),
        ok(
            // The index keeps 16-bit offsets (in 4-byte units): a good
            // attribute starting past 256 KiB cannot be found and counts
            // as malformed, never read from a wrong place; check() names it.
            "conntrack: a CTA_MARK past 256 KiB is counted, not read",
            || {
                let b = past_index(
                    &NFGEN,
                    &attr(CTA_STATUS, &be32(8)),
                    &attr(CTA_MARK, &be32(7)),
                );
                let e = Entry::parse(&b[..])?;
                assert_eq!((e.status(), e.mark()), (Some(8), None));
                assert_eq!(e.malformed(), 1);
                assert_beyond_index(&e.check().unwrap_err(), CTA_MARK);
                Ok(())
            },
        ),
        bad(
            "conntrack: nfgenmsg of 3 bytes",
            "Entry",
            K::Truncated {
                need: 4,
                remaining: 3,
            },
            0,
            || Entry::parse(&NFGEN[..3]).map(drop),
        ),
        bad(
            "conntrack: an event whose nfgenmsg is cut short",
            "Entry",
            K::Truncated {
                need: 4,
                remaining: 2,
            },
            0,
            || {
                let b = msg(0x100, Flags::empty(), &NFGEN[..2]);
                let m = Messages::new(&b).next().unwrap()?;
                Event::parse(&m).map(drop)
            },
        ),
    ]
}

// ---- neighbours and rules (ndmsg / fib_rule_hdr, then attributes) ----

fn ndmsg() -> Vec<u8> {
    use nlstack::wire::{FamilyHeader, NdMsg};
    let mut h = vec![0u8; NdMsg::LEN];
    NdMsg {
        family: libc::AF_INET as u8,
        ifindex: 2,
        state: 0x80,
        ..Default::default()
    }
    .write(&mut h);
    h
}

fn fib_rule_hdr() -> Vec<u8> {
    use nlstack::wire::{FamilyHeader, FibRuleHdr};
    let mut h = vec![0u8; FibRuleHdr::LEN];
    FibRuleHdr {
        family: libc::AF_INET as u8,
        table: 5,
        action: 1,
        ..Default::default()
    }
    .write(&mut h);
    h
}

fn addr_rows() -> Vec<Row> {
    use nlstack::route::{AddrMsg, addr::IFA_ADDRESS, addr::IFA_LOCAL};
    vec![ok(
        // Addresses keep their slots in 64 bits, but hold the same
        // values: the same rule as conntrack's 16-bit slots.
        "address: an IFA_LOCAL past 256 KiB is counted, not read",
        || {
            let b = past_index(
                &[2, 24, 0, 0, 1, 0, 0, 0],
                &attr(IFA_ADDRESS, &[10, 0, 0, 1]),
                &attr(IFA_LOCAL, &[10, 0, 0, 2]),
            );
            let a = AddrMsg::parse(&b[..])?;
            assert_eq!(a.address(), Some([10, 0, 0, 1].into()));
            assert_eq!((a.local(), a.malformed()), (None, 1));
            assert_beyond_index(&a.check().unwrap_err(), IFA_LOCAL);
            Ok(())
        },
    )]
}

fn neigh_rule_rows() -> Vec<Row> {
    use nlstack::route::neigh::{NDA_DST, NDA_LLADDR, NDA_PROBES, NeighMsg};
    use nlstack::route::rule::{FRA_IIFNAME, FRA_OIFNAME, FRA_PRIORITY, FRA_TABLE, RuleMsg};
    let ten_one = Some("10.0.0.1".parse().unwrap());
    vec![
        bad(
            "neigh: an NDA_PROBES of 3 bytes spoils only itself",
            "nlattr",
            K::WrongSize {
                attr: 4,
                want: &[4],
                got: 3,
            },
            12 + 8,
            move || {
                let b = cat(&[
                    &ndmsg(),
                    &attr(NDA_DST, &[10, 0, 0, 1]),
                    &attr(NDA_PROBES, &[1, 0, 0]),
                    &attr(NDA_LLADDR, &[2, 0, 0, 0, 0, 1]),
                ]);
                let n = NeighMsg::parse(&b[..])?;
                assert_eq!(n.probes(), None);
                assert_eq!(n.dst(), ten_one);
                assert_eq!(n.mac(), Some([2, 0, 0, 0, 0, 1]));
                assert_eq!((n.ifindex(), n.state().bits()), (2, 0x80));
                assert_eq!(n.malformed(), 1);
                assert_eq!(n.owned().malformed(), 1);
                n.check()
            },
        ),
        bad(
            "neigh: a malformed duplicate NDA_DST keeps the good one before it",
            "nlattr",
            K::WrongSize {
                attr: 1,
                want: &[4, 16],
                got: 3,
            },
            12 + 8,
            move || {
                let b = cat(&[
                    &ndmsg(),
                    &attr(NDA_DST, &[10, 0, 0, 1]),
                    &attr(NDA_DST, &[1, 2, 3]),
                    &attr(NDA_PROBES, &7u32.to_ne_bytes()),
                ]);
                let n = NeighMsg::parse(&b[..])?;
                assert_eq!((n.dst(), n.probes()), (ten_one, Some(7)));
                assert_eq!(n.malformed(), 1);
                // The owned copy and the request form keep it too.
                assert_eq!(n.owned().dst(), ten_one);
                assert_eq!(n.to_spec().dst, ten_one);
                n.check()
            },
        ),
        bad(
            "rule: a malformed duplicate FRA_TABLE keeps the good one before it",
            "nlattr",
            K::WrongSize {
                attr: 15,
                want: &[4],
                got: 2,
            },
            12 + 8,
            || {
                let b = cat(&[
                    &fib_rule_hdr(),
                    &attr(FRA_TABLE, &1000u32.to_ne_bytes()),
                    &attr(FRA_TABLE, &[1, 2]),
                    &attr(FRA_PRIORITY, &7u32.to_ne_bytes()),
                ]);
                let r = RuleMsg::parse(&b[..])?;
                assert_eq!((r.table(), r.pref()), (1000, 7));
                assert_eq!(r.malformed(), 1);
                assert_eq!(r.owned().table(), 1000);
                assert_eq!(r.to_request().table, Some(1000));
                r.check()
            },
        ),
        bad(
            "rule: a name longer than IFNAMSIZ spoils only itself",
            "nlattr",
            K::WrongSize {
                attr: 3,
                want: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
                got: 17,
            },
            12,
            || {
                let b = cat(&[
                    &fib_rule_hdr(),
                    &attr(FRA_IIFNAME, &[b'a'; 17]),
                    &attr(FRA_OIFNAME, b"b\xff0\0"),
                ]);
                let r = RuleMsg::parse(&b[..])?;
                assert_eq!(r.iif(), None);
                assert_eq!(r.oif(), Some(&b"b\xff0"[..]), "bytes, not text");
                // Without FRA_TABLE, the header's 8 bits; without
                // FRA_PRIORITY, 0.
                assert_eq!((r.table(), r.pref()), (5, 0));
                assert_eq!(r.malformed(), 1);
                r.check()
            },
        ),
    ]
}

#[test]
fn every_row_gives_its_exact_error() {
    let rows = rows();
    assert!(rows.len() >= 30, "only {} rows", rows.len());
    let mut failures = Vec::new();
    for (name, f, want) in &rows {
        let got = f();
        let matches = match (&got, want) {
            (Ok(()), None) => true,
            (Err(Error::Decode(DecodeError { what, kind, offset })), Some((w, k, o))) => {
                what == w && kind == k && offset == o
            }
            _ => false,
        };
        if !matches {
            failures.push(format!("{name}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_malformed_error_reply_keeps_its_errno_and_what_did_decode() {
    // Good offset TLV, then a text that is not UTF-8, then a truncated TLV.
    let tlvs = cat(&[
        &attr(2, &20u32.to_ne_bytes()),
        &attr(1, &[0xff, 0xfe, 0]),
        &[8, 0, 5],
    ]);
    let p = err_payload(-libc::EBUSY, &hdr(36, 16, Flags::REQUEST), &tlvs);
    let m = msg(2, Flags::CAPPED | Flags::ACK_TLVS, &p);
    let Control::Error(e) = Messages::new(&m)
        .next()
        .unwrap()
        .unwrap()
        .control()
        .unwrap()
        .unwrap()
    else {
        panic!("not an error")
    };
    assert_eq!(e.errno, libc::EBUSY);
    assert_eq!(e.ext.offset, Some(20), "the good TLV is kept");
    assert_eq!(e.ext.msg, None, "the bad text spoils only itself");
    let problem = e.ext.problem.expect("the first problem is noted");
    assert_eq!(problem.kind, K::NotUtf8);
    let err = Error::from(e.to_kernel_error(None, 16));
    assert_eq!(err.errno(), Some(libc::EBUSY));
    assert!(
        err.to_string()
            .starts_with("kernel: Device or resource busy"),
        "{err}"
    );
}

#[test]
fn an_error_ends_the_walk() {
    // After the first error the iterators yield nothing more: no loop.
    let b = cat(&[
        &hdr(16, 1, Flags::empty()),
        &hdr(3, 1, Flags::empty()),
        &hdr(16, 1, Flags::empty()),
    ]);
    let items: Vec<_> = Messages::new(&b).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok() && items[1].is_err());

    let a = cat(&[&raw_attr(0, 1, &[]), &attr(2, &[0; 4])]);
    let items: Vec<_> = Attrs::new(&a).collect();
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}

#[test]
fn errors_display_what_and_where() {
    let e = walk_datagram(&hdr(3, 1, Flags::empty())).unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("nlmsghdr") && s.contains("byte 0") && s.contains('3'),
        "{s}"
    );
    let e = Attrs::new(&attr(9, &[0; 5]))
        .next()
        .unwrap()
        .unwrap()
        .ip()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "nlattr at byte 0: attribute 9 has 5 bytes, expected 4 or 16"
    );
}

#[test]
fn a_short_family_header_says_where_it_was() {
    use nlstack::route::LinkMsg;
    use nlstack::wire::{FamilyHeader, IfInfoMsg};
    // A NOOP, then a link message whose 16-byte ifinfomsg is cut to 4.
    let b = cat(&[
        &hdr(16, 1, Flags::empty()),
        &msg(16, Flags::empty(), &[0; 4]),
    ]);
    let m = Messages::new(&b).nth(1).unwrap().unwrap();
    let e = m.family_header::<IfInfoMsg>().unwrap_err();
    let d = e.as_decode().unwrap();
    assert_eq!(
        (d.what, d.offset),
        ("ifinfomsg", 32),
        "its payload starts at byte 32"
    );
    assert_eq!(
        d.kind,
        K::Truncated {
            need: 16,
            remaining: 4
        }
    );
    // The view, given the payload, says the same, counted from the
    // payload (which starts at byte 32).
    let e = LinkMsg::parse(m.payload()).unwrap_err();
    let d = e.as_decode().unwrap();
    assert_eq!(
        (d.offset, d.kind),
        (
            0,
            K::Truncated {
                need: 16,
                remaining: 4
            }
        )
    );
    // Parsed on its own, the header's bytes start at 0.
    let e = IfInfoMsg::parse(&[0; 4]).unwrap_err();
    assert_eq!(e.as_decode().unwrap().offset, 0);
}
