//! Parses the input as a link message's payload (`ifinfomsg` and `IFLA_*`
//! attributes, what a dump reply's payload holds) and reads everything:
//! every getter of the link and of its nested views (`IFLA_LINKINFO` and
//! its data by kind: bridge, vxlan, a veth's peer (itself a link, read the
//! same way, two levels deep), the kind table's kinds, a port's data;
//! `IFLA_AF_SPEC` and its IPv6 part; the alternative names; the
//! statistics) against a model of the attributes (the declared-table model
//! of `conntrack_common.rs`, and small decoders of its own for each value),
//! `malformed()` and `check()` against the model, `check_all()` and
//! `malformed_all()` against the nests' counts, the owned copy, `without()`, `Debug`, and the request
//! form: `to_spec()` encoded and parsed again is whole and gives the same
//! request form. The same bytes at another offset in a larger buffer give
//! the same link.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::route::link::*;
use nlstack::wire::{Encoder, FamilyHeader, Flags, IfInfoMsg, Message, MsgType};

use nlstack_fuzz::table::{nested, verify};

fn ne<const N: usize>(b: &[u8]) -> [u8; N] {
    b.try_into().expect("the index checked the size")
}
fn u8_of(b: Option<&[u8]>) -> Option<u8> {
    Some(ne::<1>(b?)[0])
}
fn u16_of(b: Option<&[u8]>) -> Option<u16> {
    Some(u16::from_ne_bytes(ne(b?)))
}
fn be16_of(b: Option<&[u8]>) -> Option<u16> {
    Some(u16::from_be_bytes(ne(b?)))
}
fn u32_of(b: Option<&[u8]>) -> Option<u32> {
    Some(u32::from_ne_bytes(ne(b?)))
}
fn be32_of(b: Option<&[u8]>) -> Option<u32> {
    Some(u32::from_be_bytes(ne(b?)))
}
fn i32_of(b: Option<&[u8]>) -> Option<i32> {
    Some(i32::from_ne_bytes(ne(b?)))
}
fn u64_of(b: Option<&[u8]>) -> Option<u64> {
    Some(u64::from_ne_bytes(ne(b?)))
}
fn bool_of(b: Option<&[u8]>) -> Option<bool> {
    Some(u8_of(b)? != 0)
}
/// The bytes before the first NUL.
fn cstr(b: Option<&[u8]>) -> Option<&[u8]> {
    let b = b?;
    Some(&b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())])
}
/// The bytes less one trailing NUL.
fn less_nul(b: &[u8]) -> &[u8] {
    b.strip_suffix(&[0]).unwrap_or(b)
}

/// The alternative names: each `IFLA_ALT_IFNAME` of a walk of its own,
/// less a trailing NUL, until the list is cut short.
fn alt_names_model(v: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut pos = 0;
    while v.len().saturating_sub(pos) >= 4 {
        let len = u16::from_ne_bytes([v[pos], v[pos + 1]]) as usize;
        if len < 4 || len > v.len() - pos {
            break;
        }
        let kind = u16::from_ne_bytes([v[pos + 2], v[pos + 3]]) & 0x3fff;
        if kind == IFLA_ALT_IFNAME {
            out.push(less_nul(&v[pos + 4..pos + len]));
        }
        pos = (pos + len + 3) & !3;
    }
    out
}

