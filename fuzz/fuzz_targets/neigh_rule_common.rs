//! What the neighbour and rule targets share: the input as a message
//! payload (a family header, then attributes), the model's walk of the
//! attributes, and the checks of `malformed()` and `check()` against it.

#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlstack::wire::{Attr, Attrs};
use nlstack_fuzz::route::list;

/// The attributes after a `hdr`-byte family header, offsets counted from
/// the start of `payload`, up to the first malformed one, and that one's
/// offset (the table's walk stops there too).
pub fn attrs(payload: &[u8], hdr: usize) -> (Vec<Attr<'_>>, Option<usize>) {
    let start = hdr.next_multiple_of(4);
    list(Attrs::with_offset(
        payload.get(start..).unwrap_or(&[]),
        start,
    ))
}

/// An address attribute: 4 bytes IPv4, 16 bytes IPv6, else malformed.
pub fn ip_any(a: &Attr<'_>) -> Option<IpAddr> {
    let v = a.value();
    if let Ok(b) = <[u8; 4]>::try_from(v) {
        return Some(Ipv4Addr::from(b).into());
    }
    if let Ok(b) = <[u8; 16]>::try_from(v) {
        return Some(Ipv6Addr::from(b).into());
    }
    None
}

/// `malformed()` counts what the model found (saturated), and `check()`
/// is `Ok` exactly when that is nothing, else an error at the first one.
pub fn check_malformed(what: &str, malformed: u16, check: nlstack::Result<()>, model: &[usize]) {
    let want = u16::try_from(model.len()).unwrap_or(u16::MAX);
    assert_eq!(
        malformed, want,
        "{what}: {malformed} malformed, the model finds {model:?}"
    );
    match check {
        Ok(()) => assert!(model.is_empty(), "{what}: check() passed, model {model:?}"),
        Err(e) => {
            let d = e.as_decode().expect("a decode error");
            assert_eq!(
                Some(d.offset),
                model.first().copied(),
                "{what}: check() says {e}, model {model:?}"
            );
        }
    }
}
