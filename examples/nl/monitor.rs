//! `nl monitor`: the kernel's rtnetlink events as `ip monitor` prints them
//! (`Deleted ` before removals), or one JSON object per event with `-j`.

use std::fmt::Write as _;
use std::io::Write as _;

use nlstack::conn::{Config, Conn, Route as Rt};
use nlstack::monitor::{
    Event, Monitor, MonitorConfig, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV4_ROUTE,
    RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_NETCONF, RTNLGRP_IPV6_ROUTE,
    RTNLGRP_IPV6_RULE, RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_NSID, Received,
};
use nlstack::netns::NetNs;
use nlstack::route::NetconfMsg;

use crate::addr::{addr_fields, addr_info_text};
use crate::args::{AF_INET6, Opts, Res, usage};
use crate::json::{Fields, Out, V, json_obj};
use crate::link::{link_fields, link_text};
use crate::link_names::{Names, dev_name, names};
use crate::neigh::{neigh_fields, neigh_text};
use crate::route_show::put_route;
use crate::rule::{rule_fields, rule_text};

/// The groups each object word of `ip monitor` stands for.
fn groups(words: &[String]) -> Res<Vec<u32>> {
    let all = words.is_empty() || words.iter().any(|w| w == "all");
    let mut g = Vec::new();
    let want = |w: &str| all || words.iter().any(|x| x == w);
    if want("link") {
        g.push(RTNLGRP_LINK);
    }
    if want("address") || want("addr") {
        g.extend([RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR]);
    }
    if want("route") {
        g.extend([RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE]);
    }
    if want("neigh") {
        g.push(RTNLGRP_NEIGH);
    }
    if want("rule") {
        g.extend([RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE]);
    }
    if want("nsid") {
        g.push(RTNLGRP_NSID);
    }
    if want("netconf") {
        g.extend([RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF]);
    }
    for w in words {
        if !matches!(
            w.as_str(),
            "all" | "link" | "address" | "addr" | "route" | "neigh" | "rule" | "nsid" | "netconf"
        ) {
            return usage(format!(
                "Argument \"{w}\" is unknown, try \"nl monitor help\"."
            ));
        }
    }
    Ok(g)
}

fn on_off(v: i32) -> &'static str {
    if v != 0 { "on" } else { "off" }
}

/// A netconf event as `ip monitor` prints it.
fn netconf_text(out: &mut Out, n: &NetconfMsg<'_>, nm: &Names) {
    let fam = if n.family == AF_INET6 {
        "inet6"
    } else {
        "inet"
    };
    let dev = match n.ifindex {
        Some(-1) => b"all".to_vec(),
        Some(-2) => b"default".to_vec(),
        Some(i) => dev_name(nm, i as u32).as_bytes().to_vec(),
        None => Vec::new(),
    };
    let _ = write!(out, "{fam} ");
    out.bytes(&dev);
    out.push(' ');
    if let Some(v) = n.forwarding {
        let _ = write!(out, "forwarding {} ", on_off(v));
    }
    if let Some(v) = n.rp_filter {
        let mode = match v {
            0 => "off",
            1 => "strict",
            2 => "loose",
            _ => "unknown mode",
        };
        let _ = write!(out, "rp_filter {mode} ");
    }
    if let Some(v) = n.mc_forwarding {
        let _ = write!(out, "mc_forwarding {} ", on_off(v));
    }
    if let Some(v) = n.proxy_neigh {
        let _ = write!(out, "proxy_neigh {} ", on_off(v));
    }
    if let Some(v) = n.ignore_routes_with_linkdown {
        let _ = write!(out, "ignore_routes_with_linkdown {} ", on_off(v));
    }
    if let Some(v) = n.input {
        let _ = write!(out, "input {} ", on_off(v));
    }
    out.push('\n');
}

