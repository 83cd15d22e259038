//! The options of `nl conntrack`, spelt as conntrack-tools spells them,
//! and what they become: a dump query, filters, a request.

use super::*;

/// The options of every `nl conntrack` verb, as conntrack-tools spells
/// them.
#[derive(Default)]
pub(super) struct CtArgs {
    pub(super) family: Option<u8>,
    pub(super) proto: Option<u8>,
    pub(super) src: Option<Prefix>,
    pub(super) dst: Option<Prefix>,
    pub(super) reply_src: Option<Prefix>,
    pub(super) reply_dst: Option<Prefix>,
    pub(super) sport: Option<u16>,
    pub(super) dport: Option<u16>,
    pub(super) reply_sport: Option<u16>,
    pub(super) reply_dport: Option<u16>,
    pub(super) icmp_type: Option<u8>,
    pub(super) icmp_code: Option<u8>,
    pub(super) icmp_id: Option<u16>,
    pub(super) mark: Option<(u32, u32)>,
    pub(super) zone: Option<u16>,
    pub(super) timeout: Option<u32>,
    pub(super) state: Option<u8>,
    pub(super) status: Option<u32>,
    pub(super) extended: bool,
    pub(super) show_id: bool,
    pub(super) show_labels: bool,
    pub(super) count: Option<u64>,
    pub(super) events: Option<Vec<u32>>,
}

/// A protocol by name (`tcp`, ...) or number.
pub(super) fn parse_proto(s: &str) -> Res<u8> {
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
pub(super) fn parse_u32(s: &str, what: &str) -> Res<u32> {
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
pub(super) fn parse_small<T: TryFrom<u32>>(s: &str, what: &str) -> Res<T> {
    T::try_from(parse_u32(s, what)?)
        .map_err(|_| Fail::Usage(format!("nl conntrack: {what} `{s}' is out of range")))
}

/// An address, or a prefix for filters.
pub(super) fn parse_addr(s: &str) -> Res<Prefix> {
    s.parse()
        .map_err(|_| Fail::Usage(format!("nl conntrack: invalid IP address `{s}'")))
}

/// `-u`: status names, comma-separated, as `IPS_*` bits.
pub(super) fn parse_status(s: &str) -> Res<u32> {
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
pub(super) fn parse_events(s: &str) -> Res<Vec<u32>> {
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
pub(super) fn parse_args(tail: &[String], global_family: Option<u8>) -> Res<CtArgs> {
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
    pub(super) fn filter(&self) -> Filter {
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
    pub(super) fn matches(&self, e: &Entry<&[u8]>) -> bool {
        if self.family.is_some_and(|f| f != e.family()) {
            return false;
        }
        if self
            .status
            .is_some_and(|s| e.status().unwrap_or(0) & s != s)
        {
            return false;
        }
        let orig = e.orig();
        let p = orig.as_ref().and_then(|t| t.proto());
        let icmp = |v4: Option<u8>, v6: Option<u8>| v4.or(v6);
        // Each read only when its filter is given.
        let p = p.as_ref();
        if self
            .icmp_type
            .is_some_and(|t| p.and_then(|p| icmp(p.icmp_type(), p.icmpv6_type())) != Some(t))
        {
            return false;
        }
        if self
            .icmp_code
            .is_some_and(|c| p.and_then(|p| icmp(p.icmp_code(), p.icmpv6_code())) != Some(c))
        {
            return false;
        }
        if self
            .icmp_id
            .is_some_and(|id| p.and_then(|p| p.icmp_id().or(p.icmpv6_id())) != Some(id))
        {
            return false;
        }
        self.filter().matches(e)
    }

    /// The family the addresses given are of (or `-f`), for verbs that
    /// name one entry.
    pub(super) fn addr_family(&self) -> u8 {
        match (self.family, self.src, self.dst) {
            (Some(f), _, _) => f,
            (None, Some(p), _) | (None, None, Some(p)) => p.family(),
            _ => AF_INET,
        }
    }

    /// The original tuple of `-s`, `-d`, `-p` with ports or ICMP fields:
    /// what `get` and `create` name an entry by.
    pub(super) fn orig_tuple(&self) -> Res<TupleSpec> {
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
    pub(super) fn reply_tuple(&self) -> Res<TupleSpec> {
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

    pub(super) fn l4(
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
pub(super) fn icmp_reply_type(p: u8, ty: u8) -> u8 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn numbers() {
        assert_eq!(parse_u32("0x10", "m").ok(), Some(16));
        assert_eq!(parse_u32("010", "m").ok(), Some(8));
        assert_eq!(parse_u32("0", "m").ok(), Some(0));
        assert!(parse_u32("", "m").is_err());
        assert!(parse_small::<u16>("70000", "port").is_err());
    }
}
