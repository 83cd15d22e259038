//! An entry as the fields of its JSON object.

use super::*;

/// One direction as JSON fields.
pub(super) fn tuple_fields(e: &Entry<&[u8]>, reply: bool) -> Fields {
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
    if t.proto()
        .is_some_and(|p| matches!(p.num(), Some(ICMP | ICMPV6)))
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
pub(super) fn entry_fields(e: &Entry<&[u8]>, kind: Option<&str>) -> Fields {
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
    if let Some(n) = e.help().as_ref().and_then(|h| h.name()) {
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
