//! `nl -j -d link show` against `ip -j -d link show` for the link kinds
//! this kernel cannot create (vlan, ipvlan, bond, dummy, vrf, geneve,
//! wireguard). Both programs run under `tests/replay/nlreplay.c`, an
//! `LD_PRELOAD` shim that answers their link dump with extra messages
//! before the kernel's own: copies of a real veth's message with a new
//! name, index and `IFLA_LINKINFO`, its kind data laid out as the kernel's
//! `fill_info` for that kind lays it out. Both print the same bytes, so
//! `nl`'s JSON must be a subset of `ip`'s.

#[macro_use]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::link::{
    IFLA_IFALIAS, IFLA_IFNAME, IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_LINK, IFLA_LINK_NETNSID,
    IFLA_LINKINFO, IFLA_MASTER, IFLA_PROP_LIST,
};
use nlstack::wire::{Flags, IfInfoMsg, MsgType, NLA_TYPE_MASK};
use serde_json::Value;

/// One attribute: header, value, padding to 4 bytes.
fn attr(kind: u16, value: &[u8]) -> Vec<u8> {
    let len = 4 + value.len();
    let mut v = Vec::with_capacity(len.next_multiple_of(4));
    v.extend_from_slice(&u16::try_from(len).unwrap().to_ne_bytes());
    v.extend_from_slice(&kind.to_ne_bytes());
    v.extend_from_slice(value);
    v.resize(len.next_multiple_of(4), 0);
    v
}

fn u8a(kind: u16, v: u8) -> Vec<u8> {
    attr(kind, &[v])
}
fn u16a(kind: u16, v: u16) -> Vec<u8> {
    attr(kind, &v.to_ne_bytes())
}
fn u32a(kind: u16, v: u32) -> Vec<u8> {
    attr(kind, &v.to_ne_bytes())
}

/// The shim, built once per test binary with the system's C compiler.
fn shim() -> &'static Path {
    static SO: OnceLock<PathBuf> = OnceLock::new();
    SO.get_or_init(|| {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/replay/nlreplay.c");
        let so = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nlreplay.so");
        let st = Command::new("cc")
            .args(["-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-o"])
            .arg(&so)
            .arg(&src)
            .arg("-ldl")
            .status()
            .expect("run cc");
        assert!(st.success(), "cc {} failed", src.display());
        so
    })
}

/// A named namespace (`ip -n` and `nl -n` need a name), deleted on drop.
struct Named(String, #[allow(dead_code)] NetNs);

impl Drop for Named {
    fn drop(&mut self) {
        let _ = NetNs::delete(&self.0);
    }
}

/// The kernel's message for `name`: its `ifinfomsg` and attributes.
fn kernel_link(ns: &NetNs, name: &[u8]) -> (Vec<u8>, Vec<(u16, Vec<u8>)>) {
    let mut conn = Conn::<Route>::dial(Config::default().netns(ns)).unwrap();
    let mut dump = conn
        .dump(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg::default());
        })
        .unwrap();
    let mut found = None;
    while let Some(m) = dump.next() {
        let m = m.unwrap();
        let attrs: Vec<(u16, Vec<u8>)> = m
            .attrs(16)
            .unwrap()
            .map(|a| {
                let a = a.unwrap();
                (a.raw_kind(), a.value().to_vec())
            })
            .collect();
        let named = attrs
            .iter()
            .any(|(k, v)| k & NLA_TYPE_MASK == IFLA_IFNAME && v.strip_suffix(&[0]) == Some(name));
        if named {
            found = Some((m.payload()[..16].to_vec(), attrs));
        }
    }
    found.expect("the veth in the dump")
}

