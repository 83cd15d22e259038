//! Links against the real kernel, with `ip` (iproute2) as the oracle, and
//! the link view against the fixtures. Each kernel test makes its own
//! anonymous namespaces and works only inside them.

#[macro_use]
mod common;

use common::{ip, ip_batch};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::process::Command;
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::link::*;
use nlstack::wire::{Encoder, Flags, Message, Messages, MsgType, capture};
use serde_json::{Value, json};

fn new_ns() -> NetNs {
    NetNs::new_anonymous().expect("anonymous namespace")
}

/// A namespace without IPv6, hence without autonomous traffic (DAD, MLD,
/// router solicitations): counters stay put between two looks.
fn quiet_ns() -> NetNs {
    let ns = new_ns();
    ns.run(|| {
        for k in ["all", "default"] {
            let p = format!("/proc/sys/net/ipv6/conf/{k}/disable_ipv6");
            std::fs::write(p, "1").unwrap();
        }
    })
    .unwrap();
    ns
}

fn ip_out(ns: &NetNs, args: &[&str]) -> std::process::Output {
    ns.run(|| Command::new("ip").args(args).output())
        .unwrap()
        .expect("run ip")
}

fn ip_json(ns: &NetNs, args: &[&str]) -> Value {
    let mut a = vec!["-j"];
    a.extend_from_slice(args);
    serde_json::from_str(&ip(ns, &a)).unwrap()
}

/// `ip -j -d link show NAME`'s one object, or `None` if there is no such link.
fn ip_link(ns: &NetNs, name: &str) -> Option<Value> {
    let out = ip_out(ns, &["-j", "-d", "link", "show", "dev", name]);
    if !out.status.success() {
        return None;
    }
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().and_then(|a| a.first()).cloned()
}

fn dial(ns: &NetNs) -> Conn<Route> {
    Conn::<Route>::dial(
        Config::default()
            .netns(ns)
            .read_timeout(Duration::from_secs(10)),
    )
    .expect("dial")
}

fn index_of(ns: &NetNs, name: &str) -> u32 {
    ip_link(ns, name).unwrap()["ifindex"].as_i64().unwrap() as u32
}

// ---------------------------------------------------------------------------
// Differential: `links()` against `ip -j -d -s -s link show`

/// `ether_ntoa` style, as `ip` prints bridge ids: unpadded hex octets.
fn bridge_id(id: &BridgeId) -> String {
    let octets: Vec<String> = id.addr.iter().map(|o| format!("{o:x}")).collect();
    format!("{:04x}.{}", id.priority, octets.join(":"))
}

const STATS: [(&str, &str); 21] = [
    ("rx", "bytes"),
    ("rx", "packets"),
    ("rx", "errors"),
    ("rx", "dropped"),
    ("rx", "over_errors"),
    ("rx", "multicast"),
    ("rx", "length_errors"),
    ("rx", "crc_errors"),
    ("rx", "frame_errors"),
    ("rx", "fifo_errors"),
    ("rx", "missed_errors"),
    ("tx", "bytes"),
    ("tx", "packets"),
    ("tx", "errors"),
    ("tx", "dropped"),
    ("tx", "carrier_errors"),
    ("tx", "collisions"),
    ("tx", "aborted_errors"),
    ("tx", "fifo_errors"),
    ("tx", "window_errors"),
    ("tx", "heartbeat_errors"),
];

fn our_stats(s: &LinkStats64) -> [u64; 21] {
    [
        s.rx_bytes,
        s.rx_packets,
        s.rx_errors,
        s.rx_dropped,
        s.rx_over_errors,
        s.multicast,
        s.rx_length_errors,
        s.rx_crc_errors,
        s.rx_frame_errors,
        s.rx_fifo_errors,
        s.rx_missed_errors,
        s.tx_bytes,
        s.tx_packets,
        s.tx_errors,
        s.tx_dropped,
        s.tx_carrier_errors,
        s.collisions,
        s.tx_aborted_errors,
        s.tx_fifo_errors,
        s.tx_window_errors,
        s.tx_heartbeat_errors,
    ]
}

const VXLAN_KEYS: [&str; 16] = [
    "id",
    "remote",
    "group",
    "remote6",
    "group6",
    "local",
    "local6",
    "link",
    "port",
    "port_range",
    "learning",
    "ttl",
    "ageing",
    "df",
    "udp_csum",
    "limit",
];

const BRIDGE_KEYS: [&str; 34] = [
    "forward_delay",
    "hello_time",
    "max_age",
    "ageing_time",
    "stp_state",
    "priority",
    "vlan_filtering",
    "vlan_protocol",
    "bridge_id",
    "root_id",
    "root_port",
    "root_path_cost",
    "topology_change",
    "topology_change_detected",
    "group_addr",
    "mcast_snooping",
    "mcast_router",
    "mcast_query_use_ifaddr",
    "mcast_querier",
    "mcast_hash_elasticity",
    "mcast_hash_max",
    "mcast_last_member_cnt",
    "mcast_startup_query_cnt",
    "mcast_last_member_intvl",
    "mcast_membership_intvl",
    "mcast_querier_intvl",
    "mcast_query_intvl",
    "mcast_query_response_intvl",
    "mcast_startup_query_intvl",
    "mcast_stats_enabled",
    "mcast_igmp_version",
    "mcast_mld_version",
    "nf_call_iptables",
    "nf_call_ip6tables",
];

type View = BTreeMap<String, Value>;

