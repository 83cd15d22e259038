//! `-d` link details (`linkinfo` and the numbers ip prints with it) and
//! `-s` statistics (`stats64`), as `ip -d -j` and `ip -s -j` print them,
//! for the fields the library decodes.

use nlstack::route::link::{BridgeInfo, InfoData, PortKind, TableKind, VxlanInfo};
use nlstack::route::{LinkMsg, LinkStats64};

use crate::json::{Fields, Out, V};

fn n(f: &mut Fields, k: &'static str, v: Option<impl Into<u64>>) {
    if let Some(v) = v {
        f.push((k, V::N(v.into())));
    }
}

fn b(f: &mut Fields, k: &'static str, v: Option<bool>) {
    if let Some(v) = v {
        f.push((k, V::Bool(v)));
    }
}

/// Adds what `ip -d -j link` prints after the link's addresses.
pub(crate) fn details(f: &mut Fields, l: &LinkMsg<&[u8]>) {
    n(f, "promiscuity", l.promiscuity());
    n(f, "allmulti", l.allmulti());
    n(f, "min_mtu", l.min_mtu());
    n(f, "max_mtu", l.max_mtu());
    if let Some(li) = l.link_info() {
        let mut i: Fields = Vec::new();
        if let Some(k) = li.kind() {
            i.push(("info_kind", V::S(String::from_utf8_lossy(k).into_owned())));
        }
        let data = match li.kind_data() {
            Some(InfoData::Bridge(br)) => Some(bridge(&br)),
            Some(InfoData::Vxlan(v)) => Some(vxlan(&v)),
            Some(InfoData::Table(t)) => table(&t),
            _ => None,
        };
        if let Some(d) = data.filter(|d| !d.is_empty()) {
            i.push(("info_data", V::M(d)));
        }
        if let Some(k) = li.slave_kind() {
            i.push((
                "info_slave_kind",
                V::S(String::from_utf8_lossy(k).into_owned()),
            ));
        }
        if let Some(PortKind::BridgePort(p)) = li.port() {
            let mut d: Fields = Vec::new();
            if let Some(s) = p.state {
                let name = match s {
                    0 => "disabled",
                    1 => "listening",
                    2 => "learning",
                    3 => "forwarding",
                    4 => "blocking",
                    _ => "unknown",
                };
                d.push(("state", V::S(name.into())));
            }
            n(&mut d, "priority", p.priority);
            n(&mut d, "cost", p.cost);
            b(&mut d, "hairpin", p.hairpin.map(|v| v != 0));
            b(&mut d, "learning", p.learning.map(|v| v != 0));
            b(&mut d, "neigh_suppress", p.neigh_suppress.map(|v| v != 0));
            b(&mut d, "isolated", p.isolated.map(|v| v != 0));
            i.push(("info_slave_data", V::M(d)));
        }
        if !i.is_empty() {
            f.push(("linkinfo", V::M(i)));
        }
    }
    n(f, "num_tx_queues", l.num_tx_queues());
    n(f, "num_rx_queues", l.num_rx_queues());
    n(f, "gso_max_size", l.gso_max_size());
    n(f, "gso_max_segs", l.gso_max_segs());
    n(f, "tso_max_size", l.tso_max_size());
    n(f, "tso_max_segs", l.tso_max_segs());
    n(f, "gro_max_size", l.gro_max_size());
}

