//! `nl conntrack`: the connection tracking table as conntrack-tools shows
//! and changes it. `list` prints the lines of `conntrack -L -o extended`,
//! `events` those of `conntrack -E`; `-j` prints one JSON object a line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::conntrack::{
    Entry, EntrySpec, Event, Filter, ProtoInfoSpec, ProtoInfoTcpSpec, Query, Status, Tuple,
    TupleSpec, labels, tcp_state_by_name, tcp_state_name,
};
use nlstack::netfilter::nfnl::{
    NFNLGRP_CONNTRACK_DESTROY, NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE,
};
use nlstack::netns::NetNs;
use nlstack::route::Prefix;

use crate::args::{AF_INET, AF_INET6, Fail, Opts, Res, usage};
use crate::json::{Fields, V, json_into};

/// Where conntrack-tools (libnetfilter_conntrack) reads label names.
const CONNLABEL_CONF: &str = "/etc/xtables/connlabel.conf";

/// `IPPROTO_*` numbers `nl conntrack` names.
const TCP: u8 = 6;
const UDP: u8 = 17;
const ICMP: u8 = 1;
const ICMPV6: u8 = 58;
const GRE: u8 = 47;
const DCCP: u8 = 33;
const SCTP: u8 = 132;
const UDPLITE: u8 = 136;

/// The options of every `nl conntrack` verb, as conntrack-tools spells
/// them.
#[derive(Default)]
struct CtArgs {
    family: Option<u8>,
    proto: Option<u8>,
    src: Option<Prefix>,
    dst: Option<Prefix>,
    reply_src: Option<Prefix>,
    reply_dst: Option<Prefix>,
    sport: Option<u16>,
    dport: Option<u16>,
    reply_sport: Option<u16>,
    reply_dport: Option<u16>,
    icmp_type: Option<u8>,
    icmp_code: Option<u8>,
    icmp_id: Option<u16>,
    mark: Option<(u32, u32)>,
    zone: Option<u16>,
    timeout: Option<u32>,
    state: Option<u8>,
    status: Option<u32>,
    extended: bool,
    show_id: bool,
    show_labels: bool,
    count: Option<u64>,
    events: Option<Vec<u32>>,
}

/// The name conntrack-tools gives IP protocol `p`.
fn proto_name(p: u8) -> &'static str {
    match p {
        TCP => "tcp",
        UDP => "udp",
        UDPLITE => "udplite",
        ICMP => "icmp",
        ICMPV6 => "icmpv6",
        SCTP => "sctp",
        GRE => "gre",
        DCCP => "dccp",
        _ => "unknown",
    }
}

/// The name conntrack-tools gives family `f`.
fn l3_name(f: u8) -> &'static str {
    match f {
        AF_INET => "ipv4",
        AF_INET6 => "ipv6",
        _ => "unknown",
    }
}

/// A protocol by name (`tcp`, ...) or number.
fn parse_proto(s: &str) -> Res<u8> {
    let names = [TCP, UDP, UDPLITE, ICMP, ICMPV6, SCTP, GRE, DCCP];
    if let Some(p) = names
        .iter()
        .copied()
        .find(|&p| proto_name(p).eq_ignore_ascii_case(s))
    {
        return Ok(p);
    }
    if s.eq_ignore_ascii_case("ipv6-icmp") {
        return Ok(ICMPV6);
    }
    s.parse()
        .map_err(|_| Fail::Usage(format!("nl conntrack: unknown protocol `{s}'")))
}

/// A number as `strtoul(s, NULL, 0)` reads it: decimal, `0x` hex or `0`
/// octal.
fn parse_u32(s: &str, what: &str) -> Res<u32> {
    let bad = || Fail::Usage(format!("nl conntrack: invalid {what} `{s}'"));
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        u32::from_str_radix(h, 16).map_err(|_| bad())
    } else if s.len() > 1 && s.starts_with('0') {
        u32::from_str_radix(&s[1..], 8).map_err(|_| bad())
    } else {
        s.parse().map_err(|_| bad())
    }
}

/// A number that must fit `T` (ports, zones, ICMP fields).
fn parse_small<T: TryFrom<u32>>(s: &str, what: &str) -> Res<T> {
    T::try_from(parse_u32(s, what)?)
        .map_err(|_| Fail::Usage(format!("nl conntrack: {what} `{s}' is out of range")))
}

/// An address, or a prefix for filters.
fn parse_addr(s: &str) -> Res<Prefix> {
    s.parse()
        .map_err(|_| Fail::Usage(format!("nl conntrack: invalid IP address `{s}'")))
}

/// `-u`: status names, comma-separated, as `IPS_*` bits.
fn parse_status(s: &str) -> Res<u32> {
    let mut bits = 0;
    for w in s.split(',') {
        bits |= match w.to_ascii_uppercase().as_str() {
            "EXPECTED" => Status::EXPECTED.bits(),
            "ASSURED" => Status::ASSURED.bits(),
            "SEEN_REPLY" => Status::SEEN_REPLY.bits(),
            "FIXED_TIMEOUT" => Status::FIXED_TIMEOUT.bits(),
            "NATTED" => Status::SRC_NAT.bits() | Status::DST_NAT.bits(),
            "SRC_NAT" | "SNAT" => Status::SRC_NAT.bits(),
            "DST_NAT" | "DNAT" => Status::DST_NAT.bits(),
            "OFFLOAD" => Status::OFFLOAD.bits(),
            "UNSET" => 0,
            _ => return usage(format!("nl conntrack: unknown status `{w}'")),
        };
    }
    Ok(bits)
}

