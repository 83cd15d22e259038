//! Helpers shared by the rtnetlink view targets (`link`, `addr`, `route`,
//! `neigh`, `rule`): the input as messages, the checks every view gets,
//! and small models of attribute decoding to compare the views against.
//!
//! Every target reads its input twice:
//!
//! 1. As one message: the first 16 bytes are the `nlmsghdr` (zero-padded
//!    if shorter) with `nlmsg_len` set to the input's length, the rest is
//!    the payload. The message is decoded alone (offset 0) and again after
//!    an `NLMSG_NOOP` (offset 16).
//! 2. As a datagram walked with `Messages`: each message is decoded where
//!    it is, and again from a copy of its bytes (offset 0).
//!
//! The two decodings of the same bytes must agree: the same owned value,
//! the same error count, and the first error's offset moved by exactly the
//! distance between the two copies.

use std::fmt::Debug;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlstack::route::AttrErrors;
use nlstack::wire::{Attr, Attrs, Flags, Header, Message, Messages, MsgType, NLMSG_HDRLEN, align};
use nlstack::{DecodeError, Error, Result};

use crate::{check_err, debug};

/// `AF_INET`.
pub const AF_INET: u8 = 2;
/// `AF_INET6`.
pub const AF_INET6: u8 = 10;

/// How many formatting calls one input may make (see `allow_formats`).
pub const FORMATS: usize = 48;