/// The fields both sides show, as `ip` shows them.
fn ip_view(l: &Value) -> View {
    let mut v = View::new();
    let top = [
        "ifindex",
        "ifname",
        "mtu",
        "min_mtu",
        "max_mtu",
        "qdisc",
        "master",
        "operstate",
        "linkmode",
        "group",
        "txqlen",
        "link_type",
        "address",
        "broadcast",
        "promiscuity",
        "allmulti",
        "link",
        "link_index",
        "link_netnsid",
        "ifalias",
        "altnames",
        "num_tx_queues",
        "num_rx_queues",
        "gso_max_size",
        "gso_max_segs",
        "tso_max_size",
        "tso_max_segs",
        "gro_max_size",
    ];
    for k in top {
        if let Some(x) = l.get(k) {
            v.insert(k.into(), x.clone());
        }
    }
    // ip derives NO-CARRIER (UP without RUNNING) and M-DOWN (the lower
    // link is down) and never prints RUNNING.
    let mut flags: Vec<String> = l["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .filter(|f| f != "NO-CARRIER" && f != "M-DOWN")
        .collect();
    flags.sort();
    v.insert("flags".into(), json!(flags));
    if let Some(s) = l.get("stats64") {
        for (dir, k) in STATS {
            v.insert(format!("stats.{dir}.{k}"), s[dir][k].clone());
        }
        v.insert("carrier_changes".into(), s["tx"]["carrier_changes"].clone());
    }
    if let Some(li) = l.get("linkinfo") {
        for k in ["info_kind", "info_slave_kind"] {
            if let Some(x) = li.get(k) {
                v.insert(k.into(), x.clone());
            }
        }
        if let Some(d) = li.get("info_data") {
            let keys: &[&str] = match li["info_kind"].as_str() {
                Some("vxlan") => &VXLAN_KEYS,
                Some("bridge") => &BRIDGE_KEYS,
                _ => &[],
            };
            for k in keys {
                if let Some(x) = d.get(*k) {
                    v.insert(format!("data.{k}"), x.clone());
                }
            }
        }
    }
    v
}

fn b01(b: bool) -> Value {
    json!(b as u8)
}

/// The same fields from our decode, in `ip`'s words.
fn our_view(l: &LinkMsg<&[u8]>, names: &BTreeMap<u32, String>) -> View {
    let name_of = |i: u32| names.get(&i).cloned().unwrap_or_else(|| format!("if{i}"));
    let mut v = View::new();
    let mut put = |k: &str, x: Value| {
        v.insert(k.into(), x);
    };
    put("ifindex", json!(l.index()));
    put(
        "ifname",
        json!(l.name().to_str().expect("UTF-8 names here")),
    );
    let mut flags: Vec<String> = l
        .flags()
        .iter_names()
        .filter(|(n, _)| *n != "RUNNING")
        .map(|(n, _)| n.to_owned())
        .collect();
    flags.sort();
    put("flags", json!(flags));
    let u32s = [
        ("mtu", l.mtu()),
        ("min_mtu", l.min_mtu()),
        ("max_mtu", l.max_mtu()),
        ("txqlen", l.txqlen()),
        ("promiscuity", l.promiscuity()),
        ("allmulti", l.allmulti()),
        ("num_tx_queues", l.num_tx_queues()),
        ("num_rx_queues", l.num_rx_queues()),
        ("gso_max_size", l.gso_max_size()),
        ("gso_max_segs", l.gso_max_segs()),
        ("tso_max_size", l.tso_max_size()),
        ("tso_max_segs", l.tso_max_segs()),
        ("gro_max_size", l.gro_max_size()),
    ];
    for (k, x) in u32s {
        if let Some(x) = x {
            put(k, json!(x));
        }
    }
    if let Some(q) = l.qdisc() {
        put("qdisc", json!(String::from_utf8_lossy(q)));
    }
    if let Some(m) = l.master() {
        put("master", json!(name_of(m)));
    }
    if let Some(s) = l.operstate() {
        put("operstate", json!(s.name().unwrap().to_uppercase()));
    }
    if let Some(m) = l.link_mode() {
        put("linkmode", json!(m.name().unwrap()));
    }
    if let Some(g) = l.group() {
        put(
            "group",
            json!(if g == 0 {
                "default".into()
            } else {
                g.to_string()
            }),
        );
    }
    match l.link_type() {
        ARPHRD_ETHER => put("link_type", json!("ether")),
        ARPHRD_LOOPBACK => put("link_type", json!("loopback")),
        _ => {}
    }
    if let Some(a) = l.address() {
        put("address", json!(a.to_string()));
    }
    if let Some(a) = l.broadcast() {
        put("broadcast", json!(a.to_string()));
    }
    match (l.link(), l.link_netnsid()) {
        (Some(i), None) => put("link", json!(name_of(i))),
        (Some(i), Some(n)) => {
            put("link_index", json!(i));
            put("link_netnsid", json!(n));
        }
        (None, Some(n)) => put("link_netnsid", json!(n)),
        (None, None) => {}
    }
    if let Some(a) = &l.alias() {
        put("ifalias", json!(String::from_utf8_lossy(a)));
    }
    if !l.alt_names().is_empty() {
        let names: Vec<String> = l
            .alt_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect();
        put("altnames", json!(names));
    }
    if let Some(s) = &l.stats64() {
        for ((dir, k), x) in STATS.iter().zip(our_stats(s)) {
            put(&format!("stats.{dir}.{k}"), json!(x));
        }
        put("carrier_changes", json!(l.carrier_changes().unwrap()));
    }
    if let Some(li) = &l.link_info() {
        if let Some(k) = li.kind() {
            put("info_kind", json!(String::from_utf8_lossy(k)));
        }
        if let Some(k) = li.slave_kind() {
            put("info_slave_kind", json!(String::from_utf8_lossy(k)));
        }
        if let Some(x) = li.vxlan() {
            let d = |k: &str| format!("data.{k}");
            put(&d("id"), json!(x.id().unwrap()));
            if let Some(g) = x.group() {
                let k = if g.is_multicast() { "group" } else { "remote" };
                put(&d(k), json!(g.to_string()));
            }
            if let Some(g) = x.group6() {
                let k = if g.is_multicast() {
                    "group6"
                } else {
                    "remote6"
                };
                put(&d(k), json!(g.to_string()));
            }
            if let Some(a) = x.local() {
                put(&d("local"), json!(a.to_string()));
            }
            if let Some(a) = x.local6() {
                put(&d("local6"), json!(a.to_string()));
            }
            if let Some(i) = x.link().filter(|&i| i != 0) {
                put(&d("link"), json!(name_of(i)));
            }
            put(&d("port"), json!(x.port().unwrap()));
            let (lo, hi) = x.port_range().unwrap();
            put(&d("port_range"), json!({"low": lo, "high": hi}));
            put(&d("learning"), json!(x.learning().unwrap()));
            put(&d("ttl"), json!(x.ttl().unwrap()));
            put(&d("ageing"), json!(x.ageing().unwrap()));
            let df = ["unset", "set", "inherit"][x.df().unwrap() as usize];
            put(&d("df"), json!(df));
            put(&d("udp_csum"), json!(x.udp_csum().unwrap()));
            if let Some(n) = x.limit().filter(|&n| n != 0) {
                put(&d("limit"), json!(n));
            }
        }
        if let Some(b) = li.bridge() {
            let d = |k: &str| format!("data.{k}");
            let nums: [(&str, Option<u64>); 21] = [
                ("forward_delay", b.forward_delay().map(u64::from)),
                ("hello_time", b.hello_time().map(u64::from)),
                ("max_age", b.max_age().map(u64::from)),
                ("ageing_time", b.ageing_time().map(u64::from)),
                ("stp_state", b.stp_state().map(u64::from)),
                ("priority", b.priority().map(u64::from)),
                ("root_port", b.root_port().map(u64::from)),
                ("root_path_cost", b.root_path_cost().map(u64::from)),
                ("topology_change", b.topology_change().map(u64::from)),
                (
                    "topology_change_detected",
                    b.topology_change_detected().map(u64::from),
                ),
                ("mcast_router", b.mcast_router().map(u64::from)),
                (
                    "mcast_hash_elasticity",
                    b.mcast_hash_elasticity().map(u64::from),
                ),
                ("mcast_hash_max", b.mcast_hash_max().map(u64::from)),
                (
                    "mcast_last_member_cnt",
                    b.mcast_last_member_cnt().map(u64::from),
                ),
                (
                    "mcast_startup_query_cnt",
                    b.mcast_startup_query_cnt().map(u64::from),
                ),
                ("mcast_last_member_intvl", b.mcast_last_member_intvl()),
                ("mcast_membership_intvl", b.mcast_membership_intvl()),
                ("mcast_querier_intvl", b.mcast_querier_intvl()),
                ("mcast_query_intvl", b.mcast_query_intvl()),
                ("mcast_query_response_intvl", b.mcast_query_response_intvl()),
                ("mcast_startup_query_intvl", b.mcast_startup_query_intvl()),
            ];
            for (k, x) in nums {
                if let Some(x) = x {
                    put(&d(k), json!(x));
                }
            }
            let bools = [
                ("vlan_filtering", b.vlan_filtering()),
                ("mcast_snooping", b.mcast_snooping()),
                ("mcast_query_use_ifaddr", b.mcast_query_use_ifaddr()),
                ("mcast_querier", b.mcast_querier()),
                ("mcast_stats_enabled", b.mcast_stats_enabled()),
                ("nf_call_iptables", b.nf_call_iptables()),
                ("nf_call_ip6tables", b.nf_call_ip6tables()),
            ];
            for (k, x) in bools {
                if let Some(x) = x {
                    put(&d(k), b01(x));
                }
            }
            for (k, x) in [
                ("mcast_igmp_version", b.mcast_igmp_version()),
                ("mcast_mld_version", b.mcast_mld_version()),
            ] {
                if let Some(x) = x {
                    put(&d(k), json!(x));
                }
            }
            if let Some(p) = b.vlan_protocol() {
                let s = match p {
                    0x8100 => "802.1Q".to_owned(),
                    0x88a8 => "802.1ad".to_owned(),
                    n => format!("{n:#x}"),
                };
                put(&d("vlan_protocol"), json!(s));
            }
            if let Some(id) = &b.bridge_id() {
                put(&d("bridge_id"), json!(bridge_id(id)));
            }
            if let Some(id) = &b.root_id() {
                put(&d("root_id"), json!(bridge_id(id)));
            }
            if let Some(a) = b.group_addr() {
                put(&d("group_addr"), json!(HwAddr::from(a).to_string()));
            }
        }
    }
    v
}

fn ip_views(ns: &NetNs) -> BTreeMap<String, View> {
    ip_json(ns, &["-d", "-s", "-s", "link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["ifname"].as_str().unwrap().to_owned(), ip_view(l)))
        .collect()
}

fn our_views(links: &nlstack::wire::List<LinkMsg>) -> BTreeMap<String, View> {
    let names: BTreeMap<u32, String> = links
        .iter()
        .map(|l| (l.index(), l.name().to_string()))
        .collect();
    links
        .iter()
        .map(|l| (l.name().to_string(), our_view(&l, &names)))
        .collect()
}

#[test]
fn links_match_ip_link_show_field_by_field() {
    need_root!();
    let ns = quiet_ns();
    let mut s = String::from("link set lo up\n");
    for i in 1..=6 {
        s += &format!("link add va{i} type veth peer name vb{i}\n");
    }
    s += "link add br0 type bridge\n\
          link set va1 master br0\n\
          link set va2 master br0\n\
          link add br1 type bridge stp_state 1 forward_delay 400 hello_time 300 priority 4096 mcast_snooping 0\n\
          link add vx0 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dstport 4789 ttl 5 nolearning dev vb3\n\
          link add vx1 type vxlan id 7 group 239.1.1.1 dev vb4 dstport 0 ageing 120\n\
          link add vx6 type vxlan id 8 local fd00::1 remote fd00::2 dstport 4789\n\
          link set va3 mtu 1400 alias uplink txqlen 77 group 3\n\
          link set vb4 alias \"with spaces\" group 9\n\
          link set vb5 address 02:00:00:00:05:0b txqlen 5000\n\
          link property add dev vb5 altname the-fifth-b altname vb5alt\n\
          link set va1 up\nlink set vb1 up\nlink set va2 up\nlink set br0 up\n\
          link set va3 up\nlink set vb3 up\nlink set va6 up\nlink set vx0 up\n";
    ip_batch(&ns, &s);
    let mut c = dial(&ns);

    // Operational state settles asynchronously (linkwatch): look until
    // ip shows the same thing before and after our dump.
    let mut last = None;
    for _ in 0..30 {
        std::thread::sleep(Duration::from_millis(200));
        let before = ip_views(&ns);
        let ours = c.links().unwrap();
        let after = ip_views(&ns);
        if before == after {
            last = Some((ours, before));
            break;
        }
    }
    let (ours, theirs) = last.expect("ip's view never settled");
    assert_eq!(ours.len(), 1 + 12 + 2 + 3, "{ours:#?}");
    let ours = our_views(&ours);
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>()
    );
    let mut compared = 0;
    for (name, theirs) in &theirs {
        assert!(theirs.len() >= 45, "{name}: only {} fields", theirs.len());
        compared += theirs.len();
        let ours = &ours[name];
        for (k, x) in theirs {
            assert_eq!(ours.get(k), Some(x), "{name}: field {k}");
        }
        for (k, x) in ours {
            assert_eq!(theirs.get(k), Some(x), "{name}: field {k} (ip lacks it)");
        }
    }
    eprintln!("{compared} fields of {} links compared", theirs.len());
    // The set-up did what we compare: spot checks that the views are not
    // trivially equal.
    assert_eq!(theirs["va3"]["ifalias"], json!("uplink"));
    assert_eq!(theirs["va3"]["group"], json!("3"));
    assert_eq!(theirs["va1"]["master"], json!("br0"));
    assert_eq!(theirs["vx0"]["data.learning"], json!(false));
    assert_eq!(theirs["vx0"]["data.port"], json!(4789));
    assert_eq!(theirs["br1"]["data.stp_state"], json!(1));
    assert_eq!(theirs["vb5"]["altnames"], json!(["the-fifth-b", "vb5alt"]));
    assert_eq!(theirs["va1"]["operstate"], json!("UP"));
    assert_eq!(theirs["vb2"]["operstate"], json!("DOWN"));
    assert_eq!(theirs["va2"]["operstate"], json!("LOWERLAYERDOWN"));
}

#[test]
fn link_by_name_and_by_index_ask_the_kernel_and_agree_with_ip_and_the_dump() {
    need_root!();
    let ns = quiet_ns();
    ip_batch(
        &ns,
        "link add va type veth peer name vb\n\
         link add br0 type bridge\n\
         link set va master br0\n\
         link property add dev vb altname vb-alt\n",
    );
    let mut c = dial(&ns);
    let dump = c.links().unwrap();
    for name in ["lo", "va", "vb", "br0"] {
        let by_name = c.link_by_name(name).unwrap();
        let by_index = c.link_by_index(by_name.index()).unwrap();
        let j = ip_link(&ns, name).unwrap();
        assert_eq!(by_name.name(), name);
        assert_eq!(by_name.index() as i64, j["ifindex"].as_i64().unwrap());
        assert_eq!(by_name, by_index);
        let from_dump = dump.iter().find(|l| l.name() == name).unwrap();
        assert_eq!(by_name.as_view(), from_dump, "{name}");
    }
    // The kernel resolves alternative names too.
    assert_eq!(c.link_by_name("vb-alt").unwrap().name(), "vb");
    assert_eq!(
        c.link_by_name("vb")
            .unwrap()
            .alt_names()
            .iter()
            .collect::<Vec<_>>(),
        [b"vb-alt"]
    );
}

#[test]
fn alternative_names_over_15_bytes_are_added_found_and_deleted_as_bytes() {
    need_root!();
    let ns = quiet_ns();
    ip_batch(&ns, "link add va type veth peer name vb\n");
    let mut c = dial(&ns);
    let (va, vb) = (index_of(&ns, "va"), index_of(&ns, "vb"));
    // 26 bytes, two of them not UTF-8.
    let long: &[u8] = b"an-alternative-name-\xff\xfe-26b";
    assert_eq!(long.len(), 26);
    c.link_alt_name_add(va, long).unwrap();
    // Found by it (sent as IFLA_ALT_IFNAME: IFLA_IFNAME takes 15 bytes).
    let by_alt = c.link_by_name(long).unwrap();
    assert_eq!(by_alt.index(), va);
    assert_eq!(by_alt.name(), "va");
    assert_eq!(by_alt.alt_names().iter().collect::<Vec<_>>(), [long]);
    let dump = c.links().unwrap();
    let listed = dump.iter().find(|l| l.index() == va).unwrap();
    assert_eq!(listed.alt_names().iter().collect::<Vec<_>>(), [long]);
    // `ip` finds the link by the same bytes (`-o`: its `-j` prints them
    // raw, not valid JSON).
    let out = ns
        .run(|| {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(long);
            Command::new("ip")
                .args(["-o", "link", "show", "dev"])
                .arg(name)
                .output()
        })
        .unwrap()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.starts_with(format!("{va}: va@vb:").as_bytes()));
    // A name is one link's: the other link is refused it.
    let e = c.link_alt_name_add(vb, long).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EEXIST), "{e}");
    // 127 bytes is the most the kernel takes.
    let most = vec![b'm'; 127];
    c.link_alt_name_add(vb, &most).unwrap();
    assert_eq!(c.link_by_name(&most).unwrap().index(), vb);
    let e = c.link_alt_name_add(vb, vec![b'o'; 128]).unwrap_err();
    assert!(e.as_kernel().is_some(), "{e}");
    // Deleted, it no longer finds the link, and the link lists none.
    c.link_alt_name_del(va, long).unwrap();
    assert!(c.link_by_name(long).unwrap_err().is_not_found());
    assert!(c.link_by_index(va).unwrap().alt_names().is_empty());
    let e = c.link_alt_name_del(va, long).unwrap_err();
    assert!(e.as_kernel().is_some(), "{e}");
}

