//! Appending numbers, addresses and prefixes to text without `fmt`:
//! what `list` spends its time on.

use super::*;

/// Appends `n` in decimal (the hot path of `list`: no `fmt`).
pub(super) fn push_num(out: &mut String, n: u32) {
    let mut buf = [0; 20];
    out.push_str(std::str::from_utf8(crate::json::decimal(n.into(), &mut buf)).unwrap_or(""));
}

/// Appends an address of `family` as `ip` prints it.
pub(super) fn push_addr(out: &mut String, a: &Address, family: u16) {
    if family == libc::AF_INET as u16 {
        for (i, o) in a.0[..4].iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            push_num(out, *o as u32);
        }
    } else {
        let _ = write!(out, "{}", a.ipv6());
    }
}

/// Appends `WORD ADDR/LEN `.
pub(super) fn push_prefix(out: &mut String, word: &str, a: &Address, len: u8, family: u16) {
    out.push_str(word);
    push_addr(out, a, family);
    out.push('/');
    push_num(out, len as u32);
    out.push(' ');
}

pub(super) fn hex(b: &[u8]) -> String {
    let mut s = String::from("0x");
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}