/// `-e`: event names, comma-separated, as the groups to join.
fn parse_events(s: &str) -> Res<Vec<u32>> {
    let mut g = Vec::new();
    for w in s.split(',') {
        let add: &[u32] = match w.to_ascii_uppercase().as_str() {
            "NEW" => &[NFNLGRP_CONNTRACK_NEW],
            "UPDATE" => &[NFNLGRP_CONNTRACK_UPDATE],
            "DESTROY" => &[NFNLGRP_CONNTRACK_DESTROY],
            "ALL" => &[
                NFNLGRP_CONNTRACK_NEW,
                NFNLGRP_CONNTRACK_UPDATE,
                NFNLGRP_CONNTRACK_DESTROY,
            ],
            _ => return usage(format!("nl conntrack: unknown event `{w}'")),
        };
        g.extend(add.iter().filter(|&&x| !g.contains(&x)).collect::<Vec<_>>());
    }
    Ok(g)
}

/// The options after the verb; `global_family` is `nl -4`/`-6`.
fn parse_args(tail: &[String], global_family: Option<u8>) -> Res<CtArgs> {
    let mut a = CtArgs {
        family: global_family,
        ..CtArgs::default()
    };
    let mut i = 0;
    while i < tail.len() {
        let opt = tail[i].as_str();
        // `--opt=value` as well as `--opt value`.
        let (name, inline) = match opt.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (opt, None),
        };
        let mut value = |what: &str| -> Res<String> {
            if let Some(v) = &inline {
                return Ok(v.clone());
            }
            i += 1;
            match tail.get(i) {
                Some(v) => Ok(v.clone()),
                None => usage(format!("nl conntrack: option `{name}' needs {what}")),
            }
        };
        match name {
            "-f" | "--family" => {
                a.family = Some(match value("a family")?.as_str() {
                    "ipv4" | "inet" => AF_INET,
                    "ipv6" | "inet6" => AF_INET6,
                    f => return usage(format!("nl conntrack: unknown family `{f}'")),
                })
            }
            "-p" | "--proto" | "--protonum" => a.proto = Some(parse_proto(&value("a protocol")?)?),
            "-s" | "--src" | "--orig-src" => a.src = Some(parse_addr(&value("an address")?)?),
            "-d" | "--dst" | "--orig-dst" => a.dst = Some(parse_addr(&value("an address")?)?),
            "-r" | "--reply-src" => a.reply_src = Some(parse_addr(&value("an address")?)?),
            "-q" | "--reply-dst" => a.reply_dst = Some(parse_addr(&value("an address")?)?),
            "--sport" | "--orig-port-src" => {
                a.sport = Some(parse_small(&value("a port")?, "port")?)
            }
            "--dport" | "--orig-port-dst" => {
                a.dport = Some(parse_small(&value("a port")?, "port")?)
            }
            "--reply-port-src" => {
                a.reply_sport = Some(parse_small(&value("a port")?, "port")?);
            }
            "--reply-port-dst" => {
                a.reply_dport = Some(parse_small(&value("a port")?, "port")?);
            }
            "--icmp-type" => a.icmp_type = Some(parse_small(&value("a type")?, "ICMP type")?),
            "--icmp-code" => a.icmp_code = Some(parse_small(&value("a code")?, "ICMP code")?),
            "--icmp-id" => a.icmp_id = Some(parse_small(&value("an id")?, "ICMP id")?),
            "-m" | "--mark" => {
                let v = value("a mark")?;
                a.mark = Some(match v.split_once('/') {
                    Some((m, k)) => (parse_u32(m, "mark")?, parse_u32(k, "mark mask")?),
                    None => (parse_u32(&v, "mark")?, u32::MAX),
                });
            }
            "-w" | "--zone" => a.zone = Some(parse_small(&value("a zone")?, "zone")?),
            "-t" | "--timeout" => a.timeout = Some(parse_u32(&value("a timeout")?, "timeout")?),
            "--state" => {
                let v = value("a state")?;
                a.state = Some(tcp_state_by_name(&v).ok_or_else(|| {
                    Fail::Usage(format!("nl conntrack: unknown TCP state `{v}'"))
                })?);
            }
            "-u" | "--status" => a.status = Some(parse_status(&value("a status")?)?),
            "-o" | "--output" => {
                for w in value("a format")?.split(',') {
                    match w {
                        "extended" => a.extended = true,
                        "id" => a.show_id = true,
                        "labels" => a.show_labels = true,
                        w => return usage(format!("nl conntrack: unknown output `{w}'")),
                    }
                }
            }
            "-e" | "--event-mask" => a.events = Some(parse_events(&value("events")?)?),
            "-c" | "--count" => {
                a.count = Some(u64::from(parse_u32(&value("a number")?, "count")?));
            }
            o => return usage(format!("nl conntrack: unknown option `{o}'")),
        }
        i += 1;
    }
    Ok(a)
}