#[test]
fn missing_links_are_the_kernels_enodev() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    let e = c.link_del(4242).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let k = e.as_kernel().expect("a kernel error");
    assert_eq!(k.errno, libc::ENODEV);
    // This kernel (6.18) sends no extended-ack text for an unknown index.
    assert_eq!(k.message, None, "{e}");

    let e = c.link_by_index(4242).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.errno(), Some(libc::ENODEV));
    let e = c.link_by_name("nosuchlink").unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.errno(), Some(libc::ENODEV));
    let e = c.link_set(&LinkChange::new(4242).up()).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // The connection is still in step.
    assert_eq!(c.link_by_name("lo").unwrap().index(), 1);
}

// ---------------------------------------------------------------------------
// Operations, each checked with ip

#[test]
fn link_add_veth_is_what_ip_shows() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(
        &LinkRequest::veth("ve0", VethPeer::new("ve1").mtu(1300).txqlen(10))
            .mtu(1400)
            .txqlen(20)
            .address([2, 0, 0, 0, 0, 0x10])
            .group(4),
    )
    .unwrap();
    let a = ip_link(&ns, "ve0").unwrap();
    let b = ip_link(&ns, "ve1").unwrap();
    assert_eq!(a["linkinfo"]["info_kind"], "veth");
    assert_eq!(b["linkinfo"]["info_kind"], "veth");
    assert_eq!(a["link"], "ve1");
    assert_eq!(b["link"], "ve0");
    assert_eq!(
        (a["mtu"].as_u64(), b["mtu"].as_u64()),
        (Some(1400), Some(1300))
    );
    assert_eq!(
        (a["txqlen"].as_u64(), b["txqlen"].as_u64()),
        (Some(20), Some(10))
    );
    assert_eq!(a["address"], "02:00:00:00:00:10");
    assert_eq!(a["group"], "4");
    // Both down: nothing asked for up.
    assert!(!a["flags"].as_array().unwrap().contains(&json!("UP")));
    // A second time: the kernel's EEXIST.
    let e = c.link_add(&LinkRequest::veth("ve0", "ve2")).unwrap_err();
    assert!(e.is_exists(), "{e}");
}

