//! The wire layer: accessors, encoder round trips, control messages, and
//! the real kernel replies recorded in `tests/fixtures`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlstack::wire::{
    AttrPath, Attrs, Control, Encoder, FamilyHeader, FlagContext, Flags, IfInfoMsg, Messages,
    MsgType, NLA_F_NESTED, NLA_F_NET_BYTEORDER, RtMsg, capture,
};
use nlstack::{DecodeErrorKind, EncodeError, Error};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn datagrams(buf: &[u8]) -> Vec<&[u8]> {
    capture::Datagrams::new(buf).map(|d| d.unwrap()).collect()
}

/// Encodes one message holding whatever `f` adds, and returns its bytes.
fn encode(f: impl FnOnce(&mut Encoder<'_>)) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 9, 0);
    f(&mut enc);
    enc.finish().unwrap();
    buf
}

#[test]
fn every_accessor_reads_what_the_encoder_wrote() {
    let v4 = Ipv4Addr::new(192, 0, 2, 1);
    let v6: Ipv6Addr = "2001:db8::1".parse().unwrap();
    let buf = encode(|e| {
        e.put_u8(1, 0xab)
            .put_u16(2, 0xbeef)
            .put_u32(3, 0xdead_beef)
            .put_u64(4, u64::MAX - 1)
            .put_i8(5, -5)
            .put_i16(6, -300)
            .put_i32(7, -70000)
            .put_i64(8, i64::MIN)
            .put_be16(9, 8080)
            .put_be32(10, 0x0a000001)
            .put_be64(11, 1 << 40)
            .put_str(12, "eth0")
            .put_str_nonul(13, "nonul")
            .put_flag(14)
            .put_ipv4(15, v4)
            .put_ipv6(16, v6)
            .put_ip(17, IpAddr::V4(v4))
            .put_mac(18, [2, 0, 0, 0, 0, 1])
            .put(19, &[]);
    });
    let m = Messages::new(&buf).next().unwrap().unwrap();
    let a: Vec<_> = m.attrs(0).unwrap().map(|a| a.unwrap()).collect();
    assert_eq!(a.len(), 19);
    assert_eq!(a[0].u8().unwrap(), 0xab);
    assert_eq!(a[1].u16().unwrap(), 0xbeef);
    assert_eq!(a[2].u32().unwrap(), 0xdead_beef);
    assert_eq!(a[3].u64().unwrap(), u64::MAX - 1);
    assert_eq!(a[4].i8().unwrap(), -5);
    assert_eq!(a[5].i16().unwrap(), -300);
    assert_eq!(a[6].i32().unwrap(), -70000);
    assert_eq!(a[7].i64().unwrap(), i64::MIN);
    assert_eq!(a[8].be16().unwrap(), 8080);
    assert_eq!(a[8].value(), &8080u16.to_be_bytes());
    assert_eq!(a[9].be32().unwrap(), 0x0a000001);
    assert_eq!(a[10].be64().unwrap(), 1 << 40);
    assert_eq!(a[11].str().unwrap(), "eth0");
    assert_eq!(a[11].c_str().unwrap().to_str().unwrap(), "eth0");
    assert_eq!(a[11].value(), b"eth0\0");
    assert_eq!(a[12].str().unwrap(), "nonul");
    assert!(a[12].c_str().is_err());
    a[13].flag().unwrap();
    assert_eq!(a[14].ipv4().unwrap(), v4);
    assert_eq!(a[14].ip().unwrap(), IpAddr::V4(v4));
    assert_eq!(a[15].ipv6().unwrap(), v6);
    assert_eq!(a[15].ip().unwrap(), IpAddr::V6(v6));
    assert_eq!(a[16].ipv4().unwrap(), v4);
    assert_eq!(a[17].mac().unwrap(), [2, 0, 0, 0, 0, 1]);
    assert_eq!(a[18].value(), b"");
    // uint reads every width it accepts.
    assert_eq!(a[0].uint().unwrap(), 0xab);
    assert_eq!(a[1].uint().unwrap(), 0xbeef);
    assert_eq!(a[2].uint().unwrap(), 0xdead_beef);
    assert_eq!(a[3].uint().unwrap(), u64::MAX - 1);
    // Kinds in order, and offsets count from the datagram's start.
    let kinds: Vec<u16> = a.iter().map(|a| a.kind()).collect();
    assert_eq!(kinds, (1..=19).collect::<Vec<_>>());
    assert_eq!(a[0].offset(), 16);
    assert_eq!(a[1].offset(), 16 + 8);
}

#[test]
fn wrong_sizes_are_errors_not_zeros() {
    let buf = encode(|e| {
        e.put(1, &[1, 2, 3]);
    });
    let a = Messages::new(&buf)
        .next()
        .unwrap()
        .unwrap()
        .attrs(0)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    for r in [
        a.u8().map(drop),
        a.u16().map(drop),
        a.u32().map(drop),
        a.u64().map(drop),
        a.i8().map(drop),
        a.i32().map(drop),
        a.i64().map(drop),
        a.be16().map(drop),
        a.be32().map(drop),
        a.be64().map(drop),
        a.ipv4().map(drop),
        a.ipv6().map(drop),
        a.ip().map(drop),
        a.mac().map(drop),
        a.flag(),
        a.uint().map(drop),
    ] {
        match r {
            Err(Error::Decode(d)) => {
                assert_eq!(d.offset, 16);
                assert!(matches!(
                    d.kind,
                    DecodeErrorKind::WrongSize {
                        attr: 1,
                        got: 3,
                        ..
                    }
                ));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn flag_bits_are_masked_and_readable() {
    let buf = encode(|e| {
        e.put(5 | NLA_F_NET_BYTEORDER, &[0, 80]);
        e.nest(6).put_u8(1, 1);
    });
    let m = Messages::new(&buf).next().unwrap().unwrap();
    let a: Vec<_> = m.attrs(0).unwrap().map(|a| a.unwrap()).collect();
    assert_eq!(
        (a[0].kind(), a[0].is_net_byte_order(), a[0].is_nested()),
        (5, true, false)
    );
    assert_eq!(a[0].raw_kind(), 5 | NLA_F_NET_BYTEORDER);
    assert_eq!((a[1].kind(), a[1].is_nested()), (6, true));
    assert_eq!(a[1].raw_kind(), 6 | NLA_F_NESTED);
}

#[test]
fn nests_nest_to_any_depth_and_patch_lengths() {
    const DEPTH: u16 = 40;
    fn build(e: &mut Encoder<'_>, level: u16) {
        e.put_u16(100, level);
        if level < DEPTH {
            let mut n = e.nest(level);
            build(&mut n, level + 1);
        }
    }
    let buf = encode(|e| build(e, 1));
    let m = Messages::new(&buf).next().unwrap().unwrap();
    assert_eq!(m.header().len as usize, buf.len());
    let mut attrs = m.attrs(0).unwrap();
    for level in 1..=DEPTH {
        let leaf = attrs.next().unwrap().unwrap();
        assert_eq!(leaf.u16().unwrap(), level);
        if level < DEPTH {
            let nest = attrs.next().unwrap().unwrap();
            assert!(nest.is_nested());
            assert_eq!(nest.kind(), level);
            assert!(attrs.next().is_none());
            attrs = nest.nested();
        }
    }
}

#[test]
fn padding_is_zero_even_in_a_dirty_buffer() {
    let mut buf = vec![0xffu8; 4096];
    buf.clear(); // capacity keeps the 0xff bytes
    let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 1, 0);
    enc.header(&RtMsg {
        family: 2,
        ..Default::default()
    });
    enc.put(1, &[7]).put_str(2, "ab").put(3, &[1, 2, 3, 4, 5]);
    {
        let mut n = enc.nest(4);
        n.put(5, &[9, 9, 9]);
    }
    enc.raw(&[1]);
    enc.finish().unwrap();
    // Expected bytes written by hand: every pad 0.
    let mut want = Vec::new();
    want.extend_from_slice(&[0; 4]); // length, checked below
    want.extend_from_slice(&16u16.to_ne_bytes());
    want.extend_from_slice(&Flags::REQUEST.bits().to_ne_bytes());
    want.extend_from_slice(&1u32.to_ne_bytes());
    want.extend_from_slice(&0u32.to_ne_bytes());
    want.extend_from_slice(&[2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (len, kind, value) in [
        (5u16, 1u16, &[7u8][..]),
        (7, 2, b"ab\0"),
        (9, 3, &[1, 2, 3, 4, 5]),
    ] {
        want.extend_from_slice(&len.to_ne_bytes());
        want.extend_from_slice(&kind.to_ne_bytes());
        want.extend_from_slice(value);
        while want.len() % 4 != 0 {
            want.push(0);
        }
    }
    // A nest's length covers its children's padding, as nla_nest_end does.
    want.extend_from_slice(&12u16.to_ne_bytes());
    want.extend_from_slice(&(4 | NLA_F_NESTED).to_ne_bytes());
    want.extend_from_slice(&7u16.to_ne_bytes());
    want.extend_from_slice(&5u16.to_ne_bytes());
    want.extend_from_slice(&[9, 9, 9, 0]);
    want.extend_from_slice(&[1, 0, 0, 0]);
    let len = want.len() as u32;
    want[..4].copy_from_slice(&len.to_ne_bytes());
    assert_eq!(buf, want);
}

#[test]
fn an_oversized_attribute_is_an_error_and_leaves_nothing_behind() {
    let mut buf = b"keep".to_vec();
    let big = vec![0u8; 65532];
    let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 1, 0);
    enc.put(1, &big[..65531]); // 65535 with its header: fits
    enc.put(2, &big); // 65536: does not
    match enc.finish() {
        Err(Error::Encode(EncodeError::AttrTooLarge {
            kind: 2,
            len: 65536,
        })) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(buf, b"keep", "the half-built message is removed");

    let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 1, 0);
    enc.put_str(1, std::str::from_utf8(&big[..65531]).unwrap());
    assert!(matches!(
        enc.finish(),
        Err(Error::Encode(EncodeError::AttrTooLarge {
            kind: 1,
            len: 65536
        }))
    ));

    // A nest whose contents overflow its 16-bit length.
    let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 1, 0);
    {
        let mut n = enc.nest(7);
        n.put(1, &big[..40000]).put(2, &big[..40000]);
    }
    assert!(matches!(
        enc.finish(),
        Err(Error::Encode(EncodeError::AttrTooLarge { kind: 7, .. }))
    ));
    assert_eq!(buf, b"keep");
}

#[test]
fn a_message_over_u32_is_an_error() {
    // 4 GiB of zeros: calloc'd lazily, read from the zero page.
    let big = vec![0u8; u32::MAX as usize];
    let mut buf = Vec::new();
    let mut enc = Encoder::new(&mut buf, MsgType(16), Flags::REQUEST, 1, 0);
    enc.raw(&big);
    drop(big);
    match enc.finish() {
        Err(Error::Encode(EncodeError::MessageTooLarge { len })) => {
            assert_eq!(len, 16 + u32::MAX as usize + 1)
        }
        other => panic!("{other:?}"),
    }
    assert!(buf.is_empty());
}

#[test]
fn family_headers_round_trip() {
    let h = IfInfoMsg {
        family: 0,
        pad: 0,
        link_type: 1,
        index: 42,
        flags: 0x1003,
        change: 0xffff_ffff,
    };
    let buf = encode(|e| {
        e.header(&h).put_u32(4, 1500);
    });
    let m = Messages::new(&buf).next().unwrap().unwrap();
    assert_eq!(IfInfoMsg::parse(m.payload()).unwrap(), h);
    assert_eq!(
        m.attrs(IfInfoMsg::LEN)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .u32()
            .unwrap(),
        1500
    );
    assert!(IfInfoMsg::parse(&m.payload()[..15]).is_err());
}

#[test]
fn flags_print_their_names_by_context() {
    let f = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    let mut s = String::new();
    f.names(FlagContext::New, &mut s).unwrap();
    assert_eq!(s, "REQUEST|ACK|EXCL|CREATE");
    let mut s = String::new();
    (Flags::REQUEST | Flags::DUMP)
        .names(FlagContext::Get, &mut s)
        .unwrap();
    assert_eq!(s, "REQUEST|ROOT|MATCH");
    let mut s = String::new();
    (Flags::CAPPED | Flags::ACK_TLVS)
        .names(FlagContext::Ack, &mut s)
        .unwrap();
    assert_eq!(s, "CAPPED|ACK_TLVS");
    let mut s = String::new();
    Flags::from_bits_retain(0x8001)
        .names(FlagContext::Get, &mut s)
        .unwrap();
    assert_eq!(s, "REQUEST|0x8000");
    assert_eq!(
        format!("{:?}", Flags::MULTI | Flags::DUMP_INTR),
        "Flags(MULTI|DUMP_INTR)"
    );
    assert_eq!(format!("{:?}", MsgType::RTM_NEWLINK), "RTM_NEWLINK(16)");
    assert_eq!(format!("{:?}", MsgType(999)), "MsgType(999)");
    // A header prints its flags in the context of its type.
    let buf = encode(|_| {});
    let h = Messages::new(&buf).next().unwrap().unwrap().header();
    let h = nlstack::wire::Header {
        flags: Flags::REQUEST | Flags::CREATE,
        ..h
    };
    assert!(format!("{h:?}").contains("REQUEST|CREATE"), "{h:?}");
}

#[test]
fn fixtures_walk_cleanly_and_end_with_done() {
    for (name, kind, fixed, min) in [
        ("links.bin", MsgType::RTM_NEWLINK, IfInfoMsg::LEN, 97),
        ("addrs.bin", MsgType::RTM_NEWADDR, 8, 190),
        ("routes4.bin", MsgType::RTM_NEWROUTE, 12, 4650),
        ("routes6.bin", MsgType::RTM_NEWROUTE, 12, 2220),
        ("neigh.bin", MsgType::RTM_NEWNEIGH, 12, 400),
        ("rules.bin", MsgType::RTM_NEWRULE, 12, 12),
    ] {
        let file = fixture(name);
        let mut objects = 0;
        let mut done = 0;
        for d in datagrams(&file) {
            for m in Messages::new(d) {
                let m = m.unwrap();
                match m.control().unwrap() {
                    Some(Control::Done(dn)) => {
                        assert_eq!(dn.errno, 0);
                        done += 1;
                    }
                    Some(c) => panic!("{name}: unexpected {c:?}"),
                    None => {
                        assert_eq!(m.kind(), kind, "{name}");
                        assert!(m.flags().contains(Flags::MULTI));
                        objects += 1;
                        fn walk(a: Attrs<'_>) -> usize {
                            a.map(|a| {
                                let a = a.unwrap();
                                1 + if a.is_nested() { walk(a.nested()) } else { 0 }
                            })
                            .sum()
                        }
                        assert!(walk(m.attrs(fixed).unwrap()) > 0);
                    }
                }
            }
        }
        assert_eq!(done, 1, "{name}: one DONE");
        assert!(
            objects >= min,
            "{name}: {objects} objects, expected at least {min}"
        );
    }
}

/// The recorded error replies: (fixture, errno, message, attribute path,
/// whether the kernel sends the violated policy).
const ERRORS: [(&str, i32, &str, &[u16], bool); 3] = [
    (
        "err-bad-newlink",
        libc::EOPNOTSUPP,
        "Unknown device type",
        &[],
        false,
    ),
    (
        "err-bad-mtu",
        libc::ERANGE,
        "Attribute failed policy validation",
        &[4],
        true,
    ),
    (
        "err-bad-nested",
        libc::ERANGE,
        "Attribute failed policy validation",
        &[18, 2, 1],
        false,
    ),
];

#[test]
fn real_extended_ack_errors_decode_capped_and_uncapped() {
    for (base, errno, text, path, has_policy) in ERRORS {
        for capped in [false, true] {
            let name = if capped {
                format!("{base}-capped.bin")
            } else {
                format!("{base}.bin")
            };
            let file = fixture(&name);
            let d = datagrams(&file);
            let (request, reply) = (d[0], d[1]);
            let m = Messages::new(reply).next().unwrap().unwrap();
            assert_eq!(m.kind(), MsgType::NLMSG_ERROR);
            assert_eq!(m.flags().contains(Flags::CAPPED), capped, "{name}");
            assert!(m.flags().contains(Flags::ACK_TLVS), "{name}");
            let Some(Control::Error(e)) = m.control().unwrap() else {
                panic!("{name}")
            };
            assert_eq!(e.errno, errno, "{name}");
            assert_eq!(e.ext.msg, Some(text), "{name}");
            let req_hdr = Messages::new(request).next().unwrap().unwrap();
            assert_eq!(e.request, req_hdr.header(), "{name}: echoed header");
            if capped {
                assert_eq!(e.echoed.len(), 16);
            } else {
                assert_eq!(e.echoed, request, "{name}: the whole request is echoed");
            }
            // The offset resolves to the attribute we broke, from our own
            // copy of the request.
            let k = e.to_kernel_error(Some(request), IfInfoMsg::LEN);
            assert_eq!(k.errno, errno);
            assert_eq!(k.message.as_deref(), Some(text));
            if path.is_empty() {
                assert_eq!(k.offset, None, "{name}");
            } else {
                let off = k.offset.expect("an offset") as usize;
                assert_eq!(k.attr_path.expect("a path").kinds(), path, "{name}");
                assert_eq!(
                    AttrPath::locate(request, IfInfoMsg::LEN, off)
                        .unwrap()
                        .kinds(),
                    path
                );
                assert_eq!(e.ext.policy.is_some(), has_policy, "{name}: policy");
                if let Some(p) = e.ext.policy {
                    // IFLA_MTU is an NLA_U32: the kernel says so (NL_ATTR_TYPE_U32 = 4).
                    assert_eq!(p.attr_type, Some(4), "{name}: {p:?}");
                }
                // Uncapped replies carry the request: it resolves without ours.
                let own = e.to_kernel_error(None, IfInfoMsg::LEN);
                assert_eq!(
                    own.attr_path.map(|p| p.kinds().to_vec()),
                    (!capped).then(|| path.to_vec())
                );
            }
            let shown = Error::from(k).to_string();
            assert!(shown.contains(text), "{shown}");
        }
    }
}

#[test]
fn attr_path_points_at_the_attribute_holding_the_offset() {
    let mut req = Vec::new();
    let mut e = Encoder::new(&mut req, MsgType::RTM_NEWLINK, Flags::REQUEST, 1, 0);
    e.header(&IfInfoMsg::default());
    e.put_str(3, "x"); // at 32
    {
        let mut li = e.nest(18); // at 40
        li.put_str(1, "veth"); // at 44
        let mut data = li.nest(2); // at 56
        data.put_u32(5, 1); // at 60
    }
    e.finish().unwrap();
    let at = |off| AttrPath::locate(&req, IfInfoMsg::LEN, off).map(|p| p.kinds().to_vec());
    assert_eq!(at(32), Some(vec![3]));
    assert_eq!(at(40), Some(vec![18]));
    assert_eq!(at(44), Some(vec![18, 1]));
    assert_eq!(at(56), Some(vec![18, 2]));
    assert_eq!(at(60), Some(vec![18, 2, 5]));
    assert_eq!(at(8), None, "inside nlmsghdr");
    assert_eq!(at(20), None, "inside ifinfomsg");
    assert_eq!(at(10_000), None, "past the end");
}
