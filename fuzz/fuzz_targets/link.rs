//! Decodes link messages with `LinkMsg` (see `nlstack_fuzz::route` for how
//! the input becomes messages) and checks every field against a model of
//! the attributes: each scalar is the last attribute of its kind that
//! decodes (a malformed duplicate never erases a good value), hardware
//! addresses, stats, `IFLA_LINKINFO` (kind, bridge and vxlan data, the
//! raw data and slave data), the alternative names the lazy iterator
//! yields, veth peers decoded recursively (8 levels), the error count and
//! the first error's offset, and the owned copy (a peer expanded one level
//! only).
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::Result;
use nlstack::route::AttrErrors;
use nlstack::route::link::*;
use nlstack::wire::{Attr, Attrs, Encoder, FamilyHeader, Flags, IfInfoMsg, Message, MsgType};
use nlstack_fuzz::route::{FORMATS, View, check_errors, last, last_valid, list, run, within};
use nlstack_fuzz::{allow_formats, debug, display};

/// How many veth peers deep the checks follow.
const MAX_PEER_DEPTH: usize = 8;

struct Target;

impl View for Target {
    const HDR_LEN: usize = IfInfoMsg::LEN;
    type Msg<'a> = LinkMsg<&'a [u8]>;
    type Owned = Link;
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        LinkMsg::parse(m)
    }
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        LinkMsg::parse_strict(m)
    }
    fn errors(v: &Self::Msg<'_>) -> AttrErrors {
        v.errors
    }
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a> {
        v.attrs.clone()
    }
    fn owned(v: &Self::Msg<'_>) -> Link {
        v.to_owned()
    }
    fn owned_from(v: &Self::Msg<'_>) -> Link {
        Link::from(v)
    }
    fn check<'a>(v: &Self::Msg<'a>, msg: &Message<'a>, _buf: &'a [u8]) {
        check_link(v, msg.bytes(), 0);
        check_owned(v);
    }
}

fn u32_of(a: &Attr<'_>) -> Option<u32> {
    a.u32().ok()
}
fn i32_of(a: &Attr<'_>) -> Option<i32> {
    a.i32().ok()
}
fn index_of(a: &Attr<'_>) -> Option<u32> {
    a.u32().ok()
}
fn u8_of(a: &Attr<'_>) -> Option<u8> {
    a.u8().ok()
}
fn u16_of(a: &Attr<'_>) -> Option<u16> {
    a.u16().ok()
}
fn u64_of(a: &Attr<'_>) -> Option<u64> {
    a.u64().ok()
}
fn bool_of(a: &Attr<'_>) -> Option<bool> {
    a.u8().ok().map(|v| v != 0)
}
fn str_of<'a>(a: &Attr<'a>) -> Option<&'a str> {
    a.str().ok()
}
/// Bytes the kernel does not promise are UTF-8 (aliases, alt names).
fn text_of<'a>(a: &Attr<'a>) -> Option<&'a [u8]> {
    a.text().ok()
}
/// An interface name: any bytes (one trailing NUL dropped), at most 15.
fn name_of(a: &Attr<'_>) -> Option<Vec<u8>> {
    let v = a.value();
    let v = v.strip_suffix(&[0]).unwrap_or(v);
    (v.len() <= 15).then(|| v.to_vec())
}
fn hw_of(a: &Attr<'_>) -> Option<HwAddr> {
    (a.value().len() <= MAX_ADDR_LEN).then(|| HwAddr::from_slice(a.value()).unwrap())
}
fn stats_of(a: &Attr<'_>) -> Option<LinkStats64> {
    let v = a.value();
    if v.len() < 23 * 8 {
        return None;
    }
    let w = |i: usize| {
        v.get(i * 8..i * 8 + 8)
            .map_or(0, |b| u64::from_ne_bytes(b.try_into().unwrap()))
    };
    Some(LinkStats64 {
        rx_packets: w(0),
        tx_packets: w(1),
        rx_bytes: w(2),
        tx_bytes: w(3),
        rx_errors: w(4),
        tx_errors: w(5),
        rx_dropped: w(6),
        tx_dropped: w(7),
        multicast: w(8),
        collisions: w(9),
        rx_length_errors: w(10),
        rx_over_errors: w(11),
        rx_crc_errors: w(12),
        rx_frame_errors: w(13),
        rx_fifo_errors: w(14),
        rx_missed_errors: w(15),
        tx_aborted_errors: w(16),
        tx_carrier_errors: w(17),
        tx_fifo_errors: w(18),
        tx_heartbeat_errors: w(19),
        tx_window_errors: w(20),
        rx_compressed: w(21),
        tx_compressed: w(22),
        rx_nohandler: w(23),
        rx_otherhost_dropped: w(24),
    })
}
fn bridge_id_of(a: &Attr<'_>) -> Option<BridgeId> {
    let b = a.array::<8>().ok()?;
    Some(BridgeId {
        priority: u16::from_be_bytes([b[0], b[1]]),
        addr: [b[2], b[3], b[4], b[5], b[6], b[7]],
    })
}