#[test]
fn link_add_up_brings_the_link_up() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1").up()).unwrap();
    let flags = |n| ip_link(&ns, n).unwrap()["flags"].clone();
    assert!(flags("ve0").as_array().unwrap().contains(&json!("UP")));
    assert!(!flags("ve1").as_array().unwrap().contains(&json!("UP")));
    assert!(c.link_by_name("ve0").unwrap().is_up());
}

#[test]
fn veth_peer_is_born_in_another_namespace_in_the_same_request() {
    need_root!();
    let ns = new_ns();
    let other = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth(
        "ve0",
        VethPeer::new("eth0").netns(&other).mtu(1280),
    ))
    .unwrap();
    assert!(ip_link(&ns, "eth0").is_none(), "the peer is not here");
    let here = ip_link(&ns, "ve0").unwrap();
    let there = ip_link(&other, "eth0").unwrap();
    assert_eq!(there["mtu"], 1280);
    assert_eq!(there["linkinfo"]["info_kind"], "veth");
    // Each end points at the other across namespaces.
    assert_eq!(here["link_index"], there["ifindex"]);
    assert_eq!(there["link_index"], here["ifindex"]);
    let ours = c.link_by_name("ve0").unwrap();
    assert_eq!(ours.link(), Some(there["ifindex"].as_i64().unwrap() as u32));
    assert_eq!(
        ours.link_netnsid().map(i64::from),
        here["link_netnsid"].as_i64()
    );
    // And the same by the pid of a process living there.
    let mut child = other
        .run(|| Command::new("sleep").arg("30").spawn())
        .unwrap()
        .unwrap();
    let r = c.link_add(&LinkRequest::veth(
        "ve2",
        VethPeer::new("eth1").netns_pid(child.id()),
    ));
    child.kill().unwrap();
    child.wait().unwrap();
    r.unwrap();
    assert!(ip_link(&other, "eth1").is_some());
    assert!(ip_link(&ns, "eth1").is_none());
}

#[test]
fn link_add_in_another_namespace_by_fd() {
    need_root!();
    let ns = new_ns();
    let other = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::bridge("brx").netns(&other))
        .unwrap();
    assert!(ip_link(&ns, "brx").is_none());
    assert_eq!(
        ip_link(&other, "brx").unwrap()["linkinfo"]["info_kind"],
        "bridge"
    );
}

#[test]
fn link_add_bridge_with_options_is_what_ip_shows() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::bridge("br0")).unwrap();
    c.link_add(&LinkRequest::bridge_with(
        "br1",
        BridgeOptions::new()
            .stp(true)
            .forward_delay(400)
            .hello_time(300)
            .max_age(1000)
            .ageing_time(6000)
            .priority(4096)
            .mcast_snooping(false),
    ))
    .unwrap();
    let d0 = ip_link(&ns, "br0").unwrap()["linkinfo"].clone();
    assert_eq!(d0["info_kind"], "bridge");
    assert_eq!(d0["info_data"]["stp_state"], 0);
    assert_eq!(d0["info_data"]["forward_delay"], 1500);
    let d = ip_link(&ns, "br1").unwrap()["linkinfo"]["info_data"].clone();
    assert_eq!(d["stp_state"], 1);
    assert_eq!(d["forward_delay"], 400);
    assert_eq!(d["hello_time"], 300);
    assert_eq!(d["max_age"], 1000);
    assert_eq!(d["ageing_time"], 6000);
    assert_eq!(d["priority"], 4096);
    assert_eq!(d["mcast_snooping"], 0);
    let ours = c.link_by_name("br1").unwrap();
    let b = ours.link_info().as_ref().unwrap().bridge().unwrap();
    assert_eq!(
        (
            b.stp_state(),
            b.forward_delay(),
            b.priority(),
            b.mcast_snooping()
        ),
        (Some(1), Some(400), Some(4096), Some(false))
    );
    // This kernel lacks CONFIG_BRIDGE_VLAN_FILTERING: the option is
    // refused with the kernel's error, not ignored.
    let e = c
        .link_add(&LinkRequest::bridge_with(
            "br2",
            BridgeOptions::new().vlan_filtering(true),
        ))
        .unwrap_err();
    assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
}

