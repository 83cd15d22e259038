//! Addresses against the real kernel, with `ip` as the oracle, and the
//! address view against the fixtures.

#[macro_use]
mod common;

use common::{ip, ip_batch};
use std::collections::BTreeSet;
use std::net::IpAddr;

use nlstack::Error;
use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::{AddrFilter, AddrFlags, AddrMsg, AddrRequest};
use nlstack::wire::{FamilyHeader, IfAddrMsg, Messages, MsgType, capture};

fn index_of(ns: &NetNs, name: &str) -> u32 {
    let j: serde_json::Value =
        serde_json::from_str(&ip(ns, &["-j", "link", "show", name])).unwrap();
    j[0]["ifindex"].as_u64().unwrap() as u32
}

/// One address as both sides can show it.
type Row = (
    u32,
    String,
    String,
    u8,
    String,
    Option<String>,
    Option<String>,
    u64,
    u64,
);

fn ip_rows(ns: &NetNs) -> BTreeSet<Row> {
    let j: serde_json::Value = serde_json::from_str(&ip(ns, &["-j", "addr", "show"])).unwrap();
    let mut rows = BTreeSet::new();
    for link in j.as_array().unwrap() {
        let index = link["ifindex"].as_u64().unwrap() as u32;
        for a in link["addr_info"].as_array().unwrap() {
            rows.insert((
                index,
                a["family"].as_str().unwrap().to_owned(),
                a["local"].as_str().unwrap().to_owned(),
                a["prefixlen"].as_u64().unwrap() as u8,
                a["scope"].as_str().unwrap().to_owned(),
                a["label"].as_str().map(str::to_owned),
                a["broadcast"].as_str().map(str::to_owned),
                a["valid_life_time"].as_u64().unwrap(),
                a["preferred_life_time"].as_u64().unwrap(),
            ));
        }
    }
    rows
}

fn scope_name(s: u8) -> String {
    match s {
        0 => "global".into(),
        200 => "site".into(),
        253 => "link".into(),
        254 => "host".into(),
        n => n.to_string(),
    }
}

fn our_rows(c: &mut Conn<Route>) -> BTreeSet<Row> {
    c.addresses(AddrFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| {
            let ci = a.cache_info().expect("the kernel sends IFA_CACHEINFO");
            (
                a.index(),
                if a.family() == libc::AF_INET as u8 {
                    "inet"
                } else {
                    "inet6"
                }
                .to_owned(),
                a.addr().unwrap().to_string(),
                a.prefixlen(),
                scope_name(a.scope()),
                // ip shows the label for IPv4 only.
                a.label()
                    .filter(|_| a.family() == libc::AF_INET as u8)
                    .map(|l| String::from_utf8(l.to_vec()).unwrap()),
                a.broadcast().map(|b| b.to_string()),
                ci.valid as u64,
                ci.preferred as u64,
            )
        })
        .collect()
}

fn dial(ns: &NetNs) -> Conn<Route> {
    Conn::<Route>::dial(Config::default().netns(ns)).unwrap()
}