/// A view of one rtnetlink message kind, as the targets drive it
/// (implemented by a marker type in each target).
pub trait View {
    /// The family header's size (`IfInfoMsg::LEN`, ...).
    const HDR_LEN: usize;
    /// The view (`LinkMsg<'a>`, ...).
    type Msg<'a>: Clone + Debug;
    /// The owned copy.
    type Owned: PartialEq + Debug;
    /// `XxxMsg::parse`.
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>>;
    /// `XxxMsg::parse_strict`.
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>>;
    /// The view's `errors`.
    fn errors(v: &Self::Msg<'_>) -> AttrErrors;
    /// The view's raw attribute list.
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a>;
    /// `to_owned()`.
    fn owned(v: &Self::Msg<'_>) -> Self::Owned;
    /// `Owned::from(&view)`.
    fn owned_from(v: &Self::Msg<'_>) -> Self::Owned;
    /// Reads every field and helper, and checks them (and `errors`)
    /// against a model of the attributes. `msg` was parsed from `buf`.
    fn check<'a>(v: &Self::Msg<'a>, msg: &Message<'a>, buf: &'a [u8]);
}

/// What decoding one message gave.
#[derive(Debug)]
pub enum Parsed<O> {
    /// `parse` failed: the family header is cut short.
    Short,
    /// `parse` succeeded.
    View {
        /// `to_owned()`.
        owned: O,
        /// The view's errors.
        errors: AttrErrors,
    },
}

/// Decodes `msg` (parsed from `buf`) as a `V` with `parse` and
/// `parse_strict`, checks what every view promises, and runs the view's
/// own checks.
pub fn one<'a, V: View>(msg: &Message<'a>, buf: &'a [u8]) -> Parsed<V::Owned> {
    let payload = msg.payload();
    let strict = V::parse_strict(msg);
    let v = match V::parse(msg) {
        Err(e) => {
            // Only a family header too short is an error.
            check_err(&e, buf.len());
            assert!(
                payload.len() < V::HDR_LEN,
                "parse failed on a {}-byte payload: {e}",
                payload.len()
            );
            assert!(e.as_decode().is_some(), "not a decode error: {e}");
            match strict {
                Ok(s) => panic!("parse_strict accepted what parse refused ({e}): {s:?}"),
                Err(s) => assert_eq!(s.as_decode(), e.as_decode()),
            }
            return Parsed::Short;
        }
        Ok(v) => v,
    };
    assert!(payload.len() >= V::HDR_LEN);

    // parse_strict is `parse` then `errors.check()`: it fails exactly when
    // an error was recorded, with the first one. Every recorded error is a
    // decoding error, so `first` is set exactly when `count` is not 0.
    let errors = V::errors(&v);
    assert_eq!(errors.is_empty(), errors.count == 0);
    assert_eq!(
        errors.count == 0,
        errors.first.is_none(),
        "count and first disagree: {errors:?}"
    );
    assert_eq!(errors.check().is_ok(), errors.first.is_none());
    match strict {
        Ok(s) => {
            assert!(
                errors.count == 0,
                "parse_strict accepted a view with errors: {errors:?}"
            );
            assert_eq!(V::errors(&s), errors);
            assert_eq!(V::owned(&s), V::owned(&v));
        }
        Err(e) => {
            assert!(
                errors.count > 0,
                "parse_strict failed ({e}) on a view without errors"
            );
            assert_eq!(e.as_decode(), errors.first.as_ref());
            check_err(&e, buf.len());
        }
    }

    // The attribute list starts after the (aligned) family header; errors
    // point into it.
    let start = align(V::HDR_LEN).min(payload.len());
    let attrs = V::attrs(&v);
    assert!(
        std::ptr::eq(attrs.remaining(), &payload[start..]),
        "attrs is not the payload after the family header"
    );
    if let Some(d) = errors.first {
        let lo = msg.offset() + NLMSG_HDRLEN + start;
        let hi = msg.offset() + msg.bytes().len();
        assert!(
            lo <= d.offset && d.offset <= hi,
            "error offset {} outside the attributes at {lo}..{hi}: {d}",
            d.offset
        );
        check_err(&Error::Decode(d), buf.len());
    }

    V::check(&v, msg, buf);

    let owned = V::owned(&v);
    assert_eq!(owned, V::owned_from(&v), "to_owned and From differ");
    assert_eq!(owned, V::owned(&v.clone()), "a clone's owned copy differs");
    debug(&v);
    debug(&owned);

    // Decoding again gives the same.
    let again = V::parse(msg).expect("a second parse failed");
    assert_eq!(V::errors(&again), errors);
    assert_eq!(V::owned(&again), owned);

    Parsed::View { owned, errors }
}

/// `b` decoded the same bytes as `a`, `shift` bytes further into its
/// buffer.
fn same<O: PartialEq + Debug>(a: &Parsed<O>, b: &Parsed<O>, shift: usize) {
    match (a, b) {
        (Parsed::Short, Parsed::Short) => {}
        (
            Parsed::View {
                owned: oa,
                errors: ea,
            },
            Parsed::View {
                owned: ob,
                errors: eb,
            },
        ) => {
            assert_eq!(
                oa, ob,
                "the same bytes at another offset decode differently"
            );
            assert_eq!(ea.count, eb.count, "error counts differ at another offset");
            match (ea.first, eb.first) {
                (None, None) => {}
                (Some(x), Some(y)) => {
                    assert_eq!((x.what, x.kind), (y.what, y.kind));
                    assert_eq!(
                        x.offset + shift,
                        y.offset,
                        "error offset not moved by {shift}: {x} / {y}"
                    );
                }
                (x, y) => panic!("first errors differ: {x:?} / {y:?}"),
            }
        }
        (a, b) => panic!("the same bytes at another offset: {a:?} / {b:?}"),
    }
}

/// Decodes the input as `V`'s view, as one message and as a datagram;
/// see the module's documentation.
pub fn run<V: View>(data: &[u8]) {
    // 1. The input as one message, its header's length set right.
    let mut hdr = [0u8; NLMSG_HDRLEN];
    let n = data.len().min(NLMSG_HDRLEN);
    hdr[..n].copy_from_slice(&data[..n]);
    let payload = data.get(NLMSG_HDRLEN..).unwrap_or(&[]);
    let len = NLMSG_HDRLEN + payload.len();
    hdr[..4].copy_from_slice(&(len as u32).to_ne_bytes());
    let noop = Header {
        len: NLMSG_HDRLEN as u32,
        kind: MsgType::NLMSG_NOOP,
        flags: Flags::empty(),
        seq: 0,
        port: 0,
    };
    let mut buf = Vec::with_capacity(NLMSG_HDRLEN + len);
    buf.extend_from_slice(&noop.to_bytes());
    buf.extend_from_slice(&hdr);
    buf.extend_from_slice(payload);

    let alone = &buf[NLMSG_HDRLEN..];
    let m = Message::parse(alone).expect("a message with its length set right");
    assert_eq!(m.payload(), payload);
    let a = one::<V>(&m, alone);

    let mut msgs = Messages::new(&buf);
    let _ = msgs.next();
    let m = msgs
        .next()
        .expect("two messages")
        .expect("a well-formed message");
    assert_eq!((m.offset(), m.payload()), (NLMSG_HDRLEN, payload));
    let b = one::<V>(&m, &buf);
    same(&a, &b, NLMSG_HDRLEN);

    // 2. The input as a datagram (skipped when that is the message above).
    if data.len() >= NLMSG_HDRLEN && data[..4] == hdr[..4] {
        return;
    }
    for r in Messages::new(data) {
        match r {
            Ok(m) => {
                let here = one::<V>(&m, data);
                let copy = m.bytes().to_vec();
                let c = Message::parse(&copy).expect("a copy of a message");
                let alone = one::<V>(&c, &copy);
                same(&alone, &here, m.offset());
            }
            Err(e) => {
                check_err(&e, data.len());
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Models

/// The attributes of a list up to its first malformed one, and that
/// error's offset (a view's walk stops there).
pub fn list<'a>(attrs: Attrs<'a>) -> (Vec<Attr<'a>>, Option<usize>) {
    let mut out = Vec::new();
    for r in attrs {
        match r {
            Ok(a) => out.push(a),
            Err(e) => {
                let d = e.as_decode().expect("attribute error is a decode error");
                return (out, Some(d.offset));
            }
        }
    }
    (out, None)
}

/// An IP address attribute of a message of `family`: 4 bytes unless the
/// family is `AF_INET6`, 16 bytes unless it is `AF_INET`.
pub fn ip_of(family: u8, a: &Attr<'_>) -> Option<IpAddr> {
    let v = a.value();
    if let (Ok(b), true) = (<[u8; 4]>::try_from(v), family != AF_INET6) {
        return Some(Ipv4Addr::from(b).into());
    }
    if let (Ok(b), true) = (<[u8; 16]>::try_from(v), family != AF_INET) {
        return Some(Ipv6Addr::from(b).into());
    }
    None
}

/// The decoded value of the last attribute of `kind` in `list` that
/// decodes (`dec` gives `None` for a malformed one): the value of a view
/// that keeps a good value over a malformed duplicate.
pub fn last_valid<'a, T>(
    list: &[Attr<'a>],
    kind: u16,
    dec: impl Fn(&Attr<'a>) -> Option<T>,
) -> Option<T> {
    list.iter()
        .rev()
        .filter(|a| a.kind() == kind)
        .find_map(|a| dec(a))
}

/// The last attribute of `kind` in `list`.
pub fn last<'a, 'l>(list: &'l [Attr<'a>], kind: u16) -> Option<&'l Attr<'a>> {
    list.iter().rev().find(|a| a.kind() == kind)
}

/// Checks a field decoded from the attributes of `kind` in `list`, whether
/// the view keeps a good value over a malformed duplicate or not: without
/// such an attribute the field is `default`; when the last one decodes,
/// it is that one's value; otherwise it is some attribute's value or
/// `default`. `dec` gives `None` for a malformed attribute, `Some(value)`
/// otherwise (a value may itself be `None`, as a -1 meaning "unset").
pub fn field<'a, T: PartialEq + Debug>(
    name: &str,
    list: &[Attr<'a>],
    kind: u16,
    got: Option<T>,
    default: Option<T>,
    dec: impl Fn(&Attr<'a>) -> Option<Option<T>>,
) {
    let all: Vec<&Attr<'a>> = list.iter().filter(|a| a.kind() == kind).collect();
    match all.last() {
        None => assert_eq!(got, default, "{name} without an attribute"),
        Some(l) => match dec(l) {
            Some(want) => assert_eq!(got, want, "{name}: the last attribute decodes"),
            None => {
                if got.is_some() && got != default {
                    assert!(
                        all.iter().any(|a| dec(a).as_ref() == Some(&got)),
                        "{name} = {got:?} comes from no attribute"
                    );
                }
            }
        },
    }
}

/// `field` for an attribute decoded by `dec` (`None`: malformed) whose
/// value is the field's.
pub fn simple<'a, T: PartialEq + Debug>(
    name: &str,
    list: &[Attr<'a>],
    kind: u16,
    got: Option<T>,
    dec: impl Fn(&Attr<'a>) -> Option<T>,
) {
    field(name, list, kind, got, None, |a| dec(a).map(Some));
}

/// Checks `errors` against the error offsets a model found, in walk order:
/// the count (saturated), and the first one's offset.
pub fn check_errors(what: &str, errors: &AttrErrors, model: &[usize]) {
    let want = u16::try_from(model.len()).unwrap_or(u16::MAX);
    assert_eq!(
        errors.count,
        want,
        "{what}: {} errors, the model finds {} at {model:?}",
        errors.count,
        model.len()
    );
    assert_eq!(
        errors.first.map(|d: DecodeError| d.offset),
        model.first().copied(),
        "{what}: first error {:?}, model {model:?}",
        errors.first
    );
}

/// Checks that `inner` lies within `outer` (both slices of one buffer).
pub fn within(inner: &[u8], outer: &[u8]) {
    let (i, o) = (inner.as_ptr() as usize, outer.as_ptr() as usize);
    assert!(
        i >= o && i + inner.len() <= o + outer.len(),
        "slice outside the bytes it was decoded from"
    );
}

/// Checks that `a` is where its offset says in `buf`.
pub fn at_offset(a: &Attr<'_>, buf: &[u8]) {
    let off = a.offset() + nlstack::wire::NLA_HDRLEN;
    let v = a.value();
    assert!(
        std::ptr::eq(buf.get(off..off + v.len()).unwrap_or(&[]), v) || v.is_empty(),
        "attribute value not at its offset {}",
        a.offset()
    );
}
