//! A non-blocking connection driven by a `poll(2)` loop against the real
//! kernel, in a namespace each test makes: every message of large dumps
//! exactly once, a dropped dump that does not disturb what follows, and
//! sockets taken over from a file descriptor.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::os::fd::{AsFd, OwnedFd};

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::sys::{self, Socket};
use nlstack::wire::{Encoder, FamilyHeader, Flags, IfInfoMsg, Message, MsgType, RtMsg};

/// Runs a dump on a non-blocking connection, polling its fd whenever it
/// would block, and returns what `key` makes of each message.
fn poll_dump<K>(
    conn: &mut Conn<Route>,
    kind: MsgType,
    build: impl FnOnce(&mut Encoder<'_>),
    key: impl Fn(Message<'_>) -> K,
) -> Vec<K> {
    conn.dump_start(kind, Flags::empty(), build).unwrap();
    let mut out = Vec::new();
    loop {
        match conn.dump_next() {
            Some(Ok(m)) => out.push(key(m)),
            Some(Err(e)) if e.is_would_block() => {
                let ready = sys::poll(conn.as_fd(), libc::POLLIN, 5_000).unwrap();
                assert!(ready != 0, "the kernel went quiet mid-dump");
            }
            Some(Err(e)) => panic!("{e}"),
            None => return out,
        }
    }
}

fn ifindex(m: Message<'_>) -> i32 {
    m.family_header::<IfInfoMsg>().unwrap().index
}

/// (table, destination bytes, prefix length) of a route message.
fn route_key(m: Message<'_>) -> (u32, Vec<u8>, u8) {
    let h = m.family_header::<RtMsg>().unwrap();
    let mut table = u32::from(h.table);
    let mut dst = Vec::new();
    for a in m.attrs(RtMsg::LEN).unwrap() {
        let a = a.unwrap();
        match a.kind() {
            1 => dst = a.value().to_vec(),
            15 => table = a.u32().unwrap(),
            _ => {}
        }
    }
    (table, dst, h.dst_len)
}

fn populate(ns: &NetNs, pairs: usize, routes: usize) {
    let mut s = String::new();
    for i in 0..pairs {
        s.push_str(&format!("link add pa{i} type veth peer name pb{i}\n"));
    }
    s.push_str("link set pa0 up\nlink set pb0 up\naddr add 10.0.0.1/16 dev pa0\n");
    for i in 0..routes {
        s.push_str(&format!(
            "route add 172.{}.{}.{}/32 via 10.0.0.2\n",
            16 + i / 65536,
            (i / 256) % 256,
            i % 256
        ));
    }
    common::ip_batch(ns, &s);
}

#[test]
fn a_poll_loop_reads_large_dumps_with_every_message_once() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    populate(&ns, 1000, 20_000);
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns).nonblocking(true)).unwrap();

    let links = poll_dump(
        &mut conn,
        MsgType::RTM_GETLINK,
        |e| {
            e.header(&IfInfoMsg::default());
        },
        ifindex,
    );
    let unique: BTreeSet<i32> = links.iter().copied().collect();
    assert_eq!(unique.len(), links.len(), "a link was handed out twice");
    let ip: BTreeSet<i32> = common::ip_json(&ns, &["link", "show"])
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifindex"].as_i64().unwrap() as i32)
        .collect();
    assert_eq!(ip.len(), 2001);
    assert_eq!(unique, ip);

    let routes = poll_dump(
        &mut conn,
        MsgType::RTM_GETROUTE,
        |e| {
            e.header(&RtMsg {
                family: libc::AF_INET as u8,
                ..Default::default()
            });
        },
        route_key,
    );
    let unique: BTreeSet<_> = routes.iter().cloned().collect();
    assert_eq!(unique.len(), routes.len(), "a route was handed out twice");
    let ip = common::ip_json(&ns, &["-4", "route", "show", "table", "all"]);
    assert_eq!(routes.len(), ip.as_array().unwrap().len());
    let main = routes
        .iter()
        .filter(|(t, _, len)| *t == 254 && *len == 32)
        .count();
    assert_eq!(main, 20_000);
    assert_eq!(conn.stats().dropped(), 0);
}

#[test]
fn a_dump_dropped_after_three_messages_leaves_the_connection_in_step() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    populate(&ns, 200, 0);
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();
    let pa7 = common::ip_json(&ns, &["link", "show", "pa7"])[0]["ifindex"]
        .as_i64()
        .unwrap() as i32;
    {
        let mut dump = conn
            .dump(MsgType::RTM_GETLINK, Flags::empty(), |e| {
                e.header(&IfInfoMsg::default());
            })
            .unwrap();
        for _ in 0..3 {
            dump.next().unwrap().unwrap();
        }
    }
    // A request on the same connection gets its own answer.
    let m = conn
        .request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index: pa7,
                ..Default::default()
            });
        })
        .unwrap();
    assert_eq!(ifindex(m), pa7);
    // And so does the next dump (the kernel's unfinished one is read out
    // first; without that it would answer EBUSY).
    let mut dump = conn
        .dump(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg::default());
        })
        .unwrap();
    let mut n = 0;
    while let Some(m) = dump.next() {
        m.unwrap();
        n += 1;
    }
    drop(dump);
    assert_eq!(n, 401);
    assert!(conn.stats().discarded > 0);
    assert_eq!(conn.stats().stale, 0);
}

#[test]
fn a_socket_made_elsewhere_is_taken_over_when_it_is_netlink_of_our_protocol() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    // Made inside the namespace (as a runtime would) and handed over as an fd.
    let fd: OwnedFd = ns
        .run(|| Socket::new(libc::NETLINK_ROUTE))
        .unwrap()
        .unwrap()
        .into();
    let mut conn = Conn::<Route>::from_fd(fd, Config::default()).unwrap();
    assert_ne!(conn.port(), 0, "an unbound socket is bound");
    let n = conn
        .dump_collect(
            MsgType::RTM_GETLINK,
            Flags::empty(),
            |e| {
                e.header(&IfInfoMsg::default());
            },
            |m| Ok(Some(ifindex(m))),
        )
        .unwrap();
    assert_eq!(n, [1], "the namespace the socket was made in: only lo");

    let xfrm: OwnedFd = Socket::new(libc::NETLINK_XFRM).unwrap().into();
    let e = Conn::<Route>::from_fd(xfrm, Config::default()).unwrap_err();
    assert!(e.to_string().contains("protocol"), "{e}");
    let (unix, _) = std::os::unix::net::UnixDatagram::pair().unwrap();
    let e = Conn::<Route>::from_fd(OwnedFd::from(unix), Config::default()).unwrap_err();
    assert!(e.to_string().contains("not a netlink socket"), "{e}");
}

#[test]
fn a_write_timeout_lets_requests_through_on_a_writable_socket() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let cfg = Config::default()
        .netns(&ns)
        .write_timeout(std::time::Duration::from_millis(100));
    let mut conn = Conn::<Route>::dial(cfg).unwrap();
    let m = conn
        .request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index: 1,
                ..Default::default()
            });
        })
        .unwrap();
    assert_eq!(ifindex(m), 1);
}