// ---------------------------------------------------------------------------
// The error model: every malformed attribute a view records, in walk order.

fn top_errors(attrs: Attrs<'_>, out: &mut Vec<usize>) {
    let (l, err) = list(attrs);
    for a in &l {
        let bad = match a.kind() {
            IFLA_IFNAME => name_of(a).is_none(),
            IFLA_QDISC | IFLA_PARENT_DEV_NAME | IFLA_PARENT_DEV_BUS_NAME => a.str().is_err(),
            IFLA_IFALIAS => a.text().is_err(),
            IFLA_MTU
            | IFLA_MIN_MTU
            | IFLA_MAX_MTU
            | IFLA_MASTER
            | IFLA_LINK
            | IFLA_TXQLEN
            | IFLA_GROUP
            | IFLA_CARRIER_CHANGES
            | IFLA_CARRIER_UP_COUNT
            | IFLA_CARRIER_DOWN_COUNT
            | IFLA_PROMISCUITY
            | IFLA_ALLMULTI
            | IFLA_NUM_TX_QUEUES
            | IFLA_NUM_RX_QUEUES
            | IFLA_GSO_MAX_SIZE
            | IFLA_GSO_MAX_SEGS
            | IFLA_GRO_MAX_SIZE
            | IFLA_TSO_MAX_SIZE
            | IFLA_TSO_MAX_SEGS
            | IFLA_GSO_IPV4_MAX_SIZE
            | IFLA_GRO_IPV4_MAX_SIZE => a.value().len() != 4,
            IFLA_LINK_NETNSID | IFLA_NEW_NETNSID | IFLA_NEW_IFINDEX => a.value().len() != 4,
            IFLA_ADDRESS | IFLA_BROADCAST | IFLA_PERM_ADDRESS => a.value().len() > MAX_ADDR_LEN,
            IFLA_OPERSTATE | IFLA_LINKMODE | IFLA_CARRIER | IFLA_PROTO_DOWN => a.value().len() != 1,
            IFLA_STATS64 => a.value().len() < LinkStats64::MIN_LEN,
            IFLA_PROP_LIST => {
                let (p, err) = list(a.nested());
                for n in &p {
                    if n.kind() == IFLA_ALT_IFNAME && n.text().is_err() {
                        out.push(n.offset());
                    }
                }
                out.extend(err);
                false
            }
            IFLA_LINKINFO => {
                info_errors(a, out);
                false
            }
            _ => false,
        };
        if bad {
            out.push(a.offset());
        }
    }
    out.extend(err);
}

