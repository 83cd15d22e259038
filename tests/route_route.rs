//! Routes against the real kernel, with `ip` (iproute2) as the oracle, and
//! the route view against the fixtures and corrupted copies of them.
//!
//! Each kernel test makes its own anonymous network namespace (gone when
//! its handle drops, also on failure) and works only inside it.

#[macro_use]
mod common;

use common::{ip, ip_batch};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::process::Command;
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route as RouteProto};
use nlstack::netns::NetNs;
use nlstack::route::{
    MetricsSpec, NextHop, NextHopFlags, NextHopMsg, NextHopRequest, Prefix, RTA_CACHEINFO, RTA_DST,
    RTA_ENCAP_TYPE, RTA_GATEWAY, RTA_METRICS, RTA_MULTIPATH, RTA_OIF, RTA_PREF, RTAX_ADVMSS,
    RTAX_CC_ALGO, RTAX_HOPLIMIT, RTAX_MTU, RouteCacheInfo, RouteEntry, RouteFilter, RouteFlags,
    RouteLookup, RouteMsg, RoutePref, RouteProtocol, RouteRequest, RouteScope, RouteType, Via,
};
use nlstack::wire::{
    Attrs, Encoder, FamilyHeader, Flags, Message, Messages, MsgType, NLMSG_HDRLEN, RtMsg, capture,
};

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

fn new_ns() -> NetNs {
    NetNs::new_anonymous().expect("anonymous namespace")
}

fn run_ip(ns: &NetNs, args: &[&str]) -> std::process::Output {
    ns.run(|| Command::new("ip").args(args).output())
        .unwrap()
        .expect("run ip")
}

fn ip_json(ns: &NetNs, args: &[&str]) -> Vec<serde_json::Value> {
    let mut full = vec!["-j"];
    full.extend_from_slice(args);
    let out = ip(ns, &full);
    if out.trim().is_empty() {
        return Vec::new();
    }
    match serde_json::from_str(&out).unwrap() {
        serde_json::Value::Array(v) => v,
        other => panic!("ip {args:?}: not an array: {other}"),
    }
}

fn dial(ns: &NetNs) -> Conn<RouteProto> {
    Conn::<RouteProto>::dial(
        Config::default()
            .netns(ns)
            .read_timeout(Duration::from_secs(10)),
    )
    .expect("dial")
}

/// Link index -> name, from `ip -j link`.
fn link_names(ns: &NetNs) -> HashMap<u32, String> {
    ip_json(ns, &["link", "show"])
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
    link_names(ns)
        .into_iter()
        .find(|(_, n)| n == name)
        .unwrap_or_else(|| panic!("no link {name}"))
        .0
}

fn a(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn p(s: &str) -> Prefix {
    s.parse().unwrap()
}

/// Two veth pairs, va-vb (10.0.0.0/24, 2001:db8::/64) and vc-vd
/// (10.0.1.0/24, 2001:db8:1::/64), up. No IPv6 link-local addresses
/// (`addrgenmode none`), so no route appears later from DAD.
const LINKS: &str = "\
link set lo up
link add va type veth peer name vb
link add vc type veth peer name vd
link set va addrgenmode none
link set vb addrgenmode none
link set vc addrgenmode none
link set vd addrgenmode none
link set va up
link set vb up
link set vc up
link set vd up
addr add 10.0.0.1/24 dev va
addr add 10.0.1.1/24 dev vc
addr add 2001:db8::1/64 dev va nodad
addr add 2001:db8:1::1/64 dev vc nodad
";

/// Routes in main, table 100 and table 1000, IPv4 and IPv6: gateways,
/// metrics, multipath with weights (also through an IPv6 gateway for an
/// IPv4 route), `mtu`/`advmss`/`hoplimit`, blackhole, unreachable,
/// prohibit, throw and local types, `proto static`, `scope link`, `src`,
/// `pref`, `expires`.
const ROUTES: &str = "\
route add default via 10.0.0.2
route add 10.10.0.0/16 via 10.0.0.2 metric 10
route add 10.20.0.0/16 via 10.0.0.2 table 100 proto static
route add 10.21.0.0/16 dev vc table 100 scope link
route add 10.30.0.0/16 via 10.0.1.2 table 1000 mtu 1400 advmss 1360 hoplimit 32
route add 10.40.0.0/16 nexthop via 10.0.0.2 weight 2 nexthop via 10.0.1.2 weight 5
route add 10.41.0.0/16 table 1000 nexthop via 10.0.0.2 dev va nexthop via 10.0.1.2 dev vc weight 3
route add 10.42.0.0/16 nexthop via inet6 2001:db8::2 dev va nexthop via 10.0.1.2 weight 4
route add blackhole 10.50.0.0/16
route add unreachable 10.60.0.0/16 table 100
route add prohibit 10.61.0.0/16
route add throw 10.62.0.0/16 table 1000
route add 10.70.0.0/16 dev va scope link src 10.0.0.1
route add 10.71.0.0/16 via 10.0.1.2 src 10.0.0.1 proto static metric 100
route add 10.80.0.0/16 via inet6 2001:db8::2 dev va
route add local 10.99.0.1 dev va table 100
route add default via 2001:db8::2 metric 1
route add 2001:db8:10::/48 via 2001:db8::2 metric 20
route add 2001:db8:20::/48 nexthop via 2001:db8::2 weight 3 nexthop via 2001:db8:1::2 weight 1
route add 2001:db8:30::/48 via 2001:db8::2 table 1000 mtu 1300
route add 2001:db8:31::/48 via 2001:db8:1::2 table 100 proto static
route add blackhole 2001:db8:40::/48
route add unreachable 2001:db8:41::/48 table 1000
route add prohibit 2001:db8:42::/48
route add 2001:db8:50::/48 dev va pref high
route add 2001:db8:51::/48 via 2001:db8::2 src 2001:db8::1
route add 2001:db8:60::/48 via 2001:db8::2 expires 100
";

/// The same routes as [`ROUTES`], as nlstack requests.
fn nlstack_routes(va: u32, vc: u32) -> Vec<RouteRequest> {
    let nh = NextHopRequest::new;
    vec![
        RouteRequest::new(Prefix::default_v4()).via(a("10.0.0.2")),
        RouteRequest::new(p("10.10.0.0/16"))
            .via(a("10.0.0.2"))
            .metric(10),
        RouteRequest::new(p("10.20.0.0/16"))
            .via(a("10.0.0.2"))
            .table(100)
            .protocol(RouteProtocol::STATIC),
        // Scope link by default, as iproute2 chooses it.
        RouteRequest::new(p("10.21.0.0/16")).dev(vc).table(100),
        RouteRequest::new(p("10.30.0.0/16"))
            .via(a("10.0.1.2"))
            .table(1000)
            .mtu(1400)
            .rtax(RTAX_ADVMSS, 1360)
            .rtax(RTAX_HOPLIMIT, 32),
        RouteRequest::new(p("10.40.0.0/16"))
            .nexthop(nh().via(a("10.0.0.2")).weight(2))
            .nexthop(nh().via(a("10.0.1.2")).weight(5)),
        RouteRequest::new(p("10.41.0.0/16"))
            .table(1000)
            .nexthop(nh().via(a("10.0.0.2")).dev(va))
            .nexthop(nh().via(a("10.0.1.2")).dev(vc).weight(3)),
        RouteRequest::new(p("10.42.0.0/16"))
            .nexthop(nh().via(a("2001:db8::2")).dev(va))
            .nexthop(nh().via(a("10.0.1.2")).weight(4)),
        RouteRequest::new(p("10.50.0.0/16")).kind(RouteType::BLACKHOLE),
        RouteRequest::new(p("10.60.0.0/16"))
            .kind(RouteType::UNREACHABLE)
            .table(100),
        RouteRequest::new(p("10.61.0.0/16")).kind(RouteType::PROHIBIT),
        RouteRequest::new(p("10.62.0.0/16"))
            .kind(RouteType::THROW)
            .table(1000),
        RouteRequest::new(p("10.70.0.0/16"))
            .dev(va)
            .scope(RouteScope::LINK)
            .prefsrc(a("10.0.0.1")),
        RouteRequest::new(p("10.71.0.0/16"))
            .via(a("10.0.1.2"))
            .prefsrc(a("10.0.0.1"))
            .protocol(RouteProtocol::STATIC)
            .metric(100),
        RouteRequest::new(p("10.80.0.0/16"))
            .via(a("2001:db8::2"))
            .dev(va),
        RouteRequest::new(p("10.99.0.1"))
            .kind(RouteType::LOCAL)
            .dev(va)
            .table(100),
        RouteRequest::new(Prefix::default_v6())
            .via(a("2001:db8::2"))
            .metric(1),
        RouteRequest::new(p("2001:db8:10::/48"))
            .via(a("2001:db8::2"))
            .metric(20),
        RouteRequest::new(p("2001:db8:20::/48"))
            .nexthop(nh().via(a("2001:db8::2")).weight(3))
            .nexthop(nh().via(a("2001:db8:1::2"))),
        RouteRequest::new(p("2001:db8:30::/48"))
            .via(a("2001:db8::2"))
            .table(1000)
            .mtu(1300),
        RouteRequest::new(p("2001:db8:31::/48"))
            .via(a("2001:db8:1::2"))
            .table(100)
            .protocol(RouteProtocol::STATIC),
        RouteRequest::new(p("2001:db8:40::/48")).kind(RouteType::BLACKHOLE),
        RouteRequest::new(p("2001:db8:41::/48"))
            .kind(RouteType::UNREACHABLE)
            .table(1000),
        RouteRequest::new(p("2001:db8:42::/48")).kind(RouteType::PROHIBIT),
        RouteRequest::new(p("2001:db8:50::/48"))
            .dev(va)
            .pref(RoutePref::HIGH),
        RouteRequest::new(p("2001:db8:51::/48"))
            .via(a("2001:db8::2"))
            .prefsrc(a("2001:db8::1")),
        RouteRequest::new(p("2001:db8:60::/48"))
            .via(a("2001:db8::2"))
            .expires(100),
    ]
}

/// One route as both sides can show it: ip's JSON keys, values as text.
type Row = BTreeMap<String, String>;

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn ip_via(v: &serde_json::Value) -> String {
    format!("{} {}", text(&v["family"]), text(&v["host"]))
}

fn ip_flags(v: &serde_json::Value) -> String {
    let mut f: Vec<String> = v
        .as_array()
        .map(|a| a.iter().map(text).collect())
        .unwrap_or_default();
    f.sort();
    f.join(",")
}

/// A route of `ip -N -d -j route show` as a row (expires is left out:
/// it counts down).
fn ip_row(j: &serde_json::Value) -> Row {
    let mut row = Row::new();
    let obj = j.as_object().unwrap();
    for (k, v) in obj {
        match k.as_str() {
            "type" | "dst" | "gateway" | "dev" | "table" | "protocol" | "scope" | "prefsrc"
            | "pref" | "metric" => {
                row.insert(k.clone(), text(v));
            }
            "via" => {
                row.insert("via".into(), ip_via(v));
            }
            "flags" => {
                row.insert("flags".into(), ip_flags(v));
            }
            "metrics" => {
                for m in v.as_array().unwrap() {
                    for (name, val) in m.as_object().unwrap() {
                        row.insert(format!("metrics.{name}"), text(val));
                    }
                }
            }
            "nexthops" => {
                let hops: Vec<String> = v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| {
                        let gw = match (&h.get("gateway"), &h.get("via")) {
                            (Some(g), _) => text(g),
                            (None, Some(v)) => ip_via(v),
                            (None, None) => String::new(),
                        };
                        format!(
                            "{gw}@{}*{}[{}]",
                            h.get("dev").map(text).unwrap_or_default(),
                            h.get("weight").map(text).unwrap_or_default(),
                            ip_flags(&h["flags"]),
                        )
                    })
                    .collect();
                row.insert("nexthops".into(), hops.join("|"));
            }
            "expires" => {}
            other => panic!("ip printed a key this test does not know: {other} in {j}"),
        }
    }
    row
}