#[test]
fn addresses_match_ip_addr_show_built_by_ip() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut s = String::from("link set lo up\n");
    for i in 1..=4 {
        s.push_str(&format!(
            "link add a{i} type veth peer name b{i}\nlink set a{i} up\n"
        ));
        s.push_str(&format!(
            "addr add 10.{i}.0.1/24 brd + dev a{i} label a{i}:x\n"
        ));
        s.push_str(&format!("addr add 10.{i}.0.2/24 dev a{i}\n")); // secondary
        s.push_str(&format!("addr add fd00:{i}::1/64 dev a{i} nodad\n"));
        s.push_str(&format!(
            "addr add 192.0.2.{i}/32 dev b{i} scope link valid_lft 3000 preferred_lft 2000\n"
        ));
    }
    ip_batch(&ns, &s);
    let mut c = dial(&ns);
    let theirs = ip_rows(&ns);
    let ours = our_rows(&mut c);
    assert!(theirs.len() >= 17, "{theirs:?}");
    // Lifetimes tick down between the two reads; compare them loosely.
    let strip = |r: &BTreeSet<Row>| -> BTreeSet<_> {
        r.iter()
            .map(|x| {
                (
                    x.0,
                    x.1.clone(),
                    x.2.clone(),
                    x.3,
                    x.4.clone(),
                    x.5.clone(),
                    x.6.clone(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&ours), strip(&theirs));
    for (o, t) in ours.iter().zip(theirs.iter()) {
        assert!(
            o.7.abs_diff(t.7) <= 2 && o.8.abs_diff(t.8) <= 2,
            "{o:?} vs {t:?}"
        );
    }
    // The secondary flag and nodad come through as flags.
    let all = c.addresses(AddrFilter::default()).unwrap();
    let sec = all
        .iter()
        .find(|a| a.addr() == Some("10.1.0.2".parse().unwrap()))
        .unwrap();
    assert!(sec.flags().contains(AddrFlags::SECONDARY));
    let nodad = all
        .iter()
        .find(|a| a.addr() == Some("fd00:1::1".parse().unwrap()))
        .unwrap();
    assert!(
        nodad
            .flags()
            .contains(AddrFlags::NODAD | AddrFlags::PERMANENT)
    );
}

#[test]
fn filters_by_family_and_link() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    ip_batch(
        &ns,
        "link add f1 type veth peer name f2\nlink set f1 up\naddr add 10.5.0.1/24 dev f1\naddr add fd05::1/64 dev f1 nodad\naddr add 10.6.0.1/24 dev f2\n",
    );
    let f1 = index_of(&ns, "f1");
    let mut c = dial(&ns);
    let v4 = c
        .addresses(AddrFilter::default().family(libc::AF_INET as u8))
        .unwrap();
    assert!(v4.iter().all(|a| a.family() == libc::AF_INET as u8));
    assert_eq!(v4.len(), 2);
    let on_f1 = c.addresses(AddrFilter::default().link(f1)).unwrap();
    let got: BTreeSet<IpAddr> = on_f1.iter().filter_map(|a| a.addr()).collect();
    // f1 is up, so it also has a link-local IPv6 address (maybe tentative).
    assert!(got.contains(&"10.5.0.1".parse().unwrap()));
    assert!(got.contains(&"fd05::1".parse().unwrap()));
    assert!(!got.contains(&"10.6.0.1".parse().unwrap()));
    assert!(on_f1.iter().all(|a| a.index() == f1));
}

#[test]
fn add_replace_delete_seen_by_ip() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    ip_batch(&ns, "link add o1 type veth peer name o2\nlink set o1 up\n");
    let idx = index_of(&ns, "o1");
    let mut c = dial(&ns);

    let mut a = AddrRequest::new(idx, "10.7.0.1".parse().unwrap(), 24);
    a.broadcast = Some("10.7.0.255".parse().unwrap());
    a.label = Some("o1:web".into());
    a.metric = Some(50);
    c.addr_add(&a).unwrap();
    let mut v6 = AddrRequest::new(idx, "fd07::7".parse().unwrap(), 64);
    v6.flags = AddrFlags::NODAD;
    v6.lifetimes = Some((600, 300));
    c.addr_add(&v6).unwrap();

    let j: serde_json::Value =
        serde_json::from_str(&ip(&ns, &["-j", "addr", "show", "dev", "o1"])).unwrap();
    let info = j[0]["addr_info"].as_array().unwrap();
    let v4 = info
        .iter()
        .find(|x| x["local"] == "10.7.0.1")
        .expect("added v4");
    assert_eq!(v4["prefixlen"], 24);
    assert_eq!(v4["broadcast"], "10.7.0.255");
    assert_eq!(v4["label"], "o1:web");
    let six = info
        .iter()
        .find(|x| x["local"] == "fd07::7")
        .expect("added v6");
    assert_eq!(six["nodad"], true);
    assert!(six["valid_life_time"].as_u64().unwrap() <= 600);
    assert!(six["preferred_life_time"].as_u64().unwrap() <= 300);
    // The prefix route got the metric.
    let r = ip(&ns, &["route", "show", "10.7.0.0/24"]);
    assert!(r.contains("metric 50"), "{r}");

    // Adding again: EEXIST with the kernel's text.
    let e = c.addr_add(&a).unwrap_err();
    assert!(e.is_exists(), "{e}");
    assert_eq!(
        e.as_kernel().unwrap().message.as_deref(),
        Some("ipv4: Address already assigned")
    );
    // Replace changes it in place.
    v6.lifetimes = Some((100, 50));
    c.addr_replace(&v6).unwrap();
    let j: serde_json::Value =
        serde_json::from_str(&ip(&ns, &["-j", "addr", "show", "dev", "o1"])).unwrap();
    let six = j[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["local"] == "fd07::7")
        .cloned()
        .unwrap();
    assert!(six["valid_life_time"].as_u64().unwrap() <= 100);

    c.addr_del(&a).unwrap();
    c.addr_del(&v6).unwrap();
    let left = ip(&ns, &["addr", "show", "dev", "o1"]);
    assert!(
        !left.contains("10.7.0.1") && !left.contains("fd07::7"),
        "{left}"
    );
    // Deleting what is not there: the kernel's error and text.
    let e = c.addr_del(&a).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(
        e.as_kernel().unwrap().message.as_deref(),
        Some("ipv4: Address not found")
    );
}

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/addrs.bin"
    ))
    .unwrap()
}