fn info_errors(info: &Attr<'_>, out: &mut Vec<usize>) {
    let (l, err) = list(info.nested());
    for a in &l {
        if matches!(a.kind(), IFLA_INFO_KIND | IFLA_INFO_SLAVE_KIND) && a.str().is_err() {
            out.push(a.offset());
        }
    }
    out.extend(err);
    // The port data, by the master's kind, before the data.
    let slave_kind = last_valid(&l, IFLA_INFO_SLAVE_KIND, str_of);
    if let (Some(p), Some(sd)) = (
        slave_kind.and_then(PortKind::named),
        last(&l, IFLA_INFO_SLAVE_DATA),
    ) {
        let (sl, serr) = list(sd.nested());
        for a in &sl {
            let want = p.attrs().iter().find(|(n, _)| *n == a.kind());
            if want.is_some_and(|(_, s)| !s.contains(&a.value().len())) {
                out.push(a.offset());
            }
        }
        out.extend(serr);
    }
    // The data is decoded after the walk, by the kind.
    let Some(data) = last(&l, IFLA_INFO_DATA) else {
        return;
    };
    let (d, err) = list(data.nested());
    let size = |k: u16| -> Option<&[usize]> {
        Some(match k {
            1..=5 | 13 | 26..=29 => &[4],
            6 | 8 | 9 | 12 | 39 => &[2],
            7 | 14 | 15 | 22..=25 | 36..=38 | 41..=44 => &[1],
            20 => &[6],
            10 | 11 => &[8],
            30..=35 => &[8],
            _ => return None,
        })
    };
    let vsize = |k: u16| -> Option<&[usize]> {
        Some(match k {
            1 | 2 | 3 | 4 | 8 | 9 | 10 | 26 => &[4],
            16 | 17 => &[16],
            15 => &[2],
            5 | 6 | 7 | 11..=14 | 18 | 25 | 29 => &[1],
            _ => return None,
        })
    };
    match last_valid(&l, IFLA_INFO_KIND, str_of) {
        Some("veth") => {
            for a in &d {
                if a.kind() == VETH_INFO_PEER && a.value().len() < IfInfoMsg::LEN {
                    out.push(a.offset() + 4);
                }
            }
        }
        Some("bridge") => {
            for a in &d {
                if size(a.kind()).is_some_and(|s| !s.contains(&a.value().len())) {
                    out.push(a.offset());
                }
            }
        }
        Some("vxlan") => {
            for a in &d {
                if vsize(a.kind()).is_some_and(|s| !s.contains(&a.value().len())) {
                    out.push(a.offset());
                }
            }
        }
        Some(k) if TableKind::named(k).is_some() => {
            let sizes = TableKind::named(k).map(|t| t.attrs()).unwrap_or(&[]);
            for a in &d {
                let want = sizes.iter().find(|(n, _)| *n == a.kind());
                if want.is_some_and(|(_, s)| !s.contains(&a.value().len())) {
                    out.push(a.offset());
                }
            }
        }
        _ => return,
    }
    out.extend(err);
}

// ---------------------------------------------------------------------------
// The view against the model.

macro_rules! keep {
    ($list:expr; $($got:expr => $kind:expr, $dec:expr;)*) => {$(
        assert_eq!($got, last_valid($list, $kind, $dec), stringify!($got));
    )*};
}

fn hw(a: &HwAddr) {
    assert!(a.len() <= MAX_ADDR_LEN);
    assert_eq!(a.len(), a.as_bytes().len());
    assert_eq!(a.is_empty(), a.len() == 0);
    assert_eq!(a.mac().is_some(), a.len() == 6);
    if let Some(m) = a.mac() {
        assert_eq!(HwAddr::from(m), *a);
    }
    assert_eq!(HwAddr::from_slice(a.as_bytes()), Some(*a));
    let s = a.to_string();
    assert_eq!(
        s.parse::<HwAddr>(),
        Ok(*a),
        "HwAddr {s:?} does not parse back"
    );
    display(a);
}

