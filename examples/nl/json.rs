//! Output: a byte buffer ([`Out`]), and values, a record of named fields
//! printed as `ip -j` JSON or looked up by the text printers.
//!
//! Output is bytes, not text: interface names, alternative names and
//! aliases are printed as the kernel holds them, UTF-8 or not, as `ip`
//! prints them.

use std::fmt;
use std::fmt::Write as _;
use std::net::IpAddr;

/// The output being built: bytes. `write!` appends text; [`bytes`]
/// (Self::bytes) appends raw bytes.
#[derive(Default)]
pub(crate) struct Out(pub(crate) Vec<u8>);

impl Out {
    pub(crate) fn new() -> Out {
        Out(Vec::new())
    }

    pub(crate) fn with_capacity(n: usize) -> Out {
        Out(Vec::with_capacity(n))
    }

    pub(crate) fn push(&mut self, c: char) {
        let mut b = [0; 4];
        self.0.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }

    /// Appends `n` in decimal, without the formatting machinery.
    pub(crate) fn num(&mut self, n: u64) {
        put_num(&mut self.0, n);
    }

    /// Once 16 KiB are waiting, writes them to stdout (so that a reader
    /// at the other end of a pipe works while the rest is formatted) and
    /// empties the buffer. False when stdout is closed: stop printing.
    pub(crate) fn spill(&mut self) -> bool {
        self.0.len() < SPILL || self.write_now()
    }

    /// Writes what is waiting to stdout now and empties the buffer. False
    /// when stdout is closed.
    pub(crate) fn write_now(&mut self) -> bool {
        use std::io::Write as _;
        let ok = std::io::stdout().lock().write_all(&self.0).is_ok();
        self.0.clear();
        ok
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }
}

impl fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// How much output [`Out::spill`] lets wait.
const SPILL: usize = 1 << 14;

/// One field value, printed as `ip -j` prints it.
pub(crate) enum V {
    S(String),
    /// Bytes that need not be UTF-8 (names, aliases), printed raw.
    B(Vec<u8>),
    N(u64),
    True,
    /// `true` or `false`.
    Bool(bool),
    Null,
    L(Vec<&'static str>),
    /// An interface name, held inline (no allocation), printed raw.
    I(nlstack::route::IfName),
    /// A string known when compiling (no allocation).
    C(&'static str),
    /// A hardware address, held inline, printed as `ip` does.
    Hw(nlstack::route::HwAddr),
    /// An IP address, held inline.
    Ip(std::net::IpAddr),
    /// A list of byte strings (alternative names).
    BL(Vec<Vec<u8>>),
    O(Vec<Fields>),
    /// A nested object (`linkinfo`, `stats64`).
    M(Fields),
    /// Lines for the text output only, never printed as JSON.
    Text(Vec<u8>),
}

pub(crate) type Fields = Vec<(&'static str, V)>;

/// A JSON string: `"` and `\` escaped, control bytes as `\u00XX`, every
/// other byte as it is (as `ip -j` does: a name that is not UTF-8 is
/// printed raw).
pub(crate) fn esc(out: &mut Out, s: &[u8]) {
    let o = &mut out.0;
    o.push(b'"');
    let mut start = 0;
    for (i, &b) in s.iter().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            o.extend_from_slice(&s[start..i]);
            match b {
                b'"' => o.extend_from_slice(b"\\\""),
                b'\\' => o.extend_from_slice(b"\\\\"),
                c => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    o.extend_from_slice(b"\\u00");
                    o.push(HEX[usize::from(c >> 4)]);
                    o.push(HEX[usize::from(c & 15)]);
                }
            }
            start = i + 1;
        }
    }
    o.extend_from_slice(&s[start..]);
    o.push(b'"');
}

pub(crate) fn json_obj(out: &mut Out, f: &Fields) {
    out.0.push(b'{');
    let shown = f.iter().filter(|(_, v)| !matches!(v, V::Text(_)));
    for (i, (k, v)) in shown.enumerate() {
        if i > 0 {
            out.0.push(b',');
        }
        esc(out, k.as_bytes());
        out.0.push(b':');
        json_value(out, v);
    }
    out.0.push(b'}');
}