#[test]
fn link_add_vxlan_is_what_ip_shows() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ul0", "ul1")).unwrap();
    let ul = c.link_by_name("ul0").unwrap().index();
    let local: IpAddr = "10.0.0.1".parse().unwrap();
    let remote: IpAddr = "10.0.0.2".parse().unwrap();
    c.link_add(&LinkRequest::vxlan(
        "vx0",
        VxlanOptions::new(4242)
            .local(local)
            .remote(remote)
            .port(4789)
            .ttl(9)
            .tos(0x10)
            .learning(false)
            .ageing(100)
            .link(ul),
    ))
    .unwrap();
    c.link_add(&LinkRequest::vxlan(
        "vx6",
        VxlanOptions::new(6)
            .local("fd00::1".parse().unwrap())
            .remote("ff05::6".parse().unwrap())
            .link(ul),
    ))
    .unwrap();
    let j = ip_link(&ns, "vx0").unwrap()["linkinfo"].clone();
    assert_eq!(j["info_kind"], "vxlan");
    let d = &j["info_data"];
    assert_eq!(d["id"], 4242);
    assert_eq!(d["local"], "10.0.0.1");
    assert_eq!(d["remote"], "10.0.0.2");
    assert_eq!(d["port"], 4789);
    assert_eq!(d["ttl"], 9);
    assert_eq!(d["learning"], false);
    assert_eq!(d["ageing"], 100);
    assert_eq!(d["link"], "ul0");
    let d6 = ip_link(&ns, "vx6").unwrap()["linkinfo"]["info_data"].clone();
    assert_eq!(d6["local6"], "fd00::1");
    assert_eq!(d6["group6"], "ff05::6");
    assert_eq!(d6["port"], 8472, "the kernel's default port");

    let ours = c.link_by_name("vx0").unwrap();
    let x = ours.link_info().unwrap().vxlan().unwrap();
    assert_eq!(x.id(), Some(4242));
    assert_eq!((x.local_addr(), x.remote()), (Some(local), Some(remote)));
    assert_eq!(
        (x.port(), x.ttl(), x.tos()),
        (Some(4789), Some(9), Some(0x10))
    );
    assert_eq!((x.learning(), x.link()), (Some(false), Some(ul)));
}

#[test]
fn link_set_up_and_down() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve0").unwrap().index();
    let up = |ns: &NetNs| {
        ip_link(ns, "ve0").unwrap()["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("UP"))
    };
    assert!(!up(&ns));
    c.link_set(&LinkChange::new(i).up()).unwrap();
    assert!(up(&ns));
    assert!(c.link_by_index(i).unwrap().is_up());
    c.link_set(&LinkChange::new(i).down()).unwrap();
    assert!(!up(&ns));
    // Other flags through the same mechanism, leaving UP alone.
    c.link_set(&LinkChange::new(i).up()).unwrap();
    c.link_set(&LinkChange::new(i).promisc(true)).unwrap();
    let f = ip_link(&ns, "ve0").unwrap()["flags"].clone();
    assert!(f.as_array().unwrap().contains(&json!("PROMISC")), "{f}");
    assert!(f.as_array().unwrap().contains(&json!("UP")), "{f}");
}

#[test]
fn link_set_mtu() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve0").unwrap().index();
    c.link_set(&LinkChange::new(i).mtu(1280)).unwrap();
    assert_eq!(ip_link(&ns, "ve0").unwrap()["mtu"], 1280);
    // Out of range: the kernel's error with its text.
    let e = c.link_set(&LinkChange::new(i).mtu(10)).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EINVAL), "{e}");
    assert_eq!(ip_link(&ns, "ve0").unwrap()["mtu"], 1280);
}

#[test]
fn link_set_name() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve0").unwrap().index();
    c.link_set(&LinkChange::new(i).name("renamed0")).unwrap();
    assert!(ip_link(&ns, "ve0").is_none());
    assert_eq!(index_of(&ns, "renamed0"), i);
    assert_eq!(c.link_by_index(i).unwrap().name(), "renamed0");
}

#[test]
fn link_set_address() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve0").unwrap().index();
    let mac: HwAddr = "02:aa:bb:cc:dd:0e".parse().unwrap();
    c.link_set(&LinkChange::new(i).address(mac)).unwrap();
    assert_eq!(ip_link(&ns, "ve0").unwrap()["address"], "02:aa:bb:cc:dd:0e");
    assert_eq!(c.link_by_index(i).unwrap().address(), Some(mac));
}

#[test]
fn link_set_master_and_nomaster() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::bridge("br0")).unwrap();
    c.link_add(&LinkRequest::veth("va1", "vb1")).unwrap();
    c.link_add(&LinkRequest::veth("va2", "vb2")).unwrap();
    let br = c.link_by_name("br0").unwrap().index();
    for n in ["va1", "va2"] {
        let i = c.link_by_name(n).unwrap().index();
        c.link_set(&LinkChange::new(i).master(br).up()).unwrap();
    }
    for n in ["va1", "va2"] {
        let j = ip_link(&ns, n).unwrap();
        assert_eq!(j["master"], "br0", "{n}");
        assert_eq!(j["linkinfo"]["info_slave_kind"], "bridge");
        let ours = c.link_by_name(n).unwrap();
        assert_eq!(ours.master(), Some(br));
        assert_eq!(ours.link_info().unwrap().slave_kind(), Some(&b"bridge"[..]));
    }
    let i = c.link_by_name("va1").unwrap().index();
    c.link_set(&LinkChange::new(i).nomaster()).unwrap();
    assert!(ip_link(&ns, "va1").unwrap().get("master").is_none());
    assert_eq!(ip_link(&ns, "va2").unwrap()["master"], "br0");
    assert_eq!(c.link_by_index(i).unwrap().master(), None);
    // A link enslaved at creation.
    c.link_add(&LinkRequest::veth("va3", "vb3").master(br))
        .unwrap();
    assert_eq!(ip_link(&ns, "va3").unwrap()["master"], "br0");
}

#[test]
fn link_set_alias_and_clear_it() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve0").unwrap().index();
    c.link_set(&LinkChange::new(i).alias("to the fabric"))
        .unwrap();
    assert_eq!(ip_link(&ns, "ve0").unwrap()["ifalias"], "to the fabric");
    assert_eq!(
        c.link_by_index(i).unwrap().alias(),
        Some(&b"to the fabric"[..])
    );
    c.link_set(&LinkChange::new(i).alias("")).unwrap();
    assert!(ip_link(&ns, "ve0").unwrap().get("ifalias").is_none());
    assert_eq!(c.link_by_index(i).unwrap().alias(), None);
}

#[test]
fn link_set_txqlen_and_group() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve0").unwrap().index();
    c.link_set(&LinkChange::new(i).txqlen(4321).group(12))
        .unwrap();
    let j = ip_link(&ns, "ve0").unwrap();
    assert_eq!(j["txqlen"], 4321);
    assert_eq!(j["group"], "12");
}

#[test]
fn link_set_netns_by_fd() {
    need_root!();
    let ns = new_ns();
    let other = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve1").unwrap().index();
    c.link_set(&LinkChange::new(i).netns(&other)).unwrap();
    assert!(ip_link(&ns, "ve1").is_none());
    let there = ip_link(&other, "ve1").unwrap();
    assert_eq!(there["linkinfo"]["info_kind"], "veth");
    let mut c2 = dial(&other);
    assert_eq!(
        c2.link_by_name("ve1").unwrap().index() as i64,
        there["ifindex"].as_i64().unwrap()
    );
    // The end left behind now points into the other namespace.
    assert!(c.link_by_name("ve0").unwrap().link_netnsid().is_some());
}