/// Checks `l`, decoded from attributes that lie in `region`, against the
/// model; `depth` is how many veth peers deep it is.
fn check_link<'a>(l: &LinkMsg<&'a [u8]>, region: &'a [u8], depth: usize) {
    within(l.attrs.remaining(), region);
    let (top, _) = list(l.attrs.clone());

    let mut model = Vec::new();
    top_errors(l.attrs.clone(), &mut model);
    check_errors("link", &l.errors, &model);

    // Header and helpers.
    assert_eq!(l.flags, LinkFlags::from_bits_retain(l.header.flags));
    assert_eq!(l.index(), l.header.index as u32);
    assert_eq!(l.link_type(), l.header.link_type);
    assert_eq!(l.kind(), l.link_info.as_ref().and_then(|i| i.kind));
    black_box((l.header.family, l.header.change));

    keep!(&top;
        l.name.map(|n| n.as_bytes().to_vec()) => IFLA_IFNAME, name_of;
        l.mtu => IFLA_MTU, u32_of;
        l.min_mtu => IFLA_MIN_MTU, u32_of;
        l.max_mtu => IFLA_MAX_MTU, u32_of;
        l.address => IFLA_ADDRESS, hw_of;
        l.broadcast => IFLA_BROADCAST, hw_of;
        l.perm_address => IFLA_PERM_ADDRESS, hw_of;
        l.operstate => IFLA_OPERSTATE, |a| u8_of(a).map(OperState::from);
        l.link_mode => IFLA_LINKMODE, |a| u8_of(a).map(LinkMode::from);
        l.master => IFLA_MASTER, index_of;
        l.link => IFLA_LINK, index_of;
        l.link_netnsid => IFLA_LINK_NETNSID, i32_of;
        l.txqlen => IFLA_TXQLEN, u32_of;
        l.group => IFLA_GROUP, u32_of;
        l.qdisc => IFLA_QDISC, str_of;
        l.alias => IFLA_IFALIAS, text_of;
        l.carrier => IFLA_CARRIER, bool_of;
        l.carrier_changes => IFLA_CARRIER_CHANGES, u32_of;
        l.carrier_up_count => IFLA_CARRIER_UP_COUNT, u32_of;
        l.carrier_down_count => IFLA_CARRIER_DOWN_COUNT, u32_of;
        l.proto_down => IFLA_PROTO_DOWN, bool_of;
        l.promiscuity => IFLA_PROMISCUITY, u32_of;
        l.allmulti => IFLA_ALLMULTI, u32_of;
        l.num_tx_queues => IFLA_NUM_TX_QUEUES, u32_of;
        l.num_rx_queues => IFLA_NUM_RX_QUEUES, u32_of;
        l.gso_max_size => IFLA_GSO_MAX_SIZE, u32_of;
        l.gso_max_segs => IFLA_GSO_MAX_SEGS, u32_of;
        l.gro_max_size => IFLA_GRO_MAX_SIZE, u32_of;
        l.tso_max_size => IFLA_TSO_MAX_SIZE, u32_of;
        l.tso_max_segs => IFLA_TSO_MAX_SEGS, u32_of;
        l.gso_ipv4_max_size => IFLA_GSO_IPV4_MAX_SIZE, u32_of;
        l.gro_ipv4_max_size => IFLA_GRO_IPV4_MAX_SIZE, u32_of;
        l.parent_dev_name => IFLA_PARENT_DEV_NAME, str_of;
        l.parent_dev_bus_name => IFLA_PARENT_DEV_BUS_NAME, str_of;
        l.new_netnsid => IFLA_NEW_NETNSID, i32_of;
        l.new_ifindex => IFLA_NEW_IFINDEX, u32_of;
        l.stats64 => IFLA_STATS64, stats_of;
    );

    for a in [&l.address, &l.broadcast, &l.perm_address]
        .into_iter()
        .flatten()
    {
        hw(a);
    }
    if let Some(s) = l.operstate {
        assert_eq!(OperState::from(u8::from(s)), s);
        assert_eq!(s.name().is_none(), matches!(s, OperState::Other(_)));
        display(&s);
    }
    if let Some(m) = l.link_mode {
        assert_eq!(LinkMode::from(u8::from(m)), m);
        assert_eq!(m.name().is_none(), matches!(m, LinkMode::Other(_)));
    }
    if let Some(s) = &l.stats64 {
        debug(s);
    }

    // Alternative names: the last IFLA_PROP_LIST's names that decode, up
    // to a malformed list.
    let props = last(&top, IFLA_PROP_LIST);
    assert_eq!(
        l.alt_names.attrs().map(|a| a.remaining().as_ptr()),
        props.map(|p| p.value().as_ptr())
    );
    let want: Vec<&[u8]> = props.map_or_else(Vec::new, |p| {
        list(p.nested())
            .0
            .iter()
            .filter(|a| a.kind() == IFLA_ALT_IFNAME)
            .filter_map(text_of)
            .collect()
    });
    let mut names = l.alt_names.clone();
    let got: Vec<&[u8]> = names.by_ref().collect();
    assert_eq!(got, want, "alt names");
    assert_eq!(names.next(), None, "AltNames yielded after its end");
    debug(&l.alt_names);

    // IFLA_LINKINFO: the last one.
    let info = last(&top, IFLA_LINKINFO);
    assert_eq!(l.link_info.is_some(), info.is_some());
    if let (Some(li), Some(at)) = (&l.link_info, info) {
        check_info(li, at, depth);
    }
}

