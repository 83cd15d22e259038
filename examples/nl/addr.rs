//! `nl addr`: show, add, del.

use std::borrow::Cow;
use std::fmt::Write as _;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{AddrFilter, AddrFlags, AddrMsg, AddrRequest};

use crate::args::{
    AF_INET6, Opts, Res, index_of, need, no_more, parse_prefix, unknown_verb, usage,
};
use crate::json::{Fields, Out, V, gb, get, gn, gs, json_obj, kv, text};
use crate::link::{Extra, inconsistent, link_text, row_fields};
use crate::names::scope_name;
use crate::stream::stream_rows;

/// An address as `ip -j addr` prints it in `addr_info`.
pub(crate) fn addr_fields(a: &AddrMsg<&[u8]>) -> Fields {
    let v6 = a.family() == AF_INET6;
    let mut f: Fields = Vec::with_capacity(12);
    f.push(("family", V::C(if v6 { "inet6" } else { "inet" })));
    if let Some(l) = a.addr() {
        f.push(("local", V::Ip(l)));
    }
    if let Some(p) = a.address().filter(|&p| a.local().is_some_and(|l| l != p)) {
        f.push(("address", V::Ip(p)));
    }
    f.push(("prefixlen", V::N(a.prefixlen() as u64)));
    if let Some(b) = a.broadcast() {
        f.push(("broadcast", V::Ip(b.into())));
    }
    f.push((
        "scope",
        match scope_name(a.scope()) {
            Cow::Borrowed(s) => V::C(s),
            Cow::Owned(s) => V::S(s),
        },
    ));
    // IFA_PROTO, named as iproute2 (6.2 and later) names it.
    if let Some(p) = a.protocol().filter(|&p| p != 0) {
        let name = match p {
            1 => "kernel_lo".to_string(),
            2 => "kernel_ra".to_string(),
            3 => "kernel_ll".to_string(),
            p => p.to_string(),
        };
        f.push(("protocol", V::S(name)));
    }
    let fl = a.flags();
    if fl.contains(AddrFlags::SECONDARY) {
        f.push((if v6 { "temporary" } else { "secondary" }, V::True));
    }
    if v6 {
        for (b, n) in [
            (AddrFlags::NODAD, "nodad"),
            (AddrFlags::OPTIMISTIC, "optimistic"),
            (AddrFlags::DADFAILED, "dadfailed"),
            (AddrFlags::HOMEADDRESS, "home"),
            (AddrFlags::DEPRECATED, "deprecated"),
            (AddrFlags::TENTATIVE, "tentative"),
        ] {
            if fl.contains(b) {
                f.push((n, V::True));
            }
        }
    }
    if !fl.contains(AddrFlags::PERMANENT) {
        f.push(("dynamic", V::True));
    }
    for (b, n) in [
        (AddrFlags::MANAGETEMPADDR, "mngtmpaddr"),
        (AddrFlags::NOPREFIXROUTE, "noprefixroute"),
        (AddrFlags::MCAUTOJOIN, "autojoin"),
    ] {
        if fl.contains(b) {
            f.push((n, V::True));
        }
    }
    if v6 && fl.contains(AddrFlags::STABLE_PRIVACY) {
        f.push(("stable-privacy", V::True));
    }
    if let Some(l) = a.label() {
        f.push(("label", V::B(l.to_vec())));
    }
    if let Some(ci) = a.cache_info() {
        f.push(("valid_life_time", V::N(ci.valid as u64)));
        f.push(("preferred_life_time", V::N(ci.preferred as u64)));
    }
    f
}

/// One address as `ip addr` prints it under its link (two lines).
pub(crate) fn addr_info_text(out: &mut Out, a: &Fields) {
    out.push_str("    ");
    out.push_str(gs(a, "family").unwrap_or(""));
    out.push(' ');
    if let Some(l) = get(a, "local") {
        text(out, l);
    }
    kv(out, a, "address", "peer");
    let _ = write!(out, "/{}", gn(a, "prefixlen").unwrap_or(0));
    kv(out, a, "broadcast", "brd");
    kv(out, a, "scope", "scope");
    kv(out, a, "protocol", "proto");
    for (k, v) in a {
        if matches!(v, V::True) {
            let _ = write!(out, " {k}");
        }
    }
    // As ip: each word is followed by a space, but the label ends the
    // line.
    match gb(a, "label") {
        Some(l) => {
            out.push(' ');
            out.bytes(l);
        }
        None => out.push(' '),
    }
    out.push_str("\n       valid_lft ");
    lft(out, gn(a, "valid_life_time"));
    out.push_str(" preferred_lft ");
    lft(out, gn(a, "preferred_life_time"));
    out.push('\n');
}

