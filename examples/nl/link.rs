//! `nl link`: show, add, set, del.

use std::collections::HashMap;
use std::fmt::Write as _;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::netns::NetNs;
use nlstack::route::{HwAddr, Link, LinkChange, LinkFlags, LinkRequest, VethPeer};

use crate::args::{
    Fail, Opts, Res, index_of, need, no_more, open_ns, parse_num, unknown_verb, usage,
};
use crate::json::{Fields, V, gl, gn, gs, json_list, kv};

pub(crate) fn link_flag_names(fl: LinkFlags) -> Vec<String> {
    let mut v = Vec::new();
    if fl.contains(LinkFlags::UP) && !fl.contains(LinkFlags::RUNNING) {
        v.push("NO-CARRIER".to_string());
    }
    let order = [
        (LinkFlags::LOOPBACK, "LOOPBACK"),
        (LinkFlags::BROADCAST, "BROADCAST"),
        (LinkFlags::POINTOPOINT, "POINTOPOINT"),
        (LinkFlags::MULTICAST, "MULTICAST"),
        (LinkFlags::NOARP, "NOARP"),
        (LinkFlags::ALLMULTI, "ALLMULTI"),
        (LinkFlags::PROMISC, "PROMISC"),
        (LinkFlags::MASTER, "MASTER"),
        (LinkFlags::SLAVE, "SLAVE"),
        (LinkFlags::DEBUG, "DEBUG"),
        (LinkFlags::DYNAMIC, "DYNAMIC"),
        (LinkFlags::AUTOMEDIA, "AUTOMEDIA"),
        (LinkFlags::PORTSEL, "PORTSEL"),
        (LinkFlags::NOTRAILERS, "NOTRAILERS"),
        (LinkFlags::UP, "UP"),
        (LinkFlags::LOWER_UP, "LOWER_UP"),
        (LinkFlags::DORMANT, "DORMANT"),
        (LinkFlags::ECHO, "ECHO"),
    ];
    for (f, n) in order {
        if fl.contains(f) {
            v.push(n.to_string());
        }
    }
    v
}

pub(crate) fn link_type_name(t: u16) -> String {
    match t {
        1 => "ether".into(),
        772 => "loopback".into(),
        0xfffe => "none".into(),
        768 => "ipip".into(),
        776 => "sit".into(),
        778 => "gre".into(),
        n => format!("[{n}]"),
    }
}

/// Link names (and flags, for ip's `M-DOWN`) by index.
pub(crate) type Names = HashMap<u32, (String, LinkFlags)>;

pub(crate) fn names(links: &[Link]) -> Names {
    links
        .iter()
        .map(|l| (l.index as u32, (l.name.to_string(), l.flags)))
        .collect()
}

pub(crate) fn link_fields(l: &Link, names: &Names, with_mode: bool) -> Fields {
    let mut f: Fields = vec![("ifindex", V::N(l.index as u64))];
    // ip's "M-DOWN": the link this one sits on (a veth's peer) is down.
    let mut m_down = false;
    match l.link {
        Some(0) => f.push(("link", V::Null)),
        Some(p) if l.link_netnsid.is_some() => f.push(("link_index", V::N(p as u64))),
        Some(p) if p != l.index => {
            let (name, up) = match names.get(&(p as u32)) {
                Some((n, fl)) => (n.clone(), fl.contains(LinkFlags::UP)),
                None => (format!("if{p}"), false),
            };
            m_down = !up;
            f.push(("link", V::S(name)));
        }
        _ => {}
    }
    f.push(("ifname", V::S(l.name.to_string())));
    let mut flags = link_flag_names(l.flags);
    if m_down {
        flags.push("M-DOWN".into());
    }
    f.push(("flags", V::L(flags)));
    if let Some(m) = l.mtu {
        f.push(("mtu", V::N(m as u64)));
    }
    if let Some(q) = &l.qdisc {
        f.push(("qdisc", V::S(q.clone())));
    }
    if let Some(m) = l.master
        && let Some((n, _)) = names.get(&(m as u32))
    {
        f.push(("master", V::S(n.clone())));
    }
    if let Some(o) = l.operstate {
        f.push(("operstate", V::S(o.to_string().to_uppercase())));
    }
    if with_mode && let Some(m) = l.link_mode {
        let s = match u8::from(m) {
            0 => "DEFAULT".to_string(),
            1 => "DORMANT".to_string(),
            2 => "TESTING".to_string(),
            n => n.to_string(),
        };
        f.push(("linkmode", V::S(s)));
    }
    if let Some(g) = l.group {
        f.push((
            "group",
            V::S(if g == 0 {
                "default".into()
            } else {
                g.to_string()
            }),
        ));
    }
    if let Some(q) = l.txqlen {
        f.push(("txqlen", V::N(q as u64)));
    }
    f.push(("link_type", V::S(link_type_name(l.link_type))));
    if let Some(a) = &l.address {
        f.push(("address", V::S(a.to_string())));
    }
    if let Some(b) = &l.broadcast {
        f.push(("broadcast", V::S(b.to_string())));
    }
    if let Some(id) = l.link_netnsid.filter(|&id| id >= 0) {
        f.push(("link_netnsid", V::N(id as u64)));
    }
    f
}

