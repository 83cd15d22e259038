//! The link kinds of the kind table: created against the kernel where it
//! has them (macvlan, macvtap), and for the others (this kernel has no
//! vlan, ipvlan, bond, dummy, vrf, geneve or wireguard) the request bytes
//! compared with what `ip link add` sends, recorded once by
//! `tests/fixtures/link_kinds.sh` with `strace -e write`.

#[macro_use]
mod common;

use std::net::Ipv4Addr;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::LinkMsg;
use nlstack::route::link::{
    BondInfo, DummyInfo, GeneveInfo, InfoData, IpvlanInfo, LinkRequest, MacvlanInfo, MacvtapInfo,
    NetU16, NetU32, TableKind, VlanInfo, VrfInfo, WireguardInfo,
};
use nlstack::wire::{Attrs, Encoder, Flags, Message, MsgType, NLA_TYPE_MASK};

/// An attribute tree, each level sorted: ip and nlstack may order
/// attributes differently, which the kernel does not mind.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tree {
    Leaf(u16, Vec<u8>),
    Nest(u16, Vec<Tree>),
}

/// `nests[0]` is the nest kind at this level; the rest, the levels below
/// (IFLA_LINKINFO holds IFLA_INFO_DATA, a nest too).
fn tree(a: Attrs<'_>, nests: &[u16]) -> Vec<Tree> {
    let mut v: Vec<Tree> = a
        .map(|a| {
            let a = a.unwrap();
            let k = a.kind() & NLA_TYPE_MASK;
            if nests.first() == Some(&k) {
                Tree::Nest(k, tree(a.nested(), &nests[1..]))
            } else {
                Tree::Leaf(k, a.value().to_vec())
            }
        })
        .collect();
    v.sort();
    v
}

