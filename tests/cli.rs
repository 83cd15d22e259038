//! The `nl` example CLI against `ip`: `nl -j` must print the keys `ip -j`
//! prints, with the same values, in named namespaces the tests create;
//! bad input must fail with one line and change nothing; changing verbs
//! must change what `ip` sees. Also runs the `container` example.

#[macro_use]
mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use nlstack::netns::NetNs;
use serde_json::Value;

/// The `nl` example, built once.
fn nl_bin() -> PathBuf {
    common::example_bin("nl")
}

/// A named namespace (`/run/netns/NAME`), deleted on drop.
struct Named {
    name: String,
    _ns: NetNs,
}

impl Named {
    fn new() -> Named {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "nlstack-cli-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let ns = NetNs::create(&name).expect("create a named namespace");
        // No duplicate address detection: IPv6 addresses settle at once,
        // not while a test compares two snapshots a second apart.
        ns.set_sysctls(&[
            ("net.ipv6.conf.all.accept_dad", "0"),
            ("net.ipv6.conf.default.accept_dad", "0"),
        ])
        .expect("disable DAD");
        Named { name, _ns: ns }
    }

    fn ip_out(&self, args: &[&str]) -> Output {
        Command::new("ip")
            .arg("-n")
            .arg(&self.name)
            .args(args)
            .output()
            .expect("run ip")
    }

    /// Runs `ip -n NAME ARGS`, failing the test if it fails.
    fn ip(&self, args: &[&str]) {
        let o = self.ip_out(args);
        assert!(
            o.status.success(),
            "ip {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    /// Feeds a script to `ip -n NAME -batch -`, one command a line.
    fn ip_script(&self, script: &str) {
        for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let args: Vec<&str> = line.split_whitespace().collect();
            self.ip(&args);
        }
    }

    fn nl_out(&self, args: &[&str]) -> Output {
        Command::new(nl_bin())
            .arg("-n")
            .arg(&self.name)
            .args(args)
            .output()
            .expect("run nl")
    }

    fn nl(&self, args: &[&str]) -> String {
        let o = self.nl_out(args);
        assert!(
            o.status.success(),
            "nl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("UTF-8")
    }

    /// Runs `ip -n NAME ARGS` with arguments that need not be UTF-8.
    fn ip_raw(&self, args: &[&[u8]]) -> Output {
        Command::new("ip")
            .arg("-n")
            .arg(&self.name)
            .args(args.iter().map(|a| OsStr::from_bytes(a)))
            .output()
            .expect("run ip")
    }

    /// Runs `nl -n NAME ARGS` with arguments that need not be UTF-8.
    fn nl_raw(&self, args: &[&[u8]]) -> Output {
        Command::new(nl_bin())
            .arg("-n")
            .arg(&self.name)
            .args(args.iter().map(|a| OsStr::from_bytes(a)))
            .output()
            .expect("run nl")
    }

    fn ip_json(&self, args: &[&str]) -> Value {
        let mut a = vec!["-j"];
        a.extend_from_slice(args);
        let o = self.ip_out(&a);
        assert!(
            o.status.success(),
            "ip {a:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let s = String::from_utf8(o.stdout).unwrap();
        if s.trim().is_empty() {
            return Value::Array(Vec::new());
        }
        serde_json::from_str(&s).expect("ip -j prints JSON")
    }

    fn nl_json(&self, args: &[&str]) -> Value {
        let mut a = vec!["-j"];
        a.extend_from_slice(args);
        serde_json::from_str(&self.nl(&a)).expect("nl -j prints JSON")
    }

    /// Everything a bad command could have changed, as ip sees it.
    fn snapshot(&self) -> Vec<Value> {
        [
            &["link", "show"][..],
            &["addr", "show"],
            &["route", "show", "table", "all"],
            &["-6", "route", "show", "table", "all"],
            &["rule", "show"],
            &["neigh", "show"],
        ]
        .iter()
        .map(|a| self.ip_json(a))
        .collect()
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = NetNs::delete(&self.name);
    }
}

/// Compares `nl -j ARGS` with `ip -j ARGS`, and checks that nl printed
/// at least `must` (the keys of every top-level entry).
fn same(ns: &Named, args: &[&str], must: &[&str]) -> (Value, Value) {
    let start = Instant::now();
    let ip = ns.ip_json(args);
    let mut nl = ns.nl_json(args);
    let apart = start.elapsed();
    if !ip_knows_addr_protocol() {
        drop_addr_protocol(&mut nl);
    }
    let n = common::subset(&format!("{args:?}"), &nl, &ip, apart);
    for e in nl.as_array().expect("a JSON array") {
        for k in must {
            assert!(e.get(k).is_some(), "{args:?}: nl lacks {k:?} in {e}");
        }
    }
    assert!(
        n > 0 || ip.as_array().is_some_and(|a| a.is_empty()),
        "{args:?}: nothing compared"
    );
    (nl, ip)
}

/// True when this `ip` prints an address's protocol (`IFA_PROTO`,
/// iproute2 6.2 and later): its `ip address help` names `proto`.
fn ip_knows_addr_protocol() -> bool {
    static KNOWS: OnceLock<bool> = OnceLock::new();
    *KNOWS.get_or_init(|| {
        let o = Command::new("ip")
            .args(["address", "help"])
            .output()
            .expect("run ip");
        let text = [o.stdout, o.stderr].concat();
        String::from_utf8_lossy(&text).contains("proto")
    })
}

/// Removes `protocol` from every `addr_info` entry (for an `ip` too old
/// to print it).
fn drop_addr_protocol(v: &mut Value) {
    for l in v.as_array_mut().into_iter().flatten() {
        for a in l
            .get_mut("addr_info")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(o) = a.as_object_mut() {
                o.remove("protocol");
            }
        }
    }
}

fn setup_links(ns: &Named) {
    ns.ip_script(
        "link set lo up
         link add a0 type veth peer name b0
         link add c0 type veth peer name d0
         link add br0 type bridge
         link set a0 master br0
         link set a0 up
         link set b0 up mtu 1400 address 02:11:22:33:44:55
         link set c0 up",
    );
}

#[test]
fn links_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_links(&ns);
    let (nl, _) = same(
        &ns,
        &["link", "show"],
        &[
            "ifindex",
            "ifname",
            "flags",
            "mtu",
            "qdisc",
            "operstate",
            "group",
            "txqlen",
            "link_type",
            "address",
            "broadcast",
        ],
    );
    let all = nl.as_array().unwrap();
    assert_eq!(all.len(), 6);
    // c0 is up with its peer down: ip's NO-CARRIER; a0 has a master.
    assert!(
        all.iter()
            .any(|l| l["ifname"] == "c0" && l["flags"][0] == "NO-CARRIER")
    );
    assert!(
        all.iter()
            .any(|l| l["ifname"] == "a0" && l["master"] == "br0")
    );
    for dev in ["a0", "b0", "br0", "lo"] {
        let (nl, _) = same(&ns, &["link", "show", dev], &["ifname"]);
        assert_eq!(nl[0]["ifname"], dev);
    }
}

#[test]
fn addrs_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_links(&ns);
    ns.ip_script(
        "addr add 10.1.0.1/24 brd + dev b0
         addr add 10.1.0.2/24 dev b0
         addr add 10.2.0.1/16 dev b0 label b0:x
         addr add 192.168.9.1/32 dev lo
         addr add 2001:db8::1/64 dev b0 nodad
         addr add 2001:db8:1::1/64 dev b0
         addr add 10.3.0.1/24 dev br0 valid_lft 1000 preferred_lft 500",
    );
    let must = &["ifindex", "ifname", "addr_info"];
    same(&ns, &["addr", "show"], must);
    same(&ns, &["-4", "addr", "show"], must);
    same(&ns, &["-6", "addr", "show"], must);
    let (nl, _) = same(&ns, &["addr", "show", "dev", "b0"], must);
    let infos = nl[0]["addr_info"].as_array().unwrap();
    assert!(
        infos
            .iter()
            .any(|a| a["local"] == "10.1.0.2" && a["secondary"] == true)
    );
    assert!(
        infos
            .iter()
            .any(|a| a["local"] == "10.1.0.1" && a["broadcast"] == "10.1.0.255")
    );
    assert!(infos.iter().any(|a| a["label"] == "b0:x"));
    for a in infos {
        for k in ["family", "local", "prefixlen", "scope", "valid_life_time"] {
            assert!(a.get(k).is_some(), "addr_info lacks {k}: {a}");
        }
    }
    let (nl, _) = same(&ns, &["addr", "show", "dev", "br0"], must);
    assert_eq!(nl[0]["addr_info"][0]["dynamic"], true);
    // The kernel marks its own addresses (IFA_PROTO): ::1 is kernel_lo.
    let nl = ns.nl_json(&["-6", "addr", "show", "dev", "lo"]);
    assert_eq!(nl[0]["addr_info"][0]["local"], "::1");
    assert_eq!(nl[0]["addr_info"][0]["protocol"], "kernel_lo", "{nl}");
    assert!(
        ns.nl(&["-6", "addr", "show", "dev", "lo"])
            .contains("scope host proto kernel_lo")
    );
}