/// A link message: `base`'s header and attributes, but for its name, its
/// parent, its master, its kind, and everything naming other links.
fn crafted(
    base: &(Vec<u8>, Vec<(u16, Vec<u8>)>),
    index: i32,
    name: &str,
    parent: Option<u32>,
    kind: &str,
    data: Option<Vec<u8>>,
) -> Vec<u8> {
    let mut ifi = base.0.clone();
    ifi[4..8].copy_from_slice(&index.to_ne_bytes());
    let mut body = ifi;
    for (k, v) in &base.1 {
        let drop = [
            IFLA_IFNAME,
            IFLA_LINK,
            IFLA_MASTER,
            IFLA_LINKINFO,
            IFLA_IFALIAS,
            IFLA_LINK_NETNSID,
            IFLA_PROP_LIST,
        ];
        if !drop.contains(&(k & NLA_TYPE_MASK)) {
            body.extend(attr(*k, v));
        }
    }
    body.extend(attr(IFLA_IFNAME, format!("{name}\0").as_bytes()));
    if let Some(p) = parent {
        body.extend(u32a(IFLA_LINK, p));
    }
    let mut info = attr(IFLA_INFO_KIND, format!("{kind}\0").as_bytes());
    if let Some(d) = data {
        info.extend(attr(IFLA_INFO_DATA, &d));
    }
    body.extend(attr(IFLA_LINKINFO, &info));
    let mut m = Vec::new();
    m.extend_from_slice(&u32::try_from(16 + body.len()).unwrap().to_ne_bytes());
    m.extend_from_slice(&16u16.to_ne_bytes()); // RTM_NEWLINK
    m.extend_from_slice(&2u16.to_ne_bytes()); // NLM_F_MULTI
    m.extend_from_slice(&[0; 8]); // sequence and port: the shim's to set
    m.extend(body);
    m
}