fn via_text(v: &Via) -> String {
    format!(
        "{} {}",
        nlstack::route::family::name(v.family()).unwrap_or("?"),
        v.ip().unwrap()
    )
}

/// iproute2's names for the flags it prints.
fn flag_names(f: RouteFlags) -> String {
    let names = [
        (RouteFlags::DEAD, "dead"),
        (RouteFlags::ONLINK, "onlink"),
        (RouteFlags::PERVASIVE, "pervasive"),
        (RouteFlags::NH_OFFLOAD, "offload"),
        (RouteFlags::NH_TRAP, "trap"),
        (RouteFlags::NOTIFY, "notify"),
        (RouteFlags::LINKDOWN, "linkdown"),
        (RouteFlags::UNRESOLVED, "unresolved"),
        (RouteFlags::OFFLOAD, "rt_offload"),
        (RouteFlags::TRAP, "rt_trap"),
        (RouteFlags::OFFLOAD_FAILED, "rt_offload_failed"),
    ];
    let mut v: Vec<&str> = names
        .iter()
        .filter(|(b, _)| f.contains(*b))
        .map(|(_, n)| *n)
        .collect();
    v.sort();
    v.join(",")
}

fn metric_name(k: u16) -> String {
    match k {
        RTAX_MTU => "mtu".into(),
        RTAX_ADVMSS => "advmss".into(),
        RTAX_HOPLIMIT => "hoplimit".into(),
        other => format!("rtax{other}"),
    }
}

/// ip's text for a destination: `default`, a bare address for a host
/// route, else `addr/len`.
fn dst_text(r: &RouteMsg<&[u8]>) -> String {
    let pfx = r.dst_prefix().unwrap();
    if pfx.is_default() {
        "default".into()
    } else if pfx.is_host() {
        pfx.addr().to_string()
    } else {
        pfx.to_string()
    }
}

/// A route listed by nlstack as a row of the same shape as [`ip_row`].
fn our_row(r: &RouteMsg<&[u8]>, names: &HashMap<u32, String>) -> Row {
    let name = |i: u32| names.get(&i).cloned().unwrap_or_else(|| format!("if{i}"));
    let mut row = Row::new();
    let mut put = |k: &str, v: String| {
        row.insert(k.to_owned(), v);
    };
    put("type", r.kind().0.to_string());
    put("dst", dst_text(r));
    put("table", r.table().to_string());
    put("protocol", r.protocol().0.to_string());
    put("scope", r.scope().0.to_string());
    put("flags", flag_names(r.flags()));
    if let Some(g) = r.gateway() {
        put("gateway", g.to_string());
    }
    if let Some(v) = &r.via() {
        put("via", via_text(v));
    }
    if let Some(i) = r.oif() {
        put("dev", name(i));
    }
    if let Some(m) = r.priority() {
        put("metric", m.to_string());
    }
    if let Some(s) = r.prefsrc() {
        put("prefsrc", s.to_string());
    }
    if let Some(pref) = r.pref() {
        put("pref", pref.name().unwrap().to_lowercase());
    }
    if let Some(m) = &r.metrics() {
        for (k, v) in m.iter() {
            put(&format!("metrics.{}", metric_name(k)), v.to_string());
        }
    }
    let hops: Vec<String> = r
        .nexthops()
        .map(|h| {
            let h = h.unwrap();
            let gw = match (h.gateway(), &h.via()) {
                (Some(g), _) => g.to_string(),
                (None, Some(v)) => via_text(v),
                (None, None) => String::new(),
            };
            let dev = if h.ifindex() != 0 {
                name(h.ifindex())
            } else {
                String::new()
            };
            let flags = flag_names(RouteFlags::from_bits_retain(h.flags().bits() as u32));
            format!("{gw}@{dev}*{}[{flags}]", h.weight())
        })
        .collect();
    if !hops.is_empty() {
        put("nexthops", hops.join("|"));
    }
    row
}

fn sorted(mut rows: Vec<Row>) -> Vec<Row> {
    rows.sort();
    rows
}

/// `ip -N -d -j ARGS` as rows. ip leaves the table out when the command
/// names one (main unless told), so it is filled in from the command.
fn ip_rows(ns: &NetNs, args: &[&str]) -> Vec<Row> {
    let mut full = vec!["-N", "-d"];
    full.extend_from_slice(args);
    let table = match args.iter().position(|a| *a == "table") {
        None => Some("254".to_owned()),
        Some(i) => match args[i + 1] {
            "all" => None,
            "main" => Some("254".into()),
            "local" => Some("255".into()),
            t => Some(t.to_owned()),
        },
    };
    let rows = ip_json(ns, &full)
        .iter()
        .map(|j| {
            let mut row = ip_row(j);
            if let Some(t) = &table {
                row.entry("table".into()).or_insert_with(|| t.clone());
            }
            row
        })
        .collect();
    sorted(rows)
}