fn setup_routes(ns: &Named) {
    setup_links(ns);
    ns.ip_script(
        "addr add 10.1.0.1/24 dev b0
         addr add 2001:db8::1/64 dev b0 nodad
         route add default via 10.1.0.254
         route add 10.9.0.0/16 via 10.1.0.2 table 100 metric 5
         route add 10.10.0.0/16 via 10.1.0.3 table 200 proto static
         route add 10.11.0.0/16 dev b0 table 100 scope link
         route add 10.8.0.0/16 nexthop via 10.1.0.3 weight 2 nexthop via 10.1.0.4
         route add 10.7.0.5 dev b0 src 10.1.0.1
         route add 10.6.0.0/24 via 10.1.0.5 metric 7 proto bird
         route add blackhole 10.66.0.0/16
         route add unreachable 10.67.0.0/16 table 100
         route add 2001:db8:5::/48 via 2001:db8::2
         route add 2001:db8:6::/48 nexthop via 2001:db8::3 nexthop via 2001:db8::4 weight 3
         route add 2001:db8:7::/48 via 2001:db8::2 table 100 metric 9
         route add 2001:db8:8::1 dev b0",
    );
}

#[test]
fn routes_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_routes(&ns);
    let must = &["dst", "flags"];
    let cases: &[&[&str]] = &[
        &["route", "show"],
        &["route", "show", "table", "100"],
        &["route", "show", "table", "200"],
        &["route", "show", "table", "local"],
        &["route", "show", "table", "all"],
        &["-4", "route", "show", "table", "all"],
        &["-6", "route", "show"],
        &["-6", "route", "show", "table", "100"],
        &["-6", "route", "show", "table", "all"],
    ];
    for c in cases {
        same(&ns, c, must);
    }
    let (nl, _) = same(&ns, &["route", "show"], must);
    let mp = nl
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dst"] == "10.8.0.0/16")
        .expect("multipath route");
    assert_eq!(mp["nexthops"][0]["weight"], 2);
    assert!(
        nl.as_array()
            .unwrap()
            .iter()
            .any(|r| r["dst"] == "10.7.0.5")
    );
    let (nl, _) = same(&ns, &["route", "show", "table", "all"], must);
    assert!(nl.as_array().unwrap().iter().any(|r| r["table"] == "100"));
    for dst in ["10.9.1.1", "10.1.0.7", "2001:db8:5::9", "10.8.1.1"] {
        same(&ns, &["route", "get", dst], &["dst", "dev"]);
    }
}

