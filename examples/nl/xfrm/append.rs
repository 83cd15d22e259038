//! Appending numbers, addresses and prefixes to text without `fmt`:
//! what `list` spends its time on.

use super::*;

/// The numbers 0 to 999 in decimal, one after another, and where each
/// starts: the hot path of `list` appends them without `fmt`.
pub(super) const SMALL: ([u8; 2890], [u16; 1001]) = {
    let mut b = [0u8; 2890];
    let mut off = [0u16; 1001];
    let (mut n, mut at) = (0, 0);
    while n < 1000 {
        off[n] = at as u16;
        if n >= 100 {
            b[at] = b'0' + (n / 100) as u8;
            at += 1;
        }
        if n >= 10 {
            b[at] = b'0' + (n / 10 % 10) as u8;
            at += 1;
        }
        b[at] = b'0' + (n % 10) as u8;
        at += 1;
        n += 1;
    }
    off[1000] = at as u16;
    (b, off)
};

pub(super) static SMALL_BYTES: [u8; 2890] = SMALL.0;

pub(super) static SMALL_STR: &str = match std::str::from_utf8(&SMALL_BYTES) {
    Ok(s) => s,
    Err(_) => "",
};

/// Appends `n` in decimal (the hot path of `list`: no `fmt`).
pub(super) fn push_num(out: &mut String, n: u32) {
    if n < 1000 {
        let (a, b) = (
            SMALL.1[n as usize] as usize,
            SMALL.1[n as usize + 1] as usize,
        );
        out.push_str(SMALL_STR.get(a..b).unwrap_or(""));
        return;
    }
    push_num(out, n / 1000);
    let r = (n % 1000) as usize;
    if r < 100 {
        out.push('0');
    }
    if r < 10 {
        out.push('0');
    }
    push_num(out, r as u32);
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
