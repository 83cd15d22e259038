//! `nl route`: get, add, replace, del (`route show` streams, and the one
//! route formatter lives with it: see `route_show`).

use std::net::IpAddr;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{Prefix, RouteFilter, RouteRequest};

use crate::args::{
    AF_INET, AF_INET6, Opts, Res, index_of, need, no_more, parse_ip, parse_num, parse_prefix,
    parse_table, unknown_verb, usage,
};
use crate::ifnames::IfNames;
use crate::json::Out;
use crate::route_show::{Devs, put_route, route_show};

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
            // Device names asked per index, as `route show` does.
            let mut devs = Devs::new(IfNames::new(c));
            let mut out = Out::new();
            if o.json {
                out.0.push(b'[');
            }
            put_route(&mut out.0, &r.as_view(), &mut devs, true, o.json, &[]);
            if o.json {
                out.0.extend_from_slice(b"]\n");
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
            if let Some(g) = gw.filter(|g| g.is_ipv4() != dst.addr().is_ipv4()) {
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