pub(crate) fn link_text(out: &mut String, f: &Fields) {
    let _ = write!(
        out,
        "{}: {}",
        gn(f, "ifindex").unwrap_or(0),
        gs(f, "ifname").unwrap_or("")
    );
    if let Some(p) = gs(f, "link") {
        let _ = write!(out, "@{p}");
    } else if let Some(p) = gn(f, "link_index") {
        let _ = write!(out, "@if{p}");
    }
    let _ = write!(out, ": <{}>", gl(f, "flags").join(","));
    kv(out, f, "mtu", "mtu");
    kv(out, f, "qdisc", "qdisc");
    kv(out, f, "master", "master");
    kv(out, f, "operstate", "state");
    kv(out, f, "linkmode", "mode");
    kv(out, f, "group", "group");
    kv(out, f, "txqlen", "qlen");
    if let Some(t) = gs(f, "link_type") {
        let _ = write!(out, "\n    link/{t}");
        if let Some(a) = gs(f, "address") {
            let _ = write!(out, " {a}");
        }
        kv(out, f, "broadcast", "brd");
        kv(out, f, "link_netnsid", "link-netnsid");
    }
    out.push('\n');
}

pub(crate) fn link_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<String> {
    match verb {
        "show" | "list" | "ls" => {
            let mut t = t;
            if t.first().map(String::as_str) == Some("dev") {
                t = &t[1..];
            }
            let links = c.links()?;
            let nm = names(&links);
            let want = match t.first() {
                Some(d) => {
                    no_more(&t[1..])?;
                    Some(index_of(c, d)?)
                }
                None => None,
            };
            let rows: Vec<Fields> = links
                .iter()
                .filter(|l| want.is_none_or(|w| w == l.index))
                .map(|l| link_fields(l, &nm, true))
                .collect();
            let mut out = String::new();
            if o.json {
                json_list(&mut out, &rows);
                out.push('\n');
            } else {
                for r in &rows {
                    link_text(&mut out, r);
                }
            }
            Ok(out)
        }
        "add" => {
            let name = need(t, 0, "link name")?;
            if t.get(1).map(String::as_str) != Some("type") {
                return usage("Missing \"type\": link add NAME type { veth | bridge } ...");
            }
            let kind = need(t, 2, "link type")?;
            match kind {
                "bridge" => {
                    no_more(&t[3..])?;
                    c.link_add(&LinkRequest::bridge(name))?;
                }
                "veth" => {
                    let r = &t[3..];
                    if r.len() < 3 || r[0] != "peer" || r[1] != "name" {
                        return usage("Missing peer: link add NAME type veth peer name PEER");
                    }
                    let peer = r[2].as_str();
                    let ns = match r.get(3).map(String::as_str) {
                        Some("netns") => {
                            no_more(&r[5.min(r.len())..])?;
                            Some(open_ns(need(r, 4, "namespace name")?)?)
                        }
                        Some(a) => return usage(format!("Unexpected argument \"{a}\"")),
                        None => None,
                    };
                    let mut p = VethPeer::new(peer);
                    if let Some(ns) = &ns {
                        p = p.netns(ns);
                    }
                    c.link_add(&LinkRequest::veth(name, p))?;
                }
                k => return usage(format!("Unsupported link type \"{k}\" (veth, bridge)")),
            }
            Ok(String::new())
        }
        "set" | "change" => {
            let dev = need(t, 0, "device name")?;
            let idx = index_of(c, dev)?;
            if t.len() < 2 {
                return usage(
                    "Missing what to set: up, down, mtu, master, nomaster, netns, name, address",
                );
            }
            let mut ch = LinkChange::new(idx);
            let mut ns_keep: Option<NetNs> = None;
            let mut ns_pid = None;
            let mut i = 1;
            while i < t.len() {
                match t[i].as_str() {
                    "up" => ch = ch.up(),
                    "down" => ch = ch.down(),
                    "nomaster" => ch = ch.nomaster(),
                    w @ ("mtu" | "master" | "netns" | "name" | "address") => {
                        i += 1;
                        let v = need(t, i, &format!("value after \"{w}\""))?;
                        match w {
                            "mtu" => ch = ch.mtu(parse_num(v, "mtu")?),
                            "master" => ch = ch.master(index_of(c, v)?),
                            "name" => ch = ch.name(v),
                            "address" => {
                                let a: HwAddr = v.parse().map_err(|_| {
                                    Fail::Usage(format!(
                                        "Error: \"{v}\" is not a valid link address."
                                    ))
                                })?;
                                ch = ch.address(a);
                            }
                            _ => match v.parse::<u32>() {
                                Ok(pid) => ns_pid = Some(pid),
                                Err(_) => ns_keep = Some(open_ns(v)?),
                            },
                        }
                    }
                    a => return usage(format!("Unknown link setting \"{a}\"")),
                }
                i += 1;
            }
            if let Some(ns) = &ns_keep {
                ch = ch.netns(ns);
            }
            if let Some(pid) = ns_pid {
                ch = ch.netns_pid(pid);
            }
            c.link_set(&ch)?;
            Ok(String::new())
        }
        "del" | "delete" => {
            let mut t = t;
            if t.first().map(String::as_str) == Some("dev") {
                t = &t[1..];
            }
            let dev = need(t, 0, "device name")?;
            no_more(&t[1..])?;
            let idx = index_of(c, dev)?;
            c.link_del(idx)?;
            Ok(String::new())
        }
        v => unknown_verb("link", v),
    }
}

pub(crate) fn dev_name(nm: &Names, i: u32) -> String {
    match nm.get(&i) {
        Some((n, _)) => n.clone(),
        None => format!("if{i}"),
    }
}