fn recorded(kind: &str) -> Vec<u8> {
    let text = include_str!("fixtures/link_kinds.txt");
    let hex = text
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{kind} ")))
        .unwrap_or_else(|| panic!("no recording for {kind}"));
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn ours(req: &LinkRequest<'_>) -> Vec<u8> {
    let mut b = Vec::new();
    let mut e = Encoder::new(
        &mut b,
        MsgType::RTM_NEWLINK,
        Flags::REQUEST | Flags::ACK | Flags::EXCL | Flags::CREATE,
        0,
        0,
    );
    req.encode(&mut e);
    e.finish().unwrap();
    b
}

/// The same message as ip's, but for sequence number and port.
fn same_as_ip(kind: &str, req: LinkRequest<'_>) {
    let theirs = recorded(kind);
    let mine = ours(&req);
    let (t, m) = (
        Message::parse(&theirs).unwrap(),
        Message::parse(&mine).unwrap(),
    );
    assert_eq!(
        (m.kind(), m.flags()),
        (t.kind(), t.flags()),
        "{kind}: header"
    );
    assert_eq!(m.payload()[..16], t.payload()[..16], "{kind}: ifinfomsg");
    assert_eq!(
        tree(m.attrs(16).unwrap(), &[18, 2]),
        tree(t.attrs(16).unwrap(), &[18, 2]),
        "{kind}: attributes"
    );
    assert_eq!(mine.len(), theirs.len(), "{kind}: length");
    // And what we send decodes back to the options we set.
    let l = LinkMsg::parse_strict(m.payload()).unwrap();
    let data = l.link_info().unwrap().kind_data();
    match (data, req.kind) {
        (Some(InfoData::Table(got)), nlstack::route::link::LinkKind::Table(want)) => {
            assert_eq!(got, want)
        }
        (None, nlstack::route::link::LinkKind::Table(want)) => assert!(want.is_empty()),
        (other, _) => panic!("{kind}: {other:?}"),
    }
}

#[test]
fn requests_for_kinds_this_kernel_lacks_match_ip() {
    let p = Some(3); // the parent's index in the recordings
    same_as_ip(
        "vlan",
        LinkRequest::table("v10", VlanInfo::new().id(10).protocol(NetU16(0x88a8)), p),
    );
    same_as_ip(
        "ipvlan",
        LinkRequest::table("iv0", IpvlanInfo::new().mode(1).flags(0), p),
    );
    same_as_ip(
        "bond",
        LinkRequest::table("bo0", BondInfo::new().mode(1), None),
    );
    same_as_ip("dummy", LinkRequest::table("du0", DummyInfo::new(), None));
    same_as_ip(
        "vrf",
        LinkRequest::table("vr0", VrfInfo::new().table(100), None),
    );
    let geneve = GeneveInfo::new()
        .id(5)
        .remote(Ipv4Addr::new(10, 0, 0, 2))
        .label(NetU32(0))
        .ttl(9)
        .tos(0)
        .port(NetU16(6082));
    same_as_ip("geneve", LinkRequest::table("ge0", geneve, None));
    same_as_ip(
        "wireguard",
        LinkRequest::table("wg0", WireguardInfo::new(), None),
    );
    same_as_ip(
        "macvlan",
        LinkRequest::table("mv0", MacvlanInfo::new().mode(4), p),
    );
    same_as_ip(
        "macvtap",
        LinkRequest::table("mt0", MacvtapInfo::new().mode(2), p),
    );
}

#[test]
fn macvlan_and_macvtap_against_the_kernel() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let parent = c
        .link_add_echo(&LinkRequest::veth("par0", "par1"))
        .unwrap()
        .index();
    for (name, kind, mode, word) in [
        (
            "mv0",
            TableKind::from(MacvlanInfo::new().mode(4)),
            4,
            "bridge",
        ),
        (
            "mv1",
            TableKind::from(MacvlanInfo::new().mode(1)),
            1,
            "private",
        ),
        (
            "mt0",
            TableKind::from(MacvtapInfo::new().mode(2)),
            2,
            "vepa",
        ),
    ] {
        let made = c
            .link_add_echo(&LinkRequest::table(name, kind, Some(parent)))
            .unwrap();
        let info = made.link_info().expect("linkinfo");
        match info.kind_data() {
            Some(InfoData::Table(TableKind::Macvlan(m))) => {
                assert_eq!(m.mode, Some(mode), "{name}")
            }
            Some(InfoData::Table(TableKind::Macvtap(m))) => {
                assert_eq!(m.mode, Some(mode), "{name}")
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(made.link(), Some(parent));
        let shown = common::ip_json(&ns, &["-d", "link", "show", name]);
        assert_eq!(shown[0]["linkinfo"]["info_data"]["mode"], word, "{name}");
    }
}

#[test]
fn bridge_port_options_and_addrgenmode_against_the_kernel() {
    use nlstack::route::link::{BridgePortInfo, LinkChange, PortKind};
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let br = c
        .link_add_echo(&LinkRequest::bridge("br0"))
        .unwrap()
        .index();
    let p = c
        .link_add_echo(&LinkRequest::veth("bp0", "bp1"))
        .unwrap()
        .index();
    c.link_set(&LinkChange::new(p).master(br)).unwrap();
    let opts = BridgePortInfo::new()
        .learning(0)
        .hairpin(1)
        .isolated(1)
        .neigh_suppress(1)
        .cost(77)
        .priority(9);
    c.link_set(&LinkChange::new(p).port(opts).addrgenmode(1))
        .unwrap();

    let l = c.link_by_index(p).unwrap();
    // IFLA_AF_SPEC's IPv6 part reads back the mode just set.
    let inet6 = l.af_spec().and_then(|a| a.inet6());
    assert_eq!(inet6.and_then(|i| i.addr_gen_mode()), Some(1));
    let Some(PortKind::BridgePort(got)) = l.link_info().and_then(|i| i.port()) else {
        panic!("{:?}", l.link_info())
    };
    assert_eq!(
        (
            got.learning,
            got.hairpin,
            got.isolated,
            got.neigh_suppress,
            got.cost,
            got.priority
        ),
        (Some(0), Some(1), Some(1), Some(1), Some(77), Some(9))
    );
    let shown = &common::ip_json(&ns, &["-d", "link", "show", "bp0"])[0];
    let port = &shown["linkinfo"]["info_slave_data"];
    assert_eq!(port["learning"], false);
    assert_eq!(port["hairpin"], true);
    assert_eq!(port["isolated"], true);
    assert_eq!(port["neigh_suppress"], true);
    assert_eq!(port["cost"], 77);
    assert_eq!(port["priority"], 9);
    assert_eq!(shown["inet6_addr_gen_mode"], "none");
}