fn our_rows(c: &mut Conn<RouteProto>, ns: &NetNs, filter: RouteFilter) -> Vec<Row> {
    let names = link_names(ns);
    let routes = c.routes(filter).expect("list routes");
    sorted(routes.iter().map(|r| our_row(&r, &names)).collect())
}

fn assert_rows_eq(ours: &[Row], theirs: &[Row], what: &str) {
    if ours != theirs {
        let only_ours: Vec<_> = ours.iter().filter(|r| !theirs.contains(r)).collect();
        let only_theirs: Vec<_> = theirs.iter().filter(|r| !ours.contains(r)).collect();
        panic!(
            "{what}: nlstack and ip differ\nonly nlstack: {only_ours:#?}\nonly ip: {only_theirs:#?}"
        );
    }
}

/// Every listing nlstack offers against the matching `ip` command.
fn compare_listings_with_ip(ns: &NetNs) -> Vec<Row> {
    let mut c = dial(ns);
    let cases: [(RouteFilter, &[&str]); 8] = [
        (RouteFilter::main().v4(), &["route", "show"]),
        (RouteFilter::main().v6(), &["-6", "route", "show"]),
        (
            RouteFilter::table(100).v4(),
            &["route", "show", "table", "100"],
        ),
        (
            RouteFilter::table(1000).v6(),
            &["-6", "route", "show", "table", "1000"],
        ),
        (
            RouteFilter::table(255).v4(),
            &["route", "show", "table", "local"],
        ),
        (
            RouteFilter::all_tables().v4(),
            &["-4", "route", "show", "table", "all"],
        ),
        (
            RouteFilter::all_tables().v6(),
            &["-6", "route", "show", "table", "all"],
        ),
        (
            RouteFilter::all_tables(),
            &["route", "show", "table", "all"],
        ),
    ];
    let mut all = Vec::new();
    for (filter, args) in cases {
        let ours = our_rows(&mut c, ns, filter);
        let theirs = ip_rows(ns, args);
        assert!(!theirs.is_empty(), "ip {args:?} listed nothing");
        assert_rows_eq(&ours, &theirs, &format!("{filter:?} vs ip {args:?}"));
        all = ours;
    }
    assert_eq!(c.stats().dropped(), 0);
    all
}

/// The expiring IPv6 route's countdown agrees with ip's (seconds vs
/// `rta_cacheinfo` ticks).
fn check_expires(ns: &NetNs) {
    let mut c = dial(ns);
    let ours = c.routes(RouteFilter::main().v6()).unwrap();
    let r = ours
        .iter()
        .find(|r| r.dst() == Some(a("2001:db8:60::")))
        .expect("expiring route listed");
    let ticks = r.cache_info().expect("cache info").expires;
    let theirs = ip_json(ns, &["-6", "route", "show", "2001:db8:60::/48"]);
    let secs = theirs[0]["expires"].as_i64().expect("ip shows expires");
    assert!((1..=100).contains(&secs), "{secs}");
    assert!(
        (ticks as i64 / 100 - secs).abs() <= 2,
        "nlstack {ticks} ticks, ip {secs} s"
    );
}

#[test]
fn listings_of_a_state_built_with_ip_match_ip_json() {
    need_root!();
    let ns = new_ns();
    ip_batch(&ns, LINKS);
    ip_batch(&ns, ROUTES);
    let all = compare_listings_with_ip(&ns);
    // The state is what the script built: spot checks on the listing.
    assert!(all.len() > 40, "{}", all.len());
    let find = |dst: &str, table: &str| {
        all.iter()
            .find(|r| r["dst"] == dst && r["table"] == table)
            .unwrap_or_else(|| panic!("{dst} in {table} not listed"))
    };
    assert_eq!(
        find("10.40.0.0/16", "254")["nexthops"],
        "10.0.0.2@va*2[]|10.0.1.2@vc*5[]"
    );
    assert_eq!(find("10.30.0.0/16", "1000")["metrics.mtu"], "1400");
    assert_eq!(find("10.50.0.0/16", "254")["type"], "6");
    assert_eq!(find("10.20.0.0/16", "100")["protocol"], "4");
    assert_eq!(find("10.70.0.0/16", "254")["scope"], "253");
    assert_eq!(find("2001:db8:50::/48", "254")["pref"], "high");
    check_expires(&ns);
}

#[test]
fn a_state_built_with_nlstack_matches_ip_json_and_the_same_state_built_with_ip() {
    need_root!();
    let ns = new_ns();
    ip_batch(&ns, LINKS);
    let (va, vc) = (index_of(&ns, "va"), index_of(&ns, "vc"));
    let mut c = dial(&ns);
    for r in nlstack_routes(va, vc) {
        c.route_add(&r)
            .unwrap_or_else(|e| panic!("add {}: {e}", r.dst));
    }
    let ours = compare_listings_with_ip(&ns);
    check_expires(&ns);

    // The twin, built by ip: the same rows (iproute2's defaults for
    // protocol, scope and type are nlstack's).
    let twin = new_ns();
    ip_batch(&twin, LINKS);
    ip_batch(&twin, ROUTES);
    let mut tc = dial(&twin);
    let theirs = our_rows(&mut tc, &twin, RouteFilter::all_tables());
    assert_rows_eq(&ours, &theirs, "built by nlstack vs built by ip");
}

/// `ip -N -d -j route show ARGS`, as rows.
/// A leading `-4`/`-6` in `ARGS` goes before `route`, where ip wants it.
fn show(ns: &NetNs, args: &[&str]) -> Vec<Row> {
    let (fam, rest) = match args.split_first() {
        Some((f, rest)) if f.starts_with('-') => (vec![*f], rest),
        _ => (vec![], args),
    };
    let mut full = fam;
    full.extend_from_slice(&["route", "show"]);
    full.extend_from_slice(rest);
    ip_rows(ns, &full)
}

fn setup_links() -> (NetNs, Conn<RouteProto>, u32, u32) {
    let ns = new_ns();
    ip_batch(&ns, LINKS);
    let (va, vc) = (index_of(&ns, "va"), index_of(&ns, "vc"));
    let c = dial(&ns);
    (ns, c, va, vc)
}

