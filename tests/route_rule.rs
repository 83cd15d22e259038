//! Rules against the real kernel, with `ip -d -N -j rule show` as the
//! oracle, and the rule view against the fixture `rules.bin`.

#[macro_use]
mod common;

use common::ip;
use std::collections::BTreeMap;
use std::io::Write;
use std::net::IpAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::rule::{
    FRA_DPORT_MASK, FRA_DPORT_RANGE, FRA_DSCP, FRA_DSCP_MASK, FRA_DST, FRA_FLOW, FRA_FLOWLABEL,
    FRA_FLOWLABEL_MASK, FRA_FWMARK, FRA_FWMASK, FRA_GOTO, FRA_IIFNAME, FRA_IP_PROTO, FRA_L3MDEV,
    FRA_OIFNAME, FRA_PAD, FRA_PRIORITY, FRA_PROTOCOL, FRA_SPORT_MASK, FRA_SPORT_RANGE, FRA_SRC,
    FRA_SUPPRESS_IFGROUP, FRA_SUPPRESS_PREFIXLEN, FRA_TABLE, FRA_TUN_ID, FRA_UID_RANGE, PortRange,
    Rule, RuleAction, RuleFlags, RuleMsg, RuleRequest, UidRange,
};
use nlstack::wire::{
    Attrs, Encoder, FamilyHeader, FibRuleHdr, Flags, Message, Messages, MsgType, capture,
};
use serde_json::{Map, Value, json};

const V4: u8 = libc::AF_INET as u8;
const V6: u8 = libc::AF_INET6 as u8;

fn ip_batch(ns: &NetNs, args: &[&str], script: &str) {
    let ok = ns
        .run(|| -> std::io::Result<bool> {
            let mut c = Command::new("ip")
                .args(args)
                .args(["-batch", "-"])
                .stdin(Stdio::piped())
                .spawn()?;
            c.stdin.take().unwrap().write_all(script.as_bytes())?;
            Ok(c.wait()?.success())
        })
        .unwrap()
        .unwrap();
    assert!(ok, "ip -batch failed:\n{script}");
}

fn dial(ns: &NetNs) -> Conn<Route> {
    Conn::<Route>::dial(
        Config::default()
            .netns(ns)
            .read_timeout(Duration::from_secs(10)),
    )
    .expect("dial")
}

/// A namespace with a veth pair (names for iif/oif that exist).
fn rule_ns() -> NetNs {
    let ns = NetNs::new_anonymous().expect("anonymous namespace");
    ip_batch(&ns, &[], "link add va1 type veth peer name vb1\n");
    ns
}

/// `ip -d -N -j [-6] rule show`, one JSON object per rule.
fn ip_rules(ns: &NetNs, family: u8) -> Vec<Value> {
    let fam = if family == V6 { "-6" } else { "-4" };
    let s = ip(ns, &["-d", "-N", "-j", fam, "rule", "show"]);
    serde_json::from_str::<Value>(&s)
        .unwrap()
        .as_array()
        .cloned()
        .unwrap()
}

