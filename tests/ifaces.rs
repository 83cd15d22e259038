//! The two informers side by side on the same churn across 20 named
//! namespaces (veths made, renamed, moved and deleted; namespaces made and
//! deleted): both end with the same interfaces, and those are what
//! `ip -j link` shows in every namespace.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use nlstack::ifaces::{Event, Poller, Presence, Watcher};
use nlstack::netns::NetNs;

/// Named namespaces, deleted on drop.
struct Spaces(Vec<String>);
impl Drop for Spaces {
    fn drop(&mut self) {
        for n in &self.0 {
            let _ = NetNs::delete(n);
        }
    }
}

type Key = (Option<String>, String);

/// (namespace name, interface name) of what `ip -j link` shows in each
/// named namespace of ours (loopback aside).
fn ip_view(names: &[String]) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    for n in names {
        let Ok(ns) = NetNs::named(n) else { continue };
        for l in common::ip_json(&ns, &["link", "show"]).as_array().unwrap() {
            if l["link_type"] != "loopback" {
                out.insert((Some(n.clone()), l["ifname"].as_str().unwrap().to_owned()));
            }
        }
    }
    out
}

fn ours(names: &[String], ifaces: impl Iterator<Item = Key>) -> BTreeSet<Key> {
    ifaces
        .filter(|(ns, _)| ns.as_ref().is_some_and(|n| names.contains(n)))
        .collect()
}

#[test]
fn poller_and_watcher_agree_with_ip_after_churn() {
    need_root!();
    let tag = std::process::id();
    let names: Vec<String> = (0..20).map(|i| format!("nlstack-if-{tag}-{i}")).collect();
    let mut spaces = Spaces(Vec::new());
    for n in &names[..15] {
        NetNs::create(n).unwrap();
        spaces.0.push(n.clone());
    }
    let mut poller = Poller::new(Presence::All).unwrap();
    let mut sink = Vec::new();
    poller.poll(&mut sink);
    let mut watcher = Watcher::new(Presence::All, &mut sink).unwrap();

    // The churn.
    for (i, n) in names[..15].iter().enumerate() {
        let ns = NetNs::named(n).unwrap();
        common::ip(
            &ns,
            &[
                "link",
                "add",
                &format!("a{i}"),
                "type",
                "veth",
                "peer",
                "name",
                &format!("b{i}"),
            ],
        );
        if i % 3 == 0 {
            common::ip(
                &ns,
                &["link", "set", &format!("a{i}"), "name", &format!("r{i}")],
            );
        }
        if i % 4 == 1 {
            let to = &names[(i + 1) % 15];
            common::ip(&ns, &["link", "set", &format!("b{i}"), "netns", to]);
        }
        if i % 5 == 2 {
            let now = if i % 3 == 0 {
                format!("r{i}")
            } else {
                format!("a{i}")
            };
            common::ip(&ns, &["link", "del", &now]);
        }
    }
    // Namespaces made (with a link) and deleted.
    for n in &names[15..] {
        let ns = NetNs::create(n).unwrap();
        spaces.0.push(n.clone());
        common::ip(
            &ns,
            &[
                "link", "add", "late0", "type", "veth", "peer", "name", "late1",
            ],
        );
    }
    // The watcher sees the last one (and its links) before it goes.
    let key = |i: &nlstack::ifaces::Interface| (i.netns.name.clone(), i.name.to_string());
    let deadline = Instant::now() + Duration::from_secs(10);
    let seen_late = |w: &Watcher| {
        w.interfaces()
            .any(|i| i.netns.name.as_ref() == Some(&names[19]))
    };
    while !seen_late(&watcher) && Instant::now() < deadline {
        watcher
            .next_events(&mut sink, Some(Duration::from_millis(100)))
            .unwrap();
    }
    assert!(
        seen_late(&watcher),
        "a namespace made while watching is followed"
    );
    NetNs::delete(&names[14]).unwrap();
    NetNs::delete(&names[19]).unwrap();
    // b13 was moved into namespace 14: the kernel destroys it, and its
    // peer a13 with it, when that namespace is freed, which is once the
    // watcher has seen it go and closed its socket there, and then later,
    // from a work queue. Wait for that (driving the watcher) before taking
    // ip's view as the truth, or the truth changes under the comparison.
    let ns13 = NetNs::named(&names[13]).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while common::ip_output(&ns13, &["link", "show", "a13"])
        .status
        .success()
        && Instant::now() < deadline
    {
        watcher
            .next_events(&mut sink, Some(Duration::from_millis(20)))
            .unwrap();
    }
    assert!(
        !common::ip_output(&ns13, &["link", "show", "a13"])
            .status
            .success(),
        "a13 went with its peer's namespace"
    );
    let live: Vec<String> = names
        .iter()
        .filter(|n| **n != names[14] && **n != names[19])
        .cloned()
        .collect();

    let want = ip_view(&live);
    // The watcher follows events until it sees the same, or gives up.
    let deadline = Instant::now() + Duration::from_secs(10);
    let stale = |w: &Watcher| {
        w.interfaces().any(|i| {
            i.netns
                .name
                .as_ref()
                .is_some_and(|n| names.contains(n) && !live.contains(n))
        })
    };
    while (ours(&live, watcher.interfaces().map(key)) != want || stale(&watcher))
        && Instant::now() < deadline
    {
        watcher
            .next_events(&mut sink, Some(Duration::from_millis(100)))
            .unwrap();
    }
    poller.poll(&mut sink);

    assert!(want.len() > 20, "{want:?}");
    assert_eq!(
        ours(&live, watcher.interfaces().map(key)),
        want,
        "the watcher"
    );
    assert_eq!(
        ours(&live, poller.interfaces().map(key)),
        want,
        "the poller"
    );
    // Nothing of the deleted namespaces is left.
    for gone in [&names[14], &names[19]] {
        assert!(
            watcher
                .interfaces()
                .all(|i| i.netns.name.as_ref() != Some(gone))
        );
        assert!(
            poller
                .interfaces()
                .all(|i| i.netns.name.as_ref() != Some(gone))
        );
    }
    // The events said so too: the late namespace's links came, then went.
    let late = |e: &Event| e.interface().netns.name.as_ref() == Some(&names[19]);
    assert!(sink.iter().any(|e| matches!(e, Event::Added(_)) && late(e)));
    assert!(
        sink.iter()
            .any(|e| matches!(e, Event::Removed(_)) && late(e))
    );
}

