//! `nl link`: show, add, set, del.

use nlstack::conn::{Conn, Route as Rt};
use nlstack::netns::NetNs;
use nlstack::route::link::LinkMsg;
use nlstack::route::{HwAddr, LinkChange, LinkFlags, LinkRequest, OperState, VethPeer};

use crate::args::{
    Fail, Opts, Res, index_of, need, no_more, open_ns, parse_num, raw, unknown_verb, usage,
};
use crate::json::{Fields, Out, V, gb, get, gl, gn, gs, json_obj, kv, text};
use crate::link_names::{Names, named_parent};
use crate::stream::stream_rows;

pub(crate) fn link_flag_names(fl: LinkFlags) -> Vec<&'static str> {
    let mut v = Vec::with_capacity(8);
    if fl.contains(LinkFlags::UP) && !fl.contains(LinkFlags::RUNNING) {
        v.push("NO-CARRIER");
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
            v.push(n);
        }
    }
    v
}

/// ip's name for an `ARPHRD_*` type.
pub(crate) fn link_type_name(t: u16) -> V {
    match t {
        1 => V::C("ether"),
        772 => V::C("loopback"),
        0xfffe => V::C("none"),
        768 => V::C("ipip"),
        776 => V::C("sit"),
        778 => V::C("gre"),
        n => V::S(format!("[{n}]")),
    }
}

/// ip's name for an operational state (`IF_OPER_*`).
fn operstate_name(o: OperState) -> V {
    match o {
        OperState::Unknown => V::C("UNKNOWN"),
        OperState::NotPresent => V::C("NOTPRESENT"),
        OperState::Down => V::C("DOWN"),
        OperState::LowerLayerDown => V::C("LOWERLAYERDOWN"),
        OperState::Testing => V::C("TESTING"),
        OperState::Dormant => V::C("DORMANT"),
        OperState::Up => V::C("UP"),
        o => V::S(o.to_string().to_uppercase()),
    }
}

/// `out`, or when the dump was interrupted (and so printed as it was),
/// `out` written and the error ip reports then.
pub(crate) fn inconsistent(mut out: Out, interrupted: bool) -> Res<Out> {
    if !interrupted {
        return Ok(out);
    }
    out.write_now();
    Err(Fail::Inconsistent(
        "Dump was interrupted and may be inconsistent.".into(),
    ))
}

/// What `link show` prints besides the basics: `-d`, `-s`.
#[derive(Clone, Copy, Default)]
pub(crate) struct Extra {
    pub(crate) details: bool,
    pub(crate) stats: bool,
    /// `ifalias` (ip prints it in `link show`, and with `-d`).
    pub(crate) alias: bool,
}

pub(crate) fn link_fields(l: &LinkMsg<&[u8]>, names: &Names, with_mode: bool) -> Fields {
    let mut f: Fields = Vec::with_capacity(20);
    let index = l.index();
    f.push(("ifindex", V::N(index as u64)));
    // ip's "M-DOWN": the link this one sits on (a veth's peer) is down.
    let mut m_down = false;
    match l.link() {
        Some(0) => f.push(("link", V::Null)),
        Some(p) if l.link_netnsid().is_some() => f.push(("link_index", V::N(p as u64))),
        _ => {}
    }
    if let Some(p) = named_parent(l) {
        let (name, up) = match names.get(&p) {
            Some((n, fl)) => (V::I(*n), fl.contains(LinkFlags::UP)),
            None => (V::S(format!("if{p}")), false),
        };
        m_down = !up;
        f.push(("link", name));
    }
    f.push(("ifname", V::I(l.name())));
    let mut flags = link_flag_names(l.flags());
    if m_down {
        flags.push("M-DOWN");
    }
    f.push(("flags", V::L(flags)));
    if let Some(m) = l.mtu() {
        f.push(("mtu", V::N(m as u64)));
    }
    if let Some(q) = l.qdisc() {
        let q = match q {
            b"noqueue" => V::C("noqueue"),
            b"noop" => V::C("noop"),
            b"fq_codel" => V::C("fq_codel"),
            q => V::S(String::from_utf8_lossy(q).into_owned()),
        };
        f.push(("qdisc", q));
    }
    if let Some((n, _)) = l.master().and_then(|m| names.get(&{ m })) {
        f.push(("master", V::I(*n)));
    }
    if let Some(o) = l.operstate() {
        f.push(("operstate", operstate_name(o)));
    }
    if let Some(m) = l.link_mode().filter(|_| with_mode) {
        let s = match u8::from(m) {
            0 => V::C("DEFAULT"),
            1 => V::C("DORMANT"),
            2 => V::C("TESTING"),
            n => V::S(n.to_string()),
        };
        f.push(("linkmode", s));
    }
    if let Some(g) = l.group() {
        f.push((
            "group",
            if g == 0 {
                V::C("default")
            } else {
                V::S(g.to_string())
            },
        ));
    }
    if let Some(q) = l.txqlen() {
        f.push(("txqlen", V::N(q as u64)));
    }
    f.push(("link_type", link_type_name(l.link_type())));
    if let Some(a) = &l.address() {
        f.push(("address", V::Hw(*a)));
    }
    if let Some(b) = &l.broadcast() {
        f.push(("broadcast", V::Hw(*b)));
    }
    if let Some(id) = l.link_netnsid().filter(|&id| id >= 0) {
        f.push(("link_netnsid", V::N(id as u64)));
    }
    f
}