fn check_info<'a>(li: &LinkInfoMsg<'a>, at: &Attr<'a>, depth: usize) {
    let (l, _) = list(at.nested());
    keep!(&l;
        li.kind => IFLA_INFO_KIND, str_of;
        li.slave_kind => IFLA_INFO_SLAVE_KIND, str_of;
    );
    let raw = |k| last(&l, k).copied();
    assert_eq!(li.data_attr, raw(IFLA_INFO_DATA));
    assert_eq!(li.xstats, raw(IFLA_INFO_XSTATS).map(|a| a.value()));
    assert_eq!(li.slave_data, raw(IFLA_INFO_SLAVE_DATA));
    debug(li);

    let Some(d) = li.data_attr else {
        assert!(li.data.is_none());
        return;
    };
    let data = li
        .data
        .as_ref()
        .expect("IFLA_INFO_DATA without decoded data");
    let (dl, _) = list(d.nested());
    match (li.kind, data) {
        (Some("veth"), InfoData::Veth { peer }) => {
            // The last VETH_INFO_PEER with a whole ifinfomsg.
            let want = dl
                .iter()
                .rev()
                .filter(|a| a.kind() == VETH_INFO_PEER)
                .find(|a| a.value().len() >= IfInfoMsg::LEN);
            assert_eq!(peer.is_some(), want.is_some(), "veth peer");
            if let (Some(p), Some(a)) = (peer, want) {
                check_peer(p, a, depth);
            }
        }
        (Some("bridge"), InfoData::Bridge(b)) => check_bridge(b, &dl),
        (Some("vxlan"), InfoData::Vxlan(v)) => check_vxlan(v, &dl),
        (Some(k), InfoData::Table(t)) => {
            assert_eq!(t.name(), k);
            // What decodes encodes back to what decodes the same.
            let req = LinkRequest::new("x", LinkKind::Table(*t));
            let mut buf = Vec::new();
            let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::empty(), 0, 0);
            req.encode(&mut e);
            e.finish().unwrap();
            let again = LinkMsg::parse_strict(Message::parse(&buf).unwrap().payload()).unwrap();
            match again.link_info.and_then(|i| i.data) {
                Some(InfoData::Table(t2)) => assert_eq!(*t, t2),
                None => assert!(t.is_empty()),
                other => panic!("{other:?}"),
            }
        }
        (k, InfoData::Other(v)) => {
            assert!(!matches!(k, Some("veth" | "bridge" | "vxlan")));
            assert!(k.is_none_or(|k| TableKind::named(k).is_none()));
            assert!(
                std::ptr::eq(*v, d.value()),
                "Other data is not IFLA_INFO_DATA's value"
            );
        }
        (k, data) => panic!("kind {k:?} decoded as {data:?}"),
    }
}

fn check_peer<'a>(p: &VethPeerMsg<'a>, at: &Attr<'a>, depth: usize) {
    let v = at.value();
    assert_eq!(p.header, IfInfoMsg::parse(v).unwrap());
    assert!(
        std::ptr::eq(p.attrs.remaining(), &v[IfInfoMsg::LEN..]),
        "peer attributes are not the rest of VETH_INFO_PEER"
    );
    if depth >= MAX_PEER_DEPTH {
        return;
    }
    let peer = p.link();
    assert_eq!(peer.header, p.header);
    // The peer's errors are its own, and point into the peer.
    if let Some(e) = peer.errors.first {
        let lo = at.offset() + 4 + IfInfoMsg::LEN;
        let hi = at.offset() + 4 + v.len();
        assert!(
            lo <= e.offset && e.offset <= hi,
            "peer error {e} outside {lo}..{hi}"
        );
    }
    // Peer attributes are where their offsets say.
    for a in list(peer.attrs.clone()).0 {
        // The value starts a.offset() + 4 into the buffer, v at.offset() + 4.
        let here = a
            .offset()
            .checked_sub(at.offset())
            .and_then(|o| v.get(o..))
            .and_then(|r| r.get(..a.value().len()));
        assert!(
            here.is_some_and(|h| std::ptr::eq(h, a.value())),
            "peer attribute at {} is not where its offset says",
            a.offset()
        );
    }
    check_link(&peer, v, depth + 1);
    debug(p);
}