#[test]
fn link_set_netns_by_pid() {
    need_root!();
    let ns = new_ns();
    let other = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    let i = c.link_by_name("ve1").unwrap().index();
    let mut child = other
        .run(|| Command::new("sleep").arg("30").spawn())
        .unwrap()
        .unwrap();
    let r = c.link_set(&LinkChange::new(i).netns_pid(child.id()));
    child.kill().unwrap();
    child.wait().unwrap();
    r.unwrap();
    assert!(ip_link(&ns, "ve1").is_none());
    assert_eq!(
        ip_link(&other, "ve1").unwrap()["linkinfo"]["info_kind"],
        "veth"
    );
}

#[test]
fn link_del_removes_the_link_and_its_peer() {
    need_root!();
    let ns = new_ns();
    let mut c = dial(&ns);
    c.link_add(&LinkRequest::veth("ve0", "ve1")).unwrap();
    c.link_add(&LinkRequest::bridge("br0")).unwrap();
    let v = c.link_by_name("ve0").unwrap().index();
    let b = c.link_by_name("br0").unwrap().index();
    c.link_del(v).unwrap();
    assert!(ip_link(&ns, "ve0").is_none());
    assert!(ip_link(&ns, "ve1").is_none());
    c.link_del(b).unwrap();
    let left: Vec<String> = c
        .links()
        .unwrap()
        .into_iter()
        .map(|l| l.name().to_string())
        .collect();
    assert_eq!(left, ["lo"]);
    let e = c.link_del(b).unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

// ---------------------------------------------------------------------------
// The view against the fixtures

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/links.bin"
    ))
    .unwrap()
}

/// Every link message of the fixture, copied out.
fn fixture_messages() -> Vec<Vec<u8>> {
    let f = fixture();
    let mut out = Vec::new();
    for d in capture::Datagrams::new(&f) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.kind() == MsgType::RTM_NEWLINK {
                out.push(m.bytes().to_vec());
            }
        }
    }
    out
}

fn decode(bytes: &[u8]) -> LinkMsg<&[u8]> {
    LinkMsg::parse(Message::parse(bytes).unwrap().payload()).unwrap()
}

#[test]
fn every_fixture_link_decodes_cleanly() {
    let msgs = fixture_messages();
    assert!(msgs.len() >= 90, "{}", msgs.len());
    let (mut veth, mut bridge, mut ports) = (0, 0, 0);
    for b in &msgs {
        let m = Message::parse(b).unwrap();
        let l = LinkMsg::parse_strict(m.payload()).unwrap();
        assert_eq!(l.malformed(), 0);
        assert!(l.ifname().is_some() && l.mtu().is_some() && l.stats64().is_some());
        assert!(l.operstate().is_some() && l.txqlen().is_some());
        let o: Link = l.owned();
        assert_eq!(o.as_view(), l);
        assert_eq!(o.to_spec(), l.to_spec());
        match l.kind() {
            Some(b"veth") => veth += 1,
            Some(b"bridge") => {
                bridge += 1;
                assert!(
                    o.link_info()
                        .unwrap()
                        .bridge()
                        .unwrap()
                        .forward_delay()
                        .is_some()
                );
            }
            _ => {}
        }
        if o.master().is_some() {
            ports += 1;
            assert_eq!(o.link_info().unwrap().slave_kind(), Some(&b"bridge"[..]));
        }
    }
    assert_eq!((veth, bridge, ports), (96, 1, 2));
}

/// The `nlmsghdr` before a link message's payload.
const HDR: usize = 16;

/// The offset, within the message's payload (as [`LinkMsg::check`]
/// counts), of the first attribute of `kind` in `msg`.
fn offset_of(msg: &[u8], kind: u16) -> usize {
    let payload = &msg[HDR..];
    nlstack::wire::Attrs::with_offset(&payload[16..], 16)
        .map(Result::unwrap)
        .find(|a| a.kind() == kind)
        .unwrap_or_else(|| panic!("no attribute {kind}"))
        .offset()
}

/// Sets the kind of the attribute at payload offset `at`.
fn set_kind(b: &mut [u8], at: usize, kind: u16) {
    b[HDR + at + 2..HDR + at + 4].copy_from_slice(&kind.to_ne_bytes());
}

#[test]
fn a_mistyped_attribute_costs_only_its_own_field() {
    let msgs = fixture_messages();
    let orig = msgs
        .iter()
        .find(|b| decode(b).kind() == Some(b"veth"))
        .unwrap();
    let good = decode(orig).owned();
    assert_eq!(good.txqlen(), Some(1000));

    // IFLA_TXQLEN (4 bytes) relabelled as IFLA_CARRIER (a u8).
    let mut bad = orig.clone();
    let at = offset_of(orig, IFLA_TXQLEN);
    set_kind(&mut bad, at, IFLA_CARRIER);
    let v = decode(&bad);
    assert_eq!(v.malformed(), 1);
    let first = *v.check().unwrap_err().as_decode().unwrap();
    assert_eq!(first.offset, at);
    assert!(
        matches!(
            first.kind,
            nlstack::DecodeErrorKind::WrongSize {
                attr: IFLA_CARRIER,
                got: 4,
                ..
            }
        ),
        "{first}"
    );
    // Everything else reads as it did.
    let mut want = good.to_spec();
    want.txqlen = None;
    assert_eq!(v.to_spec(), want);
    assert_eq!(v.owned().malformed(), 1); // and the owned value says so
    // The real IFLA_CARRIER survived the bad one.
    assert_eq!(v.carrier(), Some(good.carrier().unwrap()));
    let e = LinkMsg::parse_strict(Message::parse(&bad).unwrap().payload()).unwrap_err();
    assert_eq!(e.as_decode(), Some(&first));

    // IFLA_MTU relabelled as IFLA_STATS64 (too short a struct): the good
    // stats stay, only the MTU goes.
    let mut bad = orig.clone();
    let at = offset_of(orig, IFLA_MTU);
    set_kind(&mut bad, at, IFLA_STATS64);
    let v = decode(&bad);
    assert_eq!(v.malformed(), 1);
    let mut want = good.to_spec();
    want.mtu = None;
    assert_eq!(v.to_spec(), want);
    assert_eq!(v.stats64(), good.stats64());
    assert!(LinkMsg::parse_strict(Message::parse(&bad).unwrap().payload()).is_err());
}

/// The bridge message, the payload offset of its `IFLA_INFO_DATA` value,
/// and the kinds and payload offsets of the attributes in it.
fn bridge_data(msgs: &[Vec<u8>]) -> (Vec<u8>, usize, Vec<(u16, usize)>) {
    let orig = msgs
        .iter()
        .find(|b| decode(b).kind() == Some(b"bridge"))
        .unwrap();
    let v = decode(orig);
    let data = v.link_info().unwrap().data().unwrap();
    let start = data.as_ptr() as usize - orig[HDR..].as_ptr() as usize;
    let inner = nlstack::wire::Attrs::with_offset(data, start)
        .map(|a| a.unwrap())
        .map(|a| (a.kind(), a.offset()))
        .collect();
    (orig.clone(), start, inner)
}

#[test]
fn a_mistyped_attribute_inside_a_nest_costs_only_its_own_field() {
    let msgs = fixture_messages();
    let (orig, start, inner) = bridge_data(&msgs);
    let good = decode(&orig).owned();
    let gb = good.link_info().unwrap().bridge().unwrap();
    let (_, at) = *inner.iter().find(|(k, _)| *k == IFLA_BR_PRIORITY).unwrap();

    // IFLA_BR_PRIORITY (a u16) relabelled as IFLA_BR_STP_STATE (a u32).
    let mut bad = orig.clone();
    set_kind(&mut bad, at, IFLA_BR_STP_STATE);
    let v = decode(&bad);
    // The link's own attributes are whole: the bad one is the nest's.
    assert_eq!(v.malformed(), 0);
    let b = v.link_info().unwrap().bridge().unwrap();
    assert_eq!(b.malformed(), 1);
    let first = *b.check().unwrap_err().as_decode().unwrap();
    assert_eq!(first.offset, at - start);
    assert_eq!(gb.priority(), Some(32768));
    assert_eq!(b.priority(), None);
    // The real IFLA_BR_STP_STATE survived, and every other field.
    let mut want = gb.to_spec();
    want.priority = None;
    assert_eq!(b.to_spec(), want);
    assert_eq!(
        v.without(&[IFLA_LINKINFO]).to_spec(),
        good.without(&[IFLA_LINKINFO]).to_spec()
    );
    let e = LinkMsg::parse_strict(Message::parse(&bad).unwrap().payload()).unwrap_err();
    assert_eq!(e.as_decode(), Some(&first));
}