/// A rule as `ip -d -N -j rule show` (iproute2 6.1) prints it: the same
/// keys, the same rules for when a key appears, the same value types.
fn ip_like(r: &RuleMsg<&[u8]>) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_owned(), v);
    };
    let host_len = if r.family() == V6 { 128 } else { 32 };
    put("priority", json!(r.pref()));
    if r.flags().contains(RuleFlags::INVERT) {
        put("not", Value::Null);
    }
    match r.src() {
        Some(a) => {
            put("src", json!(a.to_string()));
            if r.src_len() != host_len {
                put("srclen", json!(r.src_len()));
            }
        }
        None => put("src", json!("all")),
    }
    if let Some(a) = r.dst() {
        put("dst", json!(a.to_string()));
        if r.dst_len() != host_len {
            put("dstlen", json!(r.dst_len()));
        }
    }
    if r.tos() != 0 {
        put("tos", json!(format!("{:#x}", r.tos())));
    }
    if r.fwmark().is_some() || r.fwmask().is_some() {
        put("fwmark", json!(format!("{:#x}", r.fwmark().unwrap_or(0))));
        if let Some(mask) = r.fwmask().filter(|&m| m != u32::MAX) {
            put("fwmask", json!(format!("{mask:#x}")));
        }
    }
    if let Some(i) = r.iif() {
        put("iif", json!(String::from_utf8_lossy(i)));
        if r.flags().contains(RuleFlags::IIF_DETACHED) {
            put("iif_detached", Value::Null);
        }
    }
    if let Some(o) = r.oif() {
        put("oif", json!(String::from_utf8_lossy(o)));
        if r.flags().contains(RuleFlags::OIF_DETACHED) {
            put("oif_detached", Value::Null);
        }
    }
    if r.l3mdev().is_some_and(|l| l != 0) {
        put("l3mdev", Value::Null);
    }
    if let Some(u) = r.uid_range() {
        put("uid_start", json!(u.start));
        put("uid_end", json!(u.end));
    }
    if let Some(p) = r.ip_proto() {
        put("ipproto", json!(format!("ipproto-{p}")));
    }
    for (name, range) in [("sport", r.sport()), ("dport", r.dport())] {
        if let Some(p) = range {
            if p.start == p.end {
                put(name, json!(p.start));
            } else {
                put(&format!("{name}_start"), json!(p.start));
                put(&format!("{name}_end"), json!(p.end));
            }
        }
    }
    if let Some(t) = r.tun_id() {
        put("tun_id", json!(t));
    }
    if r.table() != 0 {
        put("table", json!(r.table().to_string()));
        if let Some(l) = r.suppress_prefixlen() {
            put("suppress_prefixlen", json!(l));
        }
        if let Some(g) = r.suppress_ifgroup() {
            put("suppress_ifgroup", json!(g.to_string()));
        }
    }
    if let Some(f) = r.flow() {
        if f >> 16 != 0 {
            put("flow_from", json!((f >> 16).to_string()));
        }
        put("flow_to", json!((f & 0xffff).to_string()));
    }
    match r.action() {
        RuleAction::TO_TBL => {}
        RuleAction::GOTO => {
            put("goto", json!(r.goto().unwrap()));
            if r.flags().contains(RuleFlags::UNRESOLVED) {
                put("unresolved", Value::Null);
            }
        }
        RuleAction::NOP => put("nop", Value::Null),
        a => put("action", json!(a.0.to_string())),
    }
    if let Some(p) = r.protocol() {
        put("protocol", json!(p.to_string()));
    }
    Value::Object(m)
}

/// Our list of `family`, shaped like ip's.
fn ours_like_ip(c: &mut Conn<Route>, family: u8) -> Vec<Value> {
    c.rules(Some(family))
        .unwrap()
        .iter()
        .map(|r| ip_like(&r))
        .collect()
}

const RULES4: &str = "\
rule add pref 100 fwmark 0x10/0xff table 100
rule add pref 101 uidrange 1000-1999 table 100
rule add pref 102 from 10.0.0.0/8 to 172.16.0.0/12 table 1000
rule add pref 103 iif va1 oif vb1 table 100
rule add pref 104 ipproto tcp sport 1000-2000 dport 443 table 100
rule add pref 105 tos 0x10 table main suppress_prefixlength 0
rule add pref 106 fwmark 0x20 goto 110
rule add pref 107 goto 999
rule add pref 110 not from 192.168.0.0/16 prohibit
rule add pref 111 protocol static table 4000000000
rule add pref 112 blackhole
rule add pref 113 unreachable
rule add pref 114 iif lo l3mdev
rule add pref 115 suppress_ifgroup 5 table 5
rule add pref 116 nop
rule add pref 117 ipproto udp sport 5353 dport 53-54 table 300
rule add pref 118 from 10.1.0.0/16 iif va1 fwmark 0x1/0x1 uidrange 0-0 table 7
rule add pref 119 from 10.0.0.1 to 10.0.0.2 realms 3/5 table 5
rule add pref 120 realms 7 tun_id 55 table 5
rule add pref 121 iif nosuchdev oif nosuchdev2 table 9
rule add pref 122 fwmark 0x5 table 70000 protocol 42
";