fn json_value(out: &mut Out, v: &V) {
    match v {
        // Hex digits, colons, dots: nothing to escape.
        V::Hw(_) | V::Ip(_) => {
            out.0.push(b'"');
            text(out, v);
            out.0.push(b'"');
        }
        V::S(s) => esc(out, s.as_bytes()),
        V::C(s) => esc(out, s.as_bytes()),
        V::B(s) => esc(out, s),
        V::I(s) => esc(out, s.as_bytes()),
        V::N(n) => out.num(*n),
        V::True | V::Bool(true) => out.push_str("true"),
        V::Bool(false) => out.push_str("false"),
        V::Null => out.push_str("null"),
        V::L(l) => {
            out.0.push(b'[');
            for (j, s) in l.iter().enumerate() {
                if j > 0 {
                    out.0.push(b',');
                }
                esc(out, s.as_bytes());
            }
            out.0.push(b']');
        }
        V::BL(l) => {
            out.0.push(b'[');
            for (j, s) in l.iter().enumerate() {
                if j > 0 {
                    out.0.push(b',');
                }
                esc(out, s);
            }
            out.0.push(b']');
        }
        V::O(l) => json_list(out, l),
        V::M(f) => json_obj(out, f),
        V::Text(_) => {}
    }
}

pub(crate) fn json_list(out: &mut Out, l: &[Fields]) {
    out.0.push(b'[');
    for (i, f) in l.iter().enumerate() {
        if i > 0 {
            out.0.push(b',');
        }
        json_obj(out, f);
    }
    out.0.push(b']');
}

pub(crate) fn get<'a>(f: &'a Fields, k: &str) -> Option<&'a V> {
    f.iter().find(|(n, _)| *n == k).map(|(_, v)| v)
}

pub(crate) fn gs<'a>(f: &'a Fields, k: &str) -> Option<&'a str> {
    match get(f, k) {
        Some(V::S(s)) => Some(s),
        Some(V::C(s)) => Some(s),
        _ => None,
    }
}

/// A string field's bytes, text or not.
pub(crate) fn gb<'a>(f: &'a Fields, k: &str) -> Option<&'a [u8]> {
    match get(f, k) {
        Some(V::S(s)) => Some(s.as_bytes()),
        Some(V::C(s)) => Some(s.as_bytes()),
        Some(V::B(b)) => Some(b),
        Some(V::I(n)) => Some(n.as_bytes()),
        _ => None,
    }
}

pub(crate) fn gn(f: &Fields, k: &str) -> Option<u64> {
    match get(f, k) {
        Some(V::N(n)) => Some(*n),
        _ => None,
    }
}

pub(crate) fn gl<'a>(f: &'a Fields, k: &str) -> &'a [&'static str] {
    match get(f, k) {
        Some(V::L(l)) => l,
        _ => &[],
    }
}

/// Appends a string or number value's text; false (nothing written)
/// for any other value.
pub(crate) fn text(out: &mut Out, v: &V) -> bool {
    match v {
        V::S(s) => out.push_str(s),
        V::C(s) => out.push_str(s),
        V::B(s) => out.bytes(s),
        V::I(s) => out.bytes(s.as_bytes()),
        V::N(n) => out.num(*n),
        V::Hw(a) => {
            let _ = write!(out, "{a}");
        }
        V::Ip(a) => put_ip(&mut out.0, *a),
        _ => return false,
    }
    true
}

/// Appends ` WORD VALUE` for a string or number field.
pub(crate) fn kv(out: &mut Out, f: &Fields, key: &str, word: &str) {
    let Some(v) = get(f, key) else {
        return;
    };
    let at = out.0.len();
    out.push(' ');
    out.push_str(word);
    out.push(' ');
    if !text(out, v) {
        out.0.truncate(at);
    }
}

/// Appends `f` as one JSON object to a `String` (for output that is text
/// anyway: conntrack and xfrm lines).
pub(crate) fn json_into(out: &mut String, f: &Fields) {
    let mut o = Out::new();
    json_obj(&mut o, f);
    out.push_str(&String::from_utf8_lossy(&o.0));
}

/// `n` in decimal, written at the end of `buf`; returns the digits. The
/// lists' hot path: no formatting machinery.
pub(crate) fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// Appends `n` in decimal.
pub(crate) fn put_num(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(decimal(n, &mut [0; 20]));
}

/// Appends an address as its `Display` form (IPv4 without the
/// formatting machinery).
pub(crate) fn put_ip(out: &mut Vec<u8>, a: IpAddr) {
    match a {
        IpAddr::V4(v) => {
            let [a, b, c, d] = v.octets();
            put_num(out, a as u64);
            out.push(b'.');
            put_num(out, b as u64);
            out.push(b'.');
            put_num(out, c as u64);
            out.push(b'.');
            put_num(out, d as u64);
        }
        IpAddr::V6(v) => {
            let _ = std::io::Write::write_fmt(out, format_args!("{v}"));
        }
    }
}