impl CtArgs {
    /// The user-side match of the filters given.
    fn filter(&self) -> Filter {
        let mut f = Filter::new();
        f.protocol = self.proto;
        f.orig_src = self.src;
        f.orig_dst = self.dst;
        f.reply_src = self.reply_src;
        f.reply_dst = self.reply_dst;
        f.orig_src_port = self.sport;
        f.orig_dst_port = self.dport;
        f.reply_src_port = self.reply_sport;
        f.reply_dst_port = self.reply_dport;
        if let Some((m, k)) = self.mark {
            f = f.mark(m, k);
        }
        f.zone = self.zone;
        f
    }

    /// True when `e` passes the filters, including those [`Filter`] has no
    /// field for (family, status, ICMP identity).
    fn matches(&self, e: &Entry<&[u8]>) -> bool {
        if self.family.is_some_and(|f| f != e.family()) {
            return false;
        }
        if let Some(s) = self.status
            && e.status().unwrap_or(0) & s != s
        {
            return false;
        }
        let orig = e.orig();
        let p = orig.as_ref().and_then(|t| t.proto());
        let icmp = |v4: Option<u8>, v6: Option<u8>| v4.or(v6);
        if let Some(t) = self.icmp_type
            && p.as_ref()
                .and_then(|p| icmp(p.icmp_type(), p.icmpv6_type()))
                != Some(t)
        {
            return false;
        }
        if let Some(c) = self.icmp_code
            && p.as_ref()
                .and_then(|p| icmp(p.icmp_code(), p.icmpv6_code()))
                != Some(c)
        {
            return false;
        }
        if let Some(id) = self.icmp_id
            && p.as_ref().and_then(|p| p.icmp_id().or(p.icmpv6_id())) != Some(id)
        {
            return false;
        }
        self.filter().matches(e)
    }

    /// The family the addresses given are of (or `-f`), for verbs that
    /// name one entry.
    fn addr_family(&self) -> u8 {
        match (self.family, self.src, self.dst) {
            (Some(f), _, _) => f,
            (None, Some(p), _) | (None, None, Some(p)) => p.family(),
            _ => AF_INET,
        }
    }

    /// The original tuple of `-s`, `-d`, `-p` with ports or ICMP fields:
    /// what `get` and `create` name an entry by.
    fn orig_tuple(&self) -> Res<TupleSpec> {
        let (Some(s), Some(d), Some(p)) = (self.src, self.dst, self.proto) else {
            return usage("nl conntrack: this needs -s, -d and -p");
        };
        if s.family() != d.family() {
            return usage("nl conntrack: -s and -d are of different families");
        }
        let t = TupleSpec::between(s.addr(), d.addr(), p);
        self.l4(t, p, self.sport, self.dport, false)
    }

    /// The reply tuple: `-r`/`-q` and the reply ports if given, else the
    /// original one mirrored (as conntrack does).
    fn reply_tuple(&self) -> Res<TupleSpec> {
        let (Some(s), Some(d), Some(p)) = (self.src, self.dst, self.proto) else {
            return usage("nl conntrack: this needs -s, -d and -p");
        };
        let rs = self.reply_src.map_or(d.addr(), |a| a.addr());
        let rd = self.reply_dst.map_or(s.addr(), |a| a.addr());
        let t = TupleSpec::between(rs, rd, p);
        let sp = self.reply_sport.or(self.dport);
        let dp = self.reply_dport.or(self.sport);
        self.l4(t, p, sp, dp, true)
    }

    fn l4(
        &self,
        t: TupleSpec,
        p: u8,
        sport: Option<u16>,
        dport: Option<u16>,
        reply: bool,
    ) -> Res<TupleSpec> {
        Ok(match p {
            ICMP | ICMPV6 => {
                let (Some(ty), Some(code)) = (self.icmp_type, self.icmp_code) else {
                    return usage("nl conntrack: ICMP needs --icmp-type and --icmp-code");
                };
                let ty = if reply { icmp_reply_type(p, ty) } else { ty };
                t.icmp(self.icmp_id.unwrap_or(0), ty, code)
            }
            _ => match (sport, dport) {
                (Some(s), Some(d)) => t.ports(s, d),
                (None, None) => t,
                _ => return usage("nl conntrack: this needs both --sport and --dport"),
            },
        })
    }
}

/// The type of the reply to an ICMP query of type `ty` (echo, timestamp,
/// information, address mask; ICMPv6 echo, node information).
fn icmp_reply_type(p: u8, ty: u8) -> u8 {
    match (p, ty) {
        (ICMP, 8) => 0,
        (ICMP, 13) => 14,
        (ICMP, 15) => 16,
        (ICMP, 17) => 18,
        (ICMPV6, 128) => 129,
        (ICMPV6, 139) => 140,
        (_, t) => t,
    }
}

