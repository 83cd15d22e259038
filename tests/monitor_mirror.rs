//! The mirror against the real kernel: after each change (including those
//! the kernel does not announce, and a forced loss) it equals what `ip -j`
//! shows, object type by object type.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::Duration;

use nlstack::monitor::{Change, Keep, Mirror, MonitorConfig};
use nlstack::netns::NetNs;
use serde_json::Value;

/// Applies events until the monitor is quiet for the timeout.
fn settle(m: &mut Mirror) -> Vec<Change> {
    let mut out = Vec::new();
    loop {
        match m.next_changes(&mut out) {
            Ok(()) => {}
            Err(e) if e.is_timeout() => return out,
            Err(e) => panic!("{e}"),
        }
    }
}

fn arr(v: Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

/// How `ip` writes a route's destination.
fn ip_dst(dst: Option<IpAddr>, len: u8) -> String {
    match dst {
        None => "default".into(),
        Some(a) if (a.is_ipv4() && len == 32) || (a.is_ipv6() && len == 128) => a.to_string(),
        Some(a) => format!("{a}/{len}"),
    }
}

/// Every object type of the mirror against `ip -j` in `ns`.
fn assert_equals_ip(m: &Mirror, ns: &NetNs) {
    let links: BTreeSet<i64> = m.links().map(|l| i64::from(l.index())).collect();
    let ip_links: BTreeSet<i64> = arr(common::ip_json(ns, &["link", "show"]))
        .iter()
        .map(|l| l["ifindex"].as_i64().unwrap())
        .collect();
    assert_eq!(links, ip_links, "links");

    let addrs: BTreeSet<(u32, String, u8)> = m
        .addresses()
        .map(|a| {
            let shown = a.addr().unwrap();
            (a.index(), shown.to_string(), a.prefixlen())
        })
        .collect();
    let mut ip_addrs = BTreeSet::new();
    for l in arr(common::ip_json(ns, &["addr", "show"])) {
        let index = l["ifindex"].as_u64().unwrap() as u32;
        for a in arr(l["addr_info"].clone()) {
            let local = a["local"].as_str().unwrap().to_string();
            ip_addrs.insert((index, local, a["prefixlen"].as_u64().unwrap() as u8));
        }
    }
    assert_eq!(addrs, ip_addrs, "addresses");

    for (family, flag) in [(libc::AF_INET as u8, "-4"), (libc::AF_INET6 as u8, "-6")] {
        let mut mine: Vec<String> = m
            .routes()
            .filter(|r| r.family() == family)
            .map(|r| ip_dst(r.dst(), r.dst_len()))
            .collect();
        let mut ip: Vec<String> = arr(common::ip_json(
            ns,
            &[flag, "route", "show", "table", "all"],
        ))
        .iter()
        .map(|r| r["dst"].as_str().unwrap().to_string())
        .collect();
        mine.sort();
        ip.sort();
        if mine != ip {
            let a: BTreeSet<_> = mine.iter().collect();
            let b: BTreeSet<_> = ip.iter().collect();
            let only_mine: Vec<_> = a.difference(&b).take(10).collect();
            let only_ip: Vec<_> = b.difference(&a).take(10).collect();
            panic!(
                "{flag} routes: {} vs {}; only in the mirror {only_mine:?}, only in ip {only_ip:?}",
                mine.len(),
                ip.len()
            );
        }
    }

    let names: std::collections::BTreeMap<u32, String> = m
        .links()
        .map(|l| (l.index(), l.name().to_string()))
        .collect();
    let neighs: BTreeSet<(String, String)> = m
        .neighbours()
        .filter(|n| n.family() == libc::AF_INET as u8 || n.family() == libc::AF_INET6 as u8)
        .filter_map(|n| Some((names.get(&n.ifindex())?.clone(), n.dst()?.to_string())))
        .collect();
    let ip_neighs: BTreeSet<(String, String)> = arr(common::ip_json(ns, &["neigh", "show"]))
        .iter()
        .map(|n| {
            let dev = n["dev"].as_str().unwrap_or("").to_string();
            (dev, n["dst"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(neighs, ip_neighs, "neighbours");

    let rules = arr(common::ip_json(ns, &["-4", "rule", "show"])).len()
        + arr(common::ip_json(ns, &["-6", "rule", "show"])).len();
    assert_eq!(m.rules().count(), rules, "rules");
}

/// The links and addresses of every test. Without duplicate address
/// detection, so that IPv6 addresses (and their routes) are there at once,
/// not a second later while the mirror is compared with `ip`.
fn setup(ns: &NetNs) {
    ns.set_sysctls(&[
        ("net.ipv6.conf.all.accept_dad", "0"),
        ("net.ipv6.conf.default.accept_dad", "0"),
    ])
    .unwrap();
    common::ip_batch(ns, SETUP);
}

fn mirror(ns: &NetNs) -> Mirror {
    let cfg = MonitorConfig::default()
        .netns(ns)
        .read_timeout(Duration::from_millis(300));
    Mirror::new(cfg, Keep::all()).unwrap()
}

fn routes_via(n: usize, via: &str) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "route add 10.{}.{}.0/24 via {via}\n",
            100 + i / 256,
            i % 256
        ));
    }
    s
}

const SETUP: &str = "link add a0 type veth peer name a1\n\
                     link set a0 up\nlink set a1 up\n\
                     addr add 10.1.0.1/16 dev a0\n\
                     addr add 2001:db8::1/64 dev a0 nodad\n\
                     link add b0 type veth peer name b1\n\
                     link set b0 up\nlink set b1 up\n\
                     addr add 10.2.0.1/16 dev b0\n\
                     neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev a0 nud permanent\n\
                     neigh add 10.2.0.9 lladdr 02:00:00:00:00:0a dev b0 nud permanent\n\
                     rule add from 10.9.0.0/16 table 100 priority 500\n";

#[test]
fn a_link_deleted_with_1500_routes_through_it() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    setup(&ns);
    common::ip_batch(&ns, &routes_via(1500, "10.1.0.2"));
    let mut m = mirror(&ns);
    assert_equals_ip(&m, &ns);
    assert!(m.routes().count() > 1500);
    common::ip(&ns, &["link", "del", "a0"]);
    let changes = settle(&mut m);
    let removed = changes
        .iter()
        .filter(|c| matches!(c, Change::Removed(_)))
        .count();
    assert!(
        removed >= 1502,
        "two links and 1,500 routes at least: {removed}"
    );
    assert_equals_ip(&m, &ns);
    assert_eq!(m.resyncs(), 0);
}