#[test]
fn every_fixture_address_decodes_cleanly() {
    let f = fixture();
    let mut n = 0;
    for d in capture::Datagrams::new(&f) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.kind() != MsgType::RTM_NEWADDR {
                continue;
            }
            let a = AddrMsg::parse(m.payload()).unwrap();
            a.check().unwrap();
            assert!(a.addr().is_some() && a.cache_info().is_some());
            n += 1;
        }
    }
    assert!(n > 100);
}

#[test]
fn one_corrupted_attribute_leaves_the_rest_decoded() {
    // The bridge's labelled address: it has IFA_LABEL "br0:lbl".
    let f = fixture();
    let mut original = None;
    'find: for d in capture::Datagrams::new(&f) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.kind() == MsgType::RTM_NEWADDR {
                let a = AddrMsg::parse(m.payload()).unwrap();
                if a.label() == Some(&b"br0:lbl"[..]) {
                    original = Some(m.bytes().to_vec());
                    break 'find;
                }
            }
        }
    }
    let original = original.expect("a labelled address in the fixture");
    let m = Messages::new(&original).next().unwrap().unwrap();
    let clean = AddrMsg::parse(m.payload()).unwrap();
    assert_eq!(clean.malformed(), 0);

    // Retype IFA_LABEL (3) as IFA_FLAGS (8): a u32 of the wrong size.
    let mut bad = original.clone();
    let label_at = m
        .attrs(IfAddrMsg::LEN)
        .unwrap()
        .find(3)
        .unwrap()
        .unwrap()
        .offset();
    bad[label_at + 2..label_at + 4].copy_from_slice(&8u16.to_ne_bytes());
    let m = Messages::new(&bad).next().unwrap().unwrap();
    let v = AddrMsg::parse(m.payload()).unwrap();
    assert_eq!(v.malformed(), 1);
    // The error's offset counts from the payload (after the 16-byte
    // nlmsghdr).
    match v.check() {
        Err(Error::Decode(d)) => assert_eq!(d.offset, label_at - 16),
        other => panic!("{other:?}"),
    }
    assert_eq!(v.label(), None);
    // Everything else as before (flags fall back to the header's 8 bits).
    assert_eq!(v.header(), clean.header());
    assert_eq!(
        (v.address(), v.local(), v.broadcast()),
        (clean.address(), clean.local(), clean.broadcast())
    );
    assert_eq!(v.cache_info(), clean.cache_info());
    assert_eq!(v.protocol(), clean.protocol());
    assert_eq!(v.flags().bits() & 0xff, clean.flags().bits() & 0xff);
}

#[test]
fn request_builders_reach_the_kernel() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    ip_batch(&ns, "link add b0 type veth peer name b1\nlink set b0 up\n");
    let mut c = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let idx = index_of(&ns, "b0");
    let req = AddrRequest::new(idx, "10.6.0.1".parse().unwrap(), 24)
        .broadcast("10.6.0.255".parse().unwrap())
        .label("b0:x")
        .flags(AddrFlags::NOPREFIXROUTE)
        .lifetimes(600, 300);
    c.addr_add(&req).unwrap();
    let shown = common::ip_json(&ns, &["addr", "show", "dev", "b0"]);
    let a = shown[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["local"] == "10.6.0.1")
        .expect("the address");
    assert_eq!(a["broadcast"], "10.6.0.255");
    assert_eq!(a["label"], "b0:x");
    assert_eq!(a["noprefixroute"], true);
    assert_eq!(
        a["valid_life_time"].as_u64().map(|v| v <= 600 && v > 590),
        Some(true)
    );
    assert_eq!(
        a["preferred_life_time"]
            .as_u64()
            .map(|v| v <= 300 && v > 290),
        Some(true)
    );
    // NOPREFIXROUTE: no 10.6.0.0/24 route was made.
    let routes = ip(&ns, &["route", "show", "10.6.0.0/24"]);
    assert!(routes.trim().is_empty(), "{routes}");
}

#[test]
fn the_view_is_small() {
    // Issue 11: a view is at most 256 bytes (docs/route.md lists sizes).
    let n = std::mem::size_of::<AddrMsg<&[u8]>>();
    assert!(n <= 256, "{n}");
    assert_eq!(n, 120, "docs/route.md says 120");
}