fn check_bridge(b: &BridgeInfo, l: &[Attr<'_>]) {
    use nlstack::route::link::br::*;
    keep!(l;
        b.forward_delay => FORWARD_DELAY, u32_of;
        b.hello_time => HELLO_TIME, u32_of;
        b.max_age => MAX_AGE, u32_of;
        b.ageing_time => AGEING_TIME, u32_of;
        b.stp_state => STP_STATE, u32_of;
        b.priority => PRIORITY, u16_of;
        b.vlan_filtering => VLAN_FILTERING, bool_of;
        b.vlan_protocol => VLAN_PROTOCOL, |a| a.be16().ok();
        b.vlan_default_pvid => VLAN_DEFAULT_PVID, u16_of;
        b.vlan_stats_enabled => VLAN_STATS_ENABLED, bool_of;
        b.group_fwd_mask => GROUP_FWD_MASK, u16_of;
        b.group_addr => GROUP_ADDR, |a| a.mac().ok();
        b.root_id => ROOT_ID, bridge_id_of;
        b.bridge_id => BRIDGE_ID, bridge_id_of;
        b.root_port => ROOT_PORT, u16_of;
        b.root_path_cost => ROOT_PATH_COST, u32_of;
        b.topology_change => TOPOLOGY_CHANGE, u8_of;
        b.topology_change_detected => TOPOLOGY_CHANGE_DETECTED, u8_of;
        b.mcast_router => MCAST_ROUTER, u8_of;
        b.mcast_snooping => MCAST_SNOOPING, bool_of;
        b.mcast_query_use_ifaddr => MCAST_QUERY_USE_IFADDR, bool_of;
        b.mcast_querier => MCAST_QUERIER, bool_of;
        b.mcast_stats_enabled => MCAST_STATS_ENABLED, bool_of;
        b.mcast_hash_elasticity => MCAST_HASH_ELASTICITY, u32_of;
        b.mcast_hash_max => MCAST_HASH_MAX, u32_of;
        b.mcast_last_member_cnt => MCAST_LAST_MEMBER_CNT, u32_of;
        b.mcast_startup_query_cnt => MCAST_STARTUP_QUERY_CNT, u32_of;
        b.mcast_last_member_intvl => MCAST_LAST_MEMBER_INTVL, u64_of;
        b.mcast_membership_intvl => MCAST_MEMBERSHIP_INTVL, u64_of;
        b.mcast_querier_intvl => MCAST_QUERIER_INTVL, u64_of;
        b.mcast_query_intvl => MCAST_QUERY_INTVL, u64_of;
        b.mcast_query_response_intvl => MCAST_QUERY_RESPONSE_INTVL, u64_of;
        b.mcast_startup_query_intvl => MCAST_STARTUP_QUERY_INTVL, u64_of;
        b.mcast_igmp_version => MCAST_IGMP_VERSION, u8_of;
        b.mcast_mld_version => MCAST_MLD_VERSION, u8_of;
        b.nf_call_iptables => NF_CALL_IPTABLES, bool_of;
        b.nf_call_ip6tables => NF_CALL_IP6TABLES, bool_of;
        b.nf_call_arptables => NF_CALL_ARPTABLES, bool_of;
    );
    for id in [&b.root_id, &b.bridge_id].into_iter().flatten() {
        display(id);
    }
}

fn check_vxlan(v: &VxlanInfo, l: &[Attr<'_>]) {
    use nlstack::route::link::vxlan::*;
    keep!(l;
        v.id => ID, u32_of;
        v.group => GROUP, |a| a.ipv4().ok();
        v.group6 => GROUP6, |a| a.ipv6().ok();
        v.local => LOCAL, |a| a.ipv4().ok();
        v.local6 => LOCAL6, |a| a.ipv6().ok();
        v.link => LINK, index_of;
        v.port => PORT, |a| a.be16().ok();
        v.port_range => PORT_RANGE, |a| a.array::<4>().ok().map(|b| (
            u16::from_be_bytes([b[0], b[1]]),
            u16::from_be_bytes([b[2], b[3]]),
        ));
        v.ttl => TTL, u8_of;
        v.tos => TOS, u8_of;
        v.df => DF, u8_of;
        v.label => LABEL, |a| a.be32().ok();
        v.learning => LEARNING, bool_of;
        v.ageing => AGEING, u32_of;
        v.limit => LIMIT, u32_of;
        v.proxy => PROXY, bool_of;
        v.rsc => RSC, bool_of;
        v.l2miss => L2MISS, bool_of;
        v.l3miss => L3MISS, bool_of;
        v.udp_csum => UDP_CSUM, bool_of;
        v.collect_metadata => COLLECT_METADATA, bool_of;
    );
    assert_eq!(
        v.remote(),
        v.group.map(Into::into).or(v.group6.map(Into::into))
    );
    assert_eq!(
        v.local_addr(),
        v.local.map(Into::into).or(v.local6.map(Into::into))
    );
}

/// The owned copy of a top-level view: the view's values, a veth peer
/// expanded once (its own peer left out).
fn check_owned(l: &LinkMsg<&[u8]>) {
    let o = l.to_owned();
    assert_eq!(o.index, l.index());
    assert_eq!(o.family, l.header.family);
    assert_eq!(o.link_type, l.link_type());
    assert_eq!(o.flags, l.flags);
    assert_eq!(o.is_up(), l.flags.contains(LinkFlags::UP));
    assert_eq!(o.name, l.name.unwrap_or_default());
    assert_eq!(o.kind(), l.kind());
    assert_eq!(o.alt_names, l.alt_names.clone().collect::<Vec<_>>());
    assert_eq!(o.stats64, l.stats64);
    assert_eq!(o.address, l.address);
    let (Some(oi), Some(li)) = (&o.link_info, &l.link_info) else {
        assert_eq!(o.link_info.is_some(), l.link_info.is_some());
        return;
    };
    assert_eq!(oi.slave_kind.as_deref(), li.slave_kind);
    assert_eq!(oi.slave_data.as_deref(), li.slave_data.map(|a| a.value()));
    assert_eq!(
        oi.bridge().is_some(),
        matches!(li.data, Some(InfoData::Bridge(_)))
    );
    assert_eq!(
        oi.vxlan().is_some(),
        matches!(li.data, Some(InfoData::Vxlan(_)))
    );
    match (&oi.data, &li.data) {
        (None, None) => {}
        (Some(KindData::Veth { peer: op }), Some(InfoData::Veth { peer: vp })) => {
            assert_eq!(op.is_some(), vp.is_some());
            if let (Some(op), Some(vp)) = (op, vp) {
                let mut want = vp.link().to_owned();
                if let Some(LinkInfo {
                    data: Some(KindData::Veth { peer }),
                    ..
                }) = &mut want.link_info
                {
                    *peer = None;
                }
                assert_eq!(
                    **op, want,
                    "the owned peer is not the peer's view, one level"
                );
            }
        }
        (Some(KindData::Bridge(a)), Some(InfoData::Bridge(b))) => assert_eq!(a, b),
        (Some(KindData::Vxlan(a)), Some(InfoData::Vxlan(b))) => assert_eq!(a, b),
        (Some(KindData::Table(a)), Some(InfoData::Table(b))) => assert_eq!(a, b),
        (Some(KindData::Other(a)), Some(InfoData::Other(b))) => assert_eq!(a, b),
        (a, b) => panic!("owned data {a:?} for {b:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    allow_formats(FORMATS);
    run::<Target>(data);
});