fn bridge(br: &BridgeInfo<&[u8]>) -> Fields {
    let mut d: Fields = Vec::new();
    n(&mut d, "forward_delay", br.forward_delay());
    n(&mut d, "hello_time", br.hello_time());
    n(&mut d, "max_age", br.max_age());
    n(&mut d, "ageing_time", br.ageing_time());
    n(&mut d, "stp_state", br.stp_state());
    n(&mut d, "priority", br.priority());
    n(&mut d, "vlan_filtering", br.vlan_filtering().map(u8::from));
    n(&mut d, "root_port", br.root_port());
    n(&mut d, "root_path_cost", br.root_path_cost());
    n(&mut d, "topology_change", br.topology_change());
    n(
        &mut d,
        "topology_change_detected",
        br.topology_change_detected(),
    );
    if let Some(a) = br.group_addr() {
        let s = a
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(":");
        d.push(("group_addr", V::S(s)));
    }
    n(&mut d, "mcast_snooping", br.mcast_snooping().map(u8::from));
    n(&mut d, "mcast_router", br.mcast_router());
    n(
        &mut d,
        "mcast_query_use_ifaddr",
        br.mcast_query_use_ifaddr().map(u8::from),
    );
    n(&mut d, "mcast_querier", br.mcast_querier().map(u8::from));
    n(&mut d, "mcast_hash_elasticity", br.mcast_hash_elasticity());
    n(&mut d, "mcast_hash_max", br.mcast_hash_max());
    n(&mut d, "mcast_last_member_cnt", br.mcast_last_member_cnt());
    n(
        &mut d,
        "mcast_startup_query_cnt",
        br.mcast_startup_query_cnt(),
    );
    n(
        &mut d,
        "mcast_last_member_intvl",
        br.mcast_last_member_intvl(),
    );
    n(
        &mut d,
        "mcast_membership_intvl",
        br.mcast_membership_intvl(),
    );
    n(&mut d, "mcast_querier_intvl", br.mcast_querier_intvl());
    n(&mut d, "mcast_query_intvl", br.mcast_query_intvl());
    n(
        &mut d,
        "mcast_query_response_intvl",
        br.mcast_query_response_intvl(),
    );
    n(
        &mut d,
        "mcast_startup_query_intvl",
        br.mcast_startup_query_intvl(),
    );
    n(
        &mut d,
        "mcast_stats_enabled",
        br.mcast_stats_enabled().map(u8::from),
    );
    n(&mut d, "mcast_igmp_version", br.mcast_igmp_version());
    n(&mut d, "mcast_mld_version", br.mcast_mld_version());
    n(
        &mut d,
        "nf_call_iptables",
        br.nf_call_iptables().map(u8::from),
    );
    n(
        &mut d,
        "nf_call_ip6tables",
        br.nf_call_ip6tables().map(u8::from),
    );
    n(
        &mut d,
        "nf_call_arptables",
        br.nf_call_arptables().map(u8::from),
    );
    d
}

fn vxlan(v: &VxlanInfo<&[u8]>) -> Fields {
    let mut d: Fields = Vec::new();
    n(&mut d, "id", v.id());
    if let Some((lo, hi)) = v.port_range() {
        d.push((
            "port_range",
            V::M(vec![("low", V::N(lo.into())), ("high", V::N(hi.into()))]),
        ));
    }
    n(&mut d, "port", v.port());
    b(&mut d, "learning", v.learning());
    n(&mut d, "ttl", v.ttl());
    n(&mut d, "ageing", v.ageing());
    d
}

fn table(t: &TableKind) -> Option<Fields> {
    let mut d: Fields = Vec::new();
    let macvlan_mode = |m: u32| match m {
        1 => "private".to_string(),
        2 => "vepa".to_string(),
        4 => "bridge".to_string(),
        8 => "passthru".to_string(),
        16 => "source".to_string(),
        m => m.to_string(),
    };
    match t {
        TableKind::Macvlan(m) => {
            if let Some(x) = m.mode {
                d.push(("mode", V::S(macvlan_mode(x))));
            }
        }
        TableKind::Macvtap(m) => {
            if let Some(x) = m.mode {
                d.push(("mode", V::S(macvlan_mode(x))));
            }
        }
        TableKind::Ipvlan(m) => {
            if let Some(x) = m.mode {
                let s = match x {
                    0 => "l2".to_string(),
                    1 => "l3".to_string(),
                    2 => "l3s".to_string(),
                    x => x.to_string(),
                };
                d.push(("mode", V::S(s)));
            }
            // IPVLAN_F_PRIVATE, IPVLAN_F_VEPA, or neither: bridge.
            let flag = match m.flags {
                Some(f) if f & 1 != 0 => Some("private"),
                Some(f) if f & 2 != 0 => Some("vepa"),
                Some(_) => Some("bridge"),
                None => None,
            };
            if let Some(k) = flag {
                d.push((k, V::Bool(true)));
            }
        }
        TableKind::Vlan(v) => {
            if let Some(p) = v.protocol {
                let s = match p.0 {
                    0x8100 => "802.1Q".to_string(),
                    0x88a8 => "802.1ad".to_string(),
                    x => format!("{x:#06x}"),
                };
                d.push(("protocol", V::S(s)));
            }
            n(&mut d, "id", v.id);
        }
        TableKind::Bond(m) => {
            if let Some(x) = m.mode {
                let names = [
                    "balance-rr",
                    "active-backup",
                    "balance-xor",
                    "broadcast",
                    "802.3ad",
                    "balance-tlb",
                    "balance-alb",
                ];
                let s = match names.get(usize::from(x)) {
                    Some(s) => s.to_string(),
                    None => x.to_string(),
                };
                d.push(("mode", V::S(s)));
            }
        }
        TableKind::Vrf(v) => n(&mut d, "table", v.table),
        TableKind::Geneve(g) => {
            n(&mut d, "id", g.id);
            if let Some(r) = g.remote {
                d.push(("remote", V::S(r.to_string())));
            }
            n(&mut d, "ttl", g.ttl);
            if let Some(p) = g.port {
                d.push(("port", V::N(p.0.into())));
            }
        }
        _ => return None,
    }
    Some(d)
}

