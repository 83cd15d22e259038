//! Neighbours against the real kernel, with `ip` as the oracle, and the
//! neighbour view against the fixture `neigh.bin`.
//!
//! Each kernel test makes its own anonymous namespace. Neighbour states
//! move on their own (timers, probes), so the namespace's ARP and NDP
//! parameters are stretched to an hour first, and comparisons with `ip`
//! are retried a few times should an entry still change in between.

#[macro_use]
mod common;

use common::{ip, ip_batch};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::neigh::{
    NDA_CACHEINFO, NDA_DST, NDA_FDB_EXT_ATTRS, NDA_FLAGS_EXT, NDA_IFINDEX, NDA_LINK_NETNSID,
    NDA_LLADDR, NDA_MASTER, NDA_NH_ID, NDA_PORT, NDA_PROBES, NDA_PROTOCOL, NDA_SRC_VNI, NDA_VLAN,
    NDA_VNI, Neigh, NeighFilter, NeighFlags, NeighMsg, NeighRequest, NeighState,
};
use nlstack::wire::{
    Attrs, Encoder, FamilyHeader, Flags, List, Message, Messages, MsgType, NdMsg, capture,
};

fn json(s: &str) -> Vec<serde_json::Value> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    serde_json::from_str::<serde_json::Value>(s)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn dial(ns: &NetNs) -> Conn<Route> {
    Conn::<Route>::dial(
        Config::default()
            .netns(ns)
            .read_timeout(Duration::from_secs(10)),
    )
    .expect("dial")
}

