//! `nl rule show`.

use std::fmt::Write as _;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{RouteType, RuleAction, RuleFlags, RuleMsg};

use crate::args::{AF_INET, AF_INET6, Opts, Res};
use crate::json::{Fields, Out, V, get, gn, gs, json_list, kv};
use crate::names::{proto_name, table_name_ip, type_name};

/// A rule's fields (`iif`/`oif` names as bytes, as the kernel sent them).
pub(crate) fn rule_fields(r: &RuleMsg<&[u8]>) -> Fields {
    let host = if r.family() == AF_INET6 { 128 } else { 32 };
    let mut f: Fields = vec![("priority", V::N(r.pref() as u64))];
    if r.flags().contains(RuleFlags::INVERT) {
        f.push(("not", V::Null));
    }
    match r.src() {
        Some(s) => {
            f.push(("src", V::S(s.to_string())));
            if r.src_len() != host {
                f.push(("srclen", V::N(r.src_len() as u64)));
            }
        }
        None if r.src_len() > 0 => {
            f.push(("src", V::S("0".into())));
            f.push(("srclen", V::N(r.src_len() as u64)));
        }
        None => f.push(("src", V::S("all".into()))),
    }
    match r.dst() {
        Some(d) => {
            f.push(("dst", V::S(d.to_string())));
            if r.dst_len() != host {
                f.push(("dstlen", V::N(r.dst_len() as u64)));
            }
        }
        None if r.dst_len() > 0 => {
            f.push(("dst", V::S("0".into())));
            f.push(("dstlen", V::N(r.dst_len() as u64)));
        }
        None => {}
    }
    if r.fwmark().is_some() || r.fwmask().is_some() {
        let mark = r.fwmark().unwrap_or(0);
        f.push(("fwmark", V::S(format!("{mark:#x}"))));
        if let Some(m) = r.fwmask().filter(|&m| m != u32::MAX) {
            f.push(("fwmask", V::S(format!("{m:#x}"))));
        }
    }
    // ip prints a detached device (one not there) with `null`, and
    // `[detached]` in text.
    if let Some(i) = r.iif() {
        f.push(("iif", V::B(i.to_vec())));
        if r.flags().contains(RuleFlags::IIF_DETACHED) {
            f.push(("iif_detached", V::Null));
        }
    }
    if let Some(i) = r.oif() {
        f.push(("oif", V::B(i.to_vec())));
        if r.flags().contains(RuleFlags::OIF_DETACHED) {
            f.push(("oif_detached", V::Null));
        }
    }
    if r.l3mdev().is_some_and(|m| m != 0) {
        f.push(("l3mdev", V::Null));
    }
    if let Some(u) = r.uid_range() {
        f.push(("uid_start", V::N(u.start.into())));
        f.push(("uid_end", V::N(u.end.into())));
    }
    if let Some(p) = r.ip_proto() {
        f.push(("ipproto", V::S(ip_proto_name(p))));
    }
    for (range, one, start, end) in [
        (r.sport(), "sport", "sport_start", "sport_end"),
        (r.dport(), "dport", "dport_start", "dport_end"),
    ] {
        match range {
            Some(p) if p.start == p.end => f.push((one, V::N(p.start.into()))),
            Some(p) => {
                f.push((start, V::N(p.start.into())));
                f.push((end, V::N(p.end.into())));
            }
            None => {}
        }
    }
    if r.table() != 0 {
        f.push(("table", V::S(table_name_ip(r.table()))));
    }
    if let Some(p) = r.suppress_prefixlen() {
        f.push(("suppress_prefixlen", V::N(p as u64)));
    }
    if r.action() == RuleAction::GOTO {
        f.push(("goto", V::N(r.goto().unwrap_or(0) as u64)));
        if r.flags().contains(RuleFlags::UNRESOLVED) {
            f.push(("unresolved", V::True));
        }
    } else if r.action() == RuleAction::NOP {
        f.push(("nop", V::Null));
    } else if r.action() != RuleAction::TO_TBL {
        // ip names an action as the route type of its number.
        f.push(("action", V::S(type_name(RouteType(r.action().0)))));
    }
    // As ip: the protocol unless it is unset or the kernel's own.
    if let Some(p) = r.protocol().filter(|&p| p != 0 && p != 2) {
        f.push(("protocol", V::S(proto_name(p))));
    }
    f
}

