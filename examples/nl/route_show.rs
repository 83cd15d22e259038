//! The one route formatter ([`put_route`], for `route show`, `route get`
//! and `monitor`), and `nl route show`: streamed straight from the dump
//! into the output buffer, text or JSON, without an owned `Route` per
//! line.

use std::io::Write as _;
use std::net::IpAddr;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{RouteFilter, RouteFlags, RouteMsg, RouteScope, RouteType, family};

use crate::args::{AF_INET6, Fail, Res};
use crate::ifnames::IfNames;
use crate::json::{Out, esc, put_ip, put_num};
use crate::link_names::{Names, dev_name};
use crate::names::{
    CACHE_FLAGS, NH_FLAGS, ROUTE_FLAGS, proto_name, scope_name, table_name_ip, type_name,
};

/// A device name, ready to print as text and as a JSON string.
pub(crate) struct DevName {
    text: Box<[u8]>,
    json: Box<[u8]>,
}

/// Device names by ifindex, for `route show`: asked of the kernel one
/// index at a time, the first time one is printed (see [`IfNames`]), and
/// kept ready to copy, in a table indexed by ifindex (no hashing per
/// route).
pub(crate) struct Devs {
    names: IfNames,
    ready: Vec<Option<DevName>>,
}

/// The largest ifindex kept in the table; larger ones are not cached here
/// (`IfNames` still keeps their names).
const DEVS_MAX: u32 = 1 << 16;

/// Where the formatter gets device names: `route show` asks the kernel
/// per index ([`Devs`]); `route get` and `monitor` know the links
/// ([`Names`]).
pub(crate) trait DevSource {
    /// Appends the name of `i` (`ifN` when unknown), as text or as a JSON
    /// string.
    fn put(&mut self, out: &mut Vec<u8>, i: u32, json: bool);
}

impl DevSource for Names {
    fn put(&mut self, out: &mut Vec<u8>, i: u32, json: bool) {
        let d = DevName::new(dev_name(self, i).as_bytes());
        out.extend_from_slice(if json { &d.json } else { &d.text });
    }
}

impl Devs {
    pub(crate) fn new(names: IfNames) -> Devs {
        Devs {
            names,
            ready: Vec::new(),
        }
    }
}

impl DevSource for Devs {
    fn put(&mut self, out: &mut Vec<u8>, i: u32, json: bool) {
        if i >= DEVS_MAX {
            let d = DevName::new(self.names.get(i).as_bytes());
            out.extend_from_slice(if json { &d.json } else { &d.text });
            return;
        }
        let at = i as usize;
        if self.ready.len() <= at {
            self.ready.resize_with(at + 1, || None);
        }
        let names = &mut self.names;
        let d = self.ready[at].get_or_insert_with(|| DevName::new(names.get(i).as_bytes()));
        out.extend_from_slice(if json { &d.json } else { &d.text });
    }
}

impl DevName {
    fn new(name: &[u8]) -> DevName {
        let mut json = Out::with_capacity(name.len() + 2);
        esc(&mut json, name);
        DevName {
            text: name.into(),
            json: json.0.into_boxed_slice(),
        }
    }
}

/// `esc` for a byte buffer: the same escapes, quotes included.
pub(crate) fn esc_bytes(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for &b in s.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b if b < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 15) as usize]);
            }
            b => out.push(b),
        }
    }
    out.push(b'"');
}

/// Appends `ADDR` when `len` is the host length, else `ADDR/LEN`; `0/LEN`
/// without an address.
pub(crate) fn put_prefix(out: &mut Vec<u8>, a: Option<IpAddr>, len: u8, max: u8) {
    match a {
        Some(a) => {
            put_ip(out, a);
            if len != max {
                out.push(b'/');
                put_num(out, len as u64);
            }
        }
        None => {
            out.extend_from_slice(b"0/");
            put_num(out, len as u64);
        }
    }
}

/// Writes one route's fields, as JSON (`ip -j`) or text, in `ip`'s order
/// and formats.
pub(crate) struct RouteOut<'o> {
    out: &'o mut Vec<u8>,
    json: bool,
    fields: usize,
}

