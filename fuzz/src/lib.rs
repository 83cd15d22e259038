//! Helpers shared by the fuzz targets: exercise every accessor of an
//! attribute and check the properties the wire layer documents.

use std::cell::Cell;
use std::fmt::Write as _;
use std::hint::black_box;

use nlstack::Error;
use nlstack::wire::{Attr, Attrs, NLA_HDRLEN, NLA_TYPE_MASK};

pub mod route;
pub mod table;

/// How deep nested attribute lists are followed.
pub const MAX_DEPTH: usize = 16;

thread_local! {
    static FORMATS: Cell<usize> = const { Cell::new(0) };
}

/// Allows `n` more calls of [`debug`] and [`display`] to format; call it at
/// the start of each input. Formatting every error of a large input would
/// take most of the run, and the formatting code has few paths.
pub fn allow_formats(n: usize) {
    FORMATS.with(|c| c.set(n));
}

fn take_format() -> bool {
    FORMATS.with(|c| match c.get() {
        0 => false,
        n => {
            c.set(n - 1);
            true
        }
    })
}

/// Formats `v` with `Debug` (the formatting code must not panic either),
/// while the budget set by [`allow_formats`] lasts.
pub fn debug<T: std::fmt::Debug>(v: &T) {
    if !take_format() {
        return;
    }
    let mut s = String::new();
    let _ = write!(s, "{v:?}");
    black_box(s);
}

/// Formats `v` with `Display` and `Debug`, while the budget lasts.
pub fn display<T: std::fmt::Display + std::fmt::Debug>(v: &T) {
    if !take_format() {
        return;
    }
    let mut s = String::new();
    let _ = write!(s, "{v} {v:?}");
    black_box(s);
}

/// Formats an error and checks that a decoding error points into the
/// buffer it was found in (`len` bytes long).
pub fn check_err(e: &Error, len: usize) {
    display(e);
    if let Some(d) = e.as_decode() {
        assert!(
            d.offset <= len,
            "decode error offset {} past the end of a {len}-byte buffer: {e}",
            d.offset
        );
    }
}

/// Calls every accessor of `a`, checks each against the value's size, and
/// checks that `a` is where it says it is in `outer` (the buffer whose
/// start its offset counts from).
pub fn touch_attr(a: &Attr<'_>, outer: &[u8]) {
    let v = a.value();
    let n = v.len();
    let off = a.offset();

    // Header accessors.
    assert_eq!(a.kind(), a.raw_kind() & NLA_TYPE_MASK);
    assert_eq!(a.is_nested(), a.raw_kind() & 0x8000 != 0);
    assert_eq!(a.is_net_byte_order(), a.raw_kind() & 0x4000 != 0);

    // The attribute is where its offset says, with a matching header.
    let hdr = outer
        .get(off..off + NLA_HDRLEN)
        .unwrap_or_else(|| panic!("attr offset {off} outside the {}-byte buffer", outer.len()));
    assert_eq!(
        u16::from_ne_bytes([hdr[0], hdr[1]]) as usize,
        NLA_HDRLEN + n,
        "nla_len at {off}"
    );
    assert_eq!(
        u16::from_ne_bytes([hdr[2], hdr[3]]),
        a.raw_kind(),
        "nla_type at {off}"
    );
    assert_eq!(
        outer.get(off + NLA_HDRLEN..off + NLA_HDRLEN + n),
        Some(v),
        "value at {off}"
    );

    // Fixed-size accessors succeed exactly for their size.
    macro_rules! fixed {
        ($($m:ident: $size:expr),*) => {$(
            let r = a.$m();
            assert_eq!(r.is_ok(), n == $size, concat!(stringify!($m), " on {} bytes"), n);
            match r {
                Ok(x) => { black_box(x); }
                Err(e) => err_at(&e, off, outer.len(), false),
            }
        )*};
    }
    fixed!(u8: 1, u16: 2, u32: 4, u64: 8, i8: 1, i16: 2, i32: 4, i64: 8,
           be16: 2, be32: 4, be64: 8, ipv4: 4, ipv6: 16, mac: 6, flag: 0);

    if let Ok(x) = a.u16() {
        assert_eq!(a.be16().unwrap(), x.swap_bytes());
    }
    if let Ok(x) = a.u32() {
        assert_eq!(a.be32().unwrap(), x.swap_bytes());
        assert_eq!(a.i32().unwrap() as u32, x);
    }
    if let Ok(x) = a.u64() {
        assert_eq!(a.be64().unwrap(), x.swap_bytes());
        assert_eq!(a.i64().unwrap() as u64, x);
    }

    match a.uint() {
        Ok(x) => {
            assert!(matches!(n, 1 | 2 | 4 | 8), "uint on {n} bytes");
            let want = match n {
                1 => a.u8().unwrap() as u64,
                2 => a.u16().unwrap() as u64,
                4 => a.u32().unwrap() as u64,
                _ => a.u64().unwrap(),
            };
            assert_eq!(x, want);
        }
        Err(e) => {
            assert!(!matches!(n, 1 | 2 | 4 | 8), "uint failed on {n} bytes");
            err_at(&e, off, outer.len(), true);
        }
    }
    match a.ip() {
        Ok(x) => {
            assert!(n == 4 || n == 16, "ip on {n} bytes");
            black_box(x);
        }
        Err(e) => {
            assert!(n != 4 && n != 16, "ip failed on {n} bytes");
            err_at(&e, off, outer.len(), false);
        }
    }

    // Strings.
    match a.str() {
        Ok(s) => {
            let body = v.strip_suffix(&[0]).unwrap_or(v);
            assert_eq!(s.as_bytes(), body);
        }
        Err(e) => err_at(&e, off, outer.len(), true),
    }
    match a.c_str() {
        Ok(s) => assert_eq!(s.to_bytes_with_nul(), v),
        Err(e) => err_at(&e, off, outer.len(), true),
    }

    debug(a);
}

/// A decoding error from an accessor of the attribute at `off`; formatted
/// when `show` (the fixed-size accessors share one error path).
fn err_at(e: &Error, off: usize, len: usize, show: bool) {
    if show {
        check_err(e, len);
    }
    let d = e.as_decode().expect("accessor error is a decode error");
    assert_eq!(d.offset, off, "accessor error offset: {e}");
}

/// Walks `attrs` to its end, touching every attribute and descending up to
/// `MAX_DEPTH` levels into nests: with `all` into every value (flagged
/// `NLA_F_NESTED` or not), else into flagged nests only.
/// Returns the number of attributes seen.
pub fn walk(attrs: Attrs<'_>, outer: &[u8], depth: usize, all: bool) -> usize {
    let mut count = 0;
    let mut attrs = attrs;
    for r in attrs.by_ref() {
        match r {
            Ok(a) => {
                count += 1;
                touch_attr(&a, outer);
                if depth < MAX_DEPTH && (all || a.is_nested()) {
                    count += walk(a.nested(), outer, depth + 1, all);
                }
            }
            Err(e) => {
                check_err(&e, outer.len());
                // After an error the iterator is finished.
                break;
            }
        }
    }
    assert!(
        attrs.next().is_none(),
        "Attrs yielded after its end or an error"
    );
    assert!(attrs.remaining().is_empty());
    count
}