/// `stats64` as `ip -s -j link` prints it.
pub(crate) fn stats64(s: &LinkStats64) -> V {
    V::M(vec![
        (
            "rx",
            V::M(
                vec![
                    ("bytes", V::N(s.rx_bytes)),
                    ("packets", V::N(s.rx_packets)),
                    ("errors", V::N(s.rx_errors)),
                    ("dropped", V::N(s.rx_dropped)),
                    ("over_errors", V::N(s.rx_over_errors)),
                    ("multicast", V::N(s.multicast)),
                ]
                .into_iter()
                .chain((s.rx_compressed != 0).then_some(("compressed", V::N(s.rx_compressed))))
                .collect(),
            ),
        ),
        (
            "tx",
            V::M(
                vec![
                    ("bytes", V::N(s.tx_bytes)),
                    ("packets", V::N(s.tx_packets)),
                    ("errors", V::N(s.tx_errors)),
                    ("dropped", V::N(s.tx_dropped)),
                    ("carrier_errors", V::N(s.tx_carrier_errors)),
                    ("collisions", V::N(s.collisions)),
                ]
                .into_iter()
                .chain((s.tx_compressed != 0).then_some(("compressed", V::N(s.tx_compressed))))
                .collect(),
            ),
        ),
    ])
}

/// The `-s` lines of `ip -s link`: a header and a line of numbers for
/// each direction, each column as wide as its header word or its widest
/// number (the `compressed` column only when a count is not zero).
pub(crate) fn stats_text(s: &LinkStats64) -> Vec<u8> {
    let rx = [
        s.rx_bytes,
        s.rx_packets,
        s.rx_errors,
        s.rx_dropped,
        s.rx_missed_errors,
        s.multicast,
        s.rx_compressed,
    ];
    let tx = [
        s.tx_bytes,
        s.tx_packets,
        s.tx_errors,
        s.tx_dropped,
        s.tx_carrier_errors,
        s.collisions,
        s.tx_compressed,
    ];
    // ip's minimum widths: "*X errors:", packets, errors, dropped,
    // heartbt, overrun, compressed.
    let mut cols = [10usize, 7, 6, 7, 7, 7, 10];
    for v in [&rx, &tx] {
        for (c, n) in cols.iter_mut().zip(v.iter()) {
            *c = (*c).max(n.to_string().len());
        }
    }
    let mut out = Out::new();
    let pad = |out: &mut Out, w: usize, s: &str| {
        for _ in s.len()..w {
            out.push(' ');
        }
        out.push_str(s);
    };
    for (dir, words, vals) in [
        (
            "RX:",
            ["bytes", "packets", "errors", "dropped", "missed", "mcast"],
            &rx,
        ),
        (
            "TX:",
            [
                "bytes", "packets", "errors", "dropped", "carrier", "collsns",
            ],
            &tx,
        ),
    ] {
        out.push_str("\n    ");
        out.push_str(dir);
        out.push(' ');
        pad(&mut out, cols[0] - 4, words[0]);
        for (w, c) in words.iter().zip(cols.iter()).skip(1) {
            out.push(' ');
            pad(&mut out, *c, w);
        }
        out.push(' ');
        pad(
            &mut out,
            cols[6],
            if vals[6] != 0 { "compressed" } else { "" },
        );
        out.push_str("\n    ");
        let shown = if vals[6] != 0 { 7 } else { 6 };
        for (v, c) in vals.iter().zip(cols.iter()).take(shown) {
            pad(&mut out, *c, &v.to_string());
            out.push(' ');
        }
    }
    out.0
}