/// [`link_fields`] with what a listed link adds: `ifalias` (if not
/// empty), `-d` details, `-s` statistics, `altnames`, in ip's order.
pub(crate) fn row_fields(l: &LinkMsg<&[u8]>, names: &Names, with_mode: bool, x: Extra) -> Fields {
    let mut f = link_fields(l, names, with_mode);
    if x.details {
        crate::details::details(&mut f, l);
    }
    if let Some(a) = l.alias().filter(|a| x.alias && !a.is_empty()) {
        f.push(("ifalias", V::B(a.to_vec())));
    }
    if let Some(s) = &x.stats.then(|| l.stats64()).flatten() {
        f.push(("stats64", crate::details::stats64(s)));
        f.push(("stats_text", V::Text(crate::details::stats_text(s))));
    }
    let alt: Vec<Vec<u8>> = l.alt_names().iter().map(<[u8]>::to_vec).collect();
    if !alt.is_empty() {
        f.push(("altnames", V::BL(alt)));
    }
    f
}

pub(crate) fn link_text(out: &mut Out, f: &Fields) {
    out.num(gn(f, "ifindex").unwrap_or(0));
    out.push_str(": ");
    out.bytes(gb(f, "ifname").unwrap_or(b""));
    if let Some(p) = gb(f, "link") {
        out.push('@');
        out.bytes(p);
    } else if let Some(p) = gn(f, "link_index") {
        out.push_str("@if");
        out.num(p);
    }
    out.push_str(": <");
    for (i, fl) in gl(f, "flags").iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(fl);
    }
    out.push('>');
    kv(out, f, "mtu", "mtu");
    kv(out, f, "qdisc", "qdisc");
    kv(out, f, "master", "master");
    kv(out, f, "operstate", "state");
    kv(out, f, "linkmode", "mode");
    kv(out, f, "group", "group");
    kv(out, f, "txqlen", "qlen");
    if let Some(t) = gs(f, "link_type") {
        out.push_str("\n    link/");
        out.push_str(t);
        if let Some(a) = get(f, "address") {
            out.push(' ');
            text(out, a);
        }
        kv(out, f, "broadcast", "brd");
        kv(out, f, "link_netnsid", "link-netnsid");
    }
    if let Some(a) = gb(f, "ifalias") {
        out.push_str("\n    alias ");
        out.bytes(a);
    }
    if let Some(V::Text(t)) = get(f, "stats_text") {
        out.bytes(t);
    }
    if let Some(V::BL(names)) = get(f, "altnames") {
        for n in names {
            out.push_str("\n    altname ");
            out.bytes(n);
        }
    }
    out.push('\n');
}

pub(crate) fn link_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<Out> {
    match verb {
        "show" | "list" | "ls" => {
            let mut t = t;
            if t.first().map(String::as_str) == Some("dev") {
                t = &t[1..];
            }
            let want = match t.first() {
                Some(d) => {
                    no_more(&t[1..])?;
                    Some(index_of(c, d)?)
                }
                None => None,
            };
            let x = Extra {
                details: o.details,
                stats: o.stats,
                alias: true,
            };
            let mut out = Out::with_capacity(1 << 17);
            let mut first = true;
            if o.json {
                out.push('[');
            }
            let interrupted = stream_rows(c, o.stats, |l, nm| {
                if want.is_some_and(|w| w != l.index()) {
                    return true;
                }
                let f = row_fields(l, nm, true, x);
                if o.json {
                    if !first {
                        out.push(',');
                    }
                    json_obj(&mut out, &f);
                } else {
                    link_text(&mut out, &f);
                }
                first = false;
                out.spill()
            })?;
            crate::timing::mark("dump and format");
            if o.json {
                out.push_str("]\n");
            }
            inconsistent(out, interrupted)
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
                    c.link_add(&LinkRequest::bridge(raw(name)))?;
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
                    let mut p = VethPeer::new(raw(peer));
                    if let Some(ns) = &ns {
                        p = p.netns(ns);
                    }
                    c.link_add(&LinkRequest::veth(raw(name), p))?;
                }
                k => return usage(format!("Unsupported link type \"{k}\" (veth, bridge)")),
            }
            Ok(Out::new())
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
                            "name" => ch = ch.name(raw(v)),
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
            Ok(Out::new())
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
            Ok(Out::new())
        }
        v => unknown_verb("link", v),
    }
}