#[test]
fn a_non_utf8_name_is_reported_and_resolvable() {
    need_root!();
    let name = format!("nlstack-if8-{}", std::process::id());
    let ns = NetNs::create(&name).unwrap();
    let _s = Spaces(vec![name.clone()]);
    let mut events = Vec::new();
    let mut w = Watcher::new(Presence::All, &mut events).unwrap();
    let mut c = nlstack::conn::Conn::<nlstack::conn::Route>::dial(
        nlstack::conn::Config::default().netns(&ns),
    )
    .unwrap();
    let odd: &[u8] = &[b'n', 0xff];
    let l = c
        .link_add_echo(&nlstack::route::LinkRequest::veth(odd, "plain9"))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !events.iter().any(|e| e.interface().name == *odd) && Instant::now() < deadline {
        w.next_events(&mut events, Some(Duration::from_millis(100)))
            .unwrap();
    }
    let e = events
        .iter()
        .find(|e| e.interface().name == *odd)
        .expect("reported with its bytes");
    assert_eq!(e.interface().index, l.index() as u32);
    let mac = e.interface().mac.unwrap();
    let reg = nlstack::ifaces::Registerer::new(Vec::new(), |_| None);
    for e in &events {
        reg.apply(e);
    }
    assert_eq!(reg.name_for(l.index() as u32, &mac).0, *odd);
}

#[test]
fn the_presence_rule_counts_links_up_and_running_only() {
    need_root!();
    let name = format!("nlstack-ifup-{}", std::process::id());
    let ns = NetNs::create(&name).unwrap();
    let _s = Spaces(vec![name.clone()]);
    common::ip(
        &ns,
        &["link", "add", "u0", "type", "veth", "peer", "name", "u1"],
    );
    let mut events = Vec::new();
    let mut w = Watcher::new(Presence::UpAndRunning, &mut events).unwrap();
    let mine = |w: &Watcher| {
        w.interfaces()
            .filter(|i| i.netns.name.as_deref() == Some(name.as_str()))
            .map(|i| i.name.to_string())
            .collect::<BTreeSet<_>>()
    };
    assert!(mine(&w).is_empty(), "down links do not count");
    common::ip(&ns, &["link", "set", "u0", "up"]);
    common::ip(&ns, &["link", "set", "u1", "up"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while mine(&w).len() < 2 && Instant::now() < deadline {
        w.next_events(&mut events, Some(Duration::from_millis(100)))
            .unwrap();
    }
    assert_eq!(
        mine(&w),
        BTreeSet::from(["u0".to_string(), "u1".to_string()])
    );
    // u1 down: it no longer counts, and u0, up but without its peer's
    // carrier, is no longer running either.
    common::ip(&ns, &["link", "set", "u1", "down"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !mine(&w).is_empty() && Instant::now() < deadline {
        w.next_events(&mut events, Some(Duration::from_millis(100)))
            .unwrap();
    }
    assert!(mine(&w).is_empty(), "{events:?}");
    for n in ["u0", "u1"] {
        assert!(
            events
                .iter()
                .any(|e| matches!(e, Event::Removed(i) if i.name == n))
        );
    }
}

#[test]
fn a_namespace_that_cannot_be_listed_is_reported_and_polling_goes_on() {
    need_root!();
    let name = format!("nlstack-ifok-{}", std::process::id());
    let ns = NetNs::create(&name).unwrap();
    let _s = Spaces(vec![name.clone()]);
    common::ip(
        &ns,
        &["link", "add", "k0", "type", "veth", "peer", "name", "k1"],
    );
    // A file under /run/netns that is not a namespace (removed at the end).
    let bogus = format!("/run/netns/nlstack-bogus-{}", std::process::id());
    std::fs::write(&bogus, b"").unwrap();
    struct Rm(String);
    impl Drop for Rm {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
    let _rm = Rm(bogus.clone());
    let mut p = Poller::new(Presence::All).unwrap();
    let mut events = Vec::new();
    let errors = p.poll(&mut events);
    let bad = bogus.rsplit('/').next().unwrap();
    assert!(
        errors.iter().any(|(n, _)| n.as_deref() == Some(bad)),
        "{errors:?}"
    );
    assert!(
        events.iter().any(|e| e.interface().name == "k0"
            && e.interface().netns.name.as_deref() == Some(name.as_str())),
        "the other namespaces were listed"
    );
}
