//! `nl xfrm` against `ip xfrm`, side by side in named namespaces the tests
//! create: the same text for `list` and `count` whichever tool made the
//! objects, `-j` one object a line, changes `ip` sees, keys never printed
//! unless asked, bad input failing with one line.

#[macro_use]
mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

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
            "nlstack-xfrm-cli-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let ns = NetNs::create(&name).expect("create a named namespace");
        Named { name, _ns: ns }
    }

    fn run(&self, bin: &std::path::Path, args: &[&str]) -> Output {
        Command::new(bin)
            .arg("-n")
            .arg(&self.name)
            .args(args)
            .output()
            .expect("run")
    }

    fn ip(&self, args: &[&str]) -> String {
        let o = self.run("ip".as_ref(), args);
        assert!(
            o.status.success(),
            "ip {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    fn nl(&self, args: &[&str]) -> String {
        let o = self.run(&nl_bin(), args);
        assert!(
            o.status.success(),
            "nl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// `ip ARGS` and `nl ARGS` print the same.
    fn same(&self, args: &[&str]) -> String {
        let (i, n) = (self.ip(args), self.nl(args));
        assert_eq!(n, i, "nl {args:?} vs ip");
        i
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = NetNs::delete(&self.name);
    }
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Policies and states made by both tools read the same with both.
#[test]
fn list_and_count_print_what_ip_prints() {
    need_root!();
    let ns = Named::new();
    let by_ip = [
        "xfrm policy add src 10.0.0.0/24 dst 10.0.1.0/24 proto tcp sport 80 dport 443 dir out priority 100 mark 0x5 mask 0xff if_id 7 tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 3 mode tunnel",
        "xfrm policy add src fd00::/64 dst fd01::1/128 dir in action block",
        "xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp mode tunnel reqid 5 min 0x100 max 0x100",
    ];
    let by_nl = [
        "xfrm policy add src 10.1.0.0/16 dst 0.0.0.0/0 dir fwd tmpl proto esp mode transport level use",
        "xfrm policy add src 10.9.0.0/24 dst 10.8.0.0/24 proto icmp type 8 dir in priority 4 tmpl src fd00::1 dst fd00::2 proto ah spi 0x33 mode beet",
        "xfrm policy add src fd02::/48 dst fd03::/48 proto udp dport 4500 dir out mark 9 tmpl src fd02::1 dst fd03::1 proto esp reqid 12 mode tunnel tmpl src fd02::1 dst fd03::1 proto ah mode tunnel",
        "xfrm state allocspi src fd00::1 dst fd00::2 proto ah reqid 8 min 0x700 max 0x700",
    ];
    for c in by_ip {
        ns.ip(&words(c));
    }
    for c in by_nl {
        ns.nl(&words(c));
    }
    let pols = ns.same(&["xfrm", "policy", "list"]);
    assert_eq!(
        pols.lines().filter(|l| l.starts_with("src ")).count(),
        5,
        "{pols}"
    );
    let states = ns.same(&["xfrm", "state", "list"]);
    assert_eq!(
        states.lines().filter(|l| l.starts_with("src ")).count(),
        2,
        "{states}"
    );
    ns.same(&["xfrm", "policy", "count"]);
    ns.same(&["xfrm", "state", "count"]);

    // -j: one object a line, one per policy, the values the text shows.
    let j = ns.nl(&["-j", "xfrm", "policy", "list"]);
    let objs: Vec<Value> = j
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objs.len(), 5);
    let udp = objs
        .iter()
        .find(|o| o["proto"] == "udp")
        .expect("the udp policy");
    assert_eq!(udp["dport"], 4500);
    assert_eq!(udp["mark"], "0x9/0xffffffff");
    assert_eq!(udp["tmpl"].as_array().unwrap().len(), 2);
    assert_eq!(udp["tmpl"][0]["reqid"], 12);
    let j = ns.nl(&["-j", "xfrm", "state", "list"]);
    let states: Vec<Value> = j
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let spis: Vec<u64> = states.iter().map(|s| s["spi"].as_u64().unwrap()).collect();
    assert!(spis.contains(&0x100) && spis.contains(&0x700), "{spis:?}");
}

/// Get, delete and flush by nl; ip sees the result.
#[test]
fn changes_are_seen_by_ip() {
    need_root!();
    let ns = Named::new();
    ns.nl(&words("xfrm policy add src 10.0.0.0/8 dst 10.1.0.0/16 dir out priority 5 tmpl src 1.1.1.1 dst 2.2.2.2 proto esp mode tunnel"));
    ns.nl(&words(
        "xfrm policy add src 10.0.0.0/8 dst 10.1.0.0/16 dir in",
    ));
    let got = ns.nl(&words(
        "xfrm policy get src 10.0.0.0/8 dst 10.1.0.0/16 dir out",
    ));
    let theirs = ns.ip(&words(
        "xfrm policy get src 10.0.0.0/8 dst 10.1.0.0/16 dir out",
    ));
    assert_eq!(got, theirs);
    ns.nl(&words(
        "xfrm policy update src 10.0.0.0/8 dst 10.1.0.0/16 dir out priority 9",
    ));
    assert!(
        ns.ip(&["xfrm", "policy", "list"])
            .contains("dir out priority 9 ")
    );
    ns.nl(&words(
        "xfrm policy delete src 10.0.0.0/8 dst 10.1.0.0/16 dir out",
    ));
    let left = ns.ip(&["xfrm", "policy", "list"]);
    assert!(
        !left.contains("dir out") && left.contains("dir in"),
        "{left}"
    );
    ns.nl(&["xfrm", "policy", "flush"]);
    assert_eq!(ns.ip(&["xfrm", "policy", "list"]), "");

    ns.ip(&words(
        "xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp min 0x200 max 0x200",
    ));
    ns.ip(&words(
        "xfrm state allocspi src 192.0.2.1 dst 192.0.2.3 proto ah min 0x300 max 0x300",
    ));
    let g = ns.nl(&words(
        "xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x200",
    ));
    assert_eq!(
        g,
        ns.ip(&words(
            "xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x200"
        ))
    );
    ns.nl(&words(
        "xfrm state delete src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x200",
    ));
    assert!(ns.ip(&["xfrm", "state", "count"]).contains("SAD count 1"));
    ns.nl(&words("xfrm state flush proto ah"));
    assert!(ns.ip(&["xfrm", "state", "count"]).contains("SAD count 0"));
}

/// A state's keys print only when asked; bad words fail with one line and
/// change nothing; a kernel refusal reads like ip's.
#[test]
fn keys_hidden_and_bad_input_fails() {
    need_root!();
    let ns = Named::new();
    let add = "xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x10 enc cbc(aes) 0x00112233445566778899aabbccddeeff";
    let o = ns.run(&nl_bin(), &words(add));
    let i = ns.run("ip".as_ref(), &words(add));
    assert_eq!(o.status.success(), i.status.success());
    if !o.status.success() {
        // No ESP in this kernel: the same reason as ip.
        assert_eq!(
            String::from_utf8_lossy(&o.stderr),
            String::from_utf8_lossy(&i.stderr)
        );
    } else {
        let plain = ns.nl(&["xfrm", "state", "list"]);
        assert!(!plain.contains("00112233"), "{plain}");
        let j = ns.nl(&["-j", "xfrm", "state", "list"]);
        assert!(!j.contains("00112233"), "{j}");
        let keys = ns.nl(&["xfrm", "-keys", "state", "list"]);
        assert!(
            keys.contains("0x00112233445566778899aabbccddeeff"),
            "{keys}"
        );
    }
    for bad in [
        "xfrm policy add src 10.0.0.0/8 dst 10.1.0.0/16",
        "xfrm policy add src 10.0.0.0/8 dst 10.1.0.0/16 dir sideways",
        "xfrm policy add src 10.0.0.0/99 dst 10.1.0.0/16 dir in",
        "xfrm state allocspi src 1.2.3.4 dst nowhere proto esp",
        "xfrm bogus list",
    ] {
        let o = ns.run(&nl_bin(), &words(bad));
        assert_eq!(o.status.code(), Some(1), "{bad}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr).lines().count(),
            1,
            "{bad}"
        );
    }
    assert_eq!(ns.ip(&["xfrm", "policy", "list"]), "");
    assert!(ns.ip(&["xfrm", "state", "count"]).contains("SAD count 0"));
}

/// `nl xfrm monitor` prints what `ip xfrm monitor` prints, both
/// watching the same namespace at once.
#[test]
fn monitor_prints_what_ip_monitor_prints() {
    need_root!();
    let ns = Named::new();
    let spawn = |bin: &std::path::Path| {
        Command::new(bin)
            .args(["-n", &ns.name, "xfrm", "monitor"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let mut mine = spawn(&nl_bin());
    let mut theirs = spawn("ip".as_ref());
    std::thread::sleep(Duration::from_millis(400));
    ns.ip(&words("xfrm policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir out priority 3 tmpl src 192.0.2.1 dst 192.0.2.2 proto esp reqid 4 mode tunnel"));
    ns.ip(&words(
        "xfrm policy add src fd00::/64 dst fd01::/64 proto udp dport 53 dir in mark 7",
    ));
    ns.ip(&words(
        "xfrm policy delete src 10.0.0.0/24 dst 10.0.1.0/24 dir out",
    ));
    ns.ip(&words("xfrm policy flush"));
    ns.ip(&words(
        "xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto esp min 0x200 max 0x200",
    ));
    ns.ip(&words("xfrm state flush"));
    ns.ip(&words(
        "xfrm state allocspi src 192.0.2.1 dst 192.0.2.2 proto ah min 0x300 max 0x300",
    ));
    ns.ip(&words("xfrm state flush proto ah"));
    std::thread::sleep(Duration::from_millis(400));
    let mut outs = Vec::new();
    for child in [&mut mine, &mut theirs] {
        // SAFETY: kill takes no pointers; the pid is our own child's.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let _ = child.wait();
        let mut out = String::new();
        std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
        outs.push(out);
    }
    assert!(
        outs[1].contains("Flushed policy"),
        "ip saw too little:\n{}",
        outs[1]
    );
    assert_eq!(outs[0], outs[1], "nl xfrm monitor vs ip xfrm monitor");
}