#[test]
fn route_get_prints_the_bytes_ip_prints() {
    need_root!();
    let ns = Named::new();
    setup_routes(&ns);
    ns.ip(&["link", "set", "lo", "up"]);
    // Through a gateway, over a multipath route, to a local and a
    // broadcast address (a cloned IPv4 route: no protocol, and a `cache`
    // line with its flags), and IPv6 (not cloned: its protocol).
    for dst in [
        "10.9.1.1",
        "10.8.1.1",
        "10.1.0.1",
        "10.1.0.255",
        "127.0.0.1",
        "2001:db8:5::9",
        "2001:db8::7",
    ] {
        for json in [false, true] {
            let args: &[&str] = if json {
                &["-j", "route", "get", dst]
            } else {
                &["route", "get", dst]
            };
            let ip = ns.ip_out(args);
            assert!(ip.status.success(), "ip {args:?}: {ip:?}");
            let nl = ns.nl(args);
            assert_eq!(nl, String::from_utf8(ip.stdout).unwrap(), "{args:?}");
        }
    }
}

#[test]
fn neigh_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_routes(&ns);
    ns.ip_script(
        "neigh add 10.1.0.2 lladdr 02:00:00:00:00:02 dev b0
         neigh add 10.1.0.3 lladdr 02:00:00:00:00:03 dev b0 nud stale
         neigh add 10.1.0.4 lladdr 02:00:00:00:00:04 dev b0 nud reachable
         neigh add 2001:db8::2 lladdr 02:00:00:00:00:05 dev b0 router
         neigh add 10.1.0.9 dev b0 nud failed",
    );
    for c in [
        &["neigh", "show"][..],
        &["-4", "neigh", "show"],
        &["-6", "neigh", "show"],
    ] {
        same(&ns, c, &["dst", "dev", "state"]);
    }
    let (nl, _) = same(&ns, &["neigh", "show"], &["dst"]);
    assert!(nl.as_array().unwrap().len() >= 5);
}

#[test]
fn rules_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_links(&ns);
    ns.ip_script(
        "rule add from 10.1.0.0/24 table 100 pref 100
         rule add to 10.2.0.0/16 table 101 pref 101
         rule add fwmark 0x10 table 102 pref 102
         rule add fwmark 0x20/0xf0 table 103 pref 103
         rule add iif b0 table 104 pref 104
         rule add oif b0 table 105 pref 105
         rule add not from 10.3.0.0/16 table 106 pref 106
         rule add from 10.4.0.1 blackhole pref 107
         rule add from 10.4.0.2 prohibit pref 108
         rule add from 10.4.0.3 goto 32766 pref 109
         rule add from 10.5.0.0/16 lookup main suppress_prefixlen 0 pref 110
         rule add from 10.4.0.4 unreachable pref 111
         -6 rule add from 2001:db8::/32 table 100 pref 100
         -6 rule add to 2001:db8:1::1 table 101 pref 101",
    );
    let (nl, _) = same(&ns, &["rule", "show"], &["priority", "src"]);
    assert_eq!(nl.as_array().unwrap().len(), 15);
    assert!(has(&nl, |r| r["fwmask"] == "0xf0" && r["fwmark"] == "0x20"));
    assert!(has(&nl, |r| r["action"] == "blackhole"));
    assert!(has(&nl, |r| r["action"] == "unreachable"));
    same(&ns, &["-4", "rule", "show"], &["priority", "src"]);
    let (nl, _) = same(&ns, &["-6", "rule", "show"], &["priority", "src"]);
    assert_eq!(nl.as_array().unwrap().len(), 4);
}

/// `out` without the address protocols the kernel sets (`proto
/// kernel_ll ` in text, `,"protocol":"kernel_ll"` in JSON), for an `ip`
/// too old to print them.
fn without_addr_protocol(out: Vec<u8>) -> Vec<u8> {
    let mut text = out;
    for kind in ["lo", "ll", "ra"] {
        for pat in [
            format!("proto kernel_{kind} "),
            format!(",\"protocol\":\"kernel_{kind}\""),
        ] {
            let pat = pat.as_bytes();
            let mut kept = Vec::with_capacity(text.len());
            let mut i = 0;
            while i < text.len() {
                if text[i..].starts_with(pat) {
                    i += pat.len();
                } else {
                    kept.push(text[i]);
                    i += 1;
                }
            }
            text = kept;
        }
    }
    text
}

/// Both tools' stdout for the same arguments, each checked to succeed
/// (nl's without address protocols when ip cannot print them).
fn both_raw(ns: &Named, args: &[&[u8]]) -> (Vec<u8>, Vec<u8>) {
    let ip = ns.ip_raw(args);
    let mut nl = ns.nl_raw(args);
    if !ip_knows_addr_protocol() {
        nl.stdout = without_addr_protocol(nl.stdout);
    }
    assert!(
        ip.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&ip.stderr)
    );
    assert!(
        nl.status.success(),
        "nl {args:?}: {}",
        String::from_utf8_lossy(&nl.stderr)
    );
    (nl.stdout, ip.stdout)
}