/// One event as text, `Deleted ` first for a removal; with `-j` one
/// JSON object with the keys of `nl -j OBJECT show` plus `event` (`new`,
/// `deleted`, `moved`) and `object`.
fn event_text(out: &mut Out, e: &Event<'_>, nm: &mut Names, json: bool) {
    let deleted = e.is_removal() || matches!(e, Event::MovedLink { .. });
    if let Event::NewRoute(r) | Event::DelRoute(r) = e {
        let kind = if deleted { "deleted" } else { "new" };
        if deleted && !json {
            out.push_str("Deleted ");
        }
        let lead = [("event", kind), ("object", "route")];
        put_route(&mut out.0, r, nm, true, json, &lead);
        if json {
            out.push('\n');
        }
        return;
    }
    let (object, mut f): (&str, Fields) = match e {
        Event::NewLink(l) | Event::DelLink(l) | Event::MovedLink { link: l, .. } => {
            // As ip does: remember the link before printing it.
            let i = l.index();
            nm.insert(i, (l.name(), l.flags()));
            let mut f = link_fields(l, nm, false);
            f.retain(|(k, _)| *k != "txqlen");
            if deleted {
                nm.remove(&i);
            }
            ("link", f)
        }
        Event::NewAddr(a) | Event::DelAddr(a) => {
            let mut f: Fields = vec![
                ("ifindex", V::N(u64::from(a.index()))),
                ("ifname", V::I(dev_name(nm, a.index()))),
            ];
            f.push(("addr_info", V::O(vec![addr_fields(a)])));
            ("address", f)
        }
        Event::NewNeigh(n) | Event::DelNeigh(n) => {
            ("neigh", neigh_fields(n, dev_name(nm, n.ifindex())))
        }
        Event::NewRule(r) | Event::DelRule(r) => ("rule", rule_fields(r)),
        Event::NewNetconf(n) | Event::DelNetconf(n) => {
            if json {
                let mut f: Fields = vec![(
                    "family",
                    V::S(
                        if n.family == AF_INET6 {
                            "inet6"
                        } else {
                            "inet"
                        }
                        .into(),
                    ),
                )];
                if let Some(i) = n.ifindex {
                    f.push(("ifindex", V::N(i as u64)));
                }
                ("netconf", f)
            } else {
                if deleted {
                    out.push_str("Deleted ");
                }
                let mut n = n.clone();
                if deleted {
                    // ip prints only the device of a netconf removal.
                    n.forwarding = None;
                    n.rp_filter = None;
                    n.mc_forwarding = None;
                    n.proxy_neigh = None;
                    n.ignore_routes_with_linkdown = None;
                    n.input = None;
                }
                netconf_text(out, &n, nm);
                return;
            }
        }
        Event::NewNsId(n) | Event::DelNsId(n) => {
            let mut f: Fields = Vec::new();
            if let Some(id) = n.nsid {
                f.push(("nsid", V::N(id as u64)));
            }
            ("nsid", f)
        }
        _ => return,
    };
    if json {
        let kind = match e {
            Event::MovedLink { .. } => "moved",
            _ if deleted => "deleted",
            _ => "new",
        };
        f.insert(0, ("object", V::S(object.into())));
        f.insert(0, ("event", V::S(kind.into())));
        json_obj(out, &f);
        out.push('\n');
        return;
    }
    if deleted {
        out.push_str("Deleted ");
    }
    match object {
        "link" => {
            let mut s = Out::new();
            if matches!(f.iter().find(|(k, _)| *k == "link"), Some((_, V::Null))) {
                // A link whose peer is not (or no longer) known.
                for (k, v) in f.iter_mut() {
                    if *k == "link" {
                        *v = V::S("NONE".into());
                    }
                }
            }
            link_text(&mut s, &f);
            // ip monitor leaves a space after the first line's last word.
            space_before_first_newline(out, &s);
        }
        "address" => {
            if let (Some((_, V::N(i))), Some((_, V::I(n)))) = (f.first(), f.get(1)) {
                let _ = write!(out, "{i}: ");
                out.bytes(n.as_bytes());
            }
            if let Some((_, V::O(infos))) = f.iter().find(|(k, _)| *k == "addr_info") {
                for a in infos {
                    addr_info_text(out, a);
                }
            }
        }
        "neigh" => {
            neigh_text(out, &f);
            out.push('\n');
        }
        "rule" => {
            rule_text(out, &f);
            out.push('\n');
        }
        "nsid" => {
            if let Some((_, V::N(id))) = f.first() {
                let _ = writeln!(out, "nsid {id}");
            }
        }
        _ => {}
    }
}

/// Appends `s` with a space before its first newline.
fn space_before_first_newline(out: &mut Out, s: &Out) {
    match s.0.iter().position(|&c| c == b'\n') {
        Some(i) => {
            out.bytes(&s.0[..i]);
            out.push(' ');
            out.bytes(&s.0[i..]);
        }
        None => out.bytes(&s.0),
    }
}

/// Asks the kernel for the name of a device an event names but no link
/// event has announced yet (a device's netconf comes before its link), as
/// `ip` does.
fn learn(conn: &mut Conn<Rt>, nm: &mut Names, e: &Event<'_>) {
    let index = match e {
        Event::NewNetconf(n) | Event::DelNetconf(n) => {
            n.ifindex.filter(|&i| i > 0).map(|i| i as u32)
        }
        Event::NewAddr(a) | Event::DelAddr(a) => Some(a.index()),
        Event::NewRoute(r) | Event::DelRoute(r) => r.oif(),
        Event::NewNeigh(n) | Event::DelNeigh(n) => Some(n.ifindex()),
        _ => None,
    };
    if let Some((i, l)) = index
        .filter(|i| !nm.contains_key(i))
        .and_then(|i| Some((i, conn.link_by_index(i).ok()?)))
    {
        nm.insert(i, (l.name(), l.flags()));
    }
}

/// `nl [-n NS] [-j] monitor [all | OBJECT ...]`: prints events as they
/// come, flushed one by one, until killed. A loss (`ENOBUFS`) prints what
/// `ip` prints and goes on.
pub(crate) fn monitor_cmd(ns: Option<&NetNs>, o: &Opts, words: &[String]) -> Res<Out> {
    let groups = groups(words)?;
    let mut cfg = MonitorConfig::default().groups(&groups);
    if let Some(ns) = ns {
        cfg = cfg.netns(ns);
    }
    let mut mon = Monitor::new(cfg)?;
    // Names of the links that exist now, as ip loads them at start.
    let mut cc = Config::default();
    if let Some(ns) = ns {
        cc = cc.netns(ns);
    }
    let mut conn = Conn::<Rt>::dial(cc)?;
    let mut nm = names(&conn.links()?);
    let stdout = std::io::stdout();
    let mut out = Out::new();
    loop {
        out.clear();
        match mon.next() {
            Ok(Received::Event { event, .. }) => {
                learn(&mut conn, &mut nm, &event);
                event_text(&mut out, &event, &mut nm, o.json)
            }
            Ok(Received::ResyncNeeded) => {
                eprintln!("netlink receive error No buffer space available (105)");
                continue;
            }
            Ok(_) => continue,
            Err(e) if e.as_decode().is_some() => {
                eprintln!("nl: {e}");
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        let mut so = stdout.lock();
        if so.write_all(&out.0).and_then(|()| so.flush()).is_err() {
            // The reader went away.
            return Ok(Out::new());
        }
    }
}