impl RouteOut<'_> {
    /// Starts a field: `,"key":` in JSON, ` word ` in text.
    fn key(&mut self, key: &str, word: &str) {
        if self.json {
            if self.fields > 0 {
                self.out.push(b',');
            }
            self.out.push(b'"');
            self.out.extend_from_slice(key.as_bytes());
            self.out.extend_from_slice(b"\":");
        } else {
            self.out.push(b' ');
            self.out.extend_from_slice(word.as_bytes());
            self.out.push(b' ');
        }
        self.fields += 1;
    }

    /// A string field.
    fn str(&mut self, key: &str, word: &str, v: &str) {
        self.key(key, word);
        if self.json {
            esc_bytes(self.out, v);
        } else {
            self.out.extend_from_slice(v.as_bytes());
        }
    }

    /// A number field.
    fn num(&mut self, key: &str, word: &str, v: u64) {
        self.key(key, word);
        put_num(self.out, v);
    }

    /// An address field (never needs escaping).
    fn ip(&mut self, key: &str, word: &str, a: IpAddr) {
        self.key(key, word);
        self.quote();
        put_ip(self.out, a);
        self.quote();
    }

    fn quote(&mut self) {
        if self.json {
            self.out.push(b'"');
        }
    }

    /// A list of flag words: `,"flags":[...]` in JSON (always), ` word`
    /// each in text.
    fn flags<'n>(&mut self, names: impl Iterator<Item = &'n str>) {
        if self.json {
            self.key("flags", "");
            self.out.push(b'[');
            for (i, n) in names.enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                esc_bytes(self.out, n);
            }
            self.out.push(b']');
        } else {
            for n in names {
                self.out.push(b' ');
                self.out.extend_from_slice(n.as_bytes());
            }
        }
    }
}

/// Appends one route as `ip` prints it: a JSON object (`lead`'s string
/// fields first: `monitor`'s event and object), or text lines. As `ip`
/// does, a cloned route (what `route get` answers for IPv4) shows no
/// protocol or scope, and an IPv4 one its routing-cache flags; `table`
/// only with `show_table` and outside main.
pub(crate) fn put_route(
    out: &mut Vec<u8>,
    r: &RouteMsg<&[u8]>,
    devs: &mut impl DevSource,
    show_table: bool,
    json: bool,
    lead: &[(&str, &str)],
) {
    if json {
        out.push(b'{');
    }
    let mut f = RouteOut {
        out,
        json,
        fields: 0,
    };
    if json {
        for (k, v) in lead {
            f.str(k, "", v);
        }
    }
    let cloned = r.flags().contains(RouteFlags::CLONED);
    if r.kind() != RouteType::UNICAST {
        let t = type_name(r.kind());
        if json {
            f.str("type", "", &t);
        } else {
            f.out.extend_from_slice(t.as_bytes());
            f.out.push(b' ');
        }
    }
    let max = if r.family() == AF_INET6 { 128 } else { 32 };
    let (dst_len, src_len) = (r.dst_len(), r.src_len());
    if json {
        f.key("dst", "");
    }
    f.quote();
    let dst = r.dst();
    if dst.is_none() && dst_len == 0 {
        f.out.extend_from_slice(b"default");
    } else {
        put_prefix(f.out, dst, dst_len, max);
    }
    f.quote();
    let src = r.src();
    if src.is_some() || src_len > 0 {
        f.key("from", "from");
        f.quote();
        put_prefix(f.out, src, src_len, max);
        f.quote();
    }
    if let Some(g) = r.gateway_ip() {
        f.ip("gateway", "via", g);
    }
    if let Some(o) = r.oif() {
        f.key("dev", "dev");
        devs.put(f.out, o, json);
    }
    let table = r.table();
    if show_table && table != 254 {
        f.str("table", "table", &table_name_ip(table));
    }
    if r.protocol().0 != 3 && !cloned {
        f.str("protocol", "proto", &proto_name(r.protocol().0));
    }
    if r.scope() != RouteScope::UNIVERSE && !cloned {
        f.str("scope", "scope", &scope_name(r.scope().0));
    }
    if let Some(p) = r.prefsrc() {
        f.ip("prefsrc", "src", p);
    }
    if let Some(m) = r.priority() {
        f.num("metric", "metric", m as u64);
    }
    let fl = r.flags();
    f.flags(
        ROUTE_FLAGS
            .iter()
            .filter(|(b, _)| fl.contains(*b))
            .map(|(_, n)| *n),
    );
    if let Some(u) = r.uid() {
        f.num("uid", "uid", u as u64);
    }
    let pref = r.pref();
    if let Some(p) = pref {
        let s = match p.0 {
            0 => "medium".to_string(),
            1 => "high".to_string(),
            3 => "low".to_string(),
            n => n.to_string(),
        };
        f.str("pref", "pref", &s);
    }
    // ip ends each text line with a space, but not one ending in `pref`.
    if !json && pref.is_none() {
        f.out.push(b' ');
    }
    if cloned && r.family() == family::INET {
        let bits = r.flags().bits();
        let mut names = CACHE_FLAGS
            .iter()
            .filter(|(b, _)| bits & b != 0)
            .map(|(_, n)| *n)
            .peekable();
        if json {
            f.key("cache", "");
            f.out.push(b'[');
            for (i, n) in names.enumerate() {
                if i > 0 {
                    f.out.push(b',');
                }
                esc_bytes(f.out, n);
            }
            f.out.push(b']');
        } else {
            f.out.extend_from_slice(b"\n    cache ");
            if names.peek().is_some() {
                for (i, n) in names.enumerate() {
                    f.out.push(if i == 0 { b'<' } else { b',' });
                    f.out.extend_from_slice(n.as_bytes());
                }
                f.out.extend_from_slice(b"> ");
            }
        }
    }
    let mut hops = r.nexthops().map_while(|h| h.ok()).peekable();
    if hops.peek().is_some() {
        if json {
            f.key("nexthops", "");
            f.out.push(b'[');
        }
        for (i, h) in hops.enumerate() {
            let mut hf = RouteOut {
                out: &mut *f.out,
                json,
                fields: 0,
            };
            if json {
                if i > 0 {
                    hf.out.push(b',');
                }
                hf.out.push(b'{');
            } else {
                hf.out.extend_from_slice(b"\n\tnexthop");
            }
            if let Some(g) = h.gateway_ip() {
                hf.ip("gateway", "via", g);
            }
            hf.key("dev", "dev");
            devs.put(hf.out, h.ifindex(), json);
            hf.num("weight", "weight", h.weight() as u64);
            hf.flags(
                NH_FLAGS
                    .iter()
                    .filter(|(b, _)| h.flags().contains(*b))
                    .map(|(_, n)| *n),
            );
            if json {
                hf.out.push(b'}');
            } else {
                hf.out.push(b' ');
            }
        }
        if json {
            f.out.push(b']');
        }
    }
    if json {
        f.out.push(b'}');
    } else {
        f.out.push(b'\n');
    }
}

