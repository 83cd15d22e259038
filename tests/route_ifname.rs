//! Interface names are bytes: a link whose name is not UTF-8 is listed
//! with its name, found by it, renamed and deleted.

#[macro_use]
mod common;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::{IfName, LinkChange, LinkRequest, VethPeer};

#[test]
fn a_link_named_with_bytes_that_are_not_utf8() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let odd: &[u8] = &[b'x', 0xff, 0xfe];
    let made = c
        .link_add_echo(&LinkRequest::veth(odd, VethPeer::new("plain0")))
        .unwrap();
    assert_eq!(made.name(), *odd, "the echo keeps the bytes");

    // Listed, with its name: not blank, not dropped.
    let links = c.links().unwrap();
    let l = links
        .iter()
        .find(|l| l.name() == *odd)
        .expect("listed by its bytes");
    assert_eq!(l.index(), made.index());
    assert_eq!(l.name().to_str(), None);
    assert_eq!(l.name().to_string(), "x\\xff\\xfe", "displayed escaped");
    // ip lists the same link with the raw bytes.
    let shown = common::ip_output(&ns, &["-o", "link", "show"]).stdout;
    assert!(shown.windows(3).any(|w| w == odd), "ip shows the bytes");

    // Found by name.
    assert_eq!(c.link_by_name(odd).unwrap().index(), made.index());
    let by_ifname = c.link_by_name(IfName::new(odd).unwrap()).unwrap();
    assert_eq!(by_ifname.index(), made.index());

    // Renamed to other bytes, and back to text.
    let other: &[u8] = &[0xc3, 0x28, b'y'];
    c.link_set(&LinkChange::new(made.index()).name(other))
        .unwrap();
    assert_eq!(c.link_by_index(made.index()).unwrap().name(), *other);
    assert!(c.link_by_name(odd).unwrap_err().is_not_found());
    c.link_set(&LinkChange::new(made.index()).name("text0"))
        .unwrap();
    assert_eq!(c.link_by_index(made.index()).unwrap().name(), "text0");
    c.link_set(&LinkChange::new(made.index()).name(odd))
        .unwrap();

    // Deleted by the index its name finds.
    let l = c.link_by_name(odd).unwrap();
    c.link_del(l.index()).unwrap();
    assert!(
        c.links()
            .unwrap()
            .iter()
            .all(|l| l.name() != *odd && l.name() != "plain0")
    );
}

#[test]
fn if_name_refuses_what_the_kernel_refuses() {
    for bad in [
        &b""[..],
        b".",
        b"..",
        b"a/b",
        b"a:b",
        b"a b",
        b"a\0b",
        b"0123456789abcdef",
    ] {
        assert!(IfName::new(bad).is_err(), "{bad:?}");
    }
    assert_eq!(IfName::new(b"0123456789abcde").unwrap().len(), 15);
}

#[test]
fn if_names_order_as_bytes() {
    let n = |b: &[u8]| IfName::new(b).unwrap();
    assert!(n(b"aa") < n(b"b"));
    assert!(n(b"eth10") < n(b"eth9"));
    assert!(n(b"v") < n(b"v\xff"));
    let mut names = vec![n(b"b"), n(b"\xfe"), n(b"aa")];
    names.sort();
    assert_eq!(names, vec![n(b"aa"), n(b"b"), n(b"\xfe")]);
}

#[test]
fn a_name_attribute_decodes_at_every_length() {
    use nlstack::route::HwAddr;
    use nlstack::wire::Value;
    // Each length from empty to past the limits, with distinct bytes (so a
    // byte copied to the wrong place shows), with and without a NUL.
    for len in 0..=40usize {
        let bytes: Vec<u8> = (0..len).map(|i| 0xa0 ^ (i as u8).wrapping_mul(7)).collect();
        for nul in [false, true] {
            let mut attr = bytes.clone();
            if nul {
                attr.push(0);
            }
            // One trailing NUL dropped, then at most 15 bytes, as sent.
            let want = &bytes[..len.min(15)];
            assert_eq!(
                <IfName as Value>::decode(&attr).as_bytes(),
                want,
                "{attr:?}"
            );
            // A hardware address keeps every byte, NUL included, up to 32.
            let hw = <HwAddr as Value>::decode(&attr);
            assert_eq!(hw.as_bytes(), &attr[..attr.len().min(32)], "{attr:?}");
            let fits = HwAddr::from_slice(&attr).map(|h| h.as_bytes().to_vec());
            assert_eq!(fits, (attr.len() <= 32).then(|| attr.clone()));
        }
        if (1..=15).contains(&len) {
            let name: Vec<u8> = (0..len).map(|i| b'a' + i as u8).collect();
            assert_eq!(IfName::new(&name).unwrap().as_bytes(), &name[..]);
        }
    }
}