#[test]
fn a_link_set_down_and_an_address_removed() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    setup(&ns);
    common::ip_batch(&ns, &routes_via(50, "10.1.0.2"));
    let mut m = mirror(&ns);
    common::ip(&ns, &["link", "set", "a0", "down"]);
    settle(&mut m);
    assert_equals_ip(&m, &ns);
    common::ip(&ns, &["addr", "del", "10.2.0.1/16", "dev", "b0"]);
    settle(&mut m);
    assert_equals_ip(&m, &ns);
    assert_eq!(m.resyncs(), 0);
}

#[test]
fn a_link_moved_to_another_namespace() {
    need_root!();
    let name = "nlstack-mirror-move";
    let other = NetNs::create(name).unwrap();
    struct Gone(&'static str);
    impl Drop for Gone {
        fn drop(&mut self) {
            let _ = NetNs::delete(self.0);
        }
    }
    let _gone = Gone(name);
    let ns = NetNs::new_anonymous().unwrap();
    setup(&ns);
    common::ip_batch(&ns, &routes_via(20, "10.2.0.2"));
    let mut m = mirror(&ns);
    common::ip(&ns, &["link", "set", "b0", "netns", name]);
    settle(&mut m);
    assert_equals_ip(&m, &ns);
    assert!(m.links().all(|l| l.name() != "b0"));
    drop(other);
}

#[test]
fn twenty_thousand_route_changes_through_an_8k_buffer_converge_after_resyncs() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    setup(&ns);
    let cfg = MonitorConfig::default()
        .netns(&ns)
        .recv_buffer(8 << 10)
        .read_timeout(Duration::from_millis(300));
    let mut m = Mirror::new(cfg, Keep::all()).unwrap();
    let mut s = routes_via(10_000, "10.1.0.2");
    for i in 0..5_000 {
        s.push_str(&format!(
            "route del 10.{}.{}.0/24\n",
            100 + i / 256,
            i % 256
        ));
    }
    for i in 0..5_000 {
        s.push_str(&format!(
            "route add 10.{}.{}.0/24 via 10.2.0.2\n",
            200 + i / 256,
            i % 256
        ));
    }
    common::ip_batch(&ns, &s);
    settle(&mut m);
    assert!(m.resyncs() >= 1, "an 8 KiB buffer must overflow");
    eprintln!("resyncs: {}", m.resyncs());
    assert_equals_ip(&m, &ns);
    assert_eq!(
        m.routes()
            .filter(|r| r.table() == 254 && r.dst_len() == 24)
            .count(),
        10_000
    );
}
