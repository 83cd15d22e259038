//! The registerer's `name_for` with 10,000 known interfaces, against the
//! floor of one `HashMap<u32, IfName>` lookup (what any index → name
//! cache costs): a hit (the only name of its index), the prefix rule (an
//! index with two names, a MAC matching the rule), the fallback (two names,
//! a MAC matching nothing: the first known). No root needed.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nlstack::ifaces::{Event, Interface, Netns, Registerer, parse_prefix_rules};
use nlstack::netns::NsId;
use nlstack::route::IfName;

fn bench(c: &mut Criterion) {
    let host = Netns {
        id: NsId { dev: 1, ino: 1 },
        name: None,
    };
    let r = Registerer::new(parse_prefix_rules("0a:58=eth0").unwrap(), |_| None);
    let mut floor: HashMap<u32, IfName> = HashMap::new();
    for i in 0..10_000u32 {
        let b = i.to_be_bytes();
        let name = IfName::new(format!("if{i}").as_bytes()).unwrap();
        let mut it = Interface::new(i, name, host.clone());
        it.mac = Some([2, 0, b[0], b[1], b[2], b[3]]);
        r.apply(&Event::Added(it));
        floor.insert(i, name);
    }
    // Index 7 gets a second name, so the rule and the fallback are reached.
    let mut pod = Interface::new(7, IfName::new(b"pod7").unwrap(), host);
    pod.mac = Some([0x0a, 0x58, 0, 0, 0, 7]);
    r.apply(&Event::Added(pod));

    let mut g = c.benchmark_group("name_for/10000_known");
    g.bench_function("floor_hashmap_get", |b| {
        b.iter(|| black_box(floor.get(&black_box(1234)).copied()))
    });
    let mac = [2, 0, 0, 0, 4, 210];
    g.bench_function("hit", |b| {
        b.iter(|| black_box(r.name_for(black_box(1234), black_box(&mac))))
    });
    let in_rule = [0x0a, 0x58, 1, 2, 3, 4];
    g.bench_function("prefix_rule", |b| {
        b.iter(|| black_box(r.name_for(black_box(7), black_box(&in_rule))))
    });
    let nothing = [9; 6];
    g.bench_function("fallback_first_known", |b| {
        b.iter(|| black_box(r.name_for(black_box(7), black_box(&nothing))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
