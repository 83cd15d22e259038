//! `nl`: a small `ip`-like tool on nlstack.
//!
//! ```text
//! nl [-n NETNS] [-j] [-4|-6] OBJECT VERB ...
//!   link show [DEV]
//!   link add NAME type veth peer name PEER [netns NS]
//!   link add NAME type bridge
//!   link set DEV { up | down | mtu N | master BR | nomaster | netns NS | name NEW | address MAC } ...
//!   link del DEV
//!   addr show [dev DEV]
//!   addr { add | del } PREFIX dev DEV
//!   route show [table T]
//!   route get ADDR
//!   route { add | replace | del } PREFIX [via GW] [dev DEV] [table T] [metric N]
//!   neigh show
//!   rule show
//!   netns { list | add NAME | del NAME }
//! ```
//!
//! `-j` prints JSON with the keys and value formats of `ip -j`; see
//! `docs/cli.md` for what differs from `ip`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::net::IpAddr;
use std::process::ExitCode;

use nlstack::conn::{Config, Conn, Route as Rt};
use nlstack::netns::NetNs;
use nlstack::route::RT_TABLE_UNSPEC;
use nlstack::route::{
    Addr, AddrFilter, AddrFlags, AddrRequest, HwAddr, Link, LinkChange, LinkFlags, LinkRequest,
    Neigh, NeighFilter, NeighFlags, NeighState, NextHopFlags, Prefix, Route, RouteFilter,
    RouteFlags, RouteMsg, RouteRequest, RouteScope, RouteType, Rule, RuleAction, RuleFlags,
    VethPeer,
};
use nlstack::wire::{Flags, MsgType, RtMsg};

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

/// What went wrong: bad input (exit 1) or the kernel said no (exit 2).
enum Fail {
    Usage(String),
    Sys(nlstack::Error),
    /// Output was printed but cannot be trusted (exit 2).
    Inconsistent(String),
}

impl From<nlstack::Error> for Fail {
    fn from(e: nlstack::Error) -> Fail {
        Fail::Sys(e)
    }
}

type Res<T> = Result<T, Fail>;

fn usage<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail::Usage(msg.into()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Usage(m)) => {
            eprintln!("{m}");
            ExitCode::from(1)
        }
        Err(Fail::Sys(e)) => {
            eprintln!("{}", error_line(&e));
            ExitCode::from(2)
        }
        Err(Fail::Inconsistent(m)) => {
            eprintln!("{m}");
            ExitCode::from(2)
        }
    }
}

/// The kernel's error as `ip` prints it.
fn error_line(e: &nlstack::Error) -> String {
    if let Some(k) = e.as_kernel() {
        return match &k.message {
            Some(m) if !m.is_empty() => {
                let dot = if m.ends_with('.') { "" } else { "." };
                format!("Error: {m}{dot}")
            }
            _ => format!("RTNETLINK answers: {}", strerror(k.errno)),
        };
    }
    format!("nl: {e}")
}

fn strerror(errno: i32) -> String {
    // SAFETY: strerror returns a pointer to a NUL-terminated static or
    // thread-local string; we copy it at once.
    unsafe { std::ffi::CStr::from_ptr(libc::strerror(errno)) }
        .to_string_lossy()
        .into_owned()
}

struct Opts {
    json: bool,
    family: Option<u8>,
}

