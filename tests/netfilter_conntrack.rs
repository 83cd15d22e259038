//! Conntrack operations against the kernel, in namespaces the tests make:
//! create, list, get, update, delete, flush, count, statistics, filters,
//! and delete-by-filters.

#[macro_use]
mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::process::Command;

use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::conntrack::{
    Entry, EntrySpec, Filter, ProtoInfoSpec, ProtoInfoTcpSpec, Query, Status, Table, TupleSpec,
    tcp_state_by_name,
};
use nlstack::netns::NetNs;

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

fn conn(ns: &NetNs) -> Conn<Netfilter> {
    Conn::<Netfilter>::dial(Config::default().netns(ns)).unwrap()
}

fn ip4(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// A UDP entry `src:sport -> dst:dport` with its mirrored reply.
fn udp(src: &str, dst: &str, sport: u16, dport: u16) -> EntrySpec {
    let (s, d) = (ip4(src), ip4(dst));
    EntrySpec::new()
        .orig(TupleSpec::between(s, d, 17).ports(sport, dport))
        .reply(TupleSpec::between(d, s, 17).ports(dport, sport))
        .timeout(120)
}

fn tcp_established(src: &str, dst: &str, sport: u16, dport: u16) -> EntrySpec {
    let (s, d) = (ip4(src), ip4(dst));
    EntrySpec::new()
        .orig(TupleSpec::between(s, d, 6).ports(sport, dport))
        .reply(TupleSpec::between(d, s, 6).ports(dport, sport))
        .timeout(300)
        .protoinfo(
            ProtoInfoSpec::new()
                .tcp(ProtoInfoTcpSpec::new().state(tcp_state_by_name("ESTABLISHED").unwrap())),
        )
        .status(Status::SEEN_REPLY.bits() | Status::ASSURED.bits())
}

pub fn conntrack_tool(ns: &NetNs, args: &[&str]) -> std::process::Output {
    ns.run(|| Command::new("conntrack").args(args).output())
        .unwrap()
        .expect("run conntrack (apt-get install conntrack)")
}

fn find(list: &nlstack::netfilter::conntrack::Entries, sport: u16) -> Option<Entry<&[u8]>> {
    list.iter()
        .find(|e| e.orig().and_then(|t| t.src_port()) == Some(sport))
}

#[test]
fn create_list_get_update_delete() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = conn(&ns);
    c.conntrack_create(AF_INET, &udp("10.1.0.1", "10.1.0.2", 4000, 53).mark(7))
        .unwrap();
    c.conntrack_create(AF_INET, &tcp_established("10.1.0.1", "10.1.0.2", 4001, 80))
        .unwrap();
    let err = c
        .conntrack_create(AF_INET, &udp("10.1.0.1", "10.1.0.2", 4000, 53))
        .unwrap_err();
    assert_eq!(err.errno(), Some(libc::EEXIST), "{err}");

    let list = c.conntrack_list(&Query::new().ipv4()).unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let u = find(&list, 4000).expect("the UDP entry");
    assert_eq!(u.protocol(), Some(17));
    assert_eq!(u.mark(), Some(7));
    assert_eq!(u.orig().unwrap().src(), Some(ip4("10.1.0.1")));
    assert_eq!(u.orig().unwrap().dst_port(), Some(53));
    assert_eq!(u.reply().unwrap().src(), Some(ip4("10.1.0.2")));
    assert!(u.timeout().unwrap() <= 120 && u.timeout().unwrap() > 100);
    assert!(u.id().is_some());
    assert_eq!(u.malformed(), 0);
    let t = find(&list, 4001).expect("the TCP entry");
    assert_eq!(t.tcp_state(), Some(3), "ESTABLISHED");
    assert!(
        t.status_flags()
            .unwrap()
            .contains(Status::ASSURED | Status::CONFIRMED)
    );

    // Get by tuple.
    let orig = TupleSpec::between(ip4("10.1.0.1"), ip4("10.1.0.2"), 17).ports(4000, 53);
    let got = c.conntrack_get(AF_INET, &orig, None).unwrap();
    assert_eq!(got.id(), u.id());
    let missing = TupleSpec::between(ip4("10.1.0.1"), ip4("10.1.0.2"), 17).ports(4999, 53);
    assert!(
        c.conntrack_get(AF_INET, &missing, None)
            .unwrap_err()
            .is_not_found()
    );

    // Update mark and timeout.
    c.conntrack_update(
        AF_INET,
        &EntrySpec::new().orig(orig.clone()).mark(0x55).timeout(1000),
    )
    .unwrap();
    let got = c.conntrack_get(AF_INET, &orig, None).unwrap();
    assert_eq!(got.mark(), Some(0x55));
    assert!(got.timeout().unwrap() > 900);

    // Count.
    let count = c.conntrack_count().unwrap();
    assert_eq!(count.entries(), Some(2));
    assert!(count.max_entries().unwrap() > 0);
    assert!(
        !c.conntrack_stats().unwrap().is_empty(),
        "one record per CPU"
    );

    // Delete by tuple, then with a wrong id.
    let tcp_orig = TupleSpec::between(ip4("10.1.0.1"), ip4("10.1.0.2"), 6).ports(4001, 80);
    let wrong = EntrySpec::new()
        .orig(tcp_orig.clone())
        .id(t.id().unwrap().wrapping_add(1));
    assert!(
        c.conntrack_delete(AF_INET, &wrong)
            .unwrap_err()
            .is_not_found()
    );
    c.conntrack_delete(
        AF_INET,
        &EntrySpec::new().orig(tcp_orig).id(t.id().unwrap()),
    )
    .unwrap();
    c.conntrack_delete(AF_INET, &EntrySpec::new().orig(orig))
        .unwrap();
    assert!(c.conntrack_list(&Query::new()).unwrap().is_empty());
    // An id alone is refused here: the kernel would flush.
    assert!(
        c.conntrack_delete(AF_INET, &EntrySpec::new().id(1))
            .is_err()
    );
}