/// Label names by bit, as libnetfilter_conntrack reads them from
/// `connlabel.conf`: `BIT NAME` a line, `#` comments, the first name of a
/// bit wins, names of letters, digits, spaces and dashes only.
pub(crate) fn label_names(text: &str) -> Vec<Option<String>> {
    let mut names: Vec<Option<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let l = line.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
        let (digits, rest) = number_prefix(l);
        let Some(bit) = digits.filter(|&b| b < 1024) else {
            continue;
        };
        let name = rest.trim_matches([' ', '\t', '\x0b', '\x0c', '\r']);
        let sane = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
        if name.is_empty() || !sane {
            continue;
        }
        let bit = bit as usize;
        if names.get(bit).is_some_and(Option::is_some) || names.iter().flatten().any(|n| n == name)
        {
            continue;
        }
        if names.len() <= bit {
            names.resize(bit + 1, None);
        }
        names[bit] = Some(name.to_string());
    }
    names
}

/// The number at the start of `s` as `strtoul(.., 0)` reads it, and what
/// follows.
fn number_prefix(s: &str) -> (Option<u32>, &str) {
    let (radix, body) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (16, h)
    } else if s.starts_with('0') {
        (8, s)
    } else {
        (10, s)
    };
    let end = body
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(body.len());
    if end == 0 {
        return (None, s);
    }
    (u32::from_str_radix(&body[..end], radix).ok(), &body[end..])
}

/// The label names of this system, if the file exists (conntrack-tools
/// prints labels only then).
fn load_label_names() -> Option<Vec<Option<String>>> {
    let text = std::fs::read_to_string(CONNLABEL_CONF).ok()?;
    let names = label_names(&text);
    names.iter().any(Option::is_some).then_some(names)
}

/// An IPv6 address as glibc's `inet_ntop` writes it (it keeps the dotted
/// form for `::a.b.c.d`, which Rust writes in hex).
fn v6_text(a: &Ipv6Addr) -> String {
    let s = a.segments();
    if s[..6].iter().all(|&w| w == 0) && s[6] != 0 {
        let o = a.octets();
        return format!("::{}.{}.{}.{}", o[12], o[13], o[14], o[15]);
    }
    a.to_string()
}

/// An address as conntrack-tools prints it.
fn addr_text(a: IpAddr) -> String {
    match a {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => v6_text(&a),
    }
}

/// The source and destination of `t` as the family prints them (zeros
/// for what is missing, as conntrack-tools does).
fn tuple_addrs(t: Option<&Tuple<&[u8]>>, family: u8) -> Option<(String, String)> {
    let ip = t.and_then(|t| t.ip());
    match family {
        AF_INET => {
            let g = |a: Option<Ipv4Addr>| a.unwrap_or(Ipv4Addr::UNSPECIFIED).to_string();
            Some((
                g(ip.as_ref().and_then(|i| i.v4_src())),
                g(ip.as_ref().and_then(|i| i.v4_dst())),
            ))
        }
        AF_INET6 => {
            let g = |a: Option<Ipv6Addr>| v6_text(&a.unwrap_or(Ipv6Addr::UNSPECIFIED));
            Some((
                g(ip.as_ref().and_then(|i| i.v6_src())),
                g(ip.as_ref().and_then(|i| i.v6_dst())),
            ))
        }
        _ => None,
    }
}

/// The layer-4 identity of a tuple: `(type, code, id)` for ICMP.
fn icmp_of(t: &Tuple<&[u8]>) -> (u8, u8, u16) {
    let Some(p) = t.proto() else {
        return (0, 0, 0);
    };
    (
        p.icmp_type().or(p.icmpv6_type()).unwrap_or(0),
        p.icmp_code().or(p.icmpv6_code()).unwrap_or(0),
        p.icmp_id().or(p.icmpv6_id()).unwrap_or(0),
    )
}

/// One direction: `src=.. dst=.. sport=.. dport=..` (or the ICMP
/// identity, or GRE keys), then its zone and counters.
fn tuple_text(out: &mut String, e: &Entry<&[u8]>, reply: bool) {
    let t = if reply { e.reply() } else { e.orig() };
    if let Some((s, d)) = tuple_addrs(t.as_ref(), e.family()) {
        let _ = write!(out, "src={s} dst={d} ");
    }
    let proto = t.as_ref().and_then(|t| t.protocol()).unwrap_or(0);
    let ports = || {
        (
            t.as_ref().and_then(|t| t.src_port()).unwrap_or(0),
            t.as_ref().and_then(|t| t.dst_port()).unwrap_or(0),
        )
    };
    match proto {
        TCP | UDP | UDPLITE | SCTP | DCCP => {
            let (s, d) = ports();
            let _ = write!(out, "sport={s} dport={d} ");
        }
        GRE => {
            let (s, d) = ports();
            let _ = write!(out, "srckey=0x{s:x} dstkey=0x{d:x} ");
        }
        ICMP | ICMPV6 => {
            let (ty, code, id) = t.as_ref().map_or((0, 0, 0), icmp_of);
            let _ = write!(out, "type={ty} code={code} id={id} ");
        }
        _ => {}
    }
    if let Some(z) = t.as_ref().and_then(|t| t.zone()) {
        let dir = if reply { "reply" } else { "orig" };
        let _ = write!(out, "zone-{dir}={z} ");
    }
    let c = if reply {
        e.counters_reply()
    } else {
        e.counters_orig()
    };
    if let Some(c) = c {
        let p = c.packets().or(c.packets32().map(u64::from));
        let b = c.bytes().or(c.bytes32().map(u64::from));
        if let (Some(p), Some(b)) = (p, b) {
            let _ = write!(out, "packets={p} bytes={b} ");
        }
    }
}