/// Kind data as each kind's `fill_info` puts it, for the links
/// `tests/fixtures/link_kinds.sh` asks `ip link add` for.
fn messages(base: &(Vec<u8>, Vec<(u16, Vec<u8>)>), parent: u32) -> Vec<u8> {
    let vlan = [
        attr(5, &0x88a8u16.to_be_bytes()), // IFLA_VLAN_PROTOCOL
        u16a(1, 10),                       // IFLA_VLAN_ID
        attr(2, &[1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), // FLAGS: REORDER_HDR
        // IFLA_VLAN_INGRESS_QOS: priority 2 to 5.
        attr(4, &attr(1, &[2, 0, 0, 0, 5, 0, 0, 0])),
    ]
    .concat();
    // IFLA_IPVLAN_MODE and IFLA_IPVLAN_FLAGS (bridge 0, private 1, vepa 2).
    let ipvlan = |mode: u16, flags: u16| Some([u16a(1, mode), u16a(2, flags)].concat());
    let bond = [
        u8a(1, 1),    // MODE: active-backup
        u32a(3, 100), // MIIMON
        u32a(4, 0),   // UPDELAY
        u32a(5, 0),   // DOWNDELAY
        u32a(28, 0),  // PEER_NOTIF_DELAY
        u8a(6, 1),    // USE_CARRIER
        u32a(7, 0),   // ARP_INTERVAL
        u32a(9, 0),   // ARP_VALIDATE
        u32a(10, 0),  // ARP_ALL_TARGETS
        u8a(12, 0),   // PRIMARY_RESELECT
        u8a(13, 0),   // FAIL_OVER_MAC
        u8a(14, 0),   // XMIT_HASH_POLICY
        u32a(15, 1),  // RESEND_IGMP
        u8a(16, 1),   // NUM_PEER_NOTIF
        u8a(17, 0),   // ALL_SLAVES_ACTIVE
        u32a(18, 0),  // MIN_LINKS
        u32a(19, 1),  // LP_INTERVAL
        u32a(20, 1),  // PACKETS_PER_SLAVE
        u8a(29, 1),   // AD_LACP_ACTIVE
        u8a(21, 0),   // AD_LACP_RATE
        u8a(22, 0),   // AD_SELECT
        u8a(27, 1),   // TLB_DYNAMIC_LB
        u8a(30, 2),   // MISSED_MAX
    ]
    .concat();
    let geneve = [
        u32a(1, 5),                      // ID
        attr(2, &[10, 0, 0, 2]),         // REMOTE
        u8a(3, 9),                       // TTL
        u8a(4, 0),                       // TOS
        u8a(13, 0),                      // DF: unset
        attr(11, &0u32.to_be_bytes()),   // LABEL
        attr(5, &6082u16.to_be_bytes()), // PORT
        u8a(8, 0),                       // UDP_CSUM
        u8a(9, 0),                       // UDP_ZERO_CSUM6_TX
        u8a(10, 1),                      // UDP_ZERO_CSUM6_RX
        u8a(12, 0),                      // TTL_INHERIT
    ]
    .concat();
    [
        crafted(base, 9001, "v10", Some(parent), "vlan", Some(vlan)),
        crafted(base, 9002, "iv0", Some(parent), "ipvlan", ipvlan(1, 0)),
        crafted(base, 9008, "iv1", Some(parent), "ipvlan", ipvlan(0, 1)),
        crafted(base, 9009, "iv2", Some(parent), "ipvlan", ipvlan(2, 2)),
        crafted(base, 9003, "bo0", None, "bond", Some(bond)),
        crafted(base, 9004, "du0", None, "dummy", None),
        crafted(base, 9005, "vr0", None, "vrf", Some(u32a(1, 100))),
        crafted(base, 9006, "ge0", None, "geneve", Some(geneve)),
        crafted(base, 9007, "wg0", None, "wireguard", None),
    ]
    .concat()
}

/// `PROG -n NS -j -d link show` under the shim.
fn replayed(prog: &Path, ns: &str, replay: &Path) -> Value {
    let o = Command::new(prog)
        .args(["-n", ns, "-j", "-d", "link", "show"])
        .env("LD_PRELOAD", shim())
        .env("NLREPLAY", replay)
        .output()
        .expect("run");
    assert!(
        o.status.success(),
        "{}: {}",
        prog.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn link_details_of_kinds_this_kernel_lacks_match_ip() {
    need_root!();
    let name = format!("nlstack-replay-{}", std::process::id());
    let ns = Named(name.clone(), NetNs::create(&name).unwrap());
    common::ip_batch(&ns.1, "link add p0 type veth peer name p1");
    let base = kernel_link(&ns.1, b"p0");
    let parent = u32::from_ne_bytes(base.0[4..8].try_into().unwrap());
    let replay = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("replay-{name}.bin"));
    std::fs::write(&replay, messages(&base, parent)).unwrap();

    let ip = replayed(Path::new("ip"), &name, &replay);
    let nl = replayed(&common::example_bin("nl"), &name, &replay);
    let _ = std::fs::remove_file(&replay);
    // No lifetimes in a link list: the reads' distance does not matter.
    let n = common::subset("-d link show", &nl, &ip, Duration::ZERO);
    assert!(n > 0, "nothing compared");

    // Both read the replayed links (the comparison above is element by
    // element), and nl printed each kind's data.
    let link = |n: &str| {
        ip.as_array()
            .unwrap()
            .iter()
            .position(|l| l["ifname"] == n)
            .map(|i| nl[i].clone())
            .unwrap_or_else(|| panic!("ip does not list {n}: {ip}"))
    };
    let info = |n: &str| link(n)["linkinfo"].clone();
    let data = |n: &str| info(n)["info_data"].clone();
    assert_eq!(link("v10")["link"], "p0");
    assert_eq!(data("v10")["protocol"], "802.1ad");
    assert_eq!(data("v10")["id"], 10);
    assert_eq!(link("iv0")["link"], "p0");
    assert_eq!(data("iv0")["mode"], "l3");
    assert_eq!(data("iv0")["bridge"], true);
    assert_eq!(data("iv1")["mode"], "l2");
    assert_eq!(data("iv1")["private"], true);
    assert_eq!(data("iv2")["mode"], "l3s");
    assert_eq!(data("iv2")["vepa"], true);
    assert_eq!(data("bo0")["mode"], "active-backup");
    assert_eq!(info("du0")["info_kind"], "dummy");
    assert_eq!(data("vr0")["table"], 100);
    assert_eq!(data("ge0")["id"], 5);
    assert_eq!(data("ge0")["remote"], "10.0.0.2");
    assert_eq!(data("ge0")["ttl"], 9);
    assert_eq!(data("ge0")["port"], 6082);
    assert_eq!(info("wg0")["info_kind"], "wireguard");
}