/// Reads a link view; returns its malformed count with its nests' (not
/// a veth peer's: its own).
fn link(l: &LinkMsg<&[u8]>, depth: usize) -> u32 {
    let m = verify(l);
    let mut bad = m.malformed;
    let h = &l.as_bytes()[..IfInfoMsg::LEN];
    assert_eq!(l.family(), h[0]);
    assert_eq!(l.link_type(), u16::from_ne_bytes([h[2], h[3]]));
    assert_eq!(l.index(), u32::from_ne_bytes(ne(&h[4..8])));
    assert_eq!(l.flags().bits(), u32::from_ne_bytes(ne(&h[8..12])));
    assert_eq!(l.header().change, u32::from_ne_bytes(ne(&h[12..16])));
    assert_eq!(l.is_up(), h[8] & 1 != 0);

    let u32s = [
        (l.mtu(), IFLA_MTU),
        (l.link(), IFLA_LINK),
        (l.master(), IFLA_MASTER),
        (l.txqlen(), IFLA_TXQLEN),
        (l.net_ns_pid(), IFLA_NET_NS_PID),
        (l.group(), IFLA_GROUP),
        (l.net_ns_fd(), IFLA_NET_NS_FD),
        (l.ext_mask(), IFLA_EXT_MASK),
        (l.promiscuity(), IFLA_PROMISCUITY),
        (l.num_tx_queues(), IFLA_NUM_TX_QUEUES),
        (l.num_rx_queues(), IFLA_NUM_RX_QUEUES),
        (l.carrier_changes(), IFLA_CARRIER_CHANGES),
        (l.gso_max_segs(), IFLA_GSO_MAX_SEGS),
        (l.gso_max_size(), IFLA_GSO_MAX_SIZE),
        (l.carrier_up_count(), IFLA_CARRIER_UP_COUNT),
        (l.carrier_down_count(), IFLA_CARRIER_DOWN_COUNT),
        (l.new_ifindex(), IFLA_NEW_IFINDEX),
        (l.min_mtu(), IFLA_MIN_MTU),
        (l.max_mtu(), IFLA_MAX_MTU),
        (l.gro_max_size(), IFLA_GRO_MAX_SIZE),
        (l.tso_max_size(), IFLA_TSO_MAX_SIZE),
        (l.tso_max_segs(), IFLA_TSO_MAX_SEGS),
        (l.allmulti(), IFLA_ALLMULTI),
        (l.gso_ipv4_max_size(), IFLA_GSO_IPV4_MAX_SIZE),
        (l.gro_ipv4_max_size(), IFLA_GRO_IPV4_MAX_SIZE),
    ];
    for (got, k) in u32s {
        assert_eq!(got, u32_of(l.attr(k)), "attribute {k}");
    }
    assert_eq!(l.link_netnsid(), i32_of(l.attr(IFLA_LINK_NETNSID)));
    assert_eq!(l.new_netnsid(), i32_of(l.attr(IFLA_NEW_NETNSID)));
    assert_eq!(l.carrier(), bool_of(l.attr(IFLA_CARRIER)));
    assert_eq!(l.proto_down(), bool_of(l.attr(IFLA_PROTO_DOWN)));
    assert_eq!(l.operstate().map(u8::from), u8_of(l.attr(IFLA_OPERSTATE)));
    if let Some(o) = l.operstate() {
        assert_eq!(OperState::from(u8::from(o)), o);
        assert_eq!(o.name().is_none(), matches!(o, OperState::Other(_)));
        black_box(o.to_string());
    }
    assert_eq!(l.link_mode().map(u8::from), u8_of(l.attr(IFLA_LINKMODE)));
    for (got, k) in [
        (l.address(), IFLA_ADDRESS),
        (l.broadcast(), IFLA_BROADCAST),
        (l.perm_address(), IFLA_PERM_ADDRESS),
    ] {
        assert_eq!(
            got.map(|a| a.as_bytes().to_vec()),
            l.attr(k).map(<[u8]>::to_vec)
        );
    }
    // A name: less a trailing NUL, at most 15 bytes.
    let name = l.attr(IFLA_IFNAME).map(|b| {
        let b = less_nul(b);
        &b[..b.len().min(15)]
    });
    assert_eq!(l.ifname().as_ref().map(|n| n.as_bytes()), name);
    assert_eq!(l.name(), l.ifname().unwrap_or_default());
    for (got, k) in [
        (l.qdisc(), IFLA_QDISC),
        (l.alias(), IFLA_IFALIAS),
        (l.parent_dev_name(), IFLA_PARENT_DEV_NAME),
        (l.parent_dev_bus_name(), IFLA_PARENT_DEV_BUS_NAME),
    ] {
        assert_eq!(got, cstr(l.attr(k)), "attribute {k}");
    }
    assert_eq!(l.stats(), l.attr(IFLA_STATS));
    assert_eq!(l.protinfo(), l.attr(IFLA_PROTINFO));
    // The counters: the struct's whole words as sent, zeros past a short
    // one (a partial last word is not a counter).
    assert_eq!(l.stats64().is_some(), l.attr(IFLA_STATS64).is_some());
    if let (Some(s), Some(b)) = (l.stats64(), l.attr(IFLA_STATS64)) {
        let mine = s.to_bytes();
        let n = (b.len() / 8 * 8).min(mine.len());
        assert_eq!(mine[..n], b[..n]);
        assert!(mine[n..].iter().all(|&x| x == 0));
    }
    let alt = l.prop_list();
    assert_eq!(alt.map(|a| a.as_bytes()), l.attr(IFLA_PROP_LIST));
    let want = alt_names_model(l.attr(IFLA_PROP_LIST).unwrap_or(&[]));
    assert_eq!(l.alt_names().iter().collect::<Vec<_>>(), want);
    assert_eq!(l.alt_names().is_empty(), want.is_empty());

    assert_eq!(l.link_info().is_some(), l.attr(IFLA_LINKINFO).is_some());
    assert_eq!(l.kind(), l.link_info().and_then(|i| i.kind()));
    let mut strict = l.malformed() == 0;
    if let Some(li) = l.link_info() {
        let n = nested(&li, l.attr(IFLA_LINKINFO));
        bad += n;
        strict &= n == 0;
        let (b, ok) = info(&li, depth);
        bad += b;
        strict &= ok;
    }
    assert_eq!(l.af_spec().is_some(), l.attr(IFLA_AF_SPEC).is_some());
    if let Some(af) = l.af_spec() {
        let n = nested(&af, l.attr(IFLA_AF_SPEC));
        bad += n;
        strict &= n == 0;
        assert_eq!(af.inet(), af.attr(AF_SPEC_INET));
        if let Some(i6) = af.inet6() {
            let n = nested(&i6, af.attr(AF_SPEC_INET6));
            bad += n;
            strict &= n == 0;
            assert_eq!(i6.flags(), u32_of(i6.attr(IFLA_INET6_FLAGS)));
            assert_eq!(i6.conf(), i6.attr(IFLA_INET6_CONF));
            assert_eq!(
                i6.token().map(|a| a.octets().to_vec()),
                i6.attr(IFLA_INET6_TOKEN).map(<[u8]>::to_vec)
            );
            assert_eq!(i6.addr_gen_mode(), u8_of(i6.attr(IFLA_INET6_ADDR_GEN_MODE)));
        }
    }
    assert_eq!(l.check_all().is_ok(), strict, "check_all");
    // The lenient count of the same nests: zero exactly when strict
    // passes, and at least the nests' counts the model made (it adds the
    // kind table's and the port's wrong sizes).
    let all = l.malformed_all();
    assert_eq!(all == 0, strict, "malformed_all {all}");
    assert!(u32::from(all) >= bad.min(u16::MAX.into()), "{all} < {bad}");
    assert_eq!(l.owned().malformed_all(), all);
    bad
}

