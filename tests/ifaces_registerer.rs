//! The registerer's lookup order, rule by rule; its prefix rules and every
//! parse error; and 16 threads racing for the same unknown index.

mod common;

#[global_allocator]
static A: common::Counting = common::Counting;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use nlstack::ifaces::{Event, Interface, Netns, PrefixRuleError, Registerer, parse_prefix_rules};
use nlstack::netns::NsId;
use nlstack::route::IfName;

fn iface(index: u32, mac: [u8; 6], name: &str) -> Interface {
    let host = Netns {
        id: NsId { dev: 1, ino: 2 },
        name: None,
    };
    let mut i = Interface::new(index, IfName::new(name.as_bytes()).unwrap(), host);
    i.mac = Some(mac);
    i
}

const MAC_A: [u8; 6] = [0x0a, 0x58, 0, 0, 0, 1];
const MAC_B: [u8; 6] = [0x02, 0, 0, 0, 0, 2];
const MAC_C: [u8; 6] = [0x0a, 0x58, 0, 0, 0, 3];

fn no_kernel(_: u32) -> Option<IfName> {
    None
}

#[test]
fn the_lookup_order_rule_by_rule() {
    let rules = parse_prefix_rules("0a:58=eth0").unwrap();
    let r = Registerer::new(rules, no_kernel);
    // 1. The only name known for an index: the MAC is not looked at.
    r.apply(&Event::Added(iface(5, MAC_B, "veth5")));
    assert_eq!(
        r.name_for(5, &MAC_A),
        (IfName::new(b"veth5").unwrap(), true)
    );
    // 2. Two names for an index: the exact (index, MAC) wins...
    r.apply(&Event::Added(iface(5, MAC_C, "pod5")));
    assert_eq!(r.name_for(5, &MAC_C).0, "pod5");
    assert_eq!(r.name_for(5, &MAC_B).0, "veth5");
    // 3. ...then the MAC prefix rule...
    assert_eq!(r.name_for(5, &MAC_A).0, "eth0");
    // 4. ...then the first name known for the index.
    assert_eq!(r.name_for(5, &[9, 9, 9, 9, 9, 9]).0, "veth5");
    // 5. Nothing known, and the kernel has nothing: not found.
    assert_eq!(r.name_for(77, &MAC_A), (IfName::default(), false));
}

#[test]
fn events_keep_it_current_without_overwriting() {
    let r = Registerer::new(Vec::new(), no_kernel);
    r.apply(&Event::Added(iface(3, MAC_A, "first")));
    // The same (index, MAC) under another name: the first stays.
    r.apply(&Event::Added(iface(3, MAC_A, "second")));
    assert_eq!(r.name_for(3, &MAC_A).0, "first");
    assert_eq!(r.len(), 1);
    // A removal with another name deletes nothing.
    r.apply(&Event::Removed(iface(3, MAC_A, "second")));
    assert_eq!(r.name_for(3, &MAC_A).0, "first");
    r.apply(&Event::Removed(iface(3, MAC_A, "first")));
    assert!(r.is_empty());
}

#[test]
fn the_kernel_is_asked_only_when_nothing_is_known() {
    let asked = AtomicUsize::new(0);
    let r = Registerer::new(Vec::new(), |i| {
        asked.fetch_add(1, Ordering::SeqCst);
        (i == 8).then(|| IfName::new(b"eth8").unwrap())
    });
    r.apply(&Event::Added(iface(4, MAC_A, "veth4")));
    assert_eq!(
        r.name_for(4, &MAC_B).0,
        "veth4",
        "a MAC miss: the known name"
    );
    assert_eq!(asked.load(Ordering::SeqCst), 0);
    assert_eq!(r.name_for(8, &MAC_B), (IfName::new(b"eth8").unwrap(), true));
    assert_eq!(r.name_for(8, &MAC_A).0, "eth8", "remembered");
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

#[test]
fn sixteen_racing_threads_insert_once_and_agree() {
    let asked = Arc::new(AtomicUsize::new(0));
    let a = asked.clone();
    let r = Arc::new(Registerer::new(Vec::new(), move |_| {
        let n = a.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(5));
        // Each lookup answers differently: only one may be kept.
        Some(IfName::new(format!("k{n}").as_bytes()).unwrap())
    }));
    let barrier = Arc::new(std::sync::Barrier::new(16));
    let answers: Vec<IfName> = (0..16)
        .map(|_| {
            let (r, b) = (r.clone(), barrier.clone());
            std::thread::spawn(move || {
                b.wait();
                r.name_for(42, &MAC_A).0
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    assert!(answers.iter().all(|n| *n == answers[0]), "{answers:?}");
    assert_eq!(r.len(), 1, "one insert");
    assert!(asked.load(Ordering::SeqCst) >= 1);
}

#[test]
fn prefix_rules_parse_and_every_error_is_told() {
    let rules = parse_prefix_rules("0a:58=eth0, 00:15:5d:01=hv0,,").unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].prefix(), [0x0a, 0x58]);
    assert_eq!(rules[1].name, "hv0");
    assert!(parse_prefix_rules("").unwrap().is_empty());
    let err = |s: &str| parse_prefix_rules(s).unwrap_err();
    assert!(matches!(err("0a:58"), PrefixRuleError::Format(_)));
    assert!(matches!(err("0a:58="), PrefixRuleError::Format(_)));
    assert!(matches!(err("=eth0"), PrefixRuleError::EmptyPrefix));
    assert!(matches!(err("0g:58=eth0"), PrefixRuleError::Hex(_)));
    assert!(matches!(err("a:58=eth0"), PrefixRuleError::Hex(_)));
    assert!(matches!(
        err("01:02:03:04:05:06:07=eth0"),
        PrefixRuleError::TooLong(7)
    ));
    assert!(matches!(err("0a=e/th"), PrefixRuleError::Name(_)));
    for s in ["0a:58", "=eth0", "0g:58=eth0", "01:02:03:04:05:06:07=eth0"] {
        assert!(!err(s).to_string().is_empty());
    }
}

#[test]
fn reads_allocate_nothing_with_ten_thousand_known() {
    let rules = parse_prefix_rules("0a:58=eth0").unwrap();
    let r = Registerer::new(rules, no_kernel);
    for i in 0..10_000u32 {
        let b = i.to_be_bytes();
        r.apply(&Event::Added(iface(
            i,
            [2, 0, b[0], b[1], b[2], b[3]],
            &format!("if{i}"),
        )));
    }
    // Two names on index 7: exact MAC, prefix rule, first known.
    r.apply(&Event::Added(iface(7, MAC_C, "pod7")));
    let (n, (hit, exact, rule, first)) = common::allocations(|| {
        (
            r.name_for(123, &MAC_B),
            r.name_for(7, &MAC_C),
            r.name_for(7, &MAC_A),
            r.name_for(7, &[9; 6]),
        )
    });
    assert_eq!(n, 0, "name_for allocated");
    assert_eq!(hit.0, "if123");
    assert_eq!(
        (exact.0, rule.0, first.0),
        (
            IfName::new(b"pod7").unwrap(),
            IfName::new(b"eth0").unwrap(),
            IfName::new(b"if7").unwrap()
        )
    );
}
