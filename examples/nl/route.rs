//! `nl route`: get, add, replace, del, and the route names and fields
//! (`route show` streams: see `route_show`).

use std::fmt::Write as _;
use std::net::IpAddr;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{Prefix, RouteFilter, RouteMsg, RouteRequest, RouteScope, RouteType};

use crate::args::{
    AF_INET, AF_INET6, Opts, Res, index_of, need, no_more, parse_ip, parse_num, parse_prefix,
    parse_table, unknown_verb, usage,
};
use crate::json::{Fields, Out, V, get, gl, gs, json_list, kv};
use crate::link::{Names, dev_name, names};
use crate::names::{
    nh_flag_names, proto_name, route_flag_names, scope_name, table_name, type_name,
};
use crate::route_show::route_show;

/// `show_table`: print `table` for routes outside main (ip does so only
/// when no single table was asked for).
pub(crate) fn route_fields(r: &RouteMsg<&[u8]>, nm: &Names, show_table: bool, get: bool) -> Fields {
    let mut f: Fields = Vec::new();
    if r.kind() != RouteType::UNICAST {
        f.push(("type", V::S(type_name(r.kind()))));
    }
    let max = if r.family() == AF_INET6 { 128 } else { 32 };
    let (dst_len, src_len) = (r.dst_len(), r.src_len());
    let dst = match r.dst() {
        Some(d) if dst_len == max => d.to_string(),
        Some(d) => format!("{d}/{dst_len}"),
        None if dst_len == 0 => "default".into(),
        None => format!("0/{dst_len}"),
    };
    f.push(("dst", V::S(dst)));
    match r.src() {
        Some(s) if src_len == max => f.push(("from", V::S(s.to_string()))),
        Some(s) => f.push(("from", V::S(format!("{s}/{src_len}")))),
        None if src_len > 0 => f.push(("from", V::S(format!("0/{src_len}")))),
        None => {}
    }
    if let Some(g) = r.gateway_ip() {
        f.push(("gateway", V::S(g.to_string())));
    }
    if let Some(o) = r.oif() {
        f.push(("dev", V::B(dev_name(nm, o))));
    }
    if show_table && r.table() != 254 {
        f.push(("table", V::S(table_name(r.table()))));
    }
    if r.protocol().0 != 3 && !get {
        f.push(("protocol", V::S(proto_name(r.protocol().0))));
    }
    if r.scope() != RouteScope::UNIVERSE && !get {
        f.push(("scope", V::S(scope_name(r.scope().0))));
    }
    if let Some(p) = r.prefsrc() {
        f.push(("prefsrc", V::S(p.to_string())));
    }
    if let Some(m) = r.priority() {
        f.push(("metric", V::N(m as u64)));
    }
    f.push(("flags", V::L(route_flag_names(r.flags().bits()))));
    if get && let Some(u) = r.uid() {
        f.push(("uid", V::N(u as u64)));
    }
    if let Some(p) = r.pref() {
        let s = match p.0 {
            0 => "medium".to_string(),
            1 => "high".to_string(),
            3 => "low".to_string(),
            n => n.to_string(),
        };
        f.push(("pref", V::S(s)));
    }
    let hops: Vec<Fields> = r
        .nexthops()
        .map_while(|h| h.ok())
        .map(|h| {
            let mut hf: Fields = Vec::new();
            if let Some(g) = h.gateway_ip() {
                hf.push(("gateway", V::S(g.to_string())));
            }
            hf.push(("dev", V::B(dev_name(nm, h.ifindex()))));
            hf.push(("weight", V::N(h.weight() as u64)));
            hf.push(("flags", V::L(nh_flag_names(h.flags()))));
            hf
        })
        .collect();
    if !hops.is_empty() {
        f.push(("nexthops", V::O(hops)));
    }
    f
}

