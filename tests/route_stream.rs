//! Typed streaming lists: every object as a borrowed view, nothing
//! collected, the same objects as the collecting lists, and (once the
//! connection's buffers have grown) no allocation at all.

#[macro_use]
mod common;

#[global_allocator]
static A: common::Counting = common::Counting;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::RouteFilter;

#[test]
fn streamed_links_and_routes_are_the_listed_ones_and_allocate_nothing() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut s = String::from(
        "link add s0 type veth peer name s1\nlink set s0 up\naddr add 10.4.0.1/16 dev s0\n",
    );
    for i in 0..2000 {
        s.push_str(&format!(
            "route add 172.20.{}.{}/32 via 10.4.0.2\n",
            i / 256,
            i % 256
        ));
    }
    common::ip_batch(&ns, &s);
    let mut c = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();

    let listed: Vec<u32> = c
        .routes(RouteFilter::main())
        .unwrap()
        .iter()
        .map(|r| r.dst_len().into())
        .collect();
    let mut streamed = 0usize;
    let mut host_routes = 0usize;
    c.routes_each(RouteFilter::main(), |r| {
        streamed += 1;
        host_routes += usize::from(r.header().dst_len == 32);
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, listed.len());
    assert_eq!(host_routes, 2000);

    // Warm, then count: a streamed list allocates nothing.
    let mut n = 0u64;
    let (allocs, r) = common::allocations(|| {
        c.routes_each(RouteFilter::main(), |r| {
            n += u64::from(r.table());
            Ok(())
        })
    });
    r.unwrap();
    assert_eq!(allocs, 0, "routes_each allocated");
    assert_eq!(n, 254 * streamed as u64);

    let mut names = Vec::new();
    c.links_each(|l| {
        names.push(l.name().to_string());
        Ok(())
    })
    .unwrap();
    let mut listed: Vec<String> = c
        .links()
        .unwrap()
        .iter()
        .map(|l| l.name().to_string())
        .collect();
    names.sort();
    listed.sort();
    assert_eq!(names, listed);
    let (allocs, r) = common::allocations(|| c.links_each(|_| Ok(())));
    r.unwrap();
    assert_eq!(allocs, 0, "links_each allocated");

    // An error from the callback ends the stream, and the connection goes on.
    let e = c
        .routes_each(RouteFilter::main(), |_| Err(nlstack::Error::Timeout))
        .unwrap_err();
    assert!(e.is_timeout());
    assert_eq!(c.routes(RouteFilter::main()).unwrap().len(), streamed);
}

#[test]
fn streamed_addresses_neighbours_and_rules_are_the_listed_ones_and_allocate_nothing() {
    use nlstack::route::{AddrFilter, NeighFilter};
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut s = String::from("link add t0 type veth peer name t1\nlink set t0 up\n");
    for i in 0..200 {
        s.push_str(&format!(
            "addr add 10.6.{}.{}/32 dev t0\n",
            i / 200,
            i % 200 + 1
        ));
        s.push_str(&format!(
            "neigh add 10.7.0.{} lladdr 02:00:00:00:00:{:02x} dev t0\n",
            i + 1,
            i
        ));
        s.push_str(&format!("rule add pref {} table {}\n", 1000 + i, 100 + i));
    }
    common::ip_batch(&ns, &s);
    let mut c = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let v4 = AddrFilter::default().family(libc::AF_INET as u8);

    let listed: Vec<_> = c.addresses(v4).unwrap().iter().map(|a| a.addr()).collect();
    let mut streamed = Vec::new();
    c.addresses_each(v4, |a| {
        streamed.push(a.addr());
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, listed);
    assert_eq!(listed.len(), 200, "lo is down and has none");

    let listed: Vec<_> = c
        .neighbours(NeighFilter::default())
        .unwrap()
        .iter()
        .map(|n| n.dst())
        .collect();
    let mut n = 0;
    c.neighbours_each(NeighFilter::default(), |v| {
        assert_eq!(Some(v.dst()), listed.get(n).copied());
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, listed.len());
    assert!(n >= 200);

    let listed: Vec<u32> = c
        .rules(Some(libc::AF_INET as u8))
        .unwrap()
        .iter()
        .map(|r| r.pref())
        .collect();
    let mut streamed = Vec::new();
    c.rules_each(Some(libc::AF_INET as u8), |r| {
        streamed.push(r.pref());
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, listed);
    assert_eq!(listed.len(), 203, "200 and the three defaults");

    // Warm, the streams allocate nothing.
    let (allocs, r) = common::allocations(|| {
        c.addresses_each(v4, |_| Ok(()))?;
        c.neighbours_each(NeighFilter::default(), |_| Ok(()))?;
        c.rules_each(None, |_| Ok(()))
    });
    r.unwrap();
    assert_eq!(allocs, 0, "the streams allocated");
}