fn run(args: &[String]) -> Res<()> {
    let mut i = 0;
    let mut netns = None;
    let mut opts = Opts {
        json: false,
        family: None,
    };
    while i < args.len() && args[i].starts_with('-') {
        match args[i].as_str() {
            "-j" | "-json" => opts.json = true,
            "-4" => opts.family = Some(AF_INET),
            "-6" => opts.family = Some(AF_INET6),
            "-n" | "-netns" => {
                i += 1;
                match args.get(i) {
                    Some(n) => netns = Some(n.clone()),
                    None => return usage("-n needs a namespace name"),
                }
            }
            "-h" | "-help" | "--help" => {
                println!("{}", HELP);
                return Ok(());
            }
            o => return usage(format!("Option \"{o}\" is unknown, try \"nl -help\".")),
        }
        i += 1;
    }
    let rest = &args[i..];
    let Some(object) = rest.first() else {
        return usage("missing OBJECT, try \"nl -help\"");
    };
    let verb = rest.get(1).map(String::as_str).unwrap_or("show");
    let tail = if rest.len() > 2 { &rest[2..] } else { &[] };

    if matches!(object.as_str(), "netns" | "ns") {
        return netns_cmd(&opts, verb, tail);
    }
    let ns = match &netns {
        Some(n) => Some(
            NetNs::named(n)
                .map_err(|e| Fail::Usage(format!("Cannot open network namespace \"{n}\": {e}")))?,
        ),
        None => None,
    };
    let mut cfg = Config::default();
    if let Some(ns) = &ns {
        cfg = cfg.netns(ns);
    }
    let mut c = Conn::<Rt>::dial(cfg)?;
    let out = match object.as_str() {
        "link" | "l" => link_cmd(&mut c, &opts, verb, tail)?,
        "addr" | "address" | "a" => addr_cmd(&mut c, &opts, verb, tail)?,
        "route" | "r" => route_cmd(&mut c, &opts, verb, tail)?,
        "neigh" | "neighbour" | "neighbor" | "n" => match verb {
            "show" | "list" | "ls" => {
                no_more(tail)?;
                neigh_show(&mut c, &opts)?
            }
            v => return unknown_verb("neigh", v),
        },
        "rule" | "ru" => match verb {
            "show" | "list" | "ls" => {
                no_more(tail)?;
                rule_show(&mut c, &opts)?
            }
            v => return unknown_verb("rule", v),
        },
        o => return usage(format!("Object \"{o}\" is unknown, try \"nl -help\".")),
    };
    let mut so = std::io::stdout().lock();
    // A closed pipe is not an error worth reporting.
    let _ = so.write_all(out.as_bytes());
    Ok(())
}

const HELP: &str = "Usage: nl [-n NETNS] [-j] [-4|-6] OBJECT VERB ...
  link show [DEV] | link add NAME type veth peer name PEER [netns NS]
  link add NAME type bridge | link del DEV
  link set DEV { up | down | mtu N | master BR | nomaster | netns NS | name NEW | address MAC }
  addr show [dev DEV] | addr { add | del } PREFIX dev DEV
  route show [table T] | route get ADDR
  route { add | replace | del } PREFIX [via GW] [dev DEV] [table T] [metric N]
  neigh show | rule show | netns { list | add NAME | del NAME }";

fn unknown_verb<T>(object: &str, verb: &str) -> Res<T> {
    usage(format!(
        "Command \"{verb}\" is unknown for \"{object}\", try \"nl -help\"."
    ))
}

fn no_more(tail: &[String]) -> Res<()> {
    match tail.first() {
        Some(a) => usage(format!("Unexpected argument \"{a}\"")),
        None => Ok(()),
    }
}

fn need<'a>(tail: &'a [String], i: usize, what: &str) -> Res<&'a str> {
    match tail.get(i) {
        Some(s) => Ok(s),
        None => usage(format!("Missing {what}")),
    }
}

fn parse_num<T: std::str::FromStr>(s: &str, what: &str) -> Res<T> {
    s.parse()
        .map_err(|_| Fail::Usage(format!("Error: argument \"{s}\" is wrong: invalid {what}")))
}

fn parse_prefix(s: &str) -> Res<Prefix> {
    s.parse().map_err(|_| {
        Fail::Usage(format!(
            "Error: any valid prefix is expected rather than \"{s}\"."
        ))
    })
}

fn parse_ip(s: &str) -> Res<IpAddr> {
    s.parse().map_err(|_| {
        Fail::Usage(format!(
            "Error: any valid address is expected rather than \"{s}\"."
        ))
    })
}

fn parse_table(s: &str) -> Res<Option<u32>> {
    Ok(Some(match s {
        "all" => return Ok(None),
        "main" => 254,
        "local" => 255,
        "default" => 253,
        n => n.parse().map_err(|_| {
            Fail::Usage(format!(
                "Error: argument \"{n}\" is wrong: table id value is invalid"
            ))
        })?,
    }))
}

fn table_name(t: u32) -> String {
    match t {
        0 => "unspec".into(),
        253 => "default".into(),
        254 => "main".into(),
        255 => "local".into(),
        n => n.to_string(),
    }
}