/// Reads `IFLA_LINKINFO` and its data by kind; returns the nests'
/// malformed count and whether the data (and port data) check whole.
fn info(li: &LinkInfoMsg<&[u8]>, depth: usize) -> (u32, bool) {
    let mut bad = 0;
    let mut ok = true;
    assert_eq!(li.kind(), cstr(li.attr(IFLA_INFO_KIND)));
    assert_eq!(li.slave_kind(), cstr(li.attr(IFLA_INFO_SLAVE_KIND)));
    assert_eq!(li.data(), li.attr(IFLA_INFO_DATA));
    assert_eq!(li.xstats(), li.attr(IFLA_INFO_XSTATS));
    assert_eq!(li.slave_data(), li.attr(IFLA_INFO_SLAVE_DATA));
    let data = li.data();
    assert_eq!(li.kind_data().is_some(), data.is_some());
    match (li.kind(), li.kind_data()) {
        (_, None) => {}
        (Some(b"veth"), Some(InfoData::Veth(v))) => {
            let n = nested(&v, data);
            bad += n;
            ok &= n == 0;
            assert_eq!(v.peer().is_some(), v.attr(VETH_INFO_PEER).is_some());
            if let Some(p) = v.peer() {
                assert_eq!(p.as_bytes(), v.attr(VETH_INFO_PEER).unwrap());
                if depth < 2 {
                    // The peer's counts are its own.
                    black_box(link(&p, depth + 1));
                }
            }
        }
        (Some(b"bridge"), Some(InfoData::Bridge(b))) => {
            let n = nested(&b, data);
            bad += n;
            ok &= n == 0;
            bridge(&b);
            assert_eq!(li.bridge(), Some(b));
        }
        (Some(b"vxlan"), Some(InfoData::Vxlan(v))) => {
            let n = nested(&v, data);
            bad += n;
            ok &= n == 0;
            vxlan(&v);
            assert_eq!(li.vxlan(), Some(v));
        }
        (Some(k), Some(InfoData::Table(t))) => {
            assert_eq!(t.name().as_bytes(), k);
            ok &= TableKind::check(k, data.unwrap()).is_ok();
            // What decodes encodes back to what decodes the same.
            let req = LinkRequest::new("x", LinkKind::Table(t));
            let mut buf = Vec::new();
            let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::empty(), 0, 0);
            req.encode(&mut e);
            e.finish().unwrap();
            let again = LinkMsg::parse_strict(Message::parse(&buf).unwrap().payload()).unwrap();
            match again.link_info().and_then(|i| i.kind_data()) {
                Some(InfoData::Table(t2)) => assert_eq!(t, t2),
                None => assert!(t.is_empty()),
                other => panic!("{other:?}"),
            }
        }
        (k, Some(InfoData::Other(v))) => {
            assert!(!matches!(k, Some(b"veth" | b"bridge" | b"vxlan")));
            assert!(k.is_none_or(|k| {
                std::str::from_utf8(k).map_or(true, |k| TableKind::named(k).is_none())
            }));
            assert_eq!(Some(v), data);
        }
        (k, d) => panic!("kind {k:?} decoded as {d:?}"),
    }
    let port = li.port();
    match (li.slave_kind(), li.slave_data()) {
        (Some(k), Some(d)) => {
            assert_eq!(port.is_some(), k == b"bridge");
            ok &= PortKind::check(k, d).is_ok();
        }
        _ => assert!(port.is_none()),
    }
    black_box(format!("{port:?}"));
    (bad, ok)
}