#[test]
fn a_broken_length_inside_a_nest_ends_only_that_nest() {
    let msgs = fixture_messages();
    let (orig, start, inner) = bridge_data(&msgs);
    let good = decode(&orig).owned();
    // The nest's last attribute claims more bytes than the nest holds.
    let (kind, at) = *inner.last().unwrap();
    let mut bad = orig.clone();
    bad[HDR + at..HDR + at + 2].copy_from_slice(&400u16.to_ne_bytes());
    let v = decode(&bad);
    assert_eq!(v.malformed(), 0);
    let b = v.link_info().unwrap().bridge().unwrap();
    assert_eq!(b.malformed(), 1);
    let first = *b.check().unwrap_err().as_decode().unwrap();
    assert_eq!(first.offset, at - start);
    assert!(matches!(
        first.kind,
        nlstack::DecodeErrorKind::LengthTooLarge { len: 400, .. }
    ));
    // The oracle: the same message with that attribute renamed to a kind
    // nobody decodes. Everything else, inside the nest and out, is equal.
    let mut skipped = orig.clone();
    set_kind(&mut skipped, at, 0x3ff);
    let want = decode(&skipped);
    assert!(want.check_all().is_ok());
    let wb = want.link_info().unwrap().bridge().unwrap();
    assert_eq!(b.to_spec(), wb.to_spec());
    assert_ne!(
        wb.to_spec(),
        good.link_info().unwrap().bridge().unwrap().to_spec(),
        "attribute {kind} is one we decode"
    );
    assert_eq!(v.without(&[IFLA_LINKINFO]), want.without(&[IFLA_LINKINFO]));
    assert_eq!(v.name(), "br0");
    assert!(v.stats64().is_some() && v.gro_max_size().is_some());
    assert!(LinkMsg::parse_strict(Message::parse(&bad).unwrap().payload()).is_err());

    // A broken length at the top level ends the top-level walk: what came
    // before it stays.
    let mut bad = orig.clone();
    let at = offset_of(&orig, IFLA_MTU);
    bad[HDR + at..HDR + at + 2].copy_from_slice(&2u16.to_ne_bytes());
    let v = decode(&bad);
    assert_eq!(v.malformed(), 1);
    assert_eq!(v.name(), "br0");
    assert_eq!(v.mtu(), None);
}

#[test]
fn no_input_makes_the_view_panic() {
    // Every byte of a few real messages set to a few values, decoded and
    // copied: errors are fine, panics are not.
    let msgs = fixture_messages();
    let pick: Vec<&Vec<u8>> = msgs
        .iter()
        .filter(|b| matches!(decode(b).kind(), Some(b"bridge") | None))
        .chain(
            msgs.iter()
                .filter(|b| decode(b).link_info().and_then(|i| i.slave_kind()).is_some())
                .take(1),
        )
        .collect();
    assert!(pick.len() >= 3);
    let mut decoded = 0;
    for orig in pick {
        for i in 16..orig.len() {
            for x in [0u8, 1, 3, 5, 0x80, 0xff] {
                let mut b = orig.clone();
                b[i] = x;
                if let Ok(m) = Message::parse(&b) {
                    if let Ok(v) = LinkMsg::parse(m.payload()) {
                        let o = v.owned();
                        let _ = v.alt_names().iter().count();
                        let info = v.link_info();
                        let _ = format!(
                            "{o:?} {:?} {:?} {:?}",
                            info.and_then(|i| i.kind_data()),
                            info.and_then(|i| i.port()),
                            v.af_spec().and_then(|a| a.inet6()),
                        );
                        let _ = (v.check_all(), v.to_spec());
                        decoded += 1;
                    }
                }
            }
        }
    }
    assert!(decoded > 1000);
}

#[test]
fn requests_encode_what_the_view_reads_back() {
    let other_fd = std::fs::File::open("/proc/self/ns/net").unwrap();
    let req = LinkRequest::veth("ve0", VethPeer::new("ve1").netns(&other_fd).mtu(1300))
        .mtu(1400)
        .master(9)
        .up();
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    e.finish().unwrap();
    let v = LinkMsg::parse_strict(Message::parse(&buf).unwrap().payload()).unwrap();
    assert_eq!(v.name(), "ve0");
    assert_eq!((v.mtu(), v.master()), (Some(1400), Some(9)));
    assert_eq!((v.header().flags, v.header().change), (1, 1));
    let li = v.link_info().unwrap();
    assert_eq!(li.kind(), Some(&b"veth"[..]));
    let Some(InfoData::Veth(d)) = li.kind_data() else {
        panic!("{li:?}")
    };
    let p = d.peer().unwrap();
    assert_eq!(p.malformed(), 0);
    assert_eq!(p.name(), "ve1");
    assert_eq!((p.mtu(), p.flags()), (Some(1300), LinkFlags::empty()));
    let fd = p.net_ns_fd().unwrap();
    use std::os::fd::AsRawFd;
    assert_eq!(fd as i32, other_fd.as_raw_fd());
    // Owned, the peer comes along.
    let o = v.owned();
    let Some(InfoData::Veth(d)) = o.link_info().unwrap().kind_data() else {
        panic!()
    };
    assert_eq!(d.peer().unwrap().name(), "ve1");

    // A vxlan request decodes to the same options.
    let x = VxlanOptions::new(5)
        .local("fd00::1".parse().unwrap())
        .remote("239.0.0.5".parse().unwrap())
        .port(4789)
        .learning(true);
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::REQUEST, 1, 0);
    LinkRequest::vxlan("vx0", x).encode(&mut e);
    e.finish().unwrap();
    let v = LinkMsg::parse_strict(Message::parse(&buf).unwrap().payload()).unwrap();
    let Some(InfoData::Vxlan(d)) = v.link_info().unwrap().kind_data() else {
        panic!()
    };
    assert_eq!(d.local_addr(), x.local);
    assert_eq!(d.remote(), x.remote);
    assert_eq!(
        (d.id(), d.port(), d.learning()),
        (Some(5), Some(4789), Some(true))
    );
}

#[test]
fn hardware_addresses_and_states_print_like_ip() {
    let a: HwAddr = "0:1:a:ff:10:20".parse().unwrap();
    assert_eq!(a.to_string(), "00:01:0a:ff:10:20");
    assert_eq!(a.mac(), Some([0, 1, 0xa, 0xff, 0x10, 0x20]));
    assert!("".parse::<HwAddr>().unwrap().is_empty());
    for bad in ["1::2", "123:4", "zz", &["00"; 33].join(":")] {
        assert!(bad.parse::<HwAddr>().is_err(), "{bad}");
    }
    assert_eq!(HwAddr::from_slice(&[0; 33]), None);
    assert_eq!(OperState::from(3).to_string(), "lowerlayerdown");
    assert_eq!(OperState::from(6), OperState::Up);
    assert_eq!(OperState::from(77).to_string(), "77");
    assert_eq!(u8::from(OperState::from(77)), 77);
    assert_eq!(LinkMode::from(1).name(), Some("DORMANT"));
    let id = BridgeId {
        priority: 0x8000,
        addr: [2, 0, 0, 0, 0, 1],
    };
    assert_eq!(id.to_string(), "8000.02:00:00:00:00:01");
    assert_eq!(LinkStats64::parse(&[0; 183]), None);
    let mut long = vec![0u8; 256];
    long[..8].copy_from_slice(&7u64.to_ne_bytes());
    assert_eq!(LinkStats64::parse(&long).unwrap().rx_packets, 7);
    assert_eq!(
        LinkStats64::parse(&[0; 184]).unwrap().rx_otherhost_dropped,
        0
    );
}

