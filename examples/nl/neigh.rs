//! `nl neigh show`.

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::{HwAddr, IfName, NeighFilter, NeighFlags, NeighMsg, NeighState};

use crate::args::{AF_INET, AF_INET6, Opts, Res};
use crate::ifnames::IfNames;
use crate::json::{Fields, Out, V, get, gl, json_obj, kv, text};

pub(crate) fn neigh_state_names(s: NeighState) -> Vec<&'static str> {
    if s.is_empty() {
        return vec!["NONE"];
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
            v.push(n);
        }
    }
    v
}

/// A neighbour's fields; `dev` is the name of its device. Addresses and
/// the device's name are held inline (no allocation).
pub(crate) fn neigh_fields(n: &NeighMsg<&[u8]>, dev: IfName) -> Fields {
    let mut f: Fields = Vec::with_capacity(6);
    if let Some(d) = n.dst() {
        f.push(("dst", V::Ip(d)));
    }
    f.push(("dev", V::I(dev)));
    if let Some(l) = n.lladdr() {
        f.push((
            "lladdr",
            HwAddr::from_slice(l).map_or_else(|| V::S(hex(l)), V::Hw),
        ));
    }
    if n.flags().contains(NeighFlags::ROUTER) {
        f.push(("router", V::Null));
    }
    if n.flags().contains(NeighFlags::PROXY) {
        f.push(("proxy", V::Null));
    }
    if !n.flags().contains(NeighFlags::PROXY) {
        f.push(("state", V::L(neigh_state_names(n.state()))));
    }
    f
}

/// A link-layer address longer than any `HwAddr`, as `ip` prints one.
fn hex(l: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(l.len() * 3);
    for (i, b) in l.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

/// One neighbour as `ip neigh` prints it (no newline; ip ends the line
/// with a space).
pub(crate) fn neigh_text(out: &mut Out, f: &Fields) {
    if let Some(d) = get(f, "dst") {
        text(out, d);
    }
    kv(out, f, "dev", "dev");
    kv(out, f, "lladdr", "lladdr");
    if get(f, "router").is_some() {
        out.push_str(" router");
    }
    for s in gl(f, "state") {
        out.push(' ');
        out.push_str(s);
    }
    out.push(' ');
}

pub(crate) fn neigh_show(c: &mut Conn<Rt>, o: &Opts) -> Res<Out> {
    let mut filter = NeighFilter::default();
    if let Some(f) = o.family {
        filter = filter.family(f);
    }
    let all = c.neighbours(filter)?;
    crate::timing::mark("dump");
    let mut nm = IfNames::new(c);
    let mut out = Out::with_capacity(1 << 17);
    if o.json {
        out.push('[');
    }
    let mut first = true;
    for n in all
        .iter()
        .filter(|n| n.family() == AF_INET || n.family() == AF_INET6)
        .filter(|n| !n.state().contains(NeighState::NOARP))
    {
        let f = neigh_fields(&n, nm.get(n.ifindex()));
        if o.json {
            if !first {
                out.push(',');
            }
            json_obj(&mut out, &f);
        } else {
            neigh_text(&mut out, &f);
            out.push('\n');
        }
        first = false;
        if !out.spill() {
            return Ok(Out::new());
        }
    }
    if o.json {
        out.push_str("]\n");
    }
    Ok(out)
}