fn bridge(b: &BridgeInfo<&[u8]>) {
    for (got, k) in [
        (b.forward_delay(), IFLA_BR_FORWARD_DELAY),
        (b.hello_time(), IFLA_BR_HELLO_TIME),
        (b.max_age(), IFLA_BR_MAX_AGE),
        (b.ageing_time(), IFLA_BR_AGEING_TIME),
        (b.stp_state(), IFLA_BR_STP_STATE),
        (b.root_path_cost(), IFLA_BR_ROOT_PATH_COST),
        (b.mcast_hash_elasticity(), IFLA_BR_MCAST_HASH_ELASTICITY),
        (b.mcast_hash_max(), IFLA_BR_MCAST_HASH_MAX),
        (b.mcast_last_member_cnt(), IFLA_BR_MCAST_LAST_MEMBER_CNT),
        (b.mcast_startup_query_cnt(), IFLA_BR_MCAST_STARTUP_QUERY_CNT),
    ] {
        assert_eq!(got, u32_of(b.attr(k)), "bridge {k}");
    }
    for (got, k) in [
        (b.priority(), IFLA_BR_PRIORITY),
        (b.vlan_default_pvid(), IFLA_BR_VLAN_DEFAULT_PVID),
        (b.group_fwd_mask(), IFLA_BR_GROUP_FWD_MASK),
        (b.root_port(), IFLA_BR_ROOT_PORT),
    ] {
        assert_eq!(got, u16_of(b.attr(k)), "bridge {k}");
    }
    assert_eq!(b.vlan_protocol(), be16_of(b.attr(IFLA_BR_VLAN_PROTOCOL)));
    for (got, k) in [
        (b.topology_change(), IFLA_BR_TOPOLOGY_CHANGE),
        (
            b.topology_change_detected(),
            IFLA_BR_TOPOLOGY_CHANGE_DETECTED,
        ),
        (b.mcast_router(), IFLA_BR_MCAST_ROUTER),
        (b.mcast_igmp_version(), IFLA_BR_MCAST_IGMP_VERSION),
        (b.mcast_mld_version(), IFLA_BR_MCAST_MLD_VERSION),
    ] {
        assert_eq!(got, u8_of(b.attr(k)), "bridge {k}");
    }
    for (got, k) in [
        (b.vlan_filtering(), IFLA_BR_VLAN_FILTERING),
        (b.mcast_snooping(), IFLA_BR_MCAST_SNOOPING),
        (b.mcast_query_use_ifaddr(), IFLA_BR_MCAST_QUERY_USE_IFADDR),
        (b.mcast_querier(), IFLA_BR_MCAST_QUERIER),
        (b.nf_call_iptables(), IFLA_BR_NF_CALL_IPTABLES),
        (b.nf_call_ip6tables(), IFLA_BR_NF_CALL_IP6TABLES),
        (b.nf_call_arptables(), IFLA_BR_NF_CALL_ARPTABLES),
        (b.vlan_stats_enabled(), IFLA_BR_VLAN_STATS_ENABLED),
        (b.mcast_stats_enabled(), IFLA_BR_MCAST_STATS_ENABLED),
    ] {
        assert_eq!(got, bool_of(b.attr(k)), "bridge {k}");
    }
    for (got, k) in [
        (b.mcast_last_member_intvl(), IFLA_BR_MCAST_LAST_MEMBER_INTVL),
        (b.mcast_membership_intvl(), IFLA_BR_MCAST_MEMBERSHIP_INTVL),
        (b.mcast_querier_intvl(), IFLA_BR_MCAST_QUERIER_INTVL),
        (b.mcast_query_intvl(), IFLA_BR_MCAST_QUERY_INTVL),
        (
            b.mcast_query_response_intvl(),
            IFLA_BR_MCAST_QUERY_RESPONSE_INTVL,
        ),
        (
            b.mcast_startup_query_intvl(),
            IFLA_BR_MCAST_STARTUP_QUERY_INTVL,
        ),
    ] {
        assert_eq!(got, u64_of(b.attr(k)), "bridge {k}");
    }
    for (got, k) in [
        (b.root_id(), IFLA_BR_ROOT_ID),
        (b.bridge_id(), IFLA_BR_BRIDGE_ID),
    ] {
        let want = b
            .attr(k)
            .map(|v| (u16::from_be_bytes([v[0], v[1]]), v[2..8].to_vec()));
        assert_eq!(got.map(|i| (i.priority, i.addr.to_vec())), want);
        black_box(got.map(|i| i.to_string()));
    }
    assert_eq!(
        b.group_addr().map(|a| a.to_vec()),
        b.attr(IFLA_BR_GROUP_ADDR).map(<[u8]>::to_vec)
    );
}