/// SCTP state names as conntrack-tools prints them.
fn sctp_state_name(s: u8) -> &'static str {
    const NAMES: [&str; 10] = [
        "NONE",
        "CLOSED",
        "COOKIE_WAIT",
        "COOKIE_ECHOED",
        "ESTABLISHED",
        "SHUTDOWN_SENT",
        "SHUTDOWN_RECD",
        "SHUTDOWN_ACK_SENT",
        "HEARTBEAT_SENT",
        "HEARTBEAT_ACKED",
    ];
    NAMES.get(s as usize).copied().unwrap_or("NONE")
}

/// Seconds since the epoch, now.
fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How a line is printed: with the layer-3 words (`-o extended`), with
/// the id (`-o id`), with label names (`-o labels`, when the system has
/// names for them).
struct Style {
    extended: bool,
    show_id: bool,
    labels: Option<Vec<Option<String>>>,
}

/// `e` as conntrack-tools prints it (`kind` is the event word for
/// `conntrack -E`), no newline.
fn entry_text(out: &mut String, e: &Entry<&[u8]>, kind: Option<&str>, st: &Style) {
    let start = out.len();
    if let Some(k) = kind {
        let _ = write!(out, "{k:>9} ");
    }
    if st.extended {
        let f = e.family();
        let _ = write!(out, "{:<8} {f} ", l3_name(f));
    }
    let p = e.protocol().unwrap_or(0);
    let _ = write!(out, "{:<8} {p} ", proto_name(p));
    if let Some(t) = e.timeout() {
        let _ = write!(out, "{t} ");
    }
    let pi = e.protoinfo();
    if let Some(s) = pi.as_ref().and_then(|p| p.tcp()).and_then(|t| t.state()) {
        let _ = write!(out, "{} ", tcp_state_name(s).unwrap_or("NONE"));
    }
    if let Some(s) = pi.as_ref().and_then(|p| p.sctp()).and_then(|t| t.state()) {
        let _ = write!(out, "{} ", sctp_state_name(s));
    }
    tuple_text(out, e, false);
    let status = e.status_flags();
    if status.is_some_and(|s| !s.contains(Status::SEEN_REPLY)) {
        out.push_str("[UNREPLIED] ");
    }
    tuple_text(out, e, true);
    if let Some(s) = status {
        if s.contains(Status::HW_OFFLOAD) {
            out.push_str("[HW_OFFLOAD] ");
        } else if s.contains(Status::OFFLOAD) {
            out.push_str("[OFFLOAD] ");
        } else if s.contains(Status::ASSURED) {
            out.push_str("[ASSURED] ");
        }
    }
    if let Some(m) = e.mark() {
        let _ = write!(out, "mark={m} ");
    }
    if let Some(m) = e.secmark() {
        let _ = write!(out, "secmark={m} ");
    }
    if let Some(c) = e.secctx()
        && let Some(n) = c.name()
    {
        let _ = write!(out, "secctx={} ", String::from_utf8_lossy(n));
    }
    if let Some(z) = e.zone() {
        let _ = write!(out, "zone={z} ");
    }
    if let Some(ts) = e.timestamp()
        && let Some(start) = ts.start()
    {
        let stop = ts.stop().map_or_else(now_secs, |s| s / 1_000_000_000);
        let delta = stop.wrapping_sub(start / 1_000_000_000);
        let _ = write!(out, "delta-time={delta} ");
    }
    if let Some(h) = e.help()
        && let Some(n) = h.name()
    {
        let _ = write!(out, "helper={} ", String::from_utf8_lossy(n));
    }
    if let Some(u) = e.use_count() {
        let _ = write!(out, "use={u} ");
    }
    if st.show_id
        && let Some(id) = e.id()
    {
        let _ = write!(out, "id={id} ");
    }
    if let (Some(map), Some(bits)) = (&st.labels, e.labels()) {
        out.push_str("labels=");
        for n in labels::iter(bits) {
            if let Some(Some(name)) = map.get(n as usize) {
                let _ = write!(out, "{name},");
            }
        }
        // conntrack-tools drops the last character: the last comma, or
        // the `=` when no label had a name.
        out.pop();
        out.push(' ');
    }
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// The names of the status bits set, lowest first.
fn status_names(s: Status) -> Vec<&'static str> {
    let names = [
        (Status::EXPECTED, "EXPECTED"),
        (Status::SEEN_REPLY, "SEEN_REPLY"),
        (Status::ASSURED, "ASSURED"),
        (Status::CONFIRMED, "CONFIRMED"),
        (Status::SRC_NAT, "SRC_NAT"),
        (Status::DST_NAT, "DST_NAT"),
        (Status::SEQ_ADJUST, "SEQ_ADJUST"),
        (Status::SRC_NAT_DONE, "SRC_NAT_DONE"),
        (Status::DST_NAT_DONE, "DST_NAT_DONE"),
        (Status::DYING, "DYING"),
        (Status::FIXED_TIMEOUT, "FIXED_TIMEOUT"),
        (Status::TEMPLATE, "TEMPLATE"),
        (Status::UNTRACKED, "UNTRACKED"),
        (Status::HELPER, "HELPER"),
        (Status::OFFLOAD, "OFFLOAD"),
        (Status::HW_OFFLOAD, "HW_OFFLOAD"),
    ];
    names
        .iter()
        .filter(|(b, _)| s.contains(*b))
        .map(|(_, n)| *n)
        .collect()
}