#[test]
fn the_view_is_small() {
    // Issue 11: a view is at most 256 bytes (docs/route.md states the size).
    let n = std::mem::size_of::<LinkMsg<&[u8]>>();
    assert!(n <= 256, "{n}");
    assert_eq!(n, 152);
}

/// Names and hardware addresses are copied without a call to `memcpy`
/// (overlapping words, a fixed six bytes): every length keeps every byte,
/// and their `Option`s are no larger than they are.
#[test]
fn names_and_hardware_addresses_keep_every_byte_at_every_length() {
    for len in 1..=15usize {
        let bytes: Vec<u8> = (0..len).map(|i| 0xa0 + i as u8).collect();
        let name = nlstack::route::IfName::new(&bytes).unwrap();
        assert_eq!(name.as_bytes(), &bytes[..], "IfName::new, {len} bytes");
        assert_eq!(name.len(), len);
        // As the kernel sends it (with its NUL), through the view.
        let mut buf = Vec::new();
        let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::empty(), 1, 0);
        e.header(&nlstack::wire::IfInfoMsg::default());
        e.put_cstr(IFLA_IFNAME, &bytes);
        e.put(IFLA_ADDRESS, &bytes);
        e.finish().unwrap();
        let m = Message::parse(&buf).unwrap();
        let l = LinkMsg::parse(m.payload()).unwrap();
        assert_eq!(l.name().as_bytes(), &bytes[..], "IFLA_IFNAME, {len} bytes");
        assert_eq!(l.address().unwrap().as_bytes(), &bytes[..]);
    }
    for len in 0..=32usize {
        // Every nibble from 0 to f turns up.
        let bytes: Vec<u8> = (0..len)
            .map(|i| (i as u8).wrapping_mul(37).wrapping_add(0x0f))
            .collect();
        let a = nlstack::route::HwAddr::from_slice(&bytes).unwrap();
        assert_eq!((a.as_bytes(), a.len()), (&bytes[..], len));
        // Printed as ip prints it, and read back.
        let text = bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(":");
        assert_eq!(a.to_string(), text);
        assert_eq!(text.parse::<nlstack::route::HwAddr>(), Ok(a));
    }
    assert!(nlstack::route::HwAddr::from_slice(&[0; 33]).is_none());
    let mac = nlstack::route::HwAddr::from([2, 0, 0, 0xaa, 0xbb, 0xcc]);
    assert_eq!(
        nlstack::route::HwAddr::from_slice(mac.as_bytes()),
        Some(mac)
    );
    assert_eq!(std::mem::size_of::<Option<nlstack::route::IfName>>(), 16);
    assert_eq!(std::mem::size_of::<Option<nlstack::route::HwAddr>>(), 40);
}

/// A link message without a name, or with a malformed one, says so: the
/// lenient view lists it with an empty `name()`, but `ifname()` is `None`
/// and a malformed name is counted, in the owned value too.
#[test]
fn a_missing_or_malformed_name_is_signalled() {
    let message = |name: Option<&[u8]>| {
        let mut buf = Vec::new();
        let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::empty(), 1, 0);
        e.header(&nlstack::wire::IfInfoMsg::default());
        e.put_u32(IFLA_MTU, 1500);
        if let Some(n) = name {
            e.put(IFLA_IFNAME, n);
        }
        e.finish().unwrap();
        buf
    };
    let none = message(None);
    let v = LinkMsg::parse(Message::parse(&none).unwrap().payload()).unwrap();
    assert_eq!((v.ifname(), v.name().len(), v.malformed()), (None, 0, 0));
    assert_eq!(v.mtu(), Some(1500));

    // 20 bytes: longer than IFNAMSIZ, so not a name.
    let long = message(Some(b"abcdefghijklmnopqrs\0"));
    let v = LinkMsg::parse(Message::parse(&long).unwrap().payload()).unwrap();
    assert_eq!((v.ifname(), v.malformed()), (None, 1));
    assert_eq!(v.owned().malformed(), 1);
    assert_eq!(v.mtu(), Some(1500));
    assert!(LinkMsg::parse_strict(Message::parse(&long).unwrap().payload()).is_err());

    let good = message(Some(b"eth0\0"));
    let v = LinkMsg::parse(Message::parse(&good).unwrap().payload()).unwrap();
    assert_eq!(v.ifname().unwrap(), "eth0");
    assert_eq!(v.malformed(), 0);
}

#[test]
fn a_kind_is_read_up_to_its_first_nul_with_or_without_one() {
    use common::attr;
    use nlstack::wire::Value;
    // VXLAN_ID 42, as the data of every case.
    let data = attr(1, &42u32.to_ne_bytes());
    let cases: [(&[u8], &str); 7] = [
        (b"vxlan\0", "vxlan"),
        (b"vxlan", "vxlan"),
        (b"vxlan\0\0", "vxlan"),
        (b"vxlan\0bridge\0", "vxlan"),
        (b"vx\0lan\0", "other"),
        (b"bridge\0", "bridge"),
        (b"\0vxlan\0", "other"),
    ];
    for (sent, want) in cases {
        let mut info = attr(IFLA_INFO_KIND, sent);
        info.extend(attr(IFLA_INFO_DATA, &data));
        let li = <LinkInfoMsg as Value>::decode(&info);
        let got = li.kind_data().unwrap();
        // The quick path agrees with decoding by the searched name.
        assert_eq!(got, InfoData::decode(li.kind(), &data), "{sent:?}");
        let name = match got {
            InfoData::Vxlan(v) => {
                assert_eq!(v.id(), Some(42));
                "vxlan"
            }
            InfoData::Bridge(_) => "bridge",
            InfoData::Other(d) => {
                assert_eq!(d, &data[..]);
                "other"
            }
            other => panic!("{sent:?}: {other:?}"),
        };
        assert_eq!(name, want, "{sent:?}");
    }
}

#[test]
fn statistics_read_every_counter_the_kernel_sent_and_zero_for_the_rest() {
    // Counter i holds i + 1; the kernel's struct grew from 23 counters
    // (184 bytes) to 25 (200), and a longer one keeps its extra bytes.
    let bytes: Vec<u8> = (1..=26u64).flat_map(|v| v.to_ne_bytes()).collect();
    for len in [184, 192, 200, 208] {
        let s = LinkStats64::parse(&bytes[..len]).unwrap();
        let sent = len / 8;
        let want: Vec<u64> = (1..=25u64)
            .map(|v| if v as usize <= sent { v } else { 0 })
            .collect();
        let got: Vec<u64> = s
            .to_bytes()
            .chunks(8)
            .map(|c| u64::from_ne_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(got, want, "{len} bytes");
        assert_eq!((s.rx_packets, s.tx_compressed), (1, 23), "{len} bytes");
    }
    assert_eq!(LinkStats64::parse(&bytes[..183]), None);
}
