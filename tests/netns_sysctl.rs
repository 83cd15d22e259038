//! Per-namespace sysctls: written inside one namespace, seen there and
//! nowhere else; keys with dotted device names; typed errors.

#[macro_use]
mod common;

use nlstack::netns::{NetNs, NetNsErrorKind, sysctl_path};

#[test]
fn ip_forward_is_per_namespace() {
    need_root!();
    let host = std::fs::read_to_string("/proc/sys/net/ipv4/ip_forward").unwrap();
    let a = NetNs::new_anonymous().unwrap();
    let b = NetNs::new_anonymous().unwrap();
    assert_eq!(
        a.sysctl("net.ipv4.ip_forward").unwrap(),
        "0",
        "a fresh namespace forwards nothing"
    );
    a.set_sysctl("net.ipv4.ip_forward", "1").unwrap();
    assert_eq!(a.sysctl("net.ipv4.ip_forward").unwrap(), "1");
    assert_eq!(
        a.sysctl("net/ipv4/ip_forward").unwrap(),
        "1",
        "the slash form"
    );
    assert_eq!(
        b.sysctl("net.ipv4.ip_forward").unwrap(),
        "0",
        "another namespace"
    );
    let host_now = std::fs::read_to_string("/proc/sys/net/ipv4/ip_forward").unwrap();
    assert_eq!(host, host_now, "the host's value is untouched");
}

#[test]
fn device_keys_with_dots_and_several_writes_at_once() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    common::ip(
        &ns,
        &["link", "add", "v.1", "type", "veth", "peer", "name", "v2"],
    );
    ns.set_sysctls(&[
        ("net.ipv6.conf.v/1.disable_ipv6", "1"),
        ("net.ipv4.conf.v/1.rp_filter", "2"),
        ("net.ipv4.conf.all.arp_notify", "1"),
    ])
    .unwrap();
    assert_eq!(ns.sysctl("net.ipv6.conf.v/1.disable_ipv6").unwrap(), "1");
    assert_eq!(ns.sysctl("net/ipv4/conf/v.1/rp_filter").unwrap(), "2");
    assert_eq!(ns.sysctl("net.ipv4.conf.all.arp_notify").unwrap(), "1");
    assert_eq!(ns.sysctl("net.ipv6.conf.v2.disable_ipv6").unwrap(), "0");
    // What ip shows agrees: no IPv6 address on the device any more.
    let shown = common::ip(&ns, &["-6", "addr", "show", "dev", "v.1"]);
    assert!(!shown.contains("inet6"), "{shown}");
}

#[test]
fn unknown_keys_bad_values_and_bad_keys_are_told_apart() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let e = ns.sysctl("net.ipv4.conf.nosuchdev.rp_filter").unwrap_err();
    assert_eq!(e.kind, NetNsErrorKind::UnknownKey, "{e}");
    let e = ns.set_sysctl("net.ipv4.no_such_key", "1").unwrap_err();
    assert_eq!(e.kind, NetNsErrorKind::UnknownKey, "{e}");
    let e = ns.set_sysctl("net.ipv4.ip_forward", "abc").unwrap_err();
    assert_eq!(e.kind, NetNsErrorKind::BadValue, "{e}");
    assert_eq!(
        e.source.as_ref().and_then(|s| s.raw_os_error()),
        Some(libc::EINVAL)
    );
    assert_eq!(
        ns.sysctl("net.ipv4.ip_forward").unwrap(),
        "0",
        "nothing written"
    );
    for bad in [
        "kernel.hostname",
        "net..x",
        "net/../x",
        "net",
        "net.",
        "net.a\0b",
        "/proc/sys/net/x",
    ] {
        let e = ns.sysctl(bad).unwrap_err();
        assert_eq!(e.kind, NetNsErrorKind::InvalidKey, "{bad:?}: {e}");
    }
    // A bad key among several: nothing is written.
    let e = ns
        .set_sysctls(&[("net.ipv4.ip_forward", "1"), ("net..x", "1")])
        .unwrap_err();
    assert_eq!(e.kind, NetNsErrorKind::InvalidKey);
    assert_eq!(ns.sysctl("net.ipv4.ip_forward").unwrap(), "0");
}

#[test]
fn keys_map_to_paths_like_sysctl8() {
    assert_eq!(
        sysctl_path("net.ipv4.conf.eth0/100.rp_filter").unwrap(),
        std::path::Path::new("/proc/sys/net/ipv4/conf/eth0.100/rp_filter")
    );
    assert_eq!(
        sysctl_path("net/ipv4/conf/eth0.100/rp_filter").unwrap(),
        std::path::Path::new("/proc/sys/net/ipv4/conf/eth0.100/rp_filter")
    );
}