#[test]
fn kernel_filters_and_families() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = conn(&ns);
    for i in 0..10u16 {
        let mut e = udp("10.2.0.1", "10.2.0.2", 5000 + i, 53).mark(u32::from(i % 2));
        if i < 3 {
            e = e.zone(9);
        }
        c.conntrack_create(AF_INET, &e).unwrap();
    }
    let v6 = EntrySpec::new()
        .orig(TupleSpec::between(ip4("fd00::1"), ip4("fd00::2"), 17).ports(6000, 53))
        .reply(TupleSpec::between(ip4("fd00::2"), ip4("fd00::1"), 17).ports(53, 6000))
        .timeout(60);
    c.conntrack_create(AF_INET6, &v6).unwrap();

    assert_eq!(
        c.conntrack_list(&Query::new()).unwrap().len(),
        11,
        "both families"
    );
    assert_eq!(c.conntrack_list(&Query::new().ipv4()).unwrap().len(), 10);
    let six = c.conntrack_list(&Query::new().ipv6()).unwrap();
    assert_eq!(six.len(), 1);
    assert_eq!(
        six.get(0).unwrap().orig().unwrap().src(),
        Some(ip4("fd00::1"))
    );

    let marked = c.conntrack_list(&Query::new().ipv4().mark(1, 1)).unwrap();
    assert_eq!(marked.len(), 5, "mark filter");
    assert!(marked.iter().all(|e| e.mark() == Some(1)));
    let zoned = c.conntrack_list(&Query::new().ipv4().zone(9)).unwrap();
    assert_eq!(zoned.len(), 3, "zone filter");
    let port = c
        .conntrack_list(
            &Query::new()
                .ipv4()
                .orig(TupleSpec::between(ip4("10.2.0.1"), ip4("10.2.0.2"), 17).ports(5004, 53)),
        )
        .unwrap();
    assert_eq!(port.len(), 1, "CTA_FILTER on the original tuple: {port:?}");
    assert_eq!(port.get(0).unwrap().orig().unwrap().src_port(), Some(5004));

    // Streaming sees the same entries.
    let mut n = 0;
    c.conntrack_each(&Query::new().ipv4(), |e| {
        assert_eq!(e.protocol(), Some(17));
        n += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(n, 10);

    // Flush one family, then the rest.
    c.conntrack_flush(AF_INET6).unwrap();
    assert_eq!(
        c.conntrack_list(&Query::new()).unwrap().len(),
        10,
        "v4 kept"
    );
    c.conntrack_flush(0).unwrap();
    assert!(c.conntrack_list(&Query::new()).unwrap().is_empty());
}

#[test]
fn delete_matching_counts_what_it_deleted() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = conn(&ns);
    for i in 0..200u16 {
        let dst = if i % 2 == 0 { "10.3.0.2" } else { "10.3.1.2" };
        c.conntrack_create(AF_INET, &udp("10.3.0.1", dst, 10000 + i, 53))
            .unwrap();
    }
    let f = Filter::new()
        .protocol(17)
        .orig_dst("10.3.0.0/24".parse().unwrap());
    assert_eq!(
        c.conntrack_delete_matching(AF_INET, std::slice::from_ref(&f))
            .unwrap(),
        100
    );
    assert_eq!(
        c.conntrack_delete_matching(AF_INET, &[f]).unwrap(),
        0,
        "nothing left to match"
    );
    let left = c.conntrack_list(&Query::new()).unwrap();
    assert_eq!(left.len(), 100);
    assert!(
        left.iter()
            .all(|e| e.orig().unwrap().dst() == Some(IpAddr::V4(Ipv4Addr::new(10, 3, 1, 2))))
    );
    // Two filters: either matches.
    let by_port = [
        Filter::new().orig_src_port(10001),
        Filter::new().orig_src_port(10003),
    ];
    assert_eq!(c.conntrack_delete_matching(0, &by_port).unwrap(), 2);
}