pub(crate) fn route_text(out: &mut Out, f: &Fields) {
    if let Some(t) = gs(f, "type") {
        let _ = write!(out, "{t} ");
    }
    out.push_str(gs(f, "dst").unwrap_or(""));
    kv(out, f, "from", "from");
    kv(out, f, "gateway", "via");
    kv(out, f, "dev", "dev");
    kv(out, f, "table", "table");
    kv(out, f, "protocol", "proto");
    kv(out, f, "scope", "scope");
    kv(out, f, "prefsrc", "src");
    kv(out, f, "metric", "metric");
    for fl in gl(f, "flags") {
        let _ = write!(out, " {fl}");
    }
    kv(out, f, "uid", "uid");
    kv(out, f, "pref", "pref");
    if let Some(V::O(hops)) = get(f, "nexthops") {
        for h in hops {
            out.push_str("\n\tnexthop");
            kv(out, h, "gateway", "via");
            kv(out, h, "dev", "dev");
            kv(out, h, "weight", "weight");
            for fl in gl(h, "flags") {
                let _ = write!(out, " {fl}");
            }
        }
    }
    out.push('\n');
}

pub(crate) fn route_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<Out> {
    match verb {
        "show" | "list" | "ls" => {
            let mut table = Some(254);
            let mut explicit = false;
            match t.first().map(String::as_str) {
                Some("table") => {
                    table = parse_table(need(t, 1, "table id after \"table\"")?)?;
                    explicit = table != Some(254);
                    no_more(&t[2..])?;
                }
                Some(a) => return usage(format!("Unexpected argument \"{a}\"")),
                None => {}
            }
            // Like ip: one table means IPv4 unless -6; "table all" means both.
            let family = match (o.family, table) {
                (Some(f), _) => Some(f),
                (None, Some(_)) => Some(AF_INET),
                (None, None) => None,
            };
            let mut filter = match table {
                Some(t) => RouteFilter::table(t),
                None => RouteFilter::all_tables(),
            };
            if let Some(f) = family {
                filter = filter.family(f);
            }
            let _ = explicit;
            route_show(c, o.json, &filter, table.is_none())?;
            crate::timing::mark("dump+format+write");
            Ok(Out::new())
        }
        "get" => {
            let mut t = t;
            if t.first().map(String::as_str) == Some("to") {
                t = &t[1..];
            }
            let a = parse_ip(need(t, 0, "address")?)?;
            no_more(&t[1..])?;
            let r = c.route_get(a)?;
            let nm = names(&c.links()?);
            let f = route_fields(&r.as_view(), &nm, true, true);
            let mut out = Out::new();
            if o.json {
                json_list(&mut out, &[f]);
                out.push('\n');
            } else {
                route_text(&mut out, &f);
            }
            Ok(out)
        }
        "add" | "replace" | "del" | "delete" => {
            let d = need(t, 0, "destination prefix")?;
            let mut gw = None;
            let mut dev = None;
            let mut table = None;
            let mut metric = None;
            let mut i = 1;
            while i < t.len() {
                let w = t[i].as_str();
                let v = need(t, i + 1, &format!("value after \"{w}\""))?;
                match w {
                    "via" => gw = Some(parse_ip(v)?),
                    "dev" => dev = Some(index_of(c, v)?),
                    "table" => match parse_table(v)? {
                        Some(n) => table = Some(n),
                        None => return usage("Error: \"table all\" names no single table."),
                    },
                    "metric" | "priority" | "preference" => metric = Some(parse_num(v, "metric")?),
                    a => return usage(format!("Unexpected argument \"{a}\"")),
                }
                i += 2;
            }
            let dst = if d == "default" {
                let v6 = o.family == Some(AF_INET6) || matches!(gw, Some(IpAddr::V6(_)));
                if v6 {
                    Prefix::default_v6()
                } else {
                    Prefix::default_v4()
                }
            } else {
                parse_prefix(d)?
            };
            if let Some(g) = gw
                && g.is_ipv4() != dst.addr().is_ipv4()
            {
                return usage(format!("Error: gateway {g} is not of the family of {d}."));
            }
            let mut req = RouteRequest::new(dst);
            if let Some(g) = gw {
                req = req.via(g);
            }
            if let Some(x) = dev {
                req = req.dev(x);
            }
            if let Some(x) = table {
                req = req.table(x);
            }
            if let Some(m) = metric {
                req = req.metric(m);
            }
            match verb {
                "add" => c.route_add(&req)?,
                "replace" => c.route_replace(&req)?,
                _ => c.route_del(&req)?,
            }
            Ok(Out::new())
        }
        v => unknown_verb("route", v),
    }
}