fn index_of(c: &mut Conn<Rt>, name: &str) -> Res<i32> {
    match c.link_by_name(name) {
        Ok(l) => Ok(l.index),
        Err(e) if e.errno() == Some(libc::ENODEV) || e.is_not_found() => {
            usage(format!("Cannot find device \"{name}\""))
        }
        Err(e) => Err(e.into()),
    }
}

fn open_ns(name: &str) -> Res<NetNs> {
    NetNs::named(name)
        .map_err(|e| Fail::Usage(format!("Cannot open network namespace \"{name}\": {e}")))
}

// ---------------------------------------------------------------- values

/// One field value, printed as `ip -j` prints it.
enum V {
    S(String),
    N(u64),
    True,
    Null,
    L(Vec<String>),
    O(Vec<Fields>),
}

type Fields = Vec<(&'static str, V)>;

fn esc(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_obj(out: &mut String, f: &Fields) {
    out.push('{');
    for (i, (k, v)) in f.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        esc(out, k);
        out.push(':');
        match v {
            V::S(s) => esc(out, s),
            V::N(n) => {
                let _ = write!(out, "{n}");
            }
            V::True => out.push_str("true"),
            V::Null => out.push_str("null"),
            V::L(l) => {
                out.push('[');
                for (j, s) in l.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    esc(out, s);
                }
                out.push(']');
            }
            V::O(l) => json_list(out, l),
        }
    }
    out.push('}');
}

fn json_list(out: &mut String, l: &[Fields]) {
    out.push('[');
    for (i, f) in l.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_obj(out, f);
    }
    out.push(']');
}

fn get<'a>(f: &'a Fields, k: &str) -> Option<&'a V> {
    f.iter().find(|(n, _)| *n == k).map(|(_, v)| v)
}

fn gs<'a>(f: &'a Fields, k: &str) -> Option<&'a str> {
    match get(f, k) {
        Some(V::S(s)) => Some(s),
        _ => None,
    }
}

fn gn(f: &Fields, k: &str) -> Option<u64> {
    match get(f, k) {
        Some(V::N(n)) => Some(*n),
        _ => None,
    }
}

fn gl<'a>(f: &'a Fields, k: &str) -> &'a [String] {
    match get(f, k) {
        Some(V::L(l)) => l,
        _ => &[],
    }
}

/// Appends ` WORD VALUE` for a string or number field.
fn kv(out: &mut String, f: &Fields, key: &str, word: &str) {
    match get(f, key) {
        Some(V::S(s)) => {
            let _ = write!(out, " {word} {s}");
        }
        Some(V::N(n)) => {
            let _ = write!(out, " {word} {n}");
        }
        _ => {}
    }
}

// ----------------------------------------------------------------- links