/// One direction as JSON fields.
fn tuple_fields(e: &Entry<&[u8]>, reply: bool) -> Fields {
    let t = if reply { e.reply() } else { e.orig() };
    let mut f: Fields = Vec::new();
    let Some(t) = t else { return f };
    if let Some(a) = t.src() {
        f.push(("src", V::S(addr_text(a))));
    }
    if let Some(a) = t.dst() {
        f.push(("dst", V::S(addr_text(a))));
    }
    if let Some(p) = t.src_port() {
        f.push(("sport", V::N(p.into())));
    }
    if let Some(p) = t.dst_port() {
        f.push(("dport", V::N(p.into())));
    }
    if let Some(p) = t.proto()
        && matches!(p.num(), Some(ICMP | ICMPV6))
    {
        let (ty, code, id) = icmp_of(&t);
        f.push(("type", V::N(ty.into())));
        f.push(("code", V::N(code.into())));
        f.push(("id", V::N(id.into())));
    }
    if let Some(z) = t.zone() {
        f.push(("zone", V::N(z.into())));
    }
    let c = if reply {
        e.counters_reply()
    } else {
        e.counters_orig()
    };
    if let Some(c) = c {
        if let Some(p) = c.packets().or(c.packets32().map(u64::from)) {
            f.push(("packets", V::N(p)));
        }
        if let Some(b) = c.bytes().or(c.bytes32().map(u64::from)) {
            f.push(("bytes", V::N(b)));
        }
    }
    f
}

/// `e` as one JSON object's fields.
fn entry_fields(e: &Entry<&[u8]>, kind: Option<&str>) -> Fields {
    let mut f: Fields = Vec::new();
    if let Some(k) = kind {
        f.push(("event", V::S(k.to_string())));
    }
    f.push(("family", V::S(l3_name(e.family()).to_string())));
    let p = e.protocol().unwrap_or(0);
    f.push(("proto", V::S(proto_name(p).to_string())));
    f.push(("protonum", V::N(p.into())));
    if let Some(t) = e.timeout() {
        f.push(("timeout", V::N(t.into())));
    }
    if let Some(s) = e.tcp_state() {
        f.push((
            "state",
            V::S(tcp_state_name(s).unwrap_or("NONE").to_string()),
        ));
    }
    f.push(("orig", V::M(tuple_fields(e, false))));
    f.push(("reply", V::M(tuple_fields(e, true))));
    if let Some(s) = e.status_flags() {
        f.push(("status", V::L(status_names(s))));
    }
    let nums = [
        ("mark", e.mark()),
        ("secmark", e.secmark()),
        ("zone", e.zone().map(u32::from)),
        ("use", e.use_count()),
        ("id", e.id()),
    ];
    for (k, v) in nums {
        if let Some(v) = v {
            f.push((k, V::N(v.into())));
        }
    }
    if let Some(b) = e.labels() {
        f.push((
            "labels",
            V::BL(
                labels::iter(b)
                    .map(|n| n.to_string().into_bytes())
                    .collect(),
            ),
        ));
    }
    if let Some(h) = e.help()
        && let Some(n) = h.name()
    {
        f.push(("helper", V::S(String::from_utf8_lossy(n).into_owned())));
    }
    if let Some(ts) = e.timestamp() {
        if let Some(s) = ts.start() {
            f.push(("start", V::N(s)));
        }
        if let Some(s) = ts.stop() {
            f.push(("stop", V::N(s)));
        }
    }
    f
}

/// One line for `e`: text or JSON.
fn entry_line(out: &mut String, e: &Entry<&[u8]>, kind: Option<&str>, st: &Style, json: bool) {
    if json {
        let word = kind.map(|k| k.trim_matches(['[', ']']).to_ascii_lowercase());
        json_into(out, &entry_fields(e, word.as_deref()));
    } else {
        entry_text(out, e, kind, st);
    }
    out.push('\n');
}

/// Turns a kernel error into conntrack-tools' words (exit status 2).
fn op_failed(e: nlstack::Error) -> Fail {
    match e.errno() {
        Some(n) => Fail::Inconsistent(format!(
            "nl conntrack: Operation failed: {}",
            std::io::Error::from_raw_os_error(n)
                .to_string()
                .split(" (os error")
                .next()
                .unwrap_or("")
        )),
        None => Fail::Sys(e),
    }
}

/// Writes `s` to stdout and flushes it.
fn write_out(s: &str) {
    let mut so = std::io::stdout().lock();
    // A closed pipe is not an error worth reporting.
    let _ = so.write_all(s.as_bytes()).and_then(|()| so.flush());
}