const RULES6: &str = "\
rule add pref 200 from fd00::/16 table 200
rule add pref 201 fwmark 0x30/0xf0 uidrange 0-99 table 200
rule add pref 202 to fd01::/32 ipproto tcp dport 80-90 table 70000
rule add pref 203 not to fd02::/64 unreachable
rule add pref 204 oif vb1 protocol 99 blackhole
rule add pref 205 tos 0x10 table 5 suppress_prefixlength 48
rule add pref 206 from fd00::1 iif va1 prohibit
rule add pref 207 ipproto 58 sport 1-2 table 300
";

#[test]
fn rules_built_by_ip_match_ip_rule_show() {
    need_root!();
    let ns = rule_ns();
    ip_batch(&ns, &[], RULES4);
    ip_batch(&ns, &["-6"], RULES6);
    let mut c = dial(&ns);
    for fam in [V4, V6] {
        let theirs = ip_rules(&ns, fam);
        let ours = ours_like_ip(&mut c, fam);
        assert_eq!(ours.len(), theirs.len());
        for (o, t) in ours.iter().zip(&theirs) {
            assert_eq!(o, t);
        }
    }
    // Spot checks in our own terms.
    let v4 = c.rules(Some(V4)).unwrap();
    let by_prio = |p: u32| v4.iter().find(|r| r.pref() == p).unwrap();
    assert_eq!(by_prio(111).table(), 4_000_000_000);
    assert_eq!(by_prio(111).protocol(), Some(4));
    assert_eq!(by_prio(110).action(), RuleAction::PROHIBIT);
    assert!(by_prio(110).is_inverted());
    assert_eq!(
        by_prio(104).sport(),
        Some(PortRange {
            start: 1000,
            end: 2000
        })
    );
    assert_eq!(
        by_prio(101).uid_range(),
        Some(UidRange {
            start: 1000,
            end: 1999
        })
    );
    assert_eq!(
        by_prio(107).flags() & RuleFlags::UNRESOLVED,
        RuleFlags::UNRESOLVED
    );
    assert!(
        by_prio(121)
            .flags()
            .contains(RuleFlags::IIF_DETACHED | RuleFlags::OIF_DETACHED)
    );
    assert_eq!(by_prio(100).suppress_prefixlen(), None, "-1 means unset");
    assert_eq!(by_prio(105).suppress_prefixlen(), Some(0));

    // Every family at once: both lists, plus the multicast families'.
    let all = c.rules(None).unwrap();
    let n4 = all.iter().filter(|r| r.family() == V4).count();
    let n6 = all.iter().filter(|r| r.family() == V6).count();
    assert_eq!((n4, n6), (v4.len(), c.rules(Some(V6)).unwrap().len()));
}