#[test]
fn add_puts_the_route_where_ip_sees_it_v4_and_v6_table_above_255_metric_mtu() {
    need_root!();
    let (ns, mut c, va, _) = setup_links();

    let r4 = RouteRequest::new(p("10.1.0.0/16"))
        .via(a("10.0.0.2"))
        .dev(va)
        .table(1000)
        .metric(10)
        .mtu(1400)
        .protocol(RouteProtocol::STATIC);
    c.route_add(&r4).unwrap();
    let rows = show(&ns, &["table", "1000"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let r = &rows[0];
    assert_eq!(r["dst"], "10.1.0.0/16");
    assert_eq!(r["gateway"], "10.0.0.2");
    assert_eq!(r["dev"], "va");
    assert_eq!(r["table"], "1000");
    assert_eq!(r["metric"], "10");
    assert_eq!(r["metrics.mtu"], "1400");
    assert_eq!(r["protocol"], "4");
    assert_eq!(r["type"], "1");
    assert_eq!(r["scope"], "0");

    let r6 = RouteRequest::new(p("2001:db8:aa::/48"))
        .via(a("2001:db8::2"))
        .table(70000)
        .metric(42)
        .mtu(1280)
        .pref(RoutePref::LOW);
    c.route_add(&r6).unwrap();
    let rows = show(&ns, &["-6", "table", "70000"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let r = &rows[0];
    assert_eq!(r["dst"], "2001:db8:aa::/48");
    assert_eq!(r["gateway"], "2001:db8::2");
    assert_eq!(r["dev"], "va");
    assert_eq!(r["table"], "70000");
    assert_eq!(r["metric"], "42");
    assert_eq!(r["metrics.mtu"], "1280");
    assert_eq!(r["pref"], "low");
    assert_eq!(r["protocol"], "3", "BOOT by default, as ip");

    // Adding again is EEXIST.
    for r in [&r4, &r6] {
        let e = c.route_add(r).unwrap_err();
        assert!(e.is_exists(), "{e}");
    }
    // Our listing of those tables says the same.
    let ours = c.routes(RouteFilter::table(1000)).unwrap();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours.get(0).unwrap().priority(), Some(10));
    assert_eq!(
        ours.get(0).unwrap().metrics().and_then(|m| m.mtu()),
        Some(1400)
    );
    let ours = c.routes(RouteFilter::table(70000)).unwrap();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours.get(0).unwrap().table(), 70000);
}

#[test]
fn replace_swaps_the_route_and_creates_a_missing_one() {
    need_root!();
    let (ns, mut c, va, vc) = setup_links();
    let base4 = RouteRequest::new(p("10.2.0.0/16")).table(300).metric(5);
    c.route_add(&base4.clone().via(a("10.0.0.2"))).unwrap();
    c.route_replace(&base4.clone().via(a("10.0.1.2")).mtu(1300))
        .unwrap();
    let rows = show(&ns, &["table", "300"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["gateway"], "10.0.1.2");
    assert_eq!(rows[0]["dev"], "vc");
    assert_eq!(rows[0]["metrics.mtu"], "1300");

    let base6 = RouteRequest::new(p("2001:db8:bb::/48")).metric(7);
    c.route_add(&base6.clone().via(a("2001:db8::2"))).unwrap();
    // Replace a single-path route by a multipath one.
    c.route_replace(
        &base6
            .clone()
            .nexthop(
                NextHopRequest::new()
                    .via(a("2001:db8::2"))
                    .dev(va)
                    .weight(2),
            )
            .nexthop(
                NextHopRequest::new()
                    .via(a("2001:db8:1::2"))
                    .dev(vc)
                    .weight(9),
            ),
    )
    .unwrap();
    let rows = show(&ns, &["-6", "2001:db8:bb::/48"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["nexthops"],
        "2001:db8::2@va*2[]|2001:db8:1::2@vc*9[]"
    );

    // Replace creates what is missing.
    c.route_replace(&RouteRequest::new(p("10.3.0.0/16")).via(a("10.0.0.2")))
        .unwrap();
    assert_eq!(show(&ns, &["10.3.0.0/16"]).len(), 1);
}

#[test]
fn append_adds_a_second_ipv4_route_and_an_ipv6_next_hop() {
    need_root!();
    let (ns, mut c, _, _) = setup_links();
    let r = RouteRequest::new(p("10.4.0.0/16")).table(400);
    c.route_add(&r.clone().via(a("10.0.0.2"))).unwrap();
    c.route_append(&r.clone().via(a("10.0.1.2"))).unwrap();
    let rows = show(&ns, &["table", "400"]);
    let gws: Vec<&str> = rows.iter().map(|r| r["gateway"].as_str()).collect();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(
        gws.contains(&"10.0.0.2") && gws.contains(&"10.0.1.2"),
        "{gws:?}"
    );

    let r6 = RouteRequest::new(p("2001:db8:cc::/48"));
    c.route_add(&r6.clone().via(a("2001:db8::2"))).unwrap();
    c.route_append(&r6.clone().via(a("2001:db8:1::2"))).unwrap();
    let rows = show(&ns, &["-6", "2001:db8:cc::/48"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(
        rows[0]["nexthops"],
        "2001:db8::2@va*1[]|2001:db8:1::2@vc*1[]"
    );
    let ours = c.routes(RouteFilter::main().v6()).unwrap();
    let cc = ours
        .iter()
        .find(|r| r.dst() == Some(a("2001:db8:cc::")))
        .unwrap();
    assert_eq!(cc.nexthops().count(), 2);
}

#[test]
fn delete_removes_exactly_the_route_named() {
    need_root!();
    let (ns, mut c, va, _) = setup_links();
    ip_batch(&ns, ROUTES);

    // By key: destination, table, metric.
    let r = RouteRequest::new(p("10.10.0.0/16")).metric(11);
    let e = c.route_del(&r).unwrap_err();
    assert!(e.is_not_found(), "wrong metric must not match: {e}");
    c.route_del(&r.clone().metric(10)).unwrap();
    assert!(show(&ns, &["10.10.0.0/16"]).is_empty());
    let e = c.route_del(&r.metric(10)).unwrap_err();
    assert_eq!(e.errno(), Some(libc::ESRCH), "{e}");

    // A link-scope route (a delete matches any scope by default), in a
    // table above 255, IPv6, multipath, and a blackhole.
    c.route_del(&RouteRequest::new(p("10.70.0.0/16")).dev(va))
        .unwrap();
    c.route_del(&RouteRequest::new(p("2001:db8:30::/48")).table(1000))
        .unwrap();
    c.route_del(&RouteRequest::new(p("10.40.0.0/16"))).unwrap();
    c.route_del(&RouteRequest::new(p("2001:db8:20::/48")))
        .unwrap();
    c.route_del(&RouteRequest::new(p("2001:db8:40::/48")).kind(RouteType::BLACKHOLE))
        .unwrap();
    for dst in [
        "10.70.0.0/16",
        "10.40.0.0/16",
        "-6 2001:db8:20::/48",
        "-6 2001:db8:40::/48",
    ] {
        let args: Vec<&str> = dst.split(' ').collect();
        assert!(show(&ns, &args).is_empty(), "{dst} still there");
    }
    assert!(show(&ns, &["-6", "table", "1000", "2001:db8:30::/48"]).is_empty());
    // The rest of main is untouched.
    assert_eq!(show(&ns, &["10.71.0.0/16"]).len(), 1);

    // Every route of table 100, both families, from its listing.
    let listed = c.routes(RouteFilter::table(100)).unwrap();
    assert_eq!(listed.len(), 5, "{listed:#?}");
    for r in &listed {
        c.route_del(&r.to_request())
            .unwrap_or_else(|e| panic!("delete {r:?}: {e}"));
    }
    assert!(show(&ns, &["table", "100"]).is_empty());
    assert!(show(&ns, &["-6", "table", "100"]).is_empty());
    assert!(c.routes(RouteFilter::table(100)).unwrap().is_empty());
}

#[test]
fn get_answers_as_ip_route_get() {
    need_root!();
    let (ns, mut c, _, _) = setup_links();
    ip_batch(&ns, ROUTES);
    let names = link_names(&ns);
    for dst in [
        "10.10.1.1",
        "10.0.1.7",
        "10.71.3.3",
        "192.0.2.1",
        "10.40.0.9",
        "2001:db8:10::1",
        "2001:db8:1::9",
        "2001:db8:20::5",
        "2001:db8:51::1",
        "2001:db8:ffff::1",
    ] {
        let ours = c.route_get(a(dst)).unwrap();
        let theirs = ip_json(&ns, &["route", "get", dst]);
        let t = &theirs[0];
        assert_eq!(ours.dst(), Some(a(dst)));
        assert_eq!(t["dst"], dst);
        assert_eq!(
            ours.gateway().map(|g| g.to_string()),
            t.get("gateway").map(text),
            "{dst}"
        );
        assert_eq!(
            ours.oif().map(|i| names[&i].clone()),
            t.get("dev").map(text),
            "{dst}"
        );
        assert_eq!(
            ours.prefsrc().map(|g| g.to_string()),
            t.get("prefsrc").map(text),
            "{dst}"
        );
        assert_eq!(
            ours.priority().map(|m| m.to_string()),
            t.get("metric").map(text),
            "{dst}"
        );
    }
    // A lookup out of a given device, and the FIB entry itself.
    let vc = index_of(&ns, "vc");
    let r = c
        .route_lookup(&RouteLookup::new(a("10.10.1.1")).dev(vc))
        .unwrap();
    let t = &ip_json(&ns, &["route", "get", "10.10.1.1", "oif", "vc"])[0];
    assert_eq!(r.oif(), Some(vc));
    assert_eq!(
        r.gateway().map(|g| g.to_string()),
        t.get("gateway").map(text)
    );
    let fib = c
        .route_lookup(&RouteLookup::new(a("10.40.0.9")).fib_match())
        .unwrap();
    assert_eq!(fib.dst_prefix(), Some(p("10.40.0.0/16")));
    assert_eq!(fib.nexthops().count(), 2);
    assert_eq!(
        fib.nexthops()
            .map(|h| h.unwrap().weight())
            .collect::<Vec<_>>(),
        [2, 5]
    );

    // A blackhole answers EINVAL, as ip reports.
    let e = c.route_get(a("10.50.0.1")).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EINVAL), "{e}");
    let out = run_ip(&ns, &["route", "get", "10.50.0.1"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Invalid argument"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn multipath_routes_carry_their_weights_gateways_and_devices() {
    need_root!();
    let (ns, mut c, va, vc) = setup_links();
    let nh = NextHopRequest::new;
    c.route_add(
        &RouteRequest::new(p("10.5.0.0/16"))
            .table(1000)
            .nexthop(nh().via(a("10.0.0.2")).dev(va).weight(1))
            .nexthop(nh().via(a("10.0.1.2")).dev(vc).weight(256))
            .nexthop(nh().via(a("2001:db8::3")).dev(va).weight(7)),
    )
    .unwrap();
    c.route_add(
        &RouteRequest::new(p("2001:db8:dd::/48"))
            .table(1000)
            .nexthop(nh().via(a("2001:db8::2")).weight(4))
            .nexthop(nh().via(a("2001:db8:1::2")).weight(6)),
    )
    .unwrap();
    // An on-link gateway outside the connected subnets.
    c.route_add(
        &RouteRequest::new(p("10.6.0.0/16"))
            .nexthop(nh().via(a("192.0.2.1")).dev(va).onlink())
            .nexthop(nh().via(a("10.0.1.2")).dev(vc)),
    )
    .unwrap();
    let rows = show(&ns, &["table", "1000"]);
    assert_eq!(
        rows[0]["nexthops"],
        "10.0.0.2@va*1[]|10.0.1.2@vc*256[]|inet6 2001:db8::3@va*7[]"
    );
    let rows = show(&ns, &["-6", "table", "1000"]);
    assert_eq!(
        rows[0]["nexthops"],
        "2001:db8::2@va*4[]|2001:db8:1::2@vc*6[]"
    );
    let rows = show(&ns, &["10.6.0.0/16"]);
    assert_eq!(
        rows[0]["nexthops"],
        "192.0.2.1@va*1[onlink]|10.0.1.2@vc*1[]"
    );
    let ours = c.routes(RouteFilter::main().v4().dev(va)).unwrap();
    let r = ours
        .iter()
        .find(|r| r.dst() == Some(a("10.6.0.0")))
        .expect("listed by next-hop device");
    assert!(
        r.nexthops()
            .next()
            .unwrap()
            .unwrap()
            .flags()
            .contains(NextHopFlags::ONLINK)
    );
    assert_eq!(
        r.nexthops().nth(1).unwrap().unwrap().gateway(),
        Some(a("10.0.1.2"))
    );
    let ours = c.routes(RouteFilter::table(1000).v4()).unwrap();
    assert_eq!(
        ours.get(0)
            .unwrap()
            .nexthops()
            .nth(2)
            .unwrap()
            .unwrap()
            .via()
            .and_then(|v| v.ip()),
        Some(a("2001:db8::3"))
    );
    assert_eq!(
        ours.get(0)
            .unwrap()
            .nexthops()
            .nth(1)
            .unwrap()
            .unwrap()
            .weight(),
        256
    );
    assert_eq!(
        ours.get(0)
            .unwrap()
            .nexthops()
            .nth(2)
            .unwrap()
            .unwrap()
            .gateway_ip(),
        Some(a("2001:db8::3"))
    );
}

#[test]
fn route_types_are_installed_as_asked() {
    need_root!();
    let (ns, mut c, va, _) = setup_links();
    let types = [
        (RouteType::BLACKHOLE, "6"),
        (RouteType::UNREACHABLE, "7"),
        (RouteType::PROHIBIT, "8"),
        (RouteType::THROW, "9"),
    ];
    for (i, (t, _)) in types.iter().enumerate() {
        c.route_add(
            &RouteRequest::new(p(&format!("10.{}.0.0/16", 100 + i)))
                .kind(*t)
                .table(500),
        )
        .unwrap();
        c.route_add(
            &RouteRequest::new(p(&format!("2001:db8:{}::/48", 100 + i)))
                .kind(*t)
                .table(500),
        )
        .unwrap();
    }
    c.route_add(
        &RouteRequest::new(p("10.200.0.1"))
            .kind(RouteType::LOCAL)
            .dev(va)
            .table(500),
    )
    .unwrap();
    for (fam, first) in [("-4", "10."), ("-6", "2001:")] {
        let rows = show(&ns, &[fam, "table", "500"]);
        for (i, (_, num)) in types.iter().enumerate() {
            let dst = if fam == "-4" {
                format!("{first}{}.0.0/16", 100 + i)
            } else {
                format!("{first}db8:{}::/48", 100 + i)
            };
            let r = rows
                .iter()
                .find(|r| r["dst"] == dst)
                .unwrap_or_else(|| panic!("{dst} missing: {rows:#?}"));
            assert_eq!(r["type"], *num, "{dst}");
        }
    }
    let rows = show(&ns, &["table", "500", "10.200.0.1"]);
    assert_eq!(rows[0]["type"], "2");
    assert_eq!(
        rows[0]["scope"], "254",
        "local routes default to host scope"
    );
    let ours = c.routes(RouteFilter::table(500)).unwrap();
    assert_eq!(ours.len(), 9);
    let mut kinds: Vec<_> = ours.iter().map(|r| r.kind()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            RouteType::LOCAL,
            RouteType::BLACKHOLE,
            RouteType::UNREACHABLE,
            RouteType::PROHIBIT,
            RouteType::THROW
        ]
    );
    let mut only_bh = RouteFilter::table(500);
    only_bh.kind = Some(RouteType::BLACKHOLE);
    assert_eq!(c.routes(only_bh).unwrap().len(), 2);
}

#[test]
fn kernel_errors_carry_errno_and_extended_ack_text() {
    need_root!();
    let (_ns, mut c, va, _) = setup_links();

    // A gateway on no connected subnet.
    let e = c
        .route_add(&RouteRequest::new(p("10.90.0.0/16")).via(a("192.168.5.5")))
        .unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::ENETUNREACH, "{e}");
    assert_eq!(k.message.as_deref(), Some("Nexthop has invalid gateway"));
    assert!(e.to_string().contains("Nexthop has invalid gateway"), "{e}");

    // The same inside a multipath route.
    let e = c
        .route_add(
            &RouteRequest::new(p("10.91.0.0/16"))
                .nexthop(NextHopRequest::new().via(a("10.0.0.2")))
                .nexthop(NextHopRequest::new().via(a("192.168.5.5"))),
        )
        .unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::ENETUNREACH, "{e}");
    assert_eq!(k.message.as_deref(), Some("Nexthop has invalid gateway"));

    // IPv6 says EHOSTUNREACH, without text on this kernel.
    let e = c
        .route_add(&RouteRequest::new(p("2001:db8:90::/48")).via(a("2001:db8:99::1")))
        .unwrap_err();
    assert_eq!(e.errno(), Some(libc::EHOSTUNREACH), "{e}");

    // Host bits set.
    let e = c
        .route_add(&RouteRequest::new(p("10.92.1.0/16")).dev(va))
        .unwrap_err();
    let k = e.as_kernel().expect("kernel error");
    assert_eq!(k.errno, libc::EINVAL);
    assert_eq!(
        k.message.as_deref(),
        Some("Invalid prefix for given prefix length")
    );
    // ... which `network()` clears.
    c.route_add(&RouteRequest::new(p("10.92.1.0/16").network()).dev(va))
        .unwrap();

    // No such device.
    let e = c
        .route_add(&RouteRequest::new(p("10.93.0.0/16")).dev(9999))
        .unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENODEV), "{e}");
    assert!(e.is_not_found());
}

#[test]
fn listing_filters_by_table_family_and_device_with_and_without_strict_checking() {
    need_root!();
    let ns = new_ns();
    ip_batch(&ns, LINKS);
    ip_batch(&ns, ROUTES);
    let vc = index_of(&ns, "vc");
    let mut strict = dial(&ns);
    let mut loose = Conn::<RouteProto>::dial(
        Config::default()
            .netns(&ns)
            .strict_check(false)
            .read_timeout(Duration::from_secs(10)),
    )
    .unwrap();
    let filters = [
        RouteFilter::main(),
        RouteFilter::main().v4(),
        RouteFilter::main().v6(),
        RouteFilter::table(100),
        RouteFilter::table(1000).v6(),
        RouteFilter::table(255),
        RouteFilter::all_tables(),
        RouteFilter::all_tables().dev(vc),
        RouteFilter::main().v4().dev(vc),
        RouteFilter::all_tables().protocol(RouteProtocol::STATIC),
    ];
    // The expiring route's cache info counts down between dumps.
    let list = |c: &mut Conn<RouteProto>, f| {
        let v: Vec<RouteEntry> = c
            .routes(f)
            .unwrap()
            .iter()
            .map(|r| r.without(&[RTA_CACHEINFO]))
            .collect();
        v
    };
    for f in filters {
        let a = list(&mut strict, f);
        let b = list(&mut loose, f);
        assert!(!a.is_empty(), "{f:?}");
        assert_eq!(a.len(), b.len(), "{f:?}");
        for r in &a {
            assert!(b.contains(r), "{f:?}: {r:?}");
            assert!(f.table.is_none_or(|t| t == r.table()), "{f:?}: {r:?}");
            assert!(f.family.is_none_or(|x| x == r.family()), "{f:?}: {r:?}");
            assert!(
                f.oif.is_none_or(
                    |i| r.oif() == Some(i) || r.nexthops().any(|h| h.unwrap().ifindex() == i)
                ),
                "{f:?}: {r:?}"
            );
        }
    }
    let statics = strict
        .routes(RouteFilter::all_tables().protocol(RouteProtocol::STATIC))
        .unwrap();
    assert_eq!(statics.len(), 3, "{statics:#?}");
    // A table that does not exist is empty, not an error.
    for f in [
        RouteFilter::table(4242),
        RouteFilter::table(4242).v4(),
        RouteFilter::table(4242).v6(),
    ] {
        assert!(strict.routes(f).unwrap().is_empty(), "{f:?}");
        assert!(loose.routes(f).unwrap().is_empty(), "{f:?}");
    }
}

#[test]
fn a_filtered_dump_asks_the_kernel_and_filters_again_itself() {
    use nlstack::testing::{FakeKernel, Reply};
    use nlstack::wire::{FamilyHeader, RtMsg};
    // The fake kernel ignores the filter and answers with routes of
    // several tables, families and devices.
    fn answer(req: &Message<'_>) -> Vec<nlstack::testing::Incoming> {
        let mut reply = Reply::to(req);
        let routes = [
            (p("2001:db8:1::/48"), 1000, 3),
            (p("2001:db8:2::/48"), 254, 3),
            (p("2001:db8:3::/48"), 1000, 4),
            (p("10.0.0.0/8"), 1000, 3),
            (p("2001:db8:4::/48"), 1000, 3),
        ];
        for (dst, table, oif) in routes {
            reply = reply.message(MsgType::RTM_NEWROUTE, Flags::MULTI, |e| {
                RouteRequest::new(dst).table(table).dev(oif).encode(e);
            });
        }
        reply.done(Flags::MULTI).build()
    }
    let mut fake = FakeKernel::new(77);
    fake.on_request(answer)
        .on_request(answer)
        .on_request(answer);
    let mut c = Conn::<RouteProto, _>::with_transport(fake, 77, &Config::default());
    let got = c.routes(RouteFilter::table(1000).v6().dev(3)).unwrap();
    let dsts: Vec<String> = got
        .iter()
        .map(|r| r.dst_prefix().unwrap().to_string())
        .collect();
    assert_eq!(dsts, ["2001:db8:1::/48", "2001:db8:4::/48"]);

    // The request: family, table (RT_TABLE_UNSPEC in the header, the id
    // in RTA_TABLE), device; nothing else in the header, as strict
    // checking demands.
    let req = c.transport().requests()[0].clone();
    let m = Message::parse(&req).unwrap();
    assert_eq!(m.kind(), MsgType::RTM_GETROUTE);
    assert!(m.flags().contains(Flags::DUMP));
    let h = RtMsg::parse(m.payload()).unwrap();
    assert_eq!(
        h,
        RtMsg {
            family: AF_INET6,
            ..Default::default()
        }
    );
    let r = parse_strict(&m).unwrap();
    assert_eq!((r.table(), r.oif()), (1000, Some(3)));

    // Main: rtm_table 254, no RTA_TABLE. All: table 0.
    for (f, table) in [(RouteFilter::main(), 254), (RouteFilter::all_tables(), 0)] {
        c.routes(f).unwrap();
        let req = c.transport().requests().last().unwrap().clone();
        let m = Message::parse(&req).unwrap();
        let r = parse_strict(&m).unwrap();
        assert_eq!((r.header().family, r.header().table), (0, table));
        assert_eq!(attrs_of(&r).count(), 0);
    }
}

// ---------------------------------------------------------------------
// Fixtures: decoding, and tolerance of malformed attributes.

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every route message of a capture, each copied out as its own buffer.
fn route_messages(name: &str) -> Vec<Vec<u8>> {
    let file = fixture(name);
    let mut out = Vec::new();
    for d in capture::Datagrams::new(&file) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.kind() == MsgType::RTM_NEWROUTE {
                out.push(m.bytes().to_vec());
            }
        }
    }
    out
}