/// `nl [-n NS] [-j] conntrack VERB [OPTIONS]`.
pub(crate) fn conntrack_cmd(
    ns: Option<&NetNs>,
    opts: &Opts,
    verb: &str,
    tail: &[String],
) -> Res<()> {
    let a = parse_args(tail, opts.family)?;
    let dial = |groups: &[u32]| -> Res<Conn<Netfilter>> {
        let mut cfg = Config::default().join(groups);
        if let Some(ns) = ns {
            cfg = cfg.netns(ns);
        }
        Ok(Conn::<Netfilter>::dial(cfg)?)
    };
    match verb {
        "list" | "show" | "dump" | "-L" => list(&mut dial(&[])?, opts, &a),
        "get" | "-G" => get(&mut dial(&[])?, opts, &a),
        "create" | "add" | "-I" => create(&mut dial(&[])?, &a),
        "delete" | "del" | "-D" => delete(&mut dial(&[])?, &a),
        "flush" | "-F" => {
            dial(&[])?
                .conntrack_flush(a.family.unwrap_or(0))
                .map_err(op_failed)?;
            eprintln!("nl conntrack: connection tracking table has been emptied.");
            Ok(())
        }
        "count" | "-C" => {
            let s = dial(&[])?.conntrack_count().map_err(op_failed)?;
            let n = s.entries().unwrap_or(0);
            if opts.json {
                let mut out = String::new();
                let mut f: Fields = vec![("entries", V::N(n.into()))];
                if let Some(m) = s.max_entries() {
                    f.push(("max_entries", V::N(m.into())));
                }
                json_into(&mut out, &f);
                out.push('\n');
                write_out(&out);
            } else {
                write_out(&format!("{n}\n"));
            }
            Ok(())
        }
        "stats" | "-S" => stats(&mut dial(&[])?, opts),
        "events" | "monitor" | "-E" => {
            let groups = a.events.clone().unwrap_or_else(|| {
                vec![
                    NFNLGRP_CONNTRACK_NEW,
                    NFNLGRP_CONNTRACK_UPDATE,
                    NFNLGRP_CONNTRACK_DESTROY,
                ]
            });
            events(&mut dial(&groups)?, opts, &a)
        }
        v => usage(format!(
            "Command \"{v}\" is unknown for \"conntrack\", try \"nl -help\"."
        )),
    }
}

/// How lines print, from `-o` (label names read now, if asked for).
fn style(a: &CtArgs, extended: bool) -> Style {
    Style {
        extended,
        show_id: a.show_id,
        labels: if a.show_labels {
            load_label_names()
        } else {
            None
        },
    }
}

/// `list`: every entry that passes the filters, one line each, as
/// `conntrack -L -o extended` prints them; the count on stderr.
fn list(c: &mut Conn<Netfilter>, opts: &Opts, a: &CtArgs) -> Res<()> {
    let st = style(a, true);
    let q = Query::new().family(a.family.unwrap_or(0));
    let mut out = String::new();
    let mut n = 0usize;
    c.conntrack_each(&q, |e| {
        if a.matches(e) {
            entry_line(&mut out, e, None, &st, opts.json);
            n += 1;
        }
        Ok(())
    })
    .map_err(op_failed)?;
    write_out(&out);
    eprintln!("nl conntrack: {n} flow entries have been shown.");
    Ok(())
}

/// `get`: the entry of one original tuple.
fn get(c: &mut Conn<Netfilter>, opts: &Opts, a: &CtArgs) -> Res<()> {
    let t = a.orig_tuple()?;
    let e = c
        .conntrack_get(a.addr_family(), &t, a.zone)
        .map_err(op_failed)?;
    let mut out = String::new();
    entry_line(&mut out, &e.as_view(), None, &style(a, true), opts.json);
    write_out(&out);
    eprintln!("nl conntrack: 1 flow entries have been shown.");
    Ok(())
}

/// `create`: one entry from the options (the reply tuple mirrored unless
/// given), as `conntrack -I`.
fn create(c: &mut Conn<Netfilter>, a: &CtArgs) -> Res<()> {
    let Some(timeout) = a.timeout else {
        return usage("nl conntrack: create needs a timeout (-t)");
    };
    let mut spec = EntrySpec::new()
        .orig(a.orig_tuple()?)
        .reply(a.reply_tuple()?)
        .timeout(timeout);
    if a.proto == Some(TCP) {
        let Some(s) = a.state else {
            return usage("nl conntrack: a TCP entry needs --state");
        };
        spec = spec.protoinfo(ProtoInfoSpec::new().tcp(ProtoInfoTcpSpec::new().state(s)));
    }
    if let Some(s) = a.status {
        spec = spec.status(s);
    }
    if let Some((m, _)) = a.mark {
        spec = spec.mark(m);
    }
    if let Some(z) = a.zone {
        spec = spec.zone(z);
    }
    c.conntrack_create(a.addr_family(), &spec)
        .map_err(op_failed)?;
    eprintln!("nl conntrack: 1 flow entries have been created.");
    Ok(())
}

