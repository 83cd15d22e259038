//! Changes that return what they made (`NLM_F_ECHO`): one round trip, the
//! same object `ip -j` then shows.

#[macro_use]
mod common;

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::{AddrRequest, LinkChange, LinkRequest, Prefix, RouteRequest, VethPeer};

#[test]
fn link_address_and_route_adds_return_what_the_kernel_made_in_one_round_trip() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut conn = Conn::<Route>::dial(Config::default().netns(&ns)).unwrap();

    let seq = conn.next_seq();
    let link = conn
        .link_add_echo(&LinkRequest::veth("e0", VethPeer::new("e1")))
        .unwrap();
    assert_eq!(
        conn.next_seq(),
        seq.wrapping_add(1),
        "one request, no lookup"
    );
    let shown = &common::ip_json(&ns, &["link", "show", "e0"])[0];
    assert_eq!(link.name(), "e0");
    assert_eq!(i64::from(link.index()), shown["ifindex"].as_i64().unwrap());
    assert_eq!(
        link.address().map(|a| a.to_string()).as_deref(),
        shown["address"].as_str(),
        "the MAC the kernel generated"
    );

    conn.link_set(&LinkChange::new(link.index()).up()).unwrap();
    let seq = conn.next_seq();
    let addr = conn
        .addr_add_echo(&AddrRequest::new(
            link.index(),
            "10.7.0.1".parse().unwrap(),
            24,
        ))
        .unwrap()
        .expect("6.18 echoes addresses");
    assert_eq!(conn.next_seq(), seq.wrapping_add(1));
    assert_eq!(addr.index(), link.index());
    assert_eq!(addr.prefixlen(), 24);
    assert_eq!(addr.local(), Some("10.7.0.1".parse().unwrap()));

    let route = conn
        .route_add_echo(
            &RouteRequest::new(Prefix::new("10.8.0.0".parse().unwrap(), 16))
                .via("10.7.0.2".parse().unwrap()),
        )
        .unwrap()
        .expect("6.18 echoes routes");
    assert_eq!(route.table(), 254);
    assert_eq!(route.dst(), Some("10.8.0.0".parse().unwrap()));
    assert_eq!(route.dst_len(), 16);
    assert_eq!(
        route.oif(),
        Some(link.index()),
        "the kernel resolved the device"
    );
    let shown = common::ip_json(&ns, &["route", "show", "10.8.0.0/16"]);
    assert_eq!(shown[0]["gateway"], "10.7.0.2");

    // A failing change still reports the kernel's error.
    let e = conn
        .link_add_echo(&LinkRequest::veth("e0", VethPeer::new("e2")))
        .unwrap_err();
    assert!(e.is_exists(), "{e}");
}