fn parse(buf: &[u8]) -> RouteMsg<&[u8]> {
    RouteMsg::parse(&buf[NLMSG_HDRLEN..]).unwrap()
}

/// The message's route, failing on any attribute that did not decode
/// (next hops' and metrics' included), as the strict lists do.
fn parse_strict<'a>(m: &Message<'a>) -> nlstack::Result<RouteMsg<&'a [u8]>> {
    let r = RouteMsg::parse(m.payload())?;
    r.check_all()?;
    Ok(r)
}

/// The route's attributes, offsets counted from the `rtmsg`.
fn attrs_of<'v>(r: &'v RouteMsg<&[u8]>) -> Attrs<'v> {
    Attrs::with_offset(&r.as_bytes()[RtMsg::LEN..], RtMsg::LEN)
}

/// Every field a route view offers, in an owned form, to compare a
/// damaged route with the clean one.
#[derive(Debug, Clone, PartialEq)]
struct Fields {
    header: RtMsg,
    table: u32,
    dst: Option<IpAddr>,
    src: Option<IpAddr>,
    gateway: Option<IpAddr>,
    via: Option<Via>,
    oif: Option<u32>,
    iif: Option<u32>,
    priority: Option<u32>,
    prefsrc: Option<IpAddr>,
    metrics: Option<MetricsSpec>,
    nexthops: Vec<NextHop>,
    pref: Option<RoutePref>,
    expires: Option<u32>,
    cache_info: Option<RouteCacheInfo>,
    flow: Option<u32>,
    mark: Option<u32>,
    uid: Option<u32>,
    nh_id: Option<u32>,
    encap_type: Option<u16>,
    ttl_propagate: Option<u8>,
    malformed: u16,
}

