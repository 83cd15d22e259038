//! rtnetlink multicast groups (`enum rtnetlink_groups`), numbered as for
//! `NETLINK_ADD_MEMBERSHIP`.

/// `RTNLGRP_LINK`: links.
pub const RTNLGRP_LINK: u32 = 1;
/// `RTNLGRP_NOTIFY`.
pub const RTNLGRP_NOTIFY: u32 = 2;
/// `RTNLGRP_NEIGH`: neighbours.
pub const RTNLGRP_NEIGH: u32 = 3;
/// `RTNLGRP_TC`: traffic control.
pub const RTNLGRP_TC: u32 = 4;
/// `RTNLGRP_IPV4_IFADDR`: IPv4 addresses.
pub const RTNLGRP_IPV4_IFADDR: u32 = 5;
/// `RTNLGRP_IPV4_MROUTE`.
pub const RTNLGRP_IPV4_MROUTE: u32 = 6;
/// `RTNLGRP_IPV4_ROUTE`: IPv4 routes.
pub const RTNLGRP_IPV4_ROUTE: u32 = 7;
/// `RTNLGRP_IPV4_RULE`: IPv4 rules.
pub const RTNLGRP_IPV4_RULE: u32 = 8;
/// `RTNLGRP_IPV6_IFADDR`: IPv6 addresses.
pub const RTNLGRP_IPV6_IFADDR: u32 = 9;
/// `RTNLGRP_IPV6_MROUTE`.
pub const RTNLGRP_IPV6_MROUTE: u32 = 10;
/// `RTNLGRP_IPV6_ROUTE`: IPv6 routes.
pub const RTNLGRP_IPV6_ROUTE: u32 = 11;
/// `RTNLGRP_IPV6_IFINFO`.
pub const RTNLGRP_IPV6_IFINFO: u32 = 12;
/// `RTNLGRP_IPV6_PREFIX`.
pub const RTNLGRP_IPV6_PREFIX: u32 = 18;
/// `RTNLGRP_IPV6_RULE`: IPv6 rules.
pub const RTNLGRP_IPV6_RULE: u32 = 19;
/// `RTNLGRP_ND_USEROPT`.
pub const RTNLGRP_ND_USEROPT: u32 = 20;
/// `RTNLGRP_DCB`.
pub const RTNLGRP_DCB: u32 = 23;
/// `RTNLGRP_IPV4_NETCONF`: IPv4 per-device configuration.
pub const RTNLGRP_IPV4_NETCONF: u32 = 24;
/// `RTNLGRP_IPV6_NETCONF`: IPv6 per-device configuration.
pub const RTNLGRP_IPV6_NETCONF: u32 = 25;
/// `RTNLGRP_MDB`: bridge multicast database.
pub const RTNLGRP_MDB: u32 = 26;
/// `RTNLGRP_MPLS_ROUTE`.
pub const RTNLGRP_MPLS_ROUTE: u32 = 27;
/// `RTNLGRP_NSID`: namespace ids.
pub const RTNLGRP_NSID: u32 = 28;
/// `RTNLGRP_MPLS_NETCONF`.
pub const RTNLGRP_MPLS_NETCONF: u32 = 29;
/// `RTNLGRP_IPV4_MROUTE_R`.
pub const RTNLGRP_IPV4_MROUTE_R: u32 = 30;
/// `RTNLGRP_IPV6_MROUTE_R`.
pub const RTNLGRP_IPV6_MROUTE_R: u32 = 31;
/// `RTNLGRP_NEXTHOP`: next-hop objects.
pub const RTNLGRP_NEXTHOP: u32 = 32;
/// `RTNLGRP_BRVLAN`: bridge VLANs (above 32: joined with
/// `NETLINK_ADD_MEMBERSHIP`, as every group here is).
pub const RTNLGRP_BRVLAN: u32 = 33;
/// `RTNLGRP_MCTP_IFADDR`.
pub const RTNLGRP_MCTP_IFADDR: u32 = 34;
/// `RTNLGRP_TUNNEL`.
pub const RTNLGRP_TUNNEL: u32 = 35;
/// `RTNLGRP_STATS`.
pub const RTNLGRP_STATS: u32 = 36;
/// `RTNLGRP_IPV4_MCADDR`: IPv4 multicast addresses.
pub const RTNLGRP_IPV4_MCADDR: u32 = 37;
/// `RTNLGRP_IPV6_MCADDR`: IPv6 multicast addresses.
pub const RTNLGRP_IPV6_MCADDR: u32 = 38;
/// `RTNLGRP_IPV6_ACADDR`: IPv6 anycast addresses.
pub const RTNLGRP_IPV6_ACADDR: u32 = 39;

/// What a monitor joins unless told otherwise: links, neighbours, IPv4
/// and IPv6 addresses, routes and rules (groups 1, 3, 5, 7, 8, 9, 11, 19).
pub const DEFAULT_GROUPS: &[u32] = &[
    RTNLGRP_LINK,
    RTNLGRP_NEIGH,
    RTNLGRP_IPV4_IFADDR,
    RTNLGRP_IPV4_ROUTE,
    RTNLGRP_IPV4_RULE,
    RTNLGRP_IPV6_IFADDR,
    RTNLGRP_IPV6_ROUTE,
    RTNLGRP_IPV6_RULE,
];