/// ifindex -> name, from `ip link`.
fn link_names(ns: &NetNs) -> BTreeMap<u32, String> {
    json(&ip(ns, &["-j", "link", "show"]))
        .iter()
        .map(|l| {
            (
                l["ifindex"].as_u64().unwrap() as u32,
                l["ifname"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn index_of(ns: &NetNs, name: &str) -> u32 {
    *link_names(ns)
        .iter()
        .find(|(_, n)| *n == name)
        .expect("link")
        .0
}

/// A namespace with two veth pairs up, addresses on them, and neighbour
/// timers stretched to an hour so entries stay in the state they are put
/// in.
fn neigh_ns() -> NetNs {
    let ns = NetNs::new_anonymous().expect("anonymous namespace");
    let mut s = String::new();
    for i in 1..=2 {
        s += &format!("link add va{i} type veth peer name vb{i}\n");
        s += &format!("link set va{i} up\nlink set vb{i} up\n");
        s += &format!("addr add 10.0.{i}.1/24 dev va{i}\n");
        s += &format!("addr add fd00:{i}::1/64 dev va{i} nodad\n");
        for t in ["arp_cache", "ndisc_cache"] {
            s += &format!(
                "ntable change name {t} dev va{i} base_reachable 3600000 retrans 3600000 delay_probe 3600000\n"
            );
        }
    }
    ip_batch(&ns, &s);
    ns
}

fn mac(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// `ip`'s names for a state, in its order.
fn state_names(s: NeighState) -> Vec<String> {
    if s.is_empty() {
        return vec!["NONE".into()];
    }
    s.iter_names().map(|(n, _)| n.to_owned()).collect()
}

/// One neighbour as both sides show it: (dev, dst) -> (lladdr, states,
/// router, probes).
type Key = (String, String);
type Row = (Option<String>, Vec<String>, bool, Option<u64>);

fn ip_rows(ns: &NetNs, extra: &[&str]) -> BTreeMap<Key, (Row, [u64; 3])> {
    let mut args = vec!["-s", "-j"];
    args.extend_from_slice(extra);
    json(&ip(ns, &args))
        .iter()
        .map(|n| {
            let key = (
                n["dev"].as_str().unwrap_or("").to_owned(),
                n["dst"].as_str().unwrap().to_owned(),
            );
            let mut states: Vec<String> = n["state"]
                .as_array()
                .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default();
            if states.is_empty() {
                states.push("NONE".into());
            }
            let row = (
                n["lladdr"].as_str().map(str::to_owned),
                states,
                n.get("router").is_some(),
                n["probes"].as_u64(),
            );
            let ages = ["used", "confirmed", "updated"].map(|k| n[k].as_u64().unwrap_or(0));
            (key, (row, ages))
        })
        .collect()
}

fn our_rows(
    list: &List<Neigh>,
    names: &BTreeMap<u32, String>,
    with_dev: bool,
) -> BTreeMap<Key, (Row, [u32; 3])> {
    list.iter()
        .map(|n| {
            let dev = if with_dev {
                names[&n.ifindex()].clone()
            } else {
                String::new()
            };
            let key = (dev, n.dst().expect("dst").to_string());
            let row = (
                n.lladdr().map(mac),
                state_names(n.state()),
                n.flags().contains(NeighFlags::ROUTER),
                n.probes().map(u64::from),
            );
            let ci = n.cache_info().expect("cache info");
            (key, (row, [ci.used, ci.confirmed, ci.updated]))
        })
        .collect()
}

/// Lists with nlstack, then `ip`, then nlstack again, until both nlstack
/// lists agree (nothing moved in between) and match `ip` field by field;
/// cache ages (ticks, `ip` shows seconds) must lie between our two reads.
fn compare_with_ip(ns: &NetNs, c: &mut Conn<Route>, filter: NeighFilter, extra: &[&str]) -> usize {
    let names = link_names(ns);
    let with_dev = filter.ifindex.is_none();
    let mut last = String::new();
    for _ in 0..8 {
        let before = our_rows(&c.neighbours(filter).unwrap(), &names, with_dev);
        let theirs = ip_rows(ns, extra);
        let after = our_rows(&c.neighbours(filter).unwrap(), &names, with_dev);
        let rows = |m: &BTreeMap<Key, (Row, [u32; 3])>| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.0.clone()))
                .collect::<BTreeMap<_, _>>()
        };
        let theirs_rows: BTreeMap<_, _> = theirs
            .iter()
            .map(|(k, v)| (k.clone(), v.0.clone()))
            .collect();
        if rows(&before) != rows(&after) || rows(&before) != theirs_rows {
            last = format!("ours: {:#?}\ntheirs: {theirs_rows:#?}", rows(&before));
            std::thread::sleep(Duration::from_millis(300));
            continue;
        }
        for (k, (_, t)) in &theirs {
            let (b, a) = (before[k].1, after[k].1);
            for i in 0..3 {
                let lo = b[i] as u64 / 100;
                let hi = a[i] as u64 / 100;
                assert!(
                    lo <= t[i] && t[i] <= hi.max(lo),
                    "{k:?} age {i}: ip {} not in [{lo}, {hi}]",
                    t[i]
                );
            }
        }
        return theirs.len();
    }
    panic!("never matched ip:\n{last}");
}

const STATES: [&str; 6] = [
    "permanent",
    "reachable",
    "stale",
    "noarp",
    "probe",
    "incomplete",
];

/// Neighbours in many states on both links, v4 and v6, some with the
/// router flag, one stale entry pushed to DELAY by use, added by `ip`.
fn populate_with_ip(ns: &NetNs) {
    let mut s = String::new();
    for i in 0..36u32 {
        let dev = 1 + i % 2;
        let st = STATES[i as usize % STATES.len()];
        let ll = if st == "incomplete" {
            String::new()
        } else {
            format!(" lladdr 02:00:00:00:{:02x}:{dev:02x}", i)
        };
        s += &format!("neigh add 10.0.{dev}.{} dev va{dev}{ll} nud {st}\n", 10 + i);
        let router = if i % 3 == 0 && st != "incomplete" {
            " router"
        } else {
            ""
        };
        s += &format!(
            "neigh add fd00:{dev}::{:x} dev va{dev}{ll} nud {st}{router}\n",
            0x10 + i
        );
    }
    // STALE, then used: DELAY (and it stays there: delay_probe is an hour).
    s += "neigh add 10.0.1.200 dev va1 lladdr 02:00:00:00:c8:01 nud stale\n";
    s += "neigh change 10.0.1.200 dev va1 use\n";
    s += "neigh add fd00:1::200 dev va1 lladdr 02:00:00:00:c8:02 nud stale\n";
    s += "neigh change fd00:1::200 dev va1 use\n";
    // Proxy entries.
    s += "neigh add proxy 10.0.1.250 dev va1\n";
    s += "neigh add proxy fd00:2::250 dev va2\n";
    ip_batch(ns, &s);
}

#[test]
fn neighbours_in_every_state_match_ip_neigh_show() {
    need_root!();
    let ns = neigh_ns();
    populate_with_ip(&ns);
    let mut c = dial(&ns);
    let all = c.neighbours(NeighFilter::default()).unwrap();
    // Every state we asked for is there, in both families.
    for fam in [libc::AF_INET as u8, libc::AF_INET6 as u8] {
        let states = all
            .iter()
            .filter(|n| n.family() == fam)
            .fold(NeighState::empty(), |s, n| s | n.state());
        let want = NeighState::PERMANENT
            | NeighState::REACHABLE
            | NeighState::STALE
            | NeighState::NOARP
            | NeighState::PROBE
            | NeighState::INCOMPLETE
            | NeighState::DELAY;
        assert!(states.contains(want), "family {fam}: {states:?}");
    }
    assert!(all.iter().any(|n| n.flags().contains(NeighFlags::ROUTER)));
    let n = compare_with_ip(
        &ns,
        &mut c,
        NeighFilter::default(),
        &["neigh", "show", "nud", "all"],
    );
    assert!(n >= 74, "{n}");
}

#[test]
fn family_link_and_proxy_filters_match_ip() {
    need_root!();
    let ns = neigh_ns();
    populate_with_ip(&ns);
    let mut c = dial(&ns);
    let v4 = compare_with_ip(
        &ns,
        &mut c,
        NeighFilter::default().family(libc::AF_INET as u8),
        &["-4", "neigh", "show", "nud", "all"],
    );
    let v6 = compare_with_ip(
        &ns,
        &mut c,
        NeighFilter::default().family(libc::AF_INET6 as u8),
        &["-6", "neigh", "show", "nud", "all"],
    );
    assert!(v4 >= 37 && v6 >= 37, "{v4} {v6}");
    let va2 = index_of(&ns, "va2");
    let on_va2 = compare_with_ip(
        &ns,
        &mut c,
        NeighFilter::default().link(va2),
        &["neigh", "show", "dev", "va2", "nud", "all"],
    );
    assert!(on_va2 >= 36, "{on_va2}");
    let mixed = c
        .neighbours(
            NeighFilter::default()
                .family(libc::AF_INET6 as u8)
                .link(va2),
        )
        .unwrap();
    assert!(!mixed.is_empty());
    assert!(
        mixed
            .iter()
            .all(|n| n.ifindex() == va2 && n.family() == libc::AF_INET6 as u8)
    );

    // Proxy entries: a separate table, shown by `ip neigh show proxy`.
    let proxies = c.neighbours(NeighFilter::default().proxy()).unwrap();
    let names = link_names(&ns);
    let mut ours: Vec<(String, String)> = proxies
        .iter()
        .map(|n| {
            assert!(n.flags().contains(NeighFlags::PROXY));
            (names[&n.ifindex()].clone(), n.dst().unwrap().to_string())
        })
        .collect();
    ours.sort();
    let mut theirs: Vec<(String, String)> = json(&ip(&ns, &["-j", "neigh", "show", "proxy"]))
        .iter()
        .map(|n| {
            (
                n["dev"].as_str().unwrap().to_owned(),
                n["dst"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    theirs.sort();
    assert_eq!(ours, theirs);
    assert_eq!(ours.len(), 2);
}

/// What `ip` shows for one entry: (lladdr, states, router), or `None`.
fn ip_one(ns: &NetNs, dst: &str, dev: &str) -> Option<(Option<String>, Vec<String>, bool)> {
    json(&ip(
        ns,
        &["-j", "neigh", "show", "nud", "all", "to", dst, "dev", dev],
    ))
    .iter()
    .find(|n| n["dst"].as_str() == Some(dst))
    .map(|n| {
        (
            n["lladdr"].as_str().map(str::to_owned),
            n["state"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect(),
            n.get("router").is_some(),
        )
    })
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn add_replace_delete_are_seen_by_ip() {
    need_root!();
    let ns = neigh_ns();
    let va1 = index_of(&ns, "va1");
    let va2 = index_of(&ns, "va2");
    let mut c = dial(&ns);
    let ip4: IpAddr = "10.0.1.77".parse().unwrap();
    let ip6: IpAddr = "fd00:2::77".parse().unwrap();

    // Add: v4 permanent, v6 reachable router, a stale and a noarp one.
    let a = NeighRequest::new(va1, ip4).lladdr([2, 0, 0, 0, 0x77, 1]);
    c.neigh_add(&a).unwrap();
    let b = NeighRequest::new(va2, ip6)
        .lladdr([2, 0, 0, 0, 0x77, 2])
        .state(NeighState::REACHABLE)
        .flags(NeighFlags::ROUTER);
    c.neigh_add(&b).unwrap();
    let s = NeighRequest::new(va1, "10.0.1.78".parse().unwrap())
        .lladdr([2, 0, 0, 0, 0x78, 1])
        .state(NeighState::STALE);
    c.neigh_add(&s).unwrap();
    let n = NeighRequest::new(va2, "fd00:2::79".parse().unwrap())
        .lladdr([2, 0, 0, 0, 0x79, 1])
        .state(NeighState::NOARP);
    c.neigh_add(&n).unwrap();
    assert_eq!(
        ip_one(&ns, "10.0.1.77", "va1"),
        Some((
            Some("02:00:00:00:77:01".into()),
            strs(&["PERMANENT"]),
            false
        ))
    );
    assert_eq!(
        ip_one(&ns, "fd00:2::77", "va2"),
        Some((Some("02:00:00:00:77:02".into()), strs(&["REACHABLE"]), true))
    );
    assert_eq!(
        ip_one(&ns, "10.0.1.78", "va1"),
        Some((Some("02:00:00:00:78:01".into()), strs(&["STALE"]), false))
    );
    assert_eq!(
        ip_one(&ns, "fd00:2::79", "va2"),
        Some((Some("02:00:00:00:79:01".into()), strs(&["NOARP"]), false))
    );

    // Adding again is refused; nothing changes.
    let e = c
        .neigh_add(&a.clone().lladdr([2, 0, 0, 0, 0x77, 9]))
        .unwrap_err();
    assert!(e.is_exists(), "{e}");
    assert_eq!(
        ip_one(&ns, "10.0.1.77", "va1").unwrap().0.as_deref(),
        Some("02:00:00:00:77:01")
    );

    // Replace: new address and state; replace also creates.
    c.neigh_replace(
        &a.clone()
            .lladdr([2, 0, 0, 0, 0x77, 0xaa])
            .state(NeighState::STALE),
    )
    .unwrap();
    assert_eq!(
        ip_one(&ns, "10.0.1.77", "va1"),
        Some((Some("02:00:00:00:77:aa".into()), strs(&["STALE"]), false))
    );
    let fresh = NeighRequest::new(va1, "fd00:1::99".parse().unwrap())
        .lladdr([2, 0, 0, 0, 0x99, 1])
        .state(NeighState::PERMANENT);
    c.neigh_replace(&fresh).unwrap();
    assert_eq!(
        ip_one(&ns, "fd00:1::99", "va1"),
        Some((
            Some("02:00:00:00:99:01".into()),
            strs(&["PERMANENT"]),
            false
        ))
    );

    // Delete: gone for ip; deleting again is "not found".
    for r in [&a, &b, &s, &n, &fresh] {
        c.neigh_del(r).unwrap();
    }
    for (dst, dev) in [
        ("10.0.1.77", "va1"),
        ("fd00:2::77", "va2"),
        ("10.0.1.78", "va1"),
        ("fd00:2::79", "va2"),
        ("fd00:1::99", "va1"),
    ] {
        // A deleted entry still referenced may linger as FAILED/NONE for a
        // moment; a permanent one never does.
        let left = ip_one(&ns, dst, dev);
        assert!(
            left.as_ref()
                .is_none_or(|l| l.1 == ["FAILED"] || l.1 == ["NONE"]),
            "{dst}: {left:?}"
        );
    }
    let e = c.neigh_del(&a).unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

#[test]
fn proxy_entries_add_and_delete_are_seen_by_ip() {
    need_root!();
    let ns = neigh_ns();
    let va1 = index_of(&ns, "va1");
    let mut c = dial(&ns);
    let p4 = NeighRequest::proxy(va1, "10.0.1.123".parse().unwrap());
    let p6 = NeighRequest::proxy(va1, "fd00:1::123".parse().unwrap());
    c.neigh_add(&p4).unwrap();
    c.neigh_add(&p6).unwrap();
    let shown = |ns: &NetNs| {
        let mut v: Vec<String> = json(&ip(ns, &["-j", "neigh", "show", "proxy"]))
            .iter()
            .map(|n| {
                format!(
                    "{} {}",
                    n["dst"].as_str().unwrap(),
                    n["dev"].as_str().unwrap()
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(shown(&ns), ["10.0.1.123 va1", "fd00:1::123 va1"]);
    // The regular cache does not list them.
    assert!(
        c.neighbours(NeighFilter::default())
            .unwrap()
            .iter()
            .all(|n| !n.flags().contains(NeighFlags::PROXY))
    );
    let got = c
        .neigh_get_proxy(va1, "10.0.1.123".parse().unwrap())
        .unwrap();
    assert!(got.flags().contains(NeighFlags::PROXY));
    c.neigh_del(&p4).unwrap();
    assert_eq!(shown(&ns), ["fd00:1::123 va1"]);
    c.neigh_del(&p6).unwrap();
    assert!(shown(&ns).is_empty());
}

#[test]
fn get_returns_what_the_dump_lists() {
    need_root!();
    let ns = neigh_ns();
    populate_with_ip(&ns);
    let va1 = index_of(&ns, "va1");
    let mut c = dial(&ns);
    let listed = c.neighbours(NeighFilter::default().link(va1)).unwrap();
    let mut checked = 0;
    for n in listed.iter().filter(|n| {
        n.state()
            .intersects(NeighState::PERMANENT | NeighState::NOARP | NeighState::STALE)
    }) {
        let got = c.neigh_get(va1, n.dst().unwrap()).unwrap();
        // Ages and references move; everything else is the same entry.
        assert_eq!(got.without(&[NDA_CACHEINFO]), n.without(&[NDA_CACHEINFO]));
        checked += 1;
    }
    assert!(checked >= 18, "{checked}");
    let e = c.neigh_get(va1, "10.0.1.254".parse().unwrap()).unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

// ---- The fixture: decoding, malformed attributes, requests. ----

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/neigh.bin"
    ))
    .unwrap()
}

/// Every neighbour message of the fixture, as standalone message bytes.
fn fixture_messages(buf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in capture::Datagrams::new(buf) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.kind() == MsgType::RTM_NEWNEIGH {
                out.push(m.bytes().to_vec());
            }
        }
    }
    out
}

#[test]
fn every_fixture_neighbour_decodes_cleanly() {
    let buf = fixture();
    let msgs = fixture_messages(&buf);
    assert!(msgs.len() >= 300, "{}", msgs.len());
    let mut states = NeighState::empty();
    let mut families = std::collections::BTreeSet::new();
    for b in &msgs {
        let m = Message::parse(b).unwrap();
        let n = NeighMsg::parse(m.payload()).unwrap();
        n.check().unwrap();
        assert_eq!(n.malformed(), 0);
        assert!(n.dst().is_some());
        assert!(n.cache_info().is_some() && n.probes().is_some());
        if let Some(l) = n.lladdr() {
            assert_eq!(l.len(), 6);
            assert_eq!(n.mac().map(|m| m.to_vec()), Some(l.to_vec()));
        }
        states |= n.state();
        families.insert(n.family());
        let owned: Neigh = n.owned();
        assert_eq!(owned.as_view(), n);
        assert_eq!(fields(&owned.as_view()), fields(&n));
    }
    assert!(
        states.contains(NeighState::PERMANENT | NeighState::NOARP | NeighState::STALE),
        "{states:?}"
    );
    assert_eq!(families, [libc::AF_INET as u8, libc::AF_INET6 as u8].into());
}

/// `msg` rebuilt with the attribute at index `which` given `value`, or,
/// with `value == None`, with that attribute's length pointing past the
/// end (which ends the attribute walk there).
fn rebuild(msg: &[u8], fixed: usize, which: usize, value: Option<&[u8]>) -> Vec<u8> {
    let start = 16 + fixed.next_multiple_of(4);
    let mut out = msg[..start].to_vec();
    let mut rest = &msg[start..];
    let mut i = 0;
    while rest.len() >= 4 {
        let len = u16::from_ne_bytes([rest[0], rest[1]]) as usize;
        let kind = u16::from_ne_bytes([rest[2], rest[3]]);
        let padded = len.next_multiple_of(4).min(rest.len());
        if i == which {
            match value {
                Some(v) => {
                    out.extend_from_slice(&((4 + v.len()) as u16).to_ne_bytes());
                    out.extend_from_slice(&kind.to_ne_bytes());
                    out.extend_from_slice(v);
                    out.resize(out.len().next_multiple_of(4), 0);
                }
                None => {
                    out.extend_from_slice(&((len + 64) as u16).to_ne_bytes());
                    out.extend_from_slice(&rest[2..padded]);
                }
            }
        } else {
            out.extend_from_slice(&rest[..padded]);
        }
        rest = &rest[padded..];
        i += 1;
    }
    let n = out.len() as u32;
    out[..4].copy_from_slice(&n.to_ne_bytes());
    out
}

/// Every field a view offers, by the kind of the attribute it comes
/// from (0 for the header's), as text.
fn fields(n: &NeighMsg<&[u8]>) -> BTreeMap<u16, String> {
    let mut f = BTreeMap::new();
    f.insert(
        0,
        format!(
            "{:?} {} {:?} {:?} {} {:?}",
            n.header(),
            n.family(),
            n.state(),
            n.flags(),
            n.kind(),
            n.mac()
        ),
    );
    let mut put = |k: u16, v: Option<String>| {
        if let Some(v) = v {
            f.insert(k, v);
        }
    };
    put(NDA_DST, n.dst().map(|v| format!("{v:?}")));
    put(NDA_LLADDR, n.lladdr().map(|v| format!("{v:?}")));
    put(NDA_CACHEINFO, n.cache_info().map(|v| format!("{v:?}")));
    put(NDA_PROBES, n.probes().map(|v| format!("{v:?}")));
    put(NDA_VLAN, n.vlan().map(|v| format!("{v:?}")));
    put(NDA_PORT, n.port().map(|v| format!("{v:?}")));
    put(NDA_VNI, n.vni().map(|v| format!("{v:?}")));
    put(NDA_IFINDEX, n.link().map(|v| format!("{v:?}")));
    put(NDA_MASTER, n.master().map(|v| format!("{v:?}")));
    put(NDA_LINK_NETNSID, n.link_netnsid().map(|v| format!("{v:?}")));
    put(NDA_SRC_VNI, n.src_vni().map(|v| format!("{v:?}")));
    put(NDA_PROTOCOL, n.protocol().map(|v| format!("{v:?}")));
    put(NDA_NH_ID, n.nh_id().map(|v| format!("{v:?}")));
    put(
        NDA_FDB_EXT_ATTRS,
        n.fdb_ext_attrs().map(|v| format!("{v:?}")),
    );
    put(NDA_FLAGS_EXT, n.flags_ext().map(|v| format!("{v:?}")));
    f
}

#[test]
fn one_corrupted_attribute_leaves_the_rest_decoded() {
    let buf = fixture();
    let mut corrupted = 0;
    for b in fixture_messages(&buf) {
        let m = Message::parse(&b).unwrap();
        let clean = NeighMsg::parse(m.payload()).unwrap();
        clean.check().unwrap();
        let clean_fields = fields(&clean);
        let attrs: Vec<_> = Attrs::new(&m.payload()[NdMsg::LEN..])
            .map(|a| a.unwrap())
            .collect();
        for (i, a) in attrs.iter().enumerate() {
            // NDA_LLADDR takes any length: nothing to corrupt by size.
            if a.kind() == NDA_LLADDR {
                continue;
            }
            // One byte short (or long, for one-byte values): a wrong size.
            let v = a.value();
            let wrong: Vec<u8> = if v.len() > 1 {
                v[..v.len() - 1].to_vec()
            } else {
                vec![0; v.len() + 1]
            };
            let bad = rebuild(&b, NdMsg::LEN, i, Some(&wrong));
            let bm = Message::parse(&bad).unwrap();
            let view = NeighMsg::parse(bm.payload()).unwrap();
            assert_eq!(view.malformed(), 1, "attr {} of {b:02x?}", a.kind());
            let e = view.check().unwrap_err();
            assert_eq!(e.as_decode().unwrap().offset, NdMsg::LEN + a.offset());
            let owned = view.owned();
            assert_eq!(owned.malformed(), 1, "the owned value says it is partial");
            let mut want = clean_fields.clone();
            want.remove(&a.kind());
            assert_eq!(fields(&owned.as_view()), want, "attr {}", a.kind());
            assert_eq!(fields(&view), want, "attr {}", a.kind());
            corrupted += 1;
        }
        // The last attribute's length runs past the end: the walk stops
        // there, once, and everything before it stands.
        let last = attrs.len() - 1;
        let cut = rebuild(&b, NdMsg::LEN, last, None);
        let cm = Message::parse(&cut).unwrap();
        let view = NeighMsg::parse(cm.payload()).unwrap();
        assert_eq!(view.malformed(), 1);
        let owned = view.owned();
        assert_eq!(owned.malformed(), 1, "the owned value says it is partial");
        let mut want = clean_fields.clone();
        want.remove(&attrs[last].kind());
        assert_eq!(fields(&owned.as_view()), want);
        assert!(view.check().is_err());
    }
    assert!(corrupted >= 900, "{corrupted}");
}

#[test]
fn unknown_attributes_are_skipped_and_reachable() {
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWNEIGH, Flags::empty(), 1, 0);
    NeighRequest::new(3, "10.1.2.3".parse().unwrap())
        .lladdr([1, 2, 3, 4, 5, 6, 7, 8])
        .encode(&mut e);
    e.put_u32(200, 0xdead);
    e.finish().unwrap();
    let m = Message::parse(&buf).unwrap();
    let n = NeighMsg::parse(m.payload()).unwrap();
    n.check().unwrap();
    assert_eq!(
        n.lladdr(),
        Some(&[1, 2, 3, 4, 5, 6, 7, 8][..]),
        "any length"
    );
    assert_eq!(n.mac(), None);
    let unknown = Attrs::new(&n.as_bytes()[NdMsg::LEN..])
        .map(|a| a.unwrap())
        .find(|a| a.kind() == 200);
    assert_eq!(unknown.unwrap().u32().unwrap(), 0xdead);
    // A header cut short is the one hard error.
    let mut short = Vec::new();
    let mut e = Encoder::new(&mut short, MsgType::RTM_NEWNEIGH, Flags::empty(), 1, 0);
    e.raw(&[2, 0, 0, 0]);
    e.finish().unwrap();
    assert!(NeighMsg::parse(Message::parse(&short).unwrap().payload()).is_err());
}

#[test]
fn a_request_decodes_back_to_what_was_asked() {
    let r = NeighRequest::new(7, "fd00::5".parse().unwrap())
        .lladdr([2, 0, 0, 0, 0, 5])
        .state(NeighState::REACHABLE)
        .flags(NeighFlags::ROUTER)
        .protocol(4);
    let mut r2 = r.clone();
    r2.vlan = Some(10);
    r2.master = Some(9);
    r2.port = Some(4789);
    r2.vni = Some(42);
    r2.nh_id = Some(5);
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWNEIGH, Flags::REQUEST, 1, 0);
    r2.encode(&mut e);
    e.finish().unwrap();
    let m = Message::parse(&buf).unwrap();
    let n = NeighMsg::parse(m.payload()).unwrap();
    n.check().unwrap();
    assert_eq!(n.family(), libc::AF_INET6 as u8);
    assert_eq!(n.ifindex(), 7);
    assert_eq!(n.state(), NeighState::REACHABLE);
    assert_eq!(n.flags(), NeighFlags::ROUTER);
    assert_eq!(n.dst(), Some("fd00::5".parse().unwrap()));
    assert_eq!(n.mac(), Some([2, 0, 0, 0, 0, 5]));
    assert_eq!(
        (
            n.protocol(),
            n.vlan(),
            n.master(),
            n.port(),
            n.vni(),
            n.nh_id()
        ),
        (Some(4), Some(10), Some(9), Some(4789), Some(42), Some(5))
    );
    // NDA_PORT is big-endian on the wire.
    assert_eq!(n.attr(NDA_PORT).unwrap(), 4789u16.to_be_bytes());
}

/// Random byte flips and cuts over every fixture message: the view either
/// decodes (with or without recorded errors) or fails on its header;
/// nothing panics.
#[test]
fn damaged_messages_never_panic() {
    let buf = fixture();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut decoded = 0;
    for b in fixture_messages(&buf) {
        for _ in 0..20 {
            let mut d = b.clone();
            for _ in 0..1 + next() % 4 {
                let i = 16 + (next() as usize) % (d.len() - 16);
                d[i] = next() as u8;
            }
            d.truncate(16 + (next() as usize) % (d.len() - 15));
            let n = d.len() as u32;
            d[..4].copy_from_slice(&n.to_ne_bytes());
            let m = Message::parse(&d).unwrap();
            if let Ok(v) = NeighMsg::parse(m.payload()) {
                let _ = (v.owned(), fields(&v), format!("{v:?}"), v.check().is_ok());
                decoded += 1;
            }
        }
    }
    assert!(decoded > 1000, "{decoded}");
}

#[test]
fn the_view_is_small() {
    // Issue 11: a view is at most 256 bytes (docs/route.md lists sizes).
    let n = std::mem::size_of::<NeighMsg<&[u8]>>();
    assert!(n <= 256, "{n}");
    assert_eq!(n, 152, "docs/route.md says 152");
}
