//! A counting global allocator proves the route view allocates nothing:
//! decoding every message of the route fixtures into `RouteMsg`, reading
//! every field, and walking every multipath route's next hops.

mod common;

use common::allocations;

use nlstack::route::RouteMsg;
use nlstack::wire::{Messages, MsgType, capture};

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

#[derive(Default, Debug)]
struct Tally {
    routes: usize,
    multipath: usize,
    nexthops: usize,
    errors: usize,
    sum: u64,
}

fn walk(capture_file: &[u8], t: &mut Tally) {
    for d in capture::Datagrams::new(capture_file) {
        let Ok(d) = d else { return };
        for m in Messages::new(d) {
            let Ok(m) = m else { break };
            if m.kind() != MsgType::RTM_NEWROUTE {
                continue;
            }
            let Ok(r) = RouteMsg::parse(m.payload()) else {
                t.errors += 1;
                continue;
            };
            t.routes += 1;
            t.errors += r.malformed_all() as usize;
            t.sum += r.table() as u64 + r.dst_len() as u64 + r.kind().0 as u64;
            t.sum += r.header().dst_len as u64 + r.flags().bits() as u64;
            t.sum += r.priority().unwrap_or(0) as u64 + r.oif().unwrap_or(0) as u64;
            t.sum += r.dst().is_some() as u64 + r.gateway().is_some() as u64;
            t.sum += r.prefsrc().is_some() as u64 + r.via().is_some() as u64;
            t.sum += r.metrics().and_then(|m| m.mtu()).unwrap_or(0) as u64;
            t.sum += r.metrics().map_or(0, |m| m.iter().count() as u64);
            t.sum += r.pref().map_or(0, |p| p.0 as u64);
            t.sum += r.cache_info().map_or(0, |c| c.used as u64);
            t.sum += r.dst_prefix().map_or(0, |p| p.len() as u64);
            t.sum += r.gateway_ip().is_some() as u64;
            if r.multipath().is_some() {
                t.multipath += 1;
            }
            for nh in r.nexthops() {
                let Ok(nh) = nh else {
                    t.errors += 1;
                    break;
                };
                t.nexthops += 1;
                t.sum += nh.weight() as u64 + nh.ifindex() as u64;
                t.sum += nh.flags().bits() as u64 + nh.malformed() as u64;
                t.sum += nh.gateway_ip().is_some() as u64;
            }
        }
    }
}

#[test]
fn walking_route_views_and_next_hops_allocates_nothing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let v4 = std::fs::read(format!("{dir}/routes4.bin")).unwrap();
    let v6 = std::fs::read(format!("{dir}/routes6.bin")).unwrap();

    let mut t = Tally::default();
    // Warm up anything lazily initialised (thread-locals, stdout).
    walk(&v4[..0], &mut t);
    let (n, ()) = allocations(|| {
        walk(&v4, &mut t);
        walk(&v6, &mut t);
    });
    assert_eq!(n, 0, "decoding {} routes allocated {n} times", t.routes);
    assert_eq!(t.errors, 0, "{t:?}");
    // 4000 + 400 + 200 + 50 IPv4 routes in main, 100 and 1000, with the
    // kernel's own; 2000 + 200 + 20 IPv6 routes likewise.
    assert!(t.routes > 6800, "{t:?}");
    assert_eq!(t.multipath, 50 + 20, "{t:?}");
    assert_eq!(t.nexthops, 2 * (50 + 20), "{t:?}");
    assert!(t.sum > 0);
}