fn fields(r: &RouteMsg<&[u8]>) -> Fields {
    Fields {
        header: r.header(),
        table: r.table(),
        dst: r.dst(),
        src: r.src(),
        gateway: r.gateway(),
        via: r.via(),
        oif: r.oif(),
        iif: r.iif(),
        priority: r.priority(),
        prefsrc: r.prefsrc(),
        metrics: r.metrics().map(|m| m.to_spec()),
        nexthops: r
            .nexthops()
            .map_while(|h| h.ok())
            .map(|h| h.to_owned())
            .collect(),
        pref: r.pref(),
        expires: r.expires(),
        cache_info: r.cache_info(),
        flow: r.flow(),
        mark: r.mark(),
        uid: r.uid(),
        nh_id: r.nh_id(),
        encap_type: r.encap_type(),
        ttl_propagate: r.ttl_propagate(),
        malformed: r.malformed_all(),
    }
}

#[test]
fn every_fixture_route_decodes_strictly() {
    for (name, family) in [("routes4.bin", AF_INET), ("routes6.bin", AF_INET6)] {
        let msgs = route_messages(name);
        let mut by_table: BTreeMap<u32, usize> = BTreeMap::new();
        let mut multipath = Vec::new();
        for b in &msgs {
            let m = Message::parse(b).unwrap();
            let r = parse_strict(&m).unwrap();
            assert_eq!(r.family(), family);
            assert_eq!(r.malformed_all(), 0);
            let owned: RouteEntry = r.owned();
            assert_eq!(owned.as_view(), r);
            assert_eq!(fields(&owned.as_view()), fields(&r));
            assert_eq!(owned.nexthops().count(), r.nexthops().count());
            *by_table.entry(r.table()).or_default() += 1;
            if r.nexthops().next().is_some() {
                multipath.push(owned);
            }
        }
        if family == AF_INET {
            assert_eq!(by_table[&100], 400);
            assert_eq!(by_table[&1000], 200);
            assert!(by_table[&254] >= 4050);
            assert_eq!(multipath.len(), 50);
            for r in &multipath {
                assert_eq!(r.dst_len(), 24);
                assert!(r.dst_prefix().unwrap().to_string().starts_with("198.18."));
                let hops: Vec<_> = r
                    .nexthops()
                    .map(|h| h.unwrap())
                    .map(|h| (h.gateway().unwrap().to_string(), h.weight()))
                    .collect();
                assert_eq!(
                    hops,
                    [("10.0.4.3".to_string(), 1), ("10.0.5.3".to_string(), 3)]
                );
            }
        } else {
            assert_eq!(by_table[&200], 200);
            assert_eq!(multipath.len(), 20);
            for r in &multipath {
                let w: Vec<_> = r.nexthops().map(|h| h.unwrap().weight()).collect();
                assert_eq!(w, [2, 1]);
                assert!(r.nexthops().all(|h| h.unwrap().ifindex() != 0));
            }
        }
    }
}