fn vxlan(v: &VxlanInfo<&[u8]>) {
    for (got, k) in [
        (v.id(), IFLA_VXLAN_ID),
        (v.link(), IFLA_VXLAN_LINK),
        (v.ageing(), IFLA_VXLAN_AGEING),
        (v.limit(), IFLA_VXLAN_LIMIT),
    ] {
        assert_eq!(got, u32_of(v.attr(k)), "vxlan {k}");
    }
    for (got, k) in [
        (v.ttl(), IFLA_VXLAN_TTL),
        (v.tos(), IFLA_VXLAN_TOS),
        (v.df(), IFLA_VXLAN_DF),
    ] {
        assert_eq!(got, u8_of(v.attr(k)), "vxlan {k}");
    }
    for (got, k) in [
        (v.learning(), IFLA_VXLAN_LEARNING),
        (v.proxy(), IFLA_VXLAN_PROXY),
        (v.rsc(), IFLA_VXLAN_RSC),
        (v.l2miss(), IFLA_VXLAN_L2MISS),
        (v.l3miss(), IFLA_VXLAN_L3MISS),
        (v.udp_csum(), IFLA_VXLAN_UDP_CSUM),
        (v.collect_metadata(), IFLA_VXLAN_COLLECT_METADATA),
    ] {
        assert_eq!(got, bool_of(v.attr(k)), "vxlan {k}");
    }
    assert_eq!(v.port(), be16_of(v.attr(IFLA_VXLAN_PORT)));
    assert_eq!(v.label(), be32_of(v.attr(IFLA_VXLAN_LABEL)));
    assert_eq!(
        v.port_range(),
        v.attr(IFLA_VXLAN_PORT_RANGE).map(|b| (
            be16_of(Some(&b[..2])).unwrap(),
            be16_of(Some(&b[2..])).unwrap()
        ))
    );
    let v4 = |k| v.attr(k).map(|b| std::net::IpAddr::from(ne::<4>(b)));
    let v6 = |k| v.attr(k).map(|b| std::net::IpAddr::from(ne::<16>(b)));
    assert_eq!(v.remote(), v4(IFLA_VXLAN_GROUP).or(v6(IFLA_VXLAN_GROUP6)));
    assert_eq!(
        v.local_addr(),
        v4(IFLA_VXLAN_LOCAL).or(v6(IFLA_VXLAN_LOCAL6))
    );
}