fn link_flag_names(fl: LinkFlags) -> Vec<String> {
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

fn link_type_name(t: u16) -> String {
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
type Names = HashMap<u32, (String, LinkFlags)>;

fn names(links: &[Link]) -> Names {
    links
        .iter()
        .map(|l| (l.index as u32, (l.name.clone(), l.flags)))
        .collect()
}

fn link_fields(l: &Link, names: &Names, with_mode: bool) -> Fields {
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
    f.push(("ifname", V::S(l.name.clone())));
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

fn link_text(out: &mut String, f: &Fields) {
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

fn link_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<String> {
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

// ------------------------------------------------------------- addresses

fn scope_name(s: u8) -> String {
    match s {
        0 => "global".into(),
        200 => "site".into(),
        253 => "link".into(),
        254 => "host".into(),
        255 => "nowhere".into(),
        n => n.to_string(),
    }
}

fn addr_fields(a: &Addr) -> Fields {
    let v6 = a.family == AF_INET6;
    let mut f: Fields = vec![("family", V::S(if v6 { "inet6" } else { "inet" }.into()))];
    let local = a.local.or(a.address);
    if let Some(l) = local {
        f.push(("local", V::S(l.to_string())));
    }
    if let (Some(l), Some(p)) = (a.local, a.address)
        && l != p
    {
        f.push(("address", V::S(p.to_string())));
    }
    f.push(("prefixlen", V::N(a.prefixlen as u64)));
    if let Some(b) = a.broadcast {
        f.push(("broadcast", V::S(b.to_string())));
    }
    f.push(("scope", V::S(scope_name(a.scope))));
    let fl = a.flags;
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
    if let Some(l) = &a.label {
        f.push(("label", V::S(l.clone())));
    }
    if let Some(ci) = a.cache_info {
        f.push(("valid_life_time", V::N(ci.valid as u64)));
        f.push(("preferred_life_time", V::N(ci.preferred as u64)));
    }
    f
}

fn lft(n: Option<u64>) -> String {
    match n {
        Some(0xffff_ffff) | None => "forever".into(),
        Some(n) => format!("{n}sec"),
    }
}

fn addr_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<String> {
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
            let links = c.links()?;
            let nm = names(&links);
            let addrs = c.addresses(AddrFilter {
                family: o.family,
                index: want.map(|w| w as u32),
            })?;
            let mut rows = Vec::new();
            for l in links.iter().filter(|l| want.is_none_or(|w| w == l.index)) {
                let infos: Vec<Fields> = addrs
                    .iter()
                    .filter(|a| a.index == l.index as u32)
                    .filter(|a| o.family.is_none_or(|f| f == a.family))
                    .map(addr_fields)
                    .collect();
                if o.family.is_some() && infos.is_empty() {
                    continue;
                }
                let mut f = link_fields(l, &nm, false);
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
                f.push(("addr_info", V::O(infos)));
                rows.push(f);
            }
            let mut out = String::new();
            if o.json {
                json_list(&mut out, &rows);
                out.push('\n');
            } else {
                for r in &rows {
                    link_text(&mut out, r);
                    if let Some(V::O(infos)) = get(r, "addr_info") {
                        for a in infos {
                            let _ = write!(
                                out,
                                "    {} {}",
                                gs(a, "family").unwrap_or(""),
                                gs(a, "local").unwrap_or("")
                            );
                            kv(&mut out, a, "address", "peer");
                            let _ = write!(out, "/{}", gn(a, "prefixlen").unwrap_or(0));
                            kv(&mut out, a, "broadcast", "brd");
                            kv(&mut out, a, "scope", "scope");
                            for (k, v) in a {
                                if matches!(v, V::True) {
                                    let _ = write!(out, " {k}");
                                }
                            }
                            if let Some(l) = gs(a, "label") {
                                let _ = write!(out, " {l}");
                            }
                            let _ = writeln!(
                                out,
                                "\n       valid_lft {} preferred_lft {}",
                                lft(gn(a, "valid_life_time")),
                                lft(gn(a, "preferred_life_time"))
                            );
                        }
                    }
                }
            }
            Ok(out)
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
            Ok(String::new())
        }
        v => unknown_verb("addr", v),
    }
}

// ---------------------------------------------------------------- routes

fn proto_name(p: u8) -> String {
    match p {
        0 => "unspec".into(),
        1 => "redirect".into(),
        2 => "kernel".into(),
        3 => "boot".into(),
        4 => "static".into(),
        8 => "gated".into(),
        9 => "ra".into(),
        10 => "mrt".into(),
        11 => "zebra".into(),
        12 => "bird".into(),
        13 => "dnrouted".into(),
        14 => "xorp".into(),
        15 => "ntk".into(),
        16 => "dhcp".into(),
        17 => "mrouted".into(),
        18 => "keepalived".into(),
        42 => "babel".into(),
        99 => "openr".into(),
        186 => "bgp".into(),
        187 => "isis".into(),
        188 => "ospf".into(),
        189 => "rip".into(),
        192 => "eigrp".into(),
        n => n.to_string(),
    }
}

fn type_name(t: RouteType) -> String {
    match t.name() {
        Some(n) => n.to_lowercase(),
        None => t.0.to_string(),
    }
}

fn route_flag_names(bits: u32) -> Vec<String> {
    let mut v = Vec::new();
    let fl = RouteFlags::from_bits_retain(bits);
    for (b, n) in [
        (RouteFlags::DEAD, "dead"),
        (RouteFlags::ONLINK, "onlink"),
        (RouteFlags::PERVASIVE, "pervasive"),
        (RouteFlags::OFFLOAD, "offload"),
        (RouteFlags::TRAP, "trap"),
        (RouteFlags::NOTIFY, "notify"),
        (RouteFlags::LINKDOWN, "linkdown"),
        (RouteFlags::UNRESOLVED, "unresolved"),
    ] {
        if fl.contains(b) {
            v.push(n.to_string());
        }
    }
    v
}

fn nh_flag_names(fl: NextHopFlags) -> Vec<String> {
    let mut v = Vec::new();
    for (b, n) in [
        (NextHopFlags::DEAD, "dead"),
        (NextHopFlags::ONLINK, "onlink"),
        (NextHopFlags::PERVASIVE, "pervasive"),
        (NextHopFlags::OFFLOAD, "offload"),
        (NextHopFlags::TRAP, "trap"),
        (NextHopFlags::LINKDOWN, "linkdown"),
        (NextHopFlags::UNRESOLVED, "unresolved"),
    ] {
        if fl.contains(b) {
            v.push(n.to_string());
        }
    }
    v
}

fn dev_name(nm: &Names, i: u32) -> String {
    match nm.get(&i) {
        Some((n, _)) => n.clone(),
        None => format!("if{i}"),
    }
}

/// `show_table`: print `table` for routes outside main (ip does so only
/// when no single table was asked for).
fn route_fields(r: &Route, nm: &Names, show_table: bool, get: bool) -> Fields {
    let mut f: Fields = Vec::new();
    if r.kind != RouteType::UNICAST {
        f.push(("type", V::S(type_name(r.kind))));
    }
    let max = if r.family == AF_INET6 { 128 } else { 32 };
    let dst = match r.dst {
        Some(d) if r.dst_len == max => d.to_string(),
        Some(d) => format!("{d}/{}", r.dst_len),
        None if r.dst_len == 0 => "default".into(),
        None => format!("0/{}", r.dst_len),
    };
    f.push(("dst", V::S(dst)));
    match r.src {
        Some(s) if r.src_len == max => f.push(("from", V::S(s.to_string()))),
        Some(s) => f.push(("from", V::S(format!("{s}/{}", r.src_len)))),
        None if r.src_len > 0 => f.push(("from", V::S(format!("0/{}", r.src_len)))),
        None => {}
    }
    if let Some(g) = r.gateway_ip() {
        f.push(("gateway", V::S(g.to_string())));
    }
    if let Some(o) = r.oif {
        f.push(("dev", V::S(dev_name(nm, o))));
    }
    if show_table && r.table != 254 {
        f.push(("table", V::S(table_name(r.table))));
    }
    if r.protocol.0 != 3 && !get {
        f.push(("protocol", V::S(proto_name(r.protocol.0))));
    }
    if r.scope != RouteScope::UNIVERSE && !get {
        f.push(("scope", V::S(scope_name(r.scope.0))));
    }
    if let Some(p) = r.prefsrc {
        f.push(("prefsrc", V::S(p.to_string())));
    }
    if let Some(m) = r.priority {
        f.push(("metric", V::N(m as u64)));
    }
    f.push(("flags", V::L(route_flag_names(r.flags.bits()))));
    if get && let Some(u) = r.uid {
        f.push(("uid", V::N(u as u64)));
    }
    if let Some(p) = r.pref {
        let s = match p.0 {
            0 => "medium".to_string(),
            1 => "high".to_string(),
            3 => "low".to_string(),
            n => n.to_string(),
        };
        f.push(("pref", V::S(s)));
    }
    if !r.nexthops.is_empty() {
        let hops = r
            .nexthops
            .iter()
            .map(|h| {
                let mut hf: Fields = Vec::new();
                if let Some(g) = h.gateway_ip() {
                    hf.push(("gateway", V::S(g.to_string())));
                }
                hf.push(("dev", V::S(dev_name(nm, h.ifindex))));
                hf.push(("weight", V::N(h.weight as u64)));
                hf.push(("flags", V::L(nh_flag_names(h.flags))));
                hf
            })
            .collect();
        f.push(("nexthops", V::O(hops)));
    }
    f
}

fn route_text(out: &mut String, f: &Fields) {
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

fn route_cmd(c: &mut Conn<Rt>, o: &Opts, verb: &str, t: &[String]) -> Res<String> {
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
            Ok(String::new())
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
            let f = route_fields(&r, &nm, true, true);
            let mut out = String::new();
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
                req = req.dev(x as u32);
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
            Ok(String::new())
        }
        v => unknown_verb("route", v),
    }
}

// ---------------------------------------------------------- route show

/// A device name, ready to print as text and as a JSON string.
struct DevName {
    text: Box<[u8]>,
    json: Box<[u8]>,
}

/// Device names by ifindex, for `route show`.
struct Devs(HashMap<u32, DevName>);

impl Devs {
    fn new(links: &[Link]) -> Devs {
        Devs(
            links
                .iter()
                .map(|l| (l.index as u32, DevName::new(l.name.clone())))
                .collect(),
        )
    }

    /// Appends the name of `i` (`ifN` when unknown).
    fn put(&self, out: &mut Vec<u8>, i: u32, json: bool) {
        match self.0.get(&i) {
            Some(d) if json => out.extend_from_slice(&d.json),
            Some(d) => out.extend_from_slice(&d.text),
            None => {
                let d = DevName::new(format!("if{i}"));
                out.extend_from_slice(if json { &d.json } else { &d.text });
            }
        }
    }
}

impl DevName {
    fn new(name: String) -> DevName {
        let mut json = Vec::with_capacity(name.len() + 2);
        esc_bytes(&mut json, &name);
        DevName {
            text: name.into_bytes().into_boxed_slice(),
            json: json.into_boxed_slice(),
        }
    }
}

/// `esc` for a byte buffer: the same escapes, quotes included.
fn esc_bytes(out: &mut Vec<u8>, s: &str) {
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

/// Appends `n` in decimal.
fn put_num(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends an address as its `Display` form.
fn put_ip(out: &mut Vec<u8>, a: IpAddr) {
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
            let _ = write!(out, "{v}");
        }
    }
}

/// Appends `ADDR` when `len` is the host length, else `ADDR/LEN`; `0/LEN`
/// without an address.
fn put_prefix(out: &mut Vec<u8>, a: Option<IpAddr>, len: u8, max: u8) {
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

/// Writes one route's fields, as JSON (`ip -j`) or text, in the order and
/// formats of `route_fields` and `route_text`.
struct RouteOut<'o> {
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

const ROUTE_FLAGS: [(RouteFlags, &str); 8] = [
    (RouteFlags::DEAD, "dead"),
    (RouteFlags::ONLINK, "onlink"),
    (RouteFlags::PERVASIVE, "pervasive"),
    (RouteFlags::OFFLOAD, "offload"),
    (RouteFlags::TRAP, "trap"),
    (RouteFlags::NOTIFY, "notify"),
    (RouteFlags::LINKDOWN, "linkdown"),
    (RouteFlags::UNRESOLVED, "unresolved"),
];

const NH_FLAGS: [(NextHopFlags, &str); 7] = [
    (NextHopFlags::DEAD, "dead"),
    (NextHopFlags::ONLINK, "onlink"),
    (NextHopFlags::PERVASIVE, "pervasive"),
    (NextHopFlags::OFFLOAD, "offload"),
    (NextHopFlags::TRAP, "trap"),
    (NextHopFlags::LINKDOWN, "linkdown"),
    (NextHopFlags::UNRESOLVED, "unresolved"),
];

/// Appends one route of a `route show`: a JSON object, or a text line.
/// What it prints is what `route_fields(.., get: false)` then `json_obj`
/// or `route_text` print for the same route.
fn put_route(out: &mut Vec<u8>, r: &RouteMsg<'_>, devs: &Devs, show_table: bool, json: bool) {
    if json {
        out.push(b'{');
    }
    let mut f = RouteOut {
        out,
        json,
        fields: 0,
    };
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
    let (dst_len, src_len) = (r.header.dst_len, r.header.src_len);
    if json {
        f.key("dst", "");
    }
    f.quote();
    if r.dst.is_none() && dst_len == 0 {
        f.out.extend_from_slice(b"default");
    } else {
        put_prefix(f.out, r.dst, dst_len, max);
    }
    f.quote();
    if r.src.is_some() || src_len > 0 {
        f.key("from", "from");
        f.quote();
        put_prefix(f.out, r.src, src_len, max);
        f.quote();
    }
    if let Some(g) = r.gateway.or_else(|| r.via.and_then(|v| v.ip())) {
        f.ip("gateway", "via", g);
    }
    if let Some(o) = r.oif {
        f.key("dev", "dev");
        devs.put(f.out, o, json);
    }
    if show_table && r.table != 254 {
        f.str("table", "table", &table_name(r.table));
    }
    if r.protocol().0 != 3 {
        f.str("protocol", "proto", &proto_name(r.protocol().0));
    }
    if r.scope() != RouteScope::UNIVERSE {
        f.str("scope", "scope", &scope_name(r.scope().0));
    }
    if let Some(p) = r.prefsrc {
        f.ip("prefsrc", "src", p);
    }
    if let Some(m) = r.priority {
        f.num("metric", "metric", m as u64);
    }
    let fl = r.flags();
    f.flags(
        ROUTE_FLAGS
            .iter()
            .filter(|(b, _)| fl.contains(*b))
            .map(|(_, n)| *n),
    );
    if let Some(p) = r.pref {
        let s = match p.0 {
            0 => "medium".to_string(),
            1 => "high".to_string(),
            3 => "low".to_string(),
            n => n.to_string(),
        };
        f.str("pref", "pref", &s);
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
            devs.put(hf.out, h.ifindex, json);
            hf.num("weight", "weight", h.weight() as u64);
            hf.flags(
                NH_FLAGS
                    .iter()
                    .filter(|(b, _)| h.flags.contains(*b))
                    .map(|(_, n)| *n),
            );
            if json {
                hf.out.push(b'}');
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
/// one route at a time, with no owned copies. The request and the
/// filtering are those of [`Conn::routes`]; a dump the kernel marks
/// interrupted cannot be retried once printed, so it is reported on
/// stderr (as ip does) and the exit status is 2.
fn route_show(c: &mut Conn<Rt>, json: bool, filter: &RouteFilter, show_table: bool) -> Res<()> {
    let devs = Devs::new(&c.links()?);
    let table = filter.table.unwrap_or(RT_TABLE_UNSPEC);
    let mut dump = c.dump(MsgType::RTM_GETROUTE, Flags::empty(), |e| {
        e.header(&RtMsg {
            family: filter.family.unwrap_or(0),
            table: u8::try_from(table).unwrap_or(RT_TABLE_UNSPEC as u8),
            ..Default::default()
        });
        if table > 255 {
            e.put_u32(nlstack::route::RTA_TABLE, table);
        }
    })?;
    let mut so = std::io::stdout().lock();
    const CHUNK: usize = 1 << 16;
    let mut out: Vec<u8> = Vec::with_capacity(CHUNK + 4096);
    let mut n = 0usize;
    let mut broken = false;
    if json {
        out.push(b'[');
    }
    let mut failed = None;
    while let Some(m) = dump.next() {
        let m = match m {
            Ok(m) => m,
            // Like `Conn::routes`: a table that does not exist is empty.
            Err(e) if filter.table.is_some() && e.errno() == Some(libc::ENOENT) => break,
            Err(e) => {
                failed = Some(e);
                break;
            }
        };
        let r = RouteMsg::parse(&m)?;
        if !filter.matches(&r) {
            continue;
        }
        if json && n > 0 {
            out.push(b',');
        }
        n += 1;
        put_route(&mut out, &r, &devs, show_table, json);
        if out.len() >= CHUNK {
            // A closed pipe is not an error worth reporting; stop there.
            if so.write_all(&out).is_err() {
                broken = true;
                break;
            }
            out.clear();
        }
    }
    let interrupted = dump.interrupted() && dump.is_done();
    drop(dump);
    if let Some(e) = failed {
        return Err(e.into());
    }
    if broken {
        return Ok(());
    }
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

// ------------------------------------------------------------ neighbours

fn neigh_state_names(s: NeighState) -> Vec<String> {
    if s.is_empty() {
        return vec!["NONE".into()];
    }
    let mut v = Vec::new();
    for (b, n) in [
        (NeighState::INCOMPLETE, "INCOMPLETE"),
        (NeighState::REACHABLE, "REACHABLE"),
        (NeighState::STALE, "STALE"),
        (NeighState::DELAY, "DELAY"),
        (NeighState::PROBE, "PROBE"),
        (NeighState::FAILED, "FAILED"),
        (NeighState::NOARP, "NOARP"),
        (NeighState::PERMANENT, "PERMANENT"),
    ] {
        if s.contains(b) {
            v.push(n.to_string());
        }
    }
    v
}

fn neigh_fields(n: &Neigh, nm: &Names) -> Fields {
    let mut f: Fields = Vec::new();
    if let Some(d) = n.dst {
        f.push(("dst", V::S(d.to_string())));
    }
    f.push(("dev", V::S(dev_name(nm, n.ifindex))));
    if let Some(l) = &n.lladdr {
        let s = l
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":");
        f.push(("lladdr", V::S(s)));
    }
    if n.flags.contains(NeighFlags::ROUTER) {
        f.push(("router", V::Null));
    }
    if n.flags.contains(NeighFlags::PROXY) {
        f.push(("proxy", V::Null));
    }
    if !n.flags.contains(NeighFlags::PROXY) {
        f.push(("state", V::L(neigh_state_names(n.state))));
    }
    f
}

fn neigh_show(c: &mut Conn<Rt>, o: &Opts) -> Res<String> {
    let mut filter = NeighFilter::default();
    if let Some(f) = o.family {
        filter = filter.family(f);
    }
    let all = c.neighbours(filter)?;
    let nm = names(&c.links()?);
    let rows: Vec<Fields> = all
        .iter()
        .filter(|n| n.family == AF_INET || n.family == AF_INET6)
        .filter(|n| !n.state.contains(NeighState::NOARP))
        .map(|n| neigh_fields(n, &nm))
        .collect();
    let mut out = String::new();
    if o.json {
        json_list(&mut out, &rows);
        out.push('\n');
    } else {
        for f in &rows {
            out.push_str(gs(f, "dst").unwrap_or(""));
            kv(&mut out, f, "dev", "dev");
            kv(&mut out, f, "lladdr", "lladdr");
            if get(f, "router").is_some() {
                out.push_str(" router");
            }
            for s in gl(f, "state") {
                let _ = write!(out, " {s}");
            }
            out.push('\n');
        }
    }
    Ok(out)
}

// ----------------------------------------------------------------- rules

fn rule_fields(r: &Rule) -> Fields {
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

fn rule_show(c: &mut Conn<Rt>, o: &Opts) -> Res<String> {
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
            kv(&mut out, f, "fwmark", "fwmark");
            if let Some(m) = gs(f, "fwmask") {
                let _ = write!(out, "/{m}");
            }
            kv(&mut out, f, "iif", "iif");
            kv(&mut out, f, "oif", "oif");
            kv(&mut out, f, "table", "lookup");
            kv(&mut out, f, "goto", "goto");
            if get(f, "nop").is_some() {
                out.push_str(" nop");
            }
            if let Some(a) = gs(f, "action") {
                let _ = write!(out, " {a}");
            }
            out.push('\n');
        }
    }
    Ok(out)
}

// ------------------------------------------------------------ namespaces

fn netns_cmd(o: &Opts, verb: &str, t: &[String]) -> Res<()> {
    match verb {
        "list" | "show" | "ls" => {
            no_more(t)?;
            let mut l = NetNs::list().map_err(|e| Fail::Sys(e.into()))?;
            l.sort();
            let mut out = String::new();
            if o.json {
                let rows: Vec<Fields> = l.iter().map(|n| vec![("name", V::S(n.clone()))]).collect();
                json_list(&mut out, &rows);
                out.push('\n');
            } else {
                for n in &l {
                    let _ = writeln!(out, "{n}");
                }
            }
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
            Ok(())
        }
        "add" => {
            let n = need(t, 0, "namespace name")?;
            no_more(&t[1..])?;
            NetNs::create(n)
                .map(drop)
                .map_err(|e| Fail::Usage(format!("Cannot create namespace \"{n}\": {e}")))
        }
        "del" | "delete" => {
            let n = need(t, 0, "namespace name")?;
            no_more(&t[1..])?;
            NetNs::delete(n)
                .map_err(|e| Fail::Usage(format!("Cannot remove namespace \"{n}\": {e}")))
        }
        v => unknown_verb("netns", v),
    }
}