fn first_route(name: &str, pred: impl Fn(&RouteMsg<&[u8]>) -> bool) -> Vec<u8> {
    route_messages(name)
        .into_iter()
        .find(|b| pred(&parse(b)))
        .expect("a matching route in the fixture")
}

/// The offset in `buf` (a whole message) of the first attribute of `kind`.
fn attr_offset(buf: &[u8], kind: u16) -> usize {
    let r = parse(buf);
    NLMSG_HDRLEN
        + attrs_of(&r)
            .map(|a| a.unwrap())
            .find(|a| a.kind() == kind)
            .expect("attribute present")
            .offset()
}

fn set_kind(buf: &mut [u8], at: usize, kind: u16) {
    buf[at + 2..at + 4].copy_from_slice(&kind.to_ne_bytes());
}

#[test]
fn a_mistyped_attribute_loses_only_its_own_field() {
    let clean = first_route("routes4.bin", |r| {
        r.gateway().is_some() && r.oif().is_some() && r.priority().is_some()
    });
    let good = fields(&parse(&clean));
    // (attribute, the kind it becomes, what the route loses)
    type Lose = fn(&mut Fields);
    let cases: [(u16, u16, Lose); 2] = [
        // RTA_OIF's 4 bytes read as RTA_PREF, which wants 1.
        (RTA_OIF, RTA_PREF, |r| r.oif = None),
        // RTA_GATEWAY's 4 bytes read as RTA_ENCAP_TYPE, which wants 2.
        (RTA_GATEWAY, RTA_ENCAP_TYPE, |r| r.gateway = None),
    ];
    for (kind, new_kind, lose) in cases {
        let mut bad = clean.clone();
        let at = attr_offset(&bad, kind);
        set_kind(&mut bad, at, new_kind);
        let m = Message::parse(&bad).unwrap();
        let r = RouteMsg::parse(m.payload()).unwrap();
        assert_eq!(r.malformed(), 1, "kind {kind}");
        assert_eq!(r.malformed_all(), 1, "kind {kind}");
        // Offsets count from the payload (the `rtmsg`).
        let e = r.check().unwrap_err();
        assert_eq!(e.as_decode().unwrap().offset, at - NLMSG_HDRLEN);
        let mut want = good.clone();
        lose(&mut want);
        want.malformed = 1;
        assert_eq!(fields(&r), want, "kind {kind}: every other field decodes");
        assert_eq!(fields(&r.owned().as_view()), want, "kind {kind}: owned");
        let e = parse_strict(&m).unwrap_err();
        assert_eq!(e.as_decode().unwrap().offset, at - NLMSG_HDRLEN);
    }
}

#[test]
fn a_bad_next_hop_length_is_one_error_and_keeps_what_precedes_it() {
    let clean = first_route("routes4.bin", |r| r.multipath().is_some());
    let good = fields(&parse(&clean));
    assert_eq!(good.nexthops.len(), 2);
    let mp = attr_offset(&clean, RTA_MULTIPATH);
    let first = mp + 4;
    let first_len = u16::from_ne_bytes([clean[first], clean[first + 1]]) as usize;
    let second = first + first_len.next_multiple_of(4);

    // The second next hop claims more bytes than there are; then fewer
    // than its own header.
    for (len, min_hops) in [(0xffffu16, 1), (4, 1)] {
        let mut bad = clean.clone();
        bad[second..second + 2].copy_from_slice(&len.to_ne_bytes());
        let m = Message::parse(&bad).unwrap();
        let r = RouteMsg::parse(m.payload()).unwrap();
        assert_eq!(
            r.malformed(),
            0,
            "rtnh_len {len}: the route's own attributes"
        );
        assert_eq!(r.malformed_all(), 1, "rtnh_len {len}");
        let e = r.check_all().unwrap_err();
        let d = e.as_decode().unwrap();
        assert_eq!(d.what, "rtnexthop");
        assert_eq!(d.offset, second - NLMSG_HDRLEN);
        let hops: Vec<_> = r.nexthops().collect();
        assert_eq!(hops.len(), min_hops + 1, "the good hop, then the error");
        assert!(hops[1].is_err());
        let mut want = good.clone();
        want.nexthops.truncate(min_hops);
        want.malformed = 1;
        assert_eq!(fields(&r), want);
        assert!(parse_strict(&m).is_err());
    }

    // The first next hop's gateway mistyped: that hop keeps its weight
    // and device, loses its gateway; one error in all.
    let mut bad = clean.clone();
    let gw = first + 8;
    assert_eq!(u16::from_ne_bytes([bad[gw + 2], bad[gw + 3]]), RTA_GATEWAY);
    set_kind(&mut bad, gw, RTA_ENCAP_TYPE);
    let m = Message::parse(&bad).unwrap();
    let r = RouteMsg::parse(m.payload()).unwrap();
    assert_eq!(r.malformed_all(), 1);
    let e = r.check_all().unwrap_err();
    assert_eq!(e.as_decode().unwrap().offset, gw - NLMSG_HDRLEN);
    let hop = r.nexthops().next().unwrap().unwrap();
    assert_eq!(hop.malformed(), 1);
    let mut want = good.clone();
    want.nexthops[0].gateway = None;
    want.malformed = 1;
    assert_eq!(fields(&r), want);
    assert!(parse_strict(&m).is_err());
}

#[test]
fn a_malformed_duplicate_in_a_next_hop_or_the_metrics_keeps_the_good_one() {
    // A next hop with a good gateway then a 3-byte one; metrics with a
    // good MTU then a 2-byte one.
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::empty(), 1, 0);
    e.header(&RtMsg {
        family: AF_INET,
        dst_len: 8,
        ..Default::default()
    });
    e.put(RTA_DST, &[10, 0, 0, 0]);
    {
        let mut n = e.nest(RTA_METRICS);
        n.put_u32(RTAX_MTU, 1400);
        n.put_u16(RTAX_MTU, 9);
        n.put_u32(RTAX_ADVMSS, 1360);
    }
    let mut mp = Vec::new();
    mp.extend_from_slice(&(8u16 + 8 + 8).to_ne_bytes());
    mp.extend_from_slice(&[0, 2]);
    mp.extend_from_slice(&5u32.to_ne_bytes());
    mp.extend_from_slice(&8u16.to_ne_bytes());
    mp.extend_from_slice(&RTA_GATEWAY.to_ne_bytes());
    mp.extend_from_slice(&[192, 0, 2, 1]);
    mp.extend_from_slice(&7u16.to_ne_bytes());
    mp.extend_from_slice(&RTA_GATEWAY.to_ne_bytes());
    mp.extend_from_slice(&[1, 2, 3, 0]);
    e.put(RTA_MULTIPATH, &mp);
    e.finish().unwrap();
    let m = Message::parse(&buf).unwrap();
    let r = RouteMsg::parse(m.payload()).unwrap();
    assert_eq!(r.malformed(), 0);
    assert_eq!(r.malformed_all(), 2);
    let metrics = r.metrics().unwrap();
    assert_eq!((metrics.mtu(), metrics.advmss()), (Some(1400), Some(1360)));
    assert_eq!(metrics.malformed(), 1);
    let hop = r.nexthops().next().unwrap().unwrap();
    assert_eq!(hop.gateway(), Some(a("192.0.2.1")));
    assert_eq!((hop.ifindex(), hop.weight(), hop.malformed()), (5, 3, 1));
    assert!(r.check().is_ok());
    let err = r.check_all().unwrap_err();
    let mtu_at = attr_offset(&buf, RTA_METRICS) + 4 + 8;
    assert_eq!(err.as_decode().unwrap().offset, mtu_at - NLMSG_HDRLEN);
}

