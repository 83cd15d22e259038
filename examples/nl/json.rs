//! Output values: a record of named fields, printed as `ip -j` JSON or
//! looked up by the text printers.

use std::fmt::Write as _;

/// One field value, printed as `ip -j` prints it.
pub(crate) enum V {
    S(String),
    N(u64),
    True,
    Null,
    L(Vec<String>),
    O(Vec<Fields>),
    /// A nested object.
    M(Fields),
}

pub(crate) type Fields = Vec<(&'static str, V)>;

pub(crate) fn esc(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn json_obj(out: &mut String, f: &Fields) {
    out.push('{');
    for (i, (k, v)) in f.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        esc(out, k);
        out.push(':');
        match v {
            V::S(s) => esc(out, s),
            V::N(n) => {
                let _ = write!(out, "{n}");
            }
            V::True => out.push_str("true"),
            V::Null => out.push_str("null"),
            V::L(l) => {
                out.push('[');
                for (j, s) in l.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    esc(out, s);
                }
                out.push(']');
            }
            V::O(l) => json_list(out, l),
            V::M(f) => json_obj(out, f),
        }
    }
    out.push('}');
}

pub(crate) fn json_list(out: &mut String, l: &[Fields]) {
    out.push('[');
    for (i, f) in l.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_obj(out, f);
    }
    out.push(']');
}

pub(crate) fn get<'a>(f: &'a Fields, k: &str) -> Option<&'a V> {
    f.iter().find(|(n, _)| *n == k).map(|(_, v)| v)
}

pub(crate) fn gs<'a>(f: &'a Fields, k: &str) -> Option<&'a str> {
    match get(f, k) {
        Some(V::S(s)) => Some(s),
        _ => None,
    }
}

pub(crate) fn gn(f: &Fields, k: &str) -> Option<u64> {
    match get(f, k) {
        Some(V::N(n)) => Some(*n),
        _ => None,
    }
}

pub(crate) fn gl<'a>(f: &'a Fields, k: &str) -> &'a [String] {
    match get(f, k) {
        Some(V::L(l)) => l,
        _ => &[],
    }
}

/// Appends ` WORD VALUE` for a string or number field.
pub(crate) fn kv(out: &mut String, f: &Fields, key: &str, word: &str) {
    match get(f, key) {
        Some(V::S(s)) => {
            let _ = write!(out, " {word} {s}");
        }
        Some(V::N(n)) => {
            let _ = write!(out, " {word} {n}");
        }
        _ => {}
    }
}