/// Runs a shell command line inside `ns`; fails the test if it fails.
fn sh(ns: &NetNs, line: &str) {
    let out = ns
        .run(|| Command::new("sh").args(["-c", line]).output())
        .unwrap()
        .unwrap();
    assert!(
        out.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn counters_from_real_traffic_zeroed_on_read_and_the_other_tables() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    ns.set_sysctl("net.netfilter.nf_conntrack_acct", "1")
        .unwrap();
    sh(
        &ns,
        "ip link set lo up && nft add table inet t && \
         nft add chain inet t out '{ type filter hook output priority 0; }' && \
         nft add rule inet t out ct state new,established accept",
    );
    // Three datagrams of 10 bytes each way over loopback.
    let port = ns
        .run(|| {
            let a = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
            let b = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
            let mut buf = [0u8; 64];
            for _ in 0..3 {
                a.send_to(&[7; 10], b.local_addr().unwrap()).unwrap();
                let (n, from) = b.recv_from(&mut buf).unwrap();
                b.send_to(&buf[..n], from).unwrap();
                a.recv_from(&mut buf).unwrap();
            }
            a.local_addr().unwrap().port()
        })
        .unwrap();
    let mut c = conn(&ns);
    let q = Query::new().ipv4().zero_counters();
    let list = c.conntrack_list(&q).unwrap();
    let mine = |e: &Entry<&[u8]>| e.orig().and_then(|t| t.src_port()) == Some(port);
    let udp = list
        .iter()
        .find(mine)
        .expect("the traffic made a UDP entry");
    let orig = udp.counters_orig().expect("accounting is on");
    assert_eq!(orig.packets(), Some(3), "{udp:?}");
    assert_eq!(
        orig.bytes(),
        Some(3 * 38),
        "3 datagrams of 20 + 8 + 10 bytes"
    );
    assert_eq!(udp.counters_reply().unwrap().packets(), Some(3));
    assert!(udp.status_flags().unwrap().contains(Status::SEEN_REPLY));
    // Read with zeroing: the next read sees none.
    let again = c.conntrack_list(&Query::new().ipv4()).unwrap();
    let udp = again.iter().find(mine).unwrap();
    assert_eq!(
        udp.counters_orig().unwrap().packets(),
        Some(0),
        "zeroed on read"
    );
    // The dying and unconfirmed tables can be read (and are empty here).
    for table in [Table::Dying, Table::Unconfirmed] {
        let l = c.conntrack_list(&Query::new().table(table)).unwrap();
        assert!(l.is_empty(), "{table:?}: {l:?}");
    }
}

#[test]
fn views_are_small() {
    // A view is its bytes and a 16-bit slot per kind: well under the
    // 256 bytes a view may take.
    assert!(std::mem::size_of::<Entry<&[u8]>>() <= 80);
    assert!(std::mem::size_of::<nlstack::netfilter::conntrack::Tuple<&[u8]>>() <= 32);
}

#[test]
fn filters_on_status_and_icmp() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = conn(&ns);
    let (s, d) = (ip4("10.4.0.1"), ip4("10.4.0.2"));
    for id in [1u16, 2] {
        let e = EntrySpec::new()
            .orig(TupleSpec::between(s, d, 1).icmp(id, 8, 0))
            .reply(TupleSpec::between(d, s, 1).icmp(id, 0, 0))
            .timeout(30);
        c.conntrack_create(AF_INET, &e).unwrap();
    }
    c.conntrack_create(AF_INET, &tcp_established("10.4.0.1", "10.4.0.2", 4100, 80))
        .unwrap();
    let assured = Status::ASSURED.bits();
    assert_eq!(
        c.conntrack_delete_matching(0, &[Filter::new().status(assured, assured)])
            .unwrap(),
        1,
        "only the TCP entry is assured"
    );
    assert_eq!(
        c.conntrack_delete_matching(0, &[Filter::new().icmp_type(8).icmp_id(2)])
            .unwrap(),
        1
    );
    let left = c.conntrack_list(&Query::new()).unwrap();
    assert_eq!(left.len(), 1);
    let p = left.get(0).unwrap().orig().unwrap().proto().unwrap();
    assert_eq!(
        (p.icmp_type(), p.icmp_code(), p.icmp_id()),
        (Some(8), Some(0), Some(1))
    );
}