/// `delete`: every entry that passes the filters (all of them, with
/// none), counted on stderr.
fn delete(c: &mut Conn<Netfilter>, a: &CtArgs) -> Res<()> {
    let needs_own =
        a.status.is_some() || a.icmp_type.is_some() || a.icmp_code.is_some() || a.icmp_id.is_some();
    let family = a.family.unwrap_or(0);
    let n = if needs_own {
        // Filters `Filter` has no field for: match here, then delete each
        // by its tuple, zone and id.
        let list = c
            .conntrack_list(&Query::new().family(family))
            .map_err(op_failed)?;
        let mut n = 0;
        for e in list.iter().filter(|e| a.matches(e)) {
            let mut spec = EntrySpec::new();
            spec.orig = e.orig().map(|t| t.to_spec());
            spec.zone = e.zone();
            spec.id = e.id();
            match c.conntrack_delete(e.family(), &spec) {
                Ok(()) => n += 1,
                Err(err) if err.is_not_found() => {}
                Err(err) => return Err(op_failed(err)),
            }
        }
        n
    } else {
        c.conntrack_delete_matching(family, &[a.filter()])
            .map_err(op_failed)?
    };
    eprintln!("nl conntrack: {n} flow entries have been deleted.");
    Ok(())
}

/// `stats`: each CPU's counters, as `conntrack -S`.
fn stats(c: &mut Conn<Netfilter>, opts: &Opts) -> Res<()> {
    let cpus = c.conntrack_stats().map_err(op_failed)?;
    let mut out = String::new();
    for s in &cpus {
        let v = s.as_view();
        let fields = [
            ("found", v.found()),
            ("invalid", v.invalid()),
            ("insert", v.insert()),
            ("insert_failed", v.insert_failed()),
            ("drop", v.dropped()),
            ("early_drop", v.early_drop()),
            ("error", v.error()),
            ("search_restart", v.search_restart()),
            ("clash_resolve", v.clash_resolve()),
            ("chaintoolong", v.chain_toolong()),
        ];
        if opts.json {
            let mut f: Fields = vec![("cpu", V::N(v.cpu().into()))];
            f.extend(
                fields
                    .iter()
                    .filter_map(|(k, n)| n.map(|n| (*k, V::N(n.into())))),
            );
            json_into(&mut out, &f);
        } else {
            let _ = write!(out, "cpu={:<4}\t", v.cpu());
            for (k, n) in fields {
                if let Some(n) = n {
                    let _ = write!(out, "{k}={n} ");
                }
            }
        }
        out.push('\n');
    }
    write_out(&out);
    Ok(())
}

/// `events`: each conntrack event that passes the filters as
/// `conntrack -E` prints it, flushed at once, until killed or `--count`
/// events were printed.
fn events(c: &mut Conn<Netfilter>, opts: &Opts, a: &CtArgs) -> Res<()> {
    let st = style(a, a.extended);
    let mut shown = 0u64;
    let mut out = String::new();
    while a.count.is_none_or(|n| shown < n) {
        out.clear();
        match c.recv_message() {
            Ok((_, m)) => {
                let (kind, e) = match Event::parse(&m) {
                    Ok(Event::New(e)) => ("[NEW]", e),
                    Ok(Event::Update(e)) => ("[UPDATE]", e),
                    Ok(Event::Destroy(e)) => ("[DESTROY]", e),
                    Ok(_) => continue,
                    Err(err) => {
                        eprintln!("nl conntrack: {err}");
                        continue;
                    }
                };
                if !a.matches(&e) {
                    continue;
                }
                let port = m.port();
                if opts.json {
                    let word = kind.trim_matches(['[', ']']).to_ascii_lowercase();
                    let mut f = entry_fields(&e, Some(&word));
                    if port != 0 {
                        // The program that caused it (conntrack's
                        // `[USERSPACE] portid=`).
                        f.push(("portid", V::N(port.into())));
                    }
                    json_into(&mut out, &f);
                    out.push('\n');
                } else {
                    entry_line(&mut out, &e, Some(kind), &st, false);
                    if port != 0 {
                        out.pop();
                        let _ = writeln!(out, " [USERSPACE] portid={port}");
                    }
                }
            }
            Err(e) if e.errno() == Some(libc::ENOBUFS) => {
                eprintln!("WARNING: We have hit ENOBUFS! We are losing events.");
                continue;
            }
            Err(e) if e.as_decode().is_some() => {
                eprintln!("nl conntrack: {e}");
                continue;
            }
            Err(e) => return Err(op_failed(e)),
        }
        let mut so = std::io::stdout().lock();
        if so
            .write_all(out.as_bytes())
            .and_then(|()| so.flush())
            .is_err()
        {
            // The reader went away.
            return Ok(());
        }
        shown += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_file() {
        let names = label_names("# c\n1 blue\n 0x3 red \n3 dup\n4 bad;name\n7\nx y\n5 blue\n");
        assert_eq!(names.len(), 4);
        assert_eq!(names[1].as_deref(), Some("blue"));
        assert_eq!(names[3].as_deref(), Some("red"));
        assert!(names[0].is_none() && names[2].is_none());
    }

    #[test]
    fn v6_like_glibc() {
        let t = |s: &str| v6_text(&s.parse().unwrap());
        assert_eq!(t("::1"), "::1");
        assert_eq!(t("::102:304"), "::1.2.3.4");
        assert_eq!(t("::ffff:1.2.3.4"), "::ffff:1.2.3.4");
        assert_eq!(t("fd09::2"), "fd09::2");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_u32("0x10", "m").ok(), Some(16));
        assert_eq!(parse_u32("010", "m").ok(), Some(8));
        assert_eq!(parse_u32("0", "m").ok(), Some(0));
        assert!(parse_u32("", "m").is_err());
        assert!(parse_small::<u16>("70000", "port").is_err());
    }
}