/// Encodes a link's request form after an empty `ifinfomsg`, as a whole
/// message; returns the payload (`None` when it does not fit, which only
/// an input near 64 KiB may cause).
fn encode(input_len: usize, spec: &LinkSpec) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::REQUEST, 1, 0);
    e.header(&IfInfoMsg::default());
    spec.encode(&mut e);
    if let Err(err) = e.finish() {
        assert!(input_len >= 60_000, "a re-encoded link does not fit: {err}");
        return None;
    }
    Some(buf.split_off(16))
}

fuzz_target!(|data: &[u8]| {
    nlstack_fuzz::allow_formats(4);
    let l = match LinkMsg::parse(data) {
        Ok(l) => l,
        Err(err) => {
            assert!(data.len() < IfInfoMsg::LEN, "{err}");
            return;
        }
    };
    let bad = link(&l, 0);
    black_box(bad);
    // Owned: the same bytes, the same index.
    let o: Link = l.owned();
    assert_eq!(o.as_view(), l);
    nlstack_fuzz::debug(&o);
    // Without the counters: the rest as it was.
    let w = l.without(&[IFLA_STATS64, IFLA_CARRIER_CHANGES]);
    assert_eq!(w.stats64(), None);
    assert_eq!(w.carrier_changes(), None);
    let (mut a, mut b) = (w.to_spec(), l.to_spec());
    b.stats64 = None;
    b.carrier_changes = None;
    a.stats64 = None;
    assert_eq!(a, b);
    // The request form, encoded and parsed again: whole, the same.
    let spec = l.to_spec();
    if let Some(p) = encode(data.len(), &spec) {
        let again = LinkMsg::parse(&p[..]).unwrap();
        assert_eq!(again.malformed(), 0, "{again:?}");
        assert_eq!(again.to_spec(), spec);
    }
    // In a larger buffer, after other bytes: the same.
    let mut shifted = vec![0xa5u8; 8];
    shifted.extend_from_slice(data);
    let l2 = LinkMsg::parse(&shifted[8..]).unwrap();
    assert_eq!(l2.to_spec(), l.to_spec());
    assert_eq!(l2.malformed(), l.malformed());
    assert_eq!(link(&l2, 0), bad);
});