/// A lifetime as ip prints it: `forever` or `Nsec`.
pub(crate) fn lft(out: &mut Out, n: Option<u64>) {
    match n {
        Some(0xffff_ffff) | None => out.push_str("forever"),
        Some(n) => {
            out.num(n);
            out.push_str("sec");
        }
    }
}

pub(crate) fn addr_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<Out> {
    match verb {
        "show" | "list" | "ls" => {
            let want = match t.first().map(String::as_str) {
                Some("dev") => {
                    let d = need(t, 1, "device name")?;
                    no_more(&t[2..])?;
                    Some(index_of(c, d)?)
                }
                Some(d) => {
                    no_more(&t[1..])?;
                    Some(index_of(c, d)?)
                }
                None => None,
            };
            let filter = match o.family {
                Some(f) => AddrFilter::default().family(f),
                None => AddrFilter::default(),
            };
            // The addresses first, then the links, each printed with its
            // addresses while the link dump goes on.
            let addrs = c.addresses(filter)?;
            // The addresses by link, each link's in the kernel's order (a
            // stable sort), found by binary search.
            let mut by_link: Vec<AddrMsg<&[u8]>> = addrs.iter().collect();
            by_link.sort_by_key(AddrMsg::index);
            crate::timing::mark("addr dump");
            let mut out = Out::with_capacity(1 << 17);
            if o.json {
                out.push('[');
            }
            let mut first = true;
            let interrupted = stream_rows(c, false, |l, nm| {
                if want.is_some_and(|w| w != l.index()) {
                    return true;
                }
                let from = by_link.partition_point(|a| a.index() < l.index());
                let infos: Vec<Fields> = by_link[from..]
                    .iter()
                    .take_while(|a| a.index() == l.index())
                    .map(addr_fields)
                    .collect();
                if o.family.is_some() && infos.is_empty() {
                    return true;
                }
                let mut f = row_fields(l, nm, false, Extra::default());
                if o.family.is_some() {
                    // Like ip -4/-6: no link-layer lines.
                    f.retain(|(k, _)| {
                        !matches!(*k, "link_type" | "address" | "broadcast" | "link_netnsid")
                    });
                }
                if o.family == Some(AF_INET6) {
                    // ip -6 asks the kernel's IPv6 link dump, which has
                    // no qdisc, group or master.
                    f.retain(|(k, _)| !matches!(*k, "qdisc" | "group" | "master"));
                }
                // ip prints the alternative names before the addresses.
                let alt = f.iter().position(|(k, _)| *k == "altnames");
                let alt = alt.map(|i| f.remove(i));
                f.extend(alt);
                if o.json {
                    if !first {
                        out.push(',');
                    }
                    f.push(("addr_info", V::O(infos)));
                    json_obj(&mut out, &f);
                } else {
                    link_text(&mut out, &f);
                    for a in &infos {
                        addr_info_text(&mut out, a);
                    }
                }
                first = false;
                out.spill()
            })?;
            crate::timing::mark("link dump and format");
            if o.json {
                out.push_str("]\n");
            }
            inconsistent(out, interrupted)
        }
        "add" | "del" | "delete" => {
            let p = parse_prefix(need(t, 0, "address (PREFIX)")?)?;
            let mut dev = None;
            let mut i = 1;
            while i < t.len() {
                match t[i].as_str() {
                    "dev" => {
                        dev = Some(need(t, i + 1, "device name after \"dev\"")?);
                        i += 2;
                    }
                    a => return usage(format!("Unexpected argument \"{a}\"")),
                }
            }
            let Some(dev) = dev else {
                return usage("Not enough information: \"dev\" argument is required.");
            };
            let idx = index_of(c, dev)?;
            let req = AddrRequest::new(idx as u32, p.addr(), p.len());
            if verb == "add" {
                c.addr_add(&req)?;
            } else {
                c.addr_del(&req)?;
            }
            Ok(Out::new())
        }
        v => unknown_verb("addr", v),
    }
}
