//! An entry as a line of `conntrack -L -o extended`.

use super::*;

/// An IPv6 address as glibc's `inet_ntop` writes it (it keeps the dotted
/// form for `::a.b.c.d`, which Rust writes in hex).
pub(super) fn v6_text(a: &Ipv6Addr) -> String {
    let s = a.segments();
    if s[..6].iter().all(|&w| w == 0) && s[6] != 0 {
        let o = a.octets();
        return format!("::{}.{}.{}.{}", o[12], o[13], o[14], o[15]);
    }
    a.to_string()
}

/// An address as conntrack-tools prints it.
pub(super) fn addr_text(a: IpAddr) -> String {
    match a {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => v6_text(&a),
    }
}

/// The source and destination of `t` as the family prints them (zeros
/// for what is missing, as conntrack-tools does).
pub(super) fn tuple_addrs(t: Option<&Tuple<&[u8]>>, family: u8) -> Option<(String, String)> {
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
pub(super) fn icmp_of(t: &Tuple<&[u8]>) -> (u8, u8, u16) {
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
pub(super) fn tuple_text(out: &mut String, e: &Entry<&[u8]>, reply: bool) {
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

/// Seconds since the epoch, now.
pub(super) fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How a line is printed: with the layer-3 words (`-o extended`), with
/// the id (`-o id`), with label names (`-o labels`, when the system has
/// names for them).
pub(super) struct Style {
    pub(super) extended: bool,
    pub(super) show_id: bool,
    pub(super) labels: Option<Vec<Option<String>>>,
}

/// `e` as conntrack-tools prints it (`kind` is the event word for
/// `conntrack -E`), no newline.
pub(super) fn entry_text(out: &mut String, e: &Entry<&[u8]>, kind: Option<&str>, st: &Style) {
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
    if let Some(n) = e.secctx().as_ref().and_then(|c| c.name()) {
        let _ = write!(out, "secctx={} ", String::from_utf8_lossy(n));
    }
    if let Some(z) = e.zone() {
        let _ = write!(out, "zone={z} ");
    }
    if let Some((ts, start)) = e.timestamp().and_then(|ts| Some((ts, ts.start()?))) {
        let stop = ts.stop().map_or_else(now_secs, |s| s / 1_000_000_000);
        let delta = stop.wrapping_sub(start / 1_000_000_000);
        let _ = write!(out, "delta-time={delta} ");
    }
    if let Some(n) = e.help().as_ref().and_then(|h| h.name()) {
        let _ = write!(out, "helper={} ", String::from_utf8_lossy(n));
    }
    if let Some(u) = e.use_count() {
        let _ = write!(out, "use={u} ");
    }
    if let Some(id) = st.show_id.then(|| e.id()).flatten() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v6_like_glibc() {
        let t = |s: &str| v6_text(&s.parse().unwrap());
        assert_eq!(t("::1"), "::1");
        assert_eq!(t("::102:304"), "::1.2.3.4");
        assert_eq!(t("::ffff:1.2.3.4"), "::ffff:1.2.3.4");
        assert_eq!(t("fd09::2"), "fd09::2");
    }
}