#[test]
fn a_route_view_is_small() {
    let size = std::mem::size_of::<RouteMsg<&[u8]>>();
    assert!(size <= 256, "{size}");
    assert!(std::mem::size_of::<NextHopMsg<'_>>() <= 48);
}

/// Decodes `buf` every way there is, ignoring the outcome.
fn exercise(buf: &[u8]) -> usize {
    let Ok(m) = Message::parse(buf) else { return 0 };
    let Ok(r) = RouteMsg::parse(m.payload()) else {
        return 0;
    };
    let _ = parse_strict(&m);
    let owned = r.owned();
    let _ = owned.dst_prefix();
    let _ = owned.to_request();
    let _ = fields(&r);
    let _ = format!("{r:?}");
    let _ = format!("{:?}", r.nexthops());
    r.nexthops().count() + r.malformed_all() as usize
}

#[test]
fn no_corruption_of_a_multipath_route_panics() {
    for name in ["routes4.bin", "routes6.bin"] {
        let clean = first_route(name, |r| r.multipath().is_some());
        let mut n = 0;
        // Every value at every byte past the netlink header.
        for i in 16..clean.len() {
            for v in 0..=255u8 {
                let mut b = clean.clone();
                b[i] = v;
                n += exercise(&b);
            }
        }
        // Every truncation, with nlmsg_len cut to match.
        for len in 16..clean.len() {
            let mut b = clean[..len].to_vec();
            b[..4].copy_from_slice(&(len as u32).to_ne_bytes());
            n += exercise(&b);
        }
        // Pseudo-random multi-byte damage inside RTA_MULTIPATH.
        let mp = attr_offset(&clean, RTA_MULTIPATH);
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            let mut b = clean.clone();
            for _ in 0..4 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let i = mp + (x as usize % (clean.len() - mp));
                b[i] = (x >> 32) as u8;
            }
            n += exercise(&b);
        }
        assert!(n > 0);
    }
}

#[test]
fn a_request_decodes_back_to_what_was_asked() {
    let mut m = MetricsSpec::new()
        .with(RTAX_MTU, 1400)
        .with(RTAX_HOPLIMIT, 9);
    assert!(m.set_cc_algo(b"cubic"));
    assert!(!m.set_cc_algo(b"a-name-far-too-long"));
    let req = RouteRequest::new(p("10.9.0.0/16"))
        .table(70000)
        .metric(3)
        .protocol(RouteProtocol::BGP)
        .prefsrc(a("10.0.0.1"))
        .metrics(m.clone())
        .nexthop(NextHopRequest::new().via(a("10.0.0.2")).dev(4).weight(256))
        .nexthop(NextHopRequest::new().via(a("2001:db8::1")).dev(5).onlink())
        .nexthop(NextHopRequest::new().dev(6).weight(0));
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::REQUEST, 1, 0);
    req.encode(&mut e);
    e.finish().unwrap();
    let msg = Message::parse(&buf).unwrap();
    let r = parse_strict(&msg).unwrap();
    assert_eq!(
        r.header().table,
        0,
        "rtm_table is RT_TABLE_UNSPEC above 255"
    );
    assert_eq!(r.table(), 70000);
    assert_eq!(r.priority(), Some(3));
    assert_eq!(r.protocol(), RouteProtocol::BGP);
    assert_eq!(r.scope(), RouteScope::UNIVERSE);
    assert_eq!(r.kind(), RouteType::UNICAST);
    assert_eq!(r.prefsrc(), Some(a("10.0.0.1")));
    let metrics = r.metrics().unwrap();
    assert_eq!(metrics.to_spec(), m);
    assert_eq!(metrics.cc_algo(), Some(&b"cubic"[..]));
    assert_eq!(metrics.get(RTAX_CC_ALGO), None);
    assert_eq!(
        metrics.iter().collect::<Vec<_>>(),
        [(RTAX_MTU, 1400), (RTAX_HOPLIMIT, 9)]
    );
    // RTA_MULTIPATH goes without NLA_F_NESTED, as iproute2 sends it.
    let mp = attrs_of(&r).find(RTA_MULTIPATH).unwrap().unwrap();
    assert!(!mp.is_nested());
    let hops = fields(&r).nexthops;
    assert_eq!(hops.len(), 3);
    assert_eq!((hops[0].weight, hops[0].ifindex), (256, 4));
    assert_eq!(hops[0].gateway, Some(a("10.0.0.2")));
    assert_eq!(hops[1].gateway, None);
    assert_eq!(hops[1].via, Some(Via::from(a("2001:db8::1"))));
    assert!(hops[1].flags.contains(NextHopFlags::ONLINK));
    assert_eq!(
        (hops[2].weight, hops[2].ifindex, hops[2].gateway),
        (1, 6, None)
    );
    // And the owned route names itself back.
    let again = r.owned().to_request();
    assert_eq!(again.dst, req.dst);
    assert_eq!(again.table, Some(70000));
    assert_eq!(again.nexthops.len(), 3);
    assert_eq!(again.metrics, m);
    // The request form of the view encodes the same attributes back.
    let spec = r.to_spec();
    assert_eq!(spec.table_attr, Some(70000));
    assert_eq!(spec.multipath.as_ref().map(Vec::len), Some(3));
    let mut again = Vec::new();
    let mut e = Encoder::new(&mut again, MsgType::RTM_NEWROUTE, Flags::REQUEST, 1, 0);
    e.header(&r.header());
    spec.encode(&mut e);
    e.finish().unwrap();
    let back = parse(&again);
    assert_eq!(fields(&back), fields(&r));

    // A delete matches any type, protocol and scope unless told.
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_DELROUTE, Flags::REQUEST, 1, 0);
    RouteRequest::new(p("10.9.0.0/16")).encode_delete(&mut e);
    e.finish().unwrap();
    let r = parse(&buf);
    assert_eq!(
        (r.kind(), r.protocol(), r.scope(), r.table()),
        (
            RouteType::UNSPEC,
            RouteProtocol::UNSPEC,
            RouteScope::NOWHERE,
            254
        )
    );

    // A lookup is a host prefix with RTA_DST.
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_GETROUTE, Flags::REQUEST, 1, 0);
    RouteLookup::new(a("2001:db8::7")).mark(5).encode(&mut e);
    e.finish().unwrap();
    let r = parse(&buf);
    assert_eq!(r.header().dst_len, 128);
    assert_eq!(r.dst(), Some(a("2001:db8::7")));
    assert_eq!(r.mark(), Some(5));
}

#[test]
fn prefixes_parse_print_and_mask() {
    assert_eq!(p("10.1.0.0/16").to_string(), "10.1.0.0/16");
    assert_eq!(p("2001:db8::/32").len(), 32);
    assert_eq!(p("::1").len(), 128);
    assert!(p("0.0.0.0/0").is_default());
    for bad in [
        "",
        "10.0.0.0/",
        "10.0.0.0/33",
        "::/129",
        "10.0.0.0/+1",
        "x/8",
        "10.0.0.0/08x",
    ] {
        assert!(bad.parse::<Prefix>().is_err(), "{bad:?}");
    }
    assert_eq!(p("10.1.2.3/16").network(), p("10.1.0.0/16"));
    assert_eq!(p("10.1.2.3/0").network(), p("0.0.0.0/0"));
    assert_eq!(p("10.1.2.3/32").network(), p("10.1.2.3/32"));
    assert_eq!(p("2001:db8::1/64").network(), p("2001:db8::/64"));
    assert_eq!(Prefix::new(a("10.0.0.1"), 99).len(), 32);
}