/// `route show`: streams the dump to stdout as it arrives (as ip does),
/// one route at a time, with no owned copies, through
/// [`Conn::routes_each`] (the library's request and filter). A dump the
/// kernel marks interrupted cannot be retried once printed, so it is
/// reported on stderr (as ip does) and the exit status is 2.
pub(crate) fn route_show(
    c: &mut Conn<Rt>,
    json: bool,
    filter: &RouteFilter,
    show_table: bool,
) -> Res<()> {
    let mut devs = Devs::new(IfNames::new(c));
    let mut so = std::io::stdout().lock();
    const CHUNK: usize = 1 << 16;
    let mut out: Vec<u8> = Vec::with_capacity(CHUNK + 4096);
    let mut n = 0usize;
    let mut broken = false;
    if json {
        out.push(b'[');
    }
    let streamed = c.routes_each(*filter, |r| {
        if json && n > 0 {
            out.push(b',');
        }
        n += 1;
        put_route(&mut out, r, &mut devs, show_table, json, &[]);
        if out.len() >= CHUNK {
            // A closed pipe is not an error worth reporting: stop there.
            if let Err(e) = so.write_all(&out) {
                broken = true;
                return Err(e.into());
            }
            out.clear();
        }
        Ok(())
    });
    if broken {
        return Ok(());
    }
    let interrupted = match streamed {
        Ok(()) => false,
        Err(nlstack::Error::DumpInterrupted(_)) => true,
        Err(e) => return Err(e.into()),
    };
    if json {
        out.extend_from_slice(b"]\n");
    }
    let _ = so.write_all(&out);
    let _ = so.flush();
    if interrupted {
        return Err(Fail::Inconsistent(
            "Dump was interrupted and may be inconsistent.".into(),
        ));
    }
    Ok(())
}