/// An IP protocol's name as `ip` prints it: from the system's protocol
/// database (`/etc/protocols`), else `ipproto-N`.
fn ip_proto_name(p: u8) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static SEEN: RefCell<HashMap<u8, String>> = RefCell::new(HashMap::new());
    }
    SEEN.with(|m| {
        m.borrow_mut()
            .entry(p)
            .or_insert_with(|| {
                // SAFETY: getprotobynumber returns NULL or a pointer to a
                // static entry whose p_name is a NUL-terminated string; it is
                // copied at once, and nl calls it from one thread only.
                let name = unsafe {
                    let e = libc::getprotobynumber(i32::from(p));
                    if e.is_null() || (*e).p_name.is_null() {
                        None
                    } else {
                        Some(
                            std::ffi::CStr::from_ptr((*e).p_name)
                                .to_string_lossy()
                                .into_owned(),
                        )
                    }
                };
                name.unwrap_or_else(|| format!("ipproto-{p}"))
            })
            .clone()
    })
}

/// One rule as `ip rule` prints it (no newline).
pub(crate) fn rule_text(out: &mut Out, f: &Fields) {
    let _ = write!(out, "{}:\t", gn(f, "priority").unwrap_or(0));
    if get(f, "not").is_some() {
        out.push_str("not ");
    }
    let _ = write!(out, "from {}", gs(f, "src").unwrap_or("all"));
    if let Some(l) = gn(f, "srclen") {
        let _ = write!(out, "/{l}");
    }
    if let Some(d) = gs(f, "dst") {
        let _ = write!(out, " to {d}");
        if let Some(l) = gn(f, "dstlen") {
            let _ = write!(out, "/{l}");
        }
    }
    kv(out, f, "fwmark", "fwmark");
    if let Some(m) = gs(f, "fwmask") {
        let _ = write!(out, "/{m}");
    }
    kv(out, f, "iif", "iif");
    if get(f, "iif_detached").is_some() {
        out.push_str(" [detached]");
    }
    kv(out, f, "oif", "oif");
    if get(f, "oif_detached").is_some() {
        out.push_str(" [detached]");
    }
    if get(f, "l3mdev").is_some() {
        out.push_str(" lookup [l3mdev-table]");
    }
    if let (Some(a), Some(b)) = (gn(f, "uid_start"), gn(f, "uid_end")) {
        let _ = write!(out, " uidrange {a}-{b}");
    }
    kv(out, f, "ipproto", "ipproto");
    for (one, start, end) in [
        ("sport", "sport_start", "sport_end"),
        ("dport", "dport_start", "dport_end"),
    ] {
        kv(out, f, one, one);
        if let (Some(a), Some(b)) = (gn(f, start), gn(f, end)) {
            let _ = write!(out, " {one} {a}-{b}");
        }
    }
    kv(out, f, "table", "lookup");
    kv(out, f, "goto", "goto");
    if get(f, "nop").is_some() {
        out.push_str(" nop");
    }
    if let Some(a) = gs(f, "action") {
        let _ = write!(out, " {a}");
    }
    kv(out, f, "protocol", "proto");
}

pub(crate) fn rule_show(c: &mut Conn<Rt>, o: &Opts) -> Res<Out> {
    let fam = o.family.unwrap_or(AF_INET);
    let rules = c.rules(Some(fam))?;
    crate::timing::mark("dump");
    let rows: Vec<Fields> = rules.iter().map(|r| rule_fields(&r)).collect();
    let mut out = Out::new();
    if o.json {
        json_list(&mut out, &rows);
        out.push('\n');
    } else {
        for f in &rows {
            rule_text(&mut out, f);
            out.push('\n');
        }
    }
    Ok(out)
}
