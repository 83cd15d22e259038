//! `nl rule show`.

use std::fmt::Write as _;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{Rule, RuleAction, RuleFlags};

use crate::args::{AF_INET, AF_INET6, Opts, Res};
use crate::json::{Fields, V, get, gn, gs, json_list, kv};
use crate::names::table_name;

pub(crate) fn rule_fields(r: &Rule) -> Fields {
    let host = if r.family == AF_INET6 { 128 } else { 32 };
    let mut f: Fields = vec![("priority", V::N(r.priority as u64))];
    if r.flags.contains(RuleFlags::INVERT) {
        f.push(("not", V::Null));
    }
    match r.src {
        Some(s) => {
            f.push(("src", V::S(s.to_string())));
            if r.src_len != host {
                f.push(("srclen", V::N(r.src_len as u64)));
            }
        }
        None if r.src_len > 0 => {
            f.push(("src", V::S("0".into())));
            f.push(("srclen", V::N(r.src_len as u64)));
        }
        None => f.push(("src", V::S("all".into()))),
    }
    match r.dst {
        Some(d) => {
            f.push(("dst", V::S(d.to_string())));
            if r.dst_len != host {
                f.push(("dstlen", V::N(r.dst_len as u64)));
            }
        }
        None if r.dst_len > 0 => {
            f.push(("dst", V::S("0".into())));
            f.push(("dstlen", V::N(r.dst_len as u64)));
        }
        None => {}
    }
    if r.fwmark.is_some() || r.fwmask.is_some() {
        let mark = r.fwmark.unwrap_or(0);
        f.push(("fwmark", V::S(format!("{mark:#x}"))));
        if let Some(m) = r.fwmask.filter(|&m| m != u32::MAX) {
            f.push(("fwmask", V::S(format!("{m:#x}"))));
        }
    }
    if let Some(i) = &r.iif {
        f.push(("iif", V::S(i.clone())));
        if r.flags.contains(RuleFlags::IIF_DETACHED) {
            f.push(("iif_detached", V::True));
        }
    }
    if let Some(i) = &r.oif {
        f.push(("oif", V::S(i.clone())));
        if r.flags.contains(RuleFlags::OIF_DETACHED) {
            f.push(("oif_detached", V::True));
        }
    }
    if r.table != 0 {
        f.push(("table", V::S(table_name(r.table))));
    }
    if let Some(p) = r.suppress_prefixlen.filter(|&p| p != u32::MAX) {
        f.push(("suppress_prefixlen", V::N(p as u64)));
    }
    if r.action == RuleAction::GOTO {
        f.push(("goto", V::N(r.goto.unwrap_or(0) as u64)));
        if r.flags.contains(RuleFlags::UNRESOLVED) {
            f.push(("unresolved", V::True));
        }
    } else if r.action == RuleAction::NOP {
        f.push(("nop", V::Null));
    } else if r.action != RuleAction::TO_TBL {
        let n = match r.action.0 {
            6 => "blackhole".to_string(),
            7 => "unreachable".to_string(),
            8 => "prohibit".to_string(),
            n => n.to_string(),
        };
        f.push(("action", V::S(n)));
    }
    f
}

/// One rule as `ip rule` prints it (no newline).
pub(crate) fn rule_text(out: &mut String, f: &Fields) {
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
    kv(out, f, "oif", "oif");
    kv(out, f, "table", "lookup");
    kv(out, f, "goto", "goto");
    if get(f, "nop").is_some() {
        out.push_str(" nop");
    }
    if let Some(a) = gs(f, "action") {
        let _ = write!(out, " {a}");
    }
}

pub(crate) fn rule_show(c: &mut Conn<Rt>, o: &Opts) -> Res<String> {
    let fam = o.family.unwrap_or(AF_INET);
    let rules: Vec<Rule> = c
        .rules(Some(fam))?
        .into_iter()
        .filter(|r| r.family == fam)
        .collect();
    let rows: Vec<Fields> = rules.iter().map(rule_fields).collect();
    let mut out = String::new();
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