#[test]
fn a_link_named_with_bytes_is_listed_found_renamed_and_deleted_like_ip() {
    need_root!();
    let ns = Named::new();
    let odd: &[u8] = b"\xff\xfe";
    let o = ns.ip_raw(&[
        b"link", b"add", odd, b"type", b"veth", b"peer", b"name", b"p0",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        ns.ip_raw(&[b"link", b"set", odd, b"alias", b"al\xff"])
            .status
            .success()
    );
    ns.ip(&["link", "property", "add", "dev", "p0", "altname", "p0-alt"]);
    for args in [
        &[&b"link"[..], b"set", odd, b"up"][..],
        &[b"link", b"set", b"p0", b"up"],
        &[b"addr", b"add", b"10.7.0.1/24", b"dev", odd],
        &[
            b"route",
            b"add",
            b"10.8.0.0/16",
            b"via",
            b"10.7.0.2",
            b"dev",
            odd,
        ],
        &[
            b"neigh",
            b"add",
            b"10.7.0.3",
            b"lladdr",
            b"02:00:00:00:00:03",
            b"dev",
            odd,
            b"nud",
            b"permanent",
        ],
    ] {
        let o = ns.ip_raw(args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(
        ns.ip_raw(&[
            b"link",
            b"property",
            b"add",
            b"dev",
            b"p0",
            b"altname",
            b"a\xfa"
        ])
        .status
        .success()
    );
    // The whole listing, text and JSON, link and addr: the same bytes.
    for args in [
        &[&b"link"[..], b"show"][..],
        &[b"-j", b"link", b"show"],
        &[b"addr", b"show"],
        &[b"-j", b"addr", b"show"],
        &[b"link", b"show", odd],
        &[b"-j", b"link", b"show", odd],
        &[b"route", b"show", b"table", b"all"],
        &[b"-j", b"route", b"show"],
        &[b"neigh", b"show"],
        &[b"-j", b"neigh", b"show"],
    ] {
        let (nl, ip) = both_raw(&ns, args);
        assert_eq!(
            nl,
            ip,
            "{args:?}:\n nl {}\n ip {}",
            String::from_utf8_lossy(&nl),
            String::from_utf8_lossy(&ip)
        );
    }
    let (nl, _) = both_raw(&ns, &[b"-j", b"link", b"show", odd]);
    let needle = b"\"ifname\":\"\xff\xfe\"";
    assert!(nl.windows(needle.len()).any(|w| w == needle));
    let needle = b"\"ifalias\":\"al\xff\"";
    assert!(nl.windows(needle.len()).any(|w| w == needle));
    // Renamed by nl, to other bytes; ip finds the new name only.
    let new: &[u8] = b"\xfe\xfd";
    let o = ns.nl_raw(&[b"link", b"set", odd, b"name", new]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(ns.ip_raw(&[b"link", b"show", new]).status.success());
    assert!(!ns.ip_raw(&[b"link", b"show", odd]).status.success());
    // A name nl cannot find fails with ip's message, and changes nothing.
    let o = ns.nl_raw(&[b"link", b"del", odd]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("Cannot find device"));
    // Deleted by nl: gone for ip, with its peer.
    let o = ns.nl_raw(&[b"link", b"del", new]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!ns.ip_raw(&[b"link", b"show", new]).status.success());
    assert!(!ns.ip_out(&["link", "show", "p0"]).status.success());
}

#[test]
fn link_alias_altnames_details_and_stats_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_links(&ns);
    ns.ip_script(
        "link set b0 alias uplink-b
         link property add dev c0 altname c0-alt
         link property add dev c0 altname c0-second
         link add vx0 type vxlan id 42 dstport 4789
         link add mv0 link c0 type macvlan mode bridge
         link add mt0 link c0 type macvtap mode vepa",
    );
    let (nl, _) = same(&ns, &["link", "show"], &["ifname"]);
    assert!(has(&nl, |l| l["ifname"] == "b0" && l["ifalias"] == "uplink-b"));
    assert!(has(&nl, |l| l["ifname"] == "c0"
        && l["altnames"] == serde_json::json!(["c0-alt", "c0-second"])));
    same(&ns, &["addr", "show"], &["ifname"]);
    // -d: linkinfo, with each kind's data and a bridge port's.
    let (nl, _) = same(&ns, &["-d", "link", "show"], &["ifname", "num_tx_queues"]);
    let kind = |n: &str| {
        nl.as_array()
            .unwrap()
            .iter()
            .find(|l| l["ifname"] == n)
            .map(|l| l["linkinfo"].clone())
            .unwrap_or_default()
    };
    assert_eq!(kind("b0")["info_kind"], "veth");
    assert_eq!(kind("br0")["info_data"]["stp_state"], 0);
    assert_eq!(kind("a0")["info_slave_kind"], "bridge");
    assert_eq!(kind("a0")["info_slave_data"]["learning"], true);
    assert_eq!(kind("vx0")["info_data"]["id"], 42);
    assert_eq!(kind("vx0")["info_data"]["port"], 4789);
    assert_eq!(kind("mv0")["info_data"]["mode"], "bridge");
    assert_eq!(kind("mt0")["info_data"]["mode"], "vepa");
    for dev in ["br0", "a0", "vx0", "mv0"] {
        same(&ns, &["-d", "link", "show", dev], &["linkinfo"]);
    }
}

#[test]
fn link_stats_match_ip() {
    need_root!();
    // Links that stay down: no traffic moves their counters between the
    // two reads.
    let ns = Named::new();
    ns.ip_script(
        "link add a0 type veth peer name b0
         link add br9 type bridge
         link set a0 up
         link set b0 up",
    );
    // Up for a moment (the kernel sends its IPv6 multicast reports), then
    // down, with what was counted kept.
    std::thread::sleep(std::time::Duration::from_millis(300));
    ns.ip_script(
        "link set a0 down
         link set b0 down",
    );
    let (nl, _) = same(&ns, &["-s", "link", "show"], &["stats64"]);
    for l in nl.as_array().unwrap() {
        for k in [
            "bytes",
            "packets",
            "errors",
            "dropped",
            "over_errors",
            "multicast",
        ] {
            assert!(l["stats64"]["rx"].get(k).is_some(), "{l}");
        }
        for k in [
            "bytes",
            "packets",
            "errors",
            "dropped",
            "carrier_errors",
            "collisions",
        ] {
            assert!(l["stats64"]["tx"].get(k).is_some(), "{l}");
        }
    }
    assert!(
        has(&nl, |l| l["stats64"]["tx"]["packets"].as_u64() > Some(0)),
        "{nl}"
    );
    // Text and JSON, byte for byte.
    for args in [
        &[&b"-s"[..], b"link", b"show"][..],
        &[b"-s", b"-j", b"link", b"show"],
    ] {
        let (nl, ip) = both_raw(&ns, args);
        assert_eq!(String::from_utf8_lossy(&nl), String::from_utf8_lossy(&ip));
    }
    // Without -s, no statistics.
    assert!(ns.nl_json(&["link", "show"])[0].get("stats64").is_none());
    assert!(!ns.nl(&["link", "show"]).contains("RX:"));
}

#[test]
fn rule_selectors_and_protocol_match_ip() {
    need_root!();
    let ns = Named::new();
    setup_links(&ns);
    ns.ip_script(
        "rule add pref 100 l3mdev protocol static
         rule add pref 101 uidrange 100-200 table 5
         rule add pref 102 ipproto tcp sport 80 dport 1000-2000 table 6 protocol 99
         rule add pref 103 ipproto udp dport 53 table 7
         rule add pref 104 ipproto 200 from 1.2.3.0/24 table 8 protocol boot
         rule add pref 105 sport 1-2 table 9
         -6 rule add pref 105 ipproto ipv6-icmp uidrange 0-0 table 9",
    );
    // A device that is not there (detached).
    ns.ip(&["rule", "add", "pref", "107", "iif", "gone0", "table", "11"]);
    let (nl, _) = same(&ns, &["rule", "show"], &["priority"]);
    assert!(has(&nl, |r| r["iif"] == "gone0" && r["iif_detached"].is_null()));
    assert!(has(&nl, |r| r["priority"] == 100
        && r["l3mdev"].is_null()
        && r["protocol"] == "static"));
    assert!(has(&nl, |r| r["uid_start"] == 100 && r["uid_end"] == 200));
    assert!(has(&nl, |r| r["ipproto"] == "tcp"
        && r["sport"] == 80
        && r["dport_start"] == 1000));
    assert!(has(&nl, |r| r["ipproto"] == "ipproto-200"
        && r["protocol"] == "boot"));
    let (nl, _) = same(&ns, &["-6", "rule", "show"], &["priority"]);
    assert!(has(&nl, |r| r["ipproto"] == "ipv6-icmp"));
    // Device names that are not UTF-8 (and not there).
    let o = ns.ip_raw(&[
        b"rule",
        b"add",
        b"pref",
        b"106",
        b"iif",
        b"\xff\xfe",
        b"oif",
        b"x\xfa",
        b"table",
        b"10",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The text and JSON read as ip's, byte for byte.
    for args in [
        &[&b"rule"[..], b"show"][..],
        &[b"-j", b"rule", b"show"],
        &[b"-6", b"rule", b"show"],
    ] {
        let (nl, ip) = both_raw(&ns, args);
        assert_eq!(String::from_utf8_lossy(&nl), String::from_utf8_lossy(&ip));
    }
}

#[test]
fn bad_input_fails_with_one_line_and_changes_nothing() {
    need_root!();
    let ns = Named::new();
    setup_routes(&ns);
    let before = ns.snapshot();
    // (arguments, a word the error line must name)
    let cases: &[(&[&str], &str)] = &[
        (&["bogus", "show"], "bogus"),
        (&["link", "frobnicate"], "frobnicate"),
        (&["link", "show", "nosuch0"], "nosuch0"),
        (&["link", "set", "nosuch0", "up"], "nosuch0"),
        (&["link", "set", "b0"], "Missing"),
        (&["link", "set", "b0", "mtu"], "mtu"),
        (&["link", "set", "b0", "mtu", "big"], "big"),
        (&["link", "set", "b0", "up", "sideways"], "sideways"),
        (&["link", "set", "b0", "address", "zz:zz"], "zz:zz"),
        (&["link", "set", "b0", "master", "nosuch0"], "nosuch0"),
        (
            &["link", "set", "b0", "netns", "nlstack-cli-none"],
            "nlstack-cli-none",
        ),
        (&["link", "add", "x0"], "type"),
        (&["link", "add", "x0", "type", "tunnelish"], "tunnelish"),
        (&["link", "add", "x0", "type", "veth"], "peer"),
        (
            &[
                "link",
                "add",
                "x0",
                "type",
                "veth",
                "peer",
                "name",
                "y0",
                "netns",
                "nlstack-cli-none",
            ],
            "nlstack-cli-none",
        ),
        (&["link", "del", "nosuch0"], "nosuch0"),
        (&["link", "del"], "device"),
        (
            &["addr", "add", "10.0.0.300/24", "dev", "b0"],
            "10.0.0.300/24",
        ),
        (&["addr", "add", "10.0.0.1/33", "dev", "b0"], "10.0.0.1/33"),
        (&["addr", "add", "10.0.0.1/24"], "dev"),
        (&["addr", "add", "10.0.0.1/24", "dev", "nosuch0"], "nosuch0"),
        (&["addr", "add", "10.0.0.1/24", "dev"], "dev"),
        (
            &["addr", "add", "10.1.0.1/24", "dev", "b0"],
            "Address already assigned",
        ),
        (
            &["addr", "del", "10.1.0.99/24", "dev", "b0"],
            "Address not found",
        ),
        (&["addr", "show", "dev", "nosuch0"], "nosuch0"),
        (
            &["route", "add", "10.50.0.0/16", "via", "10.99.0.1"],
            "invalid gateway",
        ),
        (
            &["route", "add", "10.50.0.0/40", "via", "10.1.0.2"],
            "10.50.0.0/40",
        ),
        (&["route", "add", "10.50.0.0/16", "via", "banana"], "banana"),
        (
            &["route", "add", "10.50.0.0/16", "via", "2001:db8::2"],
            "2001:db8::2",
        ),
        (
            &["route", "add", "10.50.0.0/16", "dev", "nosuch0"],
            "nosuch0",
        ),
        (
            &[
                "route",
                "add",
                "10.50.0.0/16",
                "via",
                "10.1.0.2",
                "table",
                "x",
            ],
            "x",
        ),
        (
            &["route", "add", "10.50.0.0/16", "via", "10.1.0.2", "metric"],
            "metric",
        ),
        (
            &[
                "route",
                "add",
                "10.50.0.0/16",
                "via",
                "10.1.0.2",
                "weight",
                "3",
            ],
            "weight",
        ),
        (&["route", "del", "10.51.0.0/16"], "No such process"),
        (&["route", "show", "table", "x"], "x"),
        (&["route", "get", "nowhere"], "nowhere"),
        (&["neigh", "flush"], "flush"),
        (&["rule", "add"], "add"),
        (&["route", "show", "extra"], "extra"),
    ];
    for (args, word) in cases {
        let o = ns.nl_out(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "nl {args:?} succeeded");
        assert!(o.stdout.is_empty(), "nl {args:?} printed to stdout");
        assert_eq!(err.lines().count(), 1, "nl {args:?}: stderr {err:?}");
        assert!(
            err.contains(word),
            "nl {args:?}: {err:?} does not name {word:?}"
        );
    }
    assert_eq!(
        before,
        ns.snapshot(),
        "a failed command changed the kernel state"
    );
    // Without -n NETNS: an unknown namespace.
    let o = Command::new(nl_bin())
        .args(["-n", "nlstack-cli-none", "link", "show"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stderr).lines().count(), 1);
}

#[test]
fn kernel_errors_read_like_ip() {
    need_root!();
    let ns = Named::new();
    setup_routes(&ns);
    for args in [
        &["addr", "add", "10.1.0.1/24", "dev", "b0"][..],
        &["addr", "del", "10.1.0.99/24", "dev", "b0"],
        &["route", "add", "10.50.0.0/16", "via", "10.99.0.1"],
        &["route", "del", "10.51.0.0/16"],
        &["route", "add", "default", "via", "10.1.0.254"],
        &["link", "set", "b0", "mtu", "99999999"],
    ] {
        let i = ns.ip_out(args);
        let n = ns.nl_out(args);
        assert!(!i.status.success() && !n.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&n.stderr),
            String::from_utf8_lossy(&i.stderr),
            "{args:?}"
        );
    }
}

fn has(v: &Value, f: impl Fn(&Value) -> bool) -> bool {
    v.as_array().is_some_and(|a| a.iter().any(f))
}

#[test]
fn changes_are_seen_by_ip() {
    need_root!();
    let ns = Named::new();
    let other = Named::new();
    ns.nl(&[
        "-j", "link", "add", "v0", "type", "veth", "peer", "name", "v1",
    ]);
    ns.nl(&["-j", "link", "add", "br9", "type", "bridge"]);
    let l = ns.ip_json(&["link", "show"]);
    assert!(has(&l, |x| x["ifname"] == "v0" && x["link"] == "v1"));
    assert!(has(&l, |x| x["ifname"] == "br9"));

    ns.nl(&[
        "-j",
        "link",
        "set",
        "v0",
        "up",
        "mtu",
        "1280",
        "address",
        "02:aa:bb:cc:dd:ee",
    ]);
    ns.nl(&["-j", "link", "set", "v1", "up", "master", "br9"]);
    let l = ns.ip_json(&["link", "show", "v0"]);
    assert_eq!(l[0]["mtu"], 1280);
    assert_eq!(l[0]["address"], "02:aa:bb:cc:dd:ee");
    assert!(
        l[0]["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("UP"))
    );
    assert_eq!(ns.ip_json(&["link", "show", "v1"])[0]["master"], "br9");
    ns.nl(&["-j", "link", "set", "v1", "nomaster"]);
    assert!(
        ns.ip_json(&["link", "show", "v1"])[0]
            .get("master")
            .is_none()
    );
    ns.nl(&["-j", "link", "set", "v0", "down"]);
    let fl = ns.ip_json(&["link", "show", "v0"])[0]["flags"].clone();
    assert!(!fl.as_array().unwrap().contains(&Value::from("UP")));
    ns.nl(&["-j", "link", "set", "v0", "up"]);

    ns.nl(&["-j", "addr", "add", "10.5.0.1/24", "dev", "v0"]);
    ns.nl(&["-j", "addr", "add", "2001:db8:9::1/64", "dev", "v0"]);
    let a = ns.ip_json(&["addr", "show", "dev", "v0"]);
    let infos = a[0]["addr_info"].clone();
    assert!(has(&infos, |x| x["local"] == "10.5.0.1" && x["prefixlen"] == 24));
    assert!(has(&infos, |x| x["local"] == "2001:db8:9::1"));

    ns.nl(&["-j", "route", "add", "10.60.0.0/16", "via", "10.5.0.2"]);
    ns.nl(&[
        "-j",
        "route",
        "add",
        "10.61.0.0/16",
        "dev",
        "v0",
        "table",
        "300",
        "metric",
        "12",
    ]);
    ns.nl(&["-j", "route", "add", "default", "via", "10.5.0.3"]);
    ns.nl(&[
        "-6",
        "-j",
        "route",
        "add",
        "default",
        "via",
        "2001:db8:9::2",
    ]);
    let r = ns.ip_json(&["route", "show"]);
    assert!(has(&r, |x| x["dst"] == "10.60.0.0/16"
        && x["gateway"] == "10.5.0.2"));
    assert!(has(&r, |x| x["dst"] == "default" && x["gateway"] == "10.5.0.3"));
    let r = ns.ip_json(&["route", "show", "table", "300"]);
    assert!(has(&r, |x| x["dst"] == "10.61.0.0/16" && x["metric"] == 12));
    let r = ns.ip_json(&["-6", "route", "show"]);
    assert!(has(&r, |x| x["dst"] == "default"
        && x["gateway"] == "2001:db8:9::2"));
    ns.nl(&["-j", "route", "replace", "10.60.0.0/16", "via", "10.5.0.9"]);
    let r = ns.ip_json(&["route", "show"]);
    assert!(has(&r, |x| x["dst"] == "10.60.0.0/16"
        && x["gateway"] == "10.5.0.9"));
    ns.nl(&["-j", "route", "del", "10.60.0.0/16"]);
    ns.nl(&["-j", "route", "del", "10.61.0.0/16", "table", "300"]);
    assert!(!has(&ns.ip_json(&["route", "show"]), |x| x["dst"]
        == "10.60.0.0/16"));
    assert_eq!(
        ns.ip_json(&["route", "show", "table", "300"]),
        Value::Array(vec![])
    );

    ns.nl(&["-j", "addr", "del", "10.5.0.1/24", "dev", "v0"]);
    let a = ns.ip_json(&["addr", "show", "dev", "v0"]);
    assert!(!has(&a[0]["addr_info"], |x| x["local"] == "10.5.0.1"));

    ns.nl(&["-j", "link", "set", "v0", "down"]);
    ns.nl(&["-j", "link", "set", "v0", "name", "w0"]);
    assert!(has(&ns.ip_json(&["link", "show"]), |x| x["ifname"] == "w0"));

    // A veth peer born in another named namespace, and a move there.
    ns.nl(&[
        "link",
        "add",
        "p0",
        "type",
        "veth",
        "peer",
        "name",
        "p1",
        "netns",
        &other.name,
    ]);
    assert!(has(&other.ip_json(&["link", "show"]), |x| x["ifname"] == "p1"));
    // The peer is elsewhere now: ip prints link_index and link_netnsid.
    same(&ns, &["link", "show", "p0"], &["ifname"]);
    same(&other, &["link", "show", "p1"], &["ifname"]);
    ns.nl(&["link", "set", "w0", "netns", &other.name]);
    assert!(has(&other.ip_json(&["link", "show"]), |x| x["ifname"] == "w0"));
    assert!(!has(&ns.ip_json(&["link", "show"]), |x| x["ifname"] == "w0"));

    ns.nl(&["-j", "link", "del", "br9"]);
    ns.nl(&["-j", "link", "del", "p0"]);
    let l = ns.ip_json(&["link", "show"]);
    assert!(!has(&l, |x| x["ifname"] == "br9" || x["ifname"] == "p0"));
}

#[test]
fn netns_verbs() {
    need_root!();
    let name = format!("nlstack-cli-{}-verbs", std::process::id());
    let st = Command::new(nl_bin())
        .args(["netns", "add", &name])
        .status()
        .unwrap();
    assert!(st.success());
    let ip = Command::new("ip").args(["netns", "list"]).output().unwrap();
    let listed = String::from_utf8_lossy(&ip.stdout).contains(&name);
    let nl = Command::new(nl_bin())
        .args(["-j", "netns", "list"])
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&nl.stdout).unwrap();
    let nl_listed = has(&j, |x| x["name"] == name.as_str());
    let again = Command::new(nl_bin())
        .args(["netns", "add", &name])
        .output()
        .unwrap();
    let st = Command::new(nl_bin())
        .args(["netns", "del", &name])
        .status()
        .unwrap();
    assert!(listed && nl_listed, "{name} not listed");
    assert!(!again.status.success(), "adding a taken name succeeded");
    assert!(st.success());
    assert!(!std::path::Path::new("/run/netns").join(&name).exists());
}

#[test]
fn text_output_reads_like_ip() {
    need_root!();
    let ns = Named::new();
    setup_routes(&ns);
    let t = ns.nl(&["route", "show"]);
    assert!(t.contains("default via 10.1.0.254 dev b0"), "{t}");
    assert!(
        t.contains("10.8.0.0/16 \n\tnexthop via 10.1.0.3 dev b0 weight 2 \n"),
        "{t}"
    );
    let t = ns.nl(&["link", "show", "a0"]);
    assert!(t.starts_with(&format!(
        "{}: a0@b0: <",
        ns.ip_json(&["link", "show", "a0"])[0]["ifindex"]
    )));
    assert!(t.contains("master br0"), "{t}");
    let t = ns.nl(&["rule", "show"]);
    assert!(t.starts_with("0:\tfrom all lookup local\n"), "{t}");
    // The lists, byte for byte as ip prints them.
    for args in [
        &[&b"link"[..], b"show"][..],
        &[b"addr", b"show"],
        &[b"route", b"show", b"table", b"all"],
        &[b"-6", b"route", b"show"],
        &[b"neigh", b"show"],
        &[b"rule", b"show"],
        &[b"-j", b"link", b"show"],
        &[b"-j", b"addr", b"show"],
        &[b"-j", b"route", b"show", b"table", b"all"],
        &[b"-j", b"neigh", b"show"],
        &[b"-j", b"rule", b"show"],
    ] {
        let (nl, ip) = both_raw(&ns, args);
        assert_eq!(
            String::from_utf8_lossy(&nl),
            String::from_utf8_lossy(&ip),
            "{args:?}"
        );
    }
}

#[test]
fn container_example_runs() {
    need_root!();
    let o = Command::new(common::example_bin("container"))
        .output()
        .expect("run the container example");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "container failed: {out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("sent \"ping\", got \"pong\""), "{out}");
    assert!(out.trim_end().ends_with("ok"), "{out}");
}

/// Runs `cmd` (a monitor) while `changes` are made in `ns`; returns what
/// it printed.
fn monitor_output(ns: &Named, mut cmd: Command, changes: &str) -> String {
    use std::io::Read as _;
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Read as it comes: a watcher that lists every namespace on the
    // machine may print more than a pipe holds before the changes.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    std::thread::sleep(std::time::Duration::from_millis(400));
    ns.ip_script(changes);
    std::thread::sleep(std::time::Duration::from_millis(400));
    // SAFETY: kill takes no pointers; the pid is our own child's.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    child.wait().expect("wait");
    String::from_utf8(reader.join().expect("reader")).expect("UTF-8")
}

#[test]
fn monitor_prints_the_lines_ip_monitor_prints() {
    need_root!();
    let changes = "link add m0 type veth peer name m1
                   link set m0 up
                   addr add 10.9.0.1/24 dev m0
                   route add 10.10.0.0/16 via 10.9.0.2
                   route del 10.10.0.0/16
                   route add 10.12.0.0/16 nexthop via 10.9.0.2 weight 2 nexthop via 10.9.0.3
                   route add 2001:db8:9::/48 dev m0
                   route del 10.12.0.0/16
                   addr del 10.9.0.1/24 dev m0
                   rule add from 10.1.0.0/16 table 100 pref 500
                   rule del pref 500
                   neigh add 10.9.0.5 lladdr 02:00:00:00:00:05 dev m0 nud permanent
                   link del m0";
    for words in [&[][..], &["link", "address", "route"][..]] {
        let ns = Named::new();
        let mut ip = Command::new("ip");
        ip.args(["-n", &ns.name, "monitor"]).args(words);
        let want = monitor_output(&ns, ip, changes);
        let ns = Named::new();
        let mut nl = Command::new(nl_bin());
        nl.args(["-n", &ns.name, "monitor"]).args(words);
        let got = monitor_output(&ns, nl, changes);
        assert!(
            want.lines().count() > 10,
            "ip monitor saw too little:\n{want}"
        );
        // MAC addresses are random per run: compare the lines without them.
        let mask = |s: &str| -> Vec<String> {
            s.lines()
                .map(|l| {
                    l.split(' ')
                        .map(|w| {
                            if w.len() == 17
                                && w.matches(':').count() == 5
                                && w != "02:00:00:00:00:05"
                            {
                                "MAC"
                            } else {
                                w
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        assert_eq!(
            mask(&got),
            mask(&want),
            "nl monitor {words:?}:\n{got}\nip monitor:\n{want}"
        );
    }
}

#[test]
fn monitor_json_prints_one_object_per_event() {
    need_root!();
    let ns = Named::new();
    let mut nl = Command::new(nl_bin());
    nl.args(["-n", &ns.name, "-j", "monitor", "link", "address"]);
    let out = monitor_output(
        &ns,
        nl,
        "link add j0 type veth peer name j1\naddr add 10.3.0.1/24 dev j0\nlink del j0",
    );
    let events: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    let has = |ev: &str, obj: &str, key: &str, val: &str| {
        events.iter().any(|e| {
            e["event"] == ev
                && e["object"] == obj
                && (e[key] == val || e["addr_info"][0][key] == val)
        })
    };
    assert!(has("new", "link", "ifname", "j0"), "{out}");
    assert!(has("new", "address", "local", "10.3.0.1"), "{out}");
    assert!(has("deleted", "link", "ifname", "j1"), "{out}");
}

#[test]
fn ifaces_prints_the_informers_events_as_json_lines() {
    need_root!();
    for poll in [None, Some("100ms")] {
        let ns = Named::new();
        let mut nl = Command::new(nl_bin());
        nl.args(["-j", "ifaces"]);
        if let Some(p) = poll {
            nl.args(["--poll", p]);
        }
        let changes = if poll.is_some() {
            "link add i0 type veth peer name i1"
        } else {
            "link add i0 type veth peer name i1\nlink del i0"
        };
        let out = monitor_output(&ns, nl, changes);
        let events: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
            .collect();
        let of = |ev: &str, name: &str| {
            events
                .iter()
                .find(|e| e["event"] == ev && e["ifname"] == name && e["netns"] == ns.name.as_str())
        };
        let added = of("added", "i0").unwrap_or_else(|| panic!("{poll:?}: {out}"));
        assert!(added["ifindex"].as_u64().unwrap() > 1);
        assert_eq!(added["mac"].as_str().map(str::len), Some(17));
        if poll.is_none() {
            assert!(of("removed", "i0").is_some(), "{out}");
            assert!(of("removed", "i1").is_some(), "{out}");
        }
        // The host's interfaces are there too (if it has any but lo),
        // with no namespace name.
        let host_links = std::fs::read_dir("/sys/class/net").unwrap().count();
        if host_links > 1 {
            assert!(events.iter().any(|e| e["netns"].is_null()), "{out}");
        }
    }
}