/// Adds with nlstack and checks each rule as ip prints it: the expected
/// objects are written out by hand, independent of our decoder.
#[test]
fn rule_add_and_delete_are_seen_by_ip() {
    need_root!();
    let ns = rule_ns();
    let mut c = dial(&ns);
    let a = |s: &str| -> IpAddr { s.parse().unwrap() };
    let cases: Vec<(RuleRequest, Value)> = vec![
        (
            RuleRequest::v4()
                .priority(100)
                .fwmark(0x10, 0xff)
                .table(100),
            json!({"priority":100,"src":"all","fwmark":"0x10","fwmask":"0xff","table":"100","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(101)
                .uid_range(1000, 1999)
                .table(100),
            json!({"priority":101,"src":"all","uid_start":1000,"uid_end":1999,"table":"100","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(102)
                .from(a("10.0.0.0"), 8)
                .to(a("172.16.0.0"), 12)
                .table(1000),
            json!({"priority":102,"src":"10.0.0.0","srclen":8,"dst":"172.16.0.0","dstlen":12,"table":"1000","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(103)
                .iif("va1")
                .oif("vb1")
                .table(100),
            json!({"priority":103,"src":"all","iif":"va1","oif":"vb1","table":"100","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(104)
                .ip_proto(libc::IPPROTO_TCP as u8)
                .sport(PortRange {
                    start: 1000,
                    end: 2000,
                })
                .dport(PortRange::single(443))
                .table(100),
            json!({"priority":104,"src":"all","ipproto":"ipproto-6","sport_start":1000,"sport_end":2000,"dport":443,"table":"100","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(105)
                .tos(0x10)
                .table(254)
                .suppress_prefixlen(0),
            json!({"priority":105,"src":"all","tos":"0x10","table":"254","suppress_prefixlen":0,"protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(106)
                .fwmark(0x20, u32::MAX)
                .goto(110),
            json!({"priority":106,"src":"all","fwmark":"0x20","goto":110,"protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(110)
                .invert()
                .from(a("192.168.0.0"), 16)
                .action(RuleAction::PROHIBIT),
            json!({"priority":110,"not":null,"src":"192.168.0.0","srclen":16,"action":"8","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(111)
                .protocol(4)
                .table(4_000_000_000),
            json!({"priority":111,"src":"all","table":"4000000000","protocol":"4"}),
        ),
        (
            RuleRequest::v4()
                .priority(112)
                .action(RuleAction::BLACKHOLE),
            json!({"priority":112,"src":"all","action":"6","protocol":"0"}),
        ),
        (
            RuleRequest::v4()
                .priority(113)
                .action(RuleAction::UNREACHABLE),
            json!({"priority":113,"src":"all","action":"7","protocol":"0"}),
        ),
        (
            RuleRequest::v4().priority(114).iif("lo").l3mdev(),
            json!({"priority":114,"src":"all","iif":"lo","l3mdev":null,"protocol":"0"}),
        ),
        (
            RuleRequest::v4().priority(115).suppress_ifgroup(5).table(5),
            json!({"priority":115,"src":"all","table":"5","suppress_ifgroup":"5","protocol":"0"}),
        ),
        (
            RuleRequest::v4().priority(116).action(RuleAction::NOP),
            json!({"priority":116,"src":"all","nop":null,"protocol":"0"}),
        ),
        (
            RuleRequest::v6()
                .priority(200)
                .from(a("fd00::"), 16)
                .table(200),
            json!({"priority":200,"src":"fd00::","srclen":16,"table":"200","protocol":"0"}),
        ),
        (
            RuleRequest::v6()
                .priority(201)
                .fwmark(0x30, 0xf0)
                .uid_range(0, 99)
                .table(200),
            json!({"priority":201,"src":"all","fwmark":"0x30","fwmask":"0xf0","uid_start":0,"uid_end":99,"table":"200","protocol":"0"}),
        ),
        (
            RuleRequest::v6()
                .priority(202)
                .to(a("fd01::"), 32)
                .ip_proto(6)
                .dport(PortRange { start: 80, end: 90 })
                .table(70000),
            json!({"priority":202,"src":"all","dst":"fd01::","dstlen":32,"ipproto":"ipproto-6","dport_start":80,"dport_end":90,"table":"70000","protocol":"0"}),
        ),
        (
            RuleRequest::v6()
                .priority(203)
                .invert()
                .to(a("fd02::"), 64)
                .action(RuleAction::UNREACHABLE),
            json!({"priority":203,"not":null,"src":"all","dst":"fd02::","dstlen":64,"action":"7","protocol":"0"}),
        ),
        (
            RuleRequest::v6()
                .priority(204)
                .oif("vb1")
                .protocol(99)
                .action(RuleAction::BLACKHOLE),
            json!({"priority":204,"src":"all","oif":"vb1","action":"6","protocol":"99"}),
        ),
    ];
    for (req, _) in &cases {
        c.rule_add(req).unwrap_or_else(|e| panic!("{req:?}: {e}"));
    }
    for fam in [V4, V6] {
        let theirs = ip_rules(&ns, fam);
        for (req, want) in cases.iter().filter(|c| c.0.family == fam) {
            let p = req.priority.unwrap();
            let got: Vec<&Value> = theirs
                .iter()
                .filter(|r| r["priority"] == json!(p))
                .collect();
            assert_eq!(got, [want], "priority {p}");
        }
        // Our own list agrees with ip too.
        assert_eq!(ours_like_ip(&mut c, fam), theirs);
    }

    // The same rule again: EEXIST.
    let e = c.rule_add(&cases[0].0).unwrap_err();
    assert!(e.is_exists(), "{e}");

    // Delete each with the request that made it: gone for ip.
    for (req, _) in &cases {
        c.rule_del(req).unwrap_or_else(|e| panic!("{req:?}: {e}"));
        let p = json!(req.priority.unwrap());
        assert!(
            ip_rules(&ns, req.family).iter().all(|r| r["priority"] != p),
            "{p} still there"
        );
    }
    let e = c.rule_del(&cases[0].0).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // Only the kernel's defaults are left.
    for fam in [V4, V6] {
        let left: Vec<u64> = ip_rules(&ns, fam)
            .iter()
            .map(|r| r["priority"].as_u64().unwrap())
            .collect();
        let want: &[u64] = if fam == V4 {
            &[0, 32766, 32767]
        } else {
            &[0, 32766]
        };
        assert_eq!(left, want);
    }
}

#[test]
fn a_listed_rule_deletes_through_its_own_request() {
    need_root!();
    let ns = rule_ns();
    ip_batch(&ns, &[], RULES4);
    ip_batch(&ns, &["-6"], RULES6);
    let mut c = dial(&ns);
    for fam in [V4, V6] {
        let before = ip_rules(&ns, fam).len();
        let ours: Vec<Rule> = c
            .rules(Some(fam))
            .unwrap()
            .iter()
            .filter(|r| r.protocol() != Some(2)) // the kernel's defaults
            .map(|r| r.owned())
            .collect();
        for (i, r) in ours.iter().enumerate() {
            c.rule_del(&r.to_request())
                .unwrap_or_else(|e| panic!("{r:?}: {e}"));
            assert_eq!(ip_rules(&ns, fam).len(), before - i - 1);
            let p = json!(r.pref());
            assert!(ip_rules(&ns, fam).iter().all(|x| x["priority"] != p));
        }
    }
}

/// Attributes newer than this machine's iproute2 (DSCP, flow label, port
/// masks): the kernel accepts what we encode (it checks the masks and the
/// label's 20 bits, so a wrong byte order is refused) and lists back what
/// was set; `ip` still sees the rule.
#[test]
fn newer_attributes_round_trip_through_the_kernel() {
    need_root!();
    let ns = rule_ns();
    let mut c = dial(&ns);
    let mut r = RuleRequest::v6()
        .priority(300)
        .flowlabel(0x12345, 0xfffff)
        .dscp(0x28)
        .ip_proto(17)
        .dport(PortRange::single(0x1200))
        .table(30);
    r.dport_mask = Some(0xff00);
    r.dscp_mask = Some(0x3c);
    c.rule_add(&r).unwrap();
    let got = c.rules(Some(V6)).unwrap();
    let got = got.iter().find(|x| x.pref() == 300).unwrap();
    assert_eq!(
        (
            got.flowlabel(),
            got.flowlabel_mask(),
            got.dscp(),
            got.dscp_mask()
        ),
        (Some(0x12345), Some(0xfffff), Some(0x28), Some(0x3c))
    );
    assert_eq!(got.dport_mask(), Some(0xff00));
    assert!(
        ip_rules(&ns, V6)
            .iter()
            .any(|x| x["priority"] == json!(300))
    );
    c.rule_del(&got.to_request()).unwrap();
    assert!(
        ip_rules(&ns, V6)
            .iter()
            .all(|x| x["priority"] != json!(300))
    );
    // A flow label over 20 bits is the kernel's error.
    let bad = RuleRequest::v6()
        .priority(301)
        .flowlabel(0x100000, 0xfffff)
        .table(30);
    assert!(c.rule_add(&bad).is_err());
}

// ---- The fixture: decoding, malformed attributes, requests. ----

fn fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/rules.bin"
    ))
    .unwrap()
}

fn fixture_messages(buf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in capture::Datagrams::new(buf) {
        for m in Messages::new(d.unwrap()) {
            let m = m.unwrap();
            if m.kind() == MsgType::RTM_NEWRULE {
                out.push(m.bytes().to_vec());
            }
        }
    }
    out
}

#[test]
fn every_fixture_rule_decodes_cleanly() {
    let buf = fixture();
    let msgs = fixture_messages(&buf);
    let rules: Vec<Rule> = msgs
        .iter()
        .map(|b| {
            let m = Message::parse(b).unwrap();
            let v = RuleMsg::parse(m.payload()).unwrap();
            v.check().unwrap();
            assert_eq!(v.malformed(), 0);
            let owned: Rule = v.owned();
            assert_eq!(owned.as_view(), v);
            assert_eq!(fields(&owned.as_view()), fields(&v));
            owned
        })
        .collect();
    assert!(rules.len() >= 15, "{}", rules.len());
    let p = |fam: u8, prio: u32| {
        rules
            .iter()
            .find(|r| r.family() == fam && r.pref() == prio)
            .unwrap_or_else(|| panic!("{fam} {prio}"))
    };
    // What capture.sh put there.
    assert_eq!(
        (p(V4, 100).fwmark(), p(V4, 100).fwmask()),
        (Some(0x10), Some(0xff))
    );
    assert_eq!(
        p(V4, 101).uid_range(),
        Some(UidRange {
            start: 1000,
            end: 1999
        })
    );
    let r = p(V4, 102);
    assert_eq!(
        (r.src(), r.src_len(), r.dst(), r.dst_len(), r.table()),
        (
            Some("10.0.0.0".parse().unwrap()),
            8,
            Some("172.16.0.0".parse().unwrap()),
            12,
            1000
        )
    );
    assert_eq!(
        (p(V4, 103).iif(), p(V4, 103).oif()),
        (Some(&b"va1"[..]), Some(&b"va2"[..]))
    );
    let r = p(V4, 104);
    assert_eq!(
        (r.ip_proto(), r.sport(), r.dport()),
        (
            Some(6),
            Some(PortRange {
                start: 1000,
                end: 2000
            }),
            Some(PortRange::single(443))
        )
    );
    assert_eq!(
        (p(V4, 105).tos(), p(V4, 105).suppress_prefixlen()),
        (0x10, Some(0))
    );
    assert_eq!(
        (p(V4, 106).action(), p(V4, 106).goto()),
        (RuleAction::GOTO, Some(110))
    );
    assert_eq!(p(V4, 110).action(), RuleAction::PROHIBIT);
    assert!(p(V4, 110).is_inverted());
    assert_eq!(p(V4, 111).protocol(), Some(4));
    assert_eq!(p(V6, 200).src(), Some("fd00::".parse().unwrap()));
    assert_eq!(p(V6, 201).uid_range(), Some(UidRange { start: 0, end: 99 }));
    // The multicast routing families are there too.
    assert!(rules.iter().any(|r| r.family() == 128));
}

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
/// from (0 for the header's and what is computed from several), as text.
fn fields(r: &RuleMsg<&[u8]>) -> BTreeMap<u16, String> {
    let mut f = BTreeMap::new();
    f.insert(
        0,
        format!(
            "{:?} {} {} {} {} {:?} {:?} {}",
            r.header(),
            r.family(),
            r.src_len(),
            r.dst_len(),
            r.tos(),
            r.action(),
            r.flags(),
            r.is_inverted()
        ),
    );
    let mut put = |k: u16, v: Option<String>| {
        if let Some(v) = v {
            f.insert(k, v);
        }
    };
    let d = |v: &dyn std::fmt::Debug| format!("{v:?}");
    put(FRA_DST, r.dst().map(|v| d(&v)));
    put(FRA_SRC, r.src().map(|v| d(&v)));
    put(FRA_IIFNAME, r.iif().map(|v| d(&v)));
    put(FRA_OIFNAME, r.oif().map(|v| d(&v)));
    put(FRA_GOTO, r.goto().map(|v| d(&v)));
    put(FRA_PRIORITY, r.priority().map(|v| d(&(v, r.pref()))));
    put(FRA_FWMARK, r.fwmark().map(|v| d(&v)));
    put(FRA_FWMASK, r.fwmask().map(|v| d(&v)));
    put(FRA_FLOW, r.flow().map(|v| d(&v)));
    put(FRA_TUN_ID, r.tun_id().map(|v| d(&v)));
    put(
        FRA_SUPPRESS_IFGROUP,
        r.suppress_ifgroup_raw()
            .map(|v| d(&(v, r.suppress_ifgroup()))),
    );
    put(
        FRA_SUPPRESS_PREFIXLEN,
        r.suppress_prefixlen_raw()
            .map(|v| d(&(v, r.suppress_prefixlen()))),
    );
    put(FRA_TABLE, r.table_id().map(|v| d(&(v, r.table()))));
    put(FRA_PAD, r.pad().map(|v| d(&v)));
    put(FRA_L3MDEV, r.l3mdev().map(|v| d(&v)));
    put(FRA_UID_RANGE, r.uid_range().map(|v| d(&v)));
    put(FRA_PROTOCOL, r.protocol().map(|v| d(&v)));
    put(FRA_IP_PROTO, r.ip_proto().map(|v| d(&v)));
    put(FRA_SPORT_RANGE, r.sport().map(|v| d(&v)));
    put(FRA_DPORT_RANGE, r.dport().map(|v| d(&v)));
    put(FRA_SPORT_MASK, r.sport_mask().map(|v| d(&v)));
    put(FRA_DPORT_MASK, r.dport_mask().map(|v| d(&v)));
    put(FRA_DSCP, r.dscp().map(|v| d(&v)));
    put(FRA_DSCP_MASK, r.dscp_mask().map(|v| d(&v)));
    put(FRA_FLOWLABEL, r.flowlabel().map(|v| d(&v)));
    put(FRA_FLOWLABEL_MASK, r.flowlabel_mask().map(|v| d(&v)));
    f
}

#[test]
fn one_corrupted_attribute_leaves_the_rest_decoded() {
    let buf = fixture();
    let mut corrupted = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for b in fixture_messages(&buf) {
        let m = Message::parse(&b).unwrap();
        let clean = RuleMsg::parse(m.payload()).unwrap();
        clean.check().unwrap();
        let clean_fields = fields(&clean);
        let attrs: Vec<_> = Attrs::new(&m.payload()[FibRuleHdr::LEN..])
            .map(|a| a.unwrap())
            .collect();
        for (i, a) in attrs.iter().enumerate() {
            let v = a.value();
            // Names: longer than IFNAMSIZ (any bytes up to it make a
            // name). Others: one byte short (or long, for one-byte values).
            let wrong: Vec<u8> = if matches!(a.kind(), FRA_IIFNAME | FRA_OIFNAME) {
                vec![b'a'; 17]
            } else if v.len() > 1 {
                v[..v.len() - 1].to_vec()
            } else {
                vec![0; v.len() + 1]
            };
            let bad = rebuild(&b, FibRuleHdr::LEN, i, Some(&wrong));
            let bm = Message::parse(&bad).unwrap();
            let view = RuleMsg::parse(bm.payload()).unwrap();
            assert_eq!(view.malformed(), 1, "attr {}", a.kind());
            let e = view.check().unwrap_err();
            assert_eq!(e.as_decode().unwrap().offset, FibRuleHdr::LEN + a.offset());
            let owned = view.owned();
            assert_eq!(owned.malformed(), 1, "the owned value says it is partial");
            let mut want = clean_fields.clone();
            want.remove(&a.kind());
            assert_eq!(fields(&owned.as_view()), want, "attr {}", a.kind());
            assert_eq!(fields(&view), want, "attr {}", a.kind());
            corrupted += 1;
            kinds.insert(a.kind());
        }
        let last = attrs.len() - 1;
        let cut = rebuild(&b, FibRuleHdr::LEN, last, None);
        let cm = Message::parse(&cut).unwrap();
        let view = RuleMsg::parse(cm.payload()).unwrap();
        assert_eq!(view.malformed(), 1);
        let owned = view.owned();
        assert_eq!(owned.malformed(), 1, "the owned value says it is partial");
        let mut want = clean_fields.clone();
        want.remove(&attrs[last].kind());
        assert_eq!(fields(&owned.as_view()), want);
        assert!(view.check().is_err());
    }
    assert!(corrupted >= 60, "{corrupted}");
    // Every kind the fixture has, names and ranges included.
    for k in [
        FRA_DST,
        FRA_SRC,
        FRA_IIFNAME,
        FRA_OIFNAME,
        FRA_GOTO,
        FRA_PRIORITY,
        FRA_FWMARK,
        FRA_FWMASK,
        FRA_TABLE,
        FRA_UID_RANGE,
        FRA_PROTOCOL,
        FRA_IP_PROTO,
        FRA_SPORT_RANGE,
        FRA_DPORT_RANGE,
        FRA_SUPPRESS_PREFIXLEN,
    ] {
        assert!(kinds.contains(&k), "{k} not exercised");
    }
}

#[test]
fn a_request_decodes_back_to_what_was_asked() {
    let mut r = RuleRequest::v4()
        .priority(42)
        .from("10.0.0.0".parse().unwrap(), 8)
        .to("10.1.0.0".parse().unwrap(), 16)
        .tos(8)
        .fwmark(1, 3)
        .iif("in0")
        .oif("out0")
        .uid_range(5, 6)
        .ip_proto(17)
        .sport(PortRange { start: 1, end: 2 })
        .dport(PortRange::single(53))
        .suppress_prefixlen(24)
        .suppress_ifgroup(3)
        .protocol(9)
        .invert()
        .table(300);
    r.flow = Some(0x0003_0005);
    r.tun_id = Some(0x0102_0304_0506_0708);
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWRULE, Flags::REQUEST, 1, 0);
    r.encode(&mut e);
    e.finish().unwrap();
    let m = Message::parse(&buf).unwrap();
    let v = RuleMsg::parse(m.payload()).unwrap();
    v.check().unwrap();
    assert_eq!(v.header().table, 0, "a table over 255 only in FRA_TABLE");
    assert_eq!(v.table(), 300);
    let got: Rule = v.owned();
    assert_eq!(got.to_request(), r);
    assert_eq!(v.to_request(), r);
    // FRA_TUN_ID is big-endian on the wire.
    assert_eq!(v.attr(FRA_TUN_ID).unwrap(), [1, 2, 3, 4, 5, 6, 7, 8]);
    // A small table goes in the header too; goto sets the action.
    let g = RuleRequest::v6().goto(7);
    assert_eq!(g.action, RuleAction::GOTO);
    let t = RuleRequest::v6().action(RuleAction::NOP).table(5);
    assert_eq!(t.action, RuleAction::NOP, "an explicit action stays");
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWRULE, Flags::REQUEST, 1, 0);
    RuleRequest::v6().table(5).encode(&mut e);
    e.finish().unwrap();
    let m = Message::parse(&buf).unwrap();
    let v = RuleMsg::parse(m.payload()).unwrap();
    v.check().unwrap();
    assert_eq!(
        (v.header().table, v.table(), v.action()),
        (5, 5, RuleAction::TO_TBL)
    );
    assert_eq!(format!("{:?}", RuleAction(200)), "RuleAction(200)");
    assert_eq!(format!("{:?}", RuleAction::PROHIBIT), "PROHIBIT");
}

/// Random byte flips and cuts over every fixture message: the view either
/// decodes (with or without recorded errors) or fails on its header;
/// nothing panics.
#[test]
fn damaged_messages_never_panic() {
    let buf = fixture();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut decoded = 0;
    for b in fixture_messages(&buf) {
        for _ in 0..200 {
            let mut d = b.clone();
            for _ in 0..1 + next() % 4 {
                let i = 16 + (next() as usize) % (d.len() - 16);
                d[i] = next() as u8;
            }
            d.truncate(16 + (next() as usize) % (d.len() - 15));
            let n = d.len() as u32;
            d[..4].copy_from_slice(&n.to_ne_bytes());
            let m = Message::parse(&d).unwrap();
            if let Ok(v) = RuleMsg::parse(m.payload()) {
                let r = v.owned();
                let _ = (
                    r.to_request(),
                    fields(&v),
                    format!("{v:?}"),
                    v.check().is_ok(),
                );
                decoded += 1;
            }
        }
    }
    assert!(decoded > 1000, "{decoded}");
}

#[test]
fn the_view_is_small() {
    // Issue 11: a view is at most 256 bytes (docs/route.md lists sizes).
    let n = std::mem::size_of::<RuleMsg<&[u8]>>();
    assert!(n <= 256, "{n}");
    assert_eq!(n, 80, "docs/route.md says 80");
}
