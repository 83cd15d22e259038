//! Route attribute numbers (`RTA_*`), metrics (`RTAX_*`) and table ids
//! (`RT_TABLE_*`).

/// `RTA_DST`: the destination prefix's address.
pub const RTA_DST: u16 = 1;
/// `RTA_SRC`: the source prefix's address (source routing, IPv6).
pub const RTA_SRC: u16 = 2;
/// `RTA_IIF`: the input interface (lookups, multicast).
pub const RTA_IIF: u16 = 3;
/// `RTA_OIF`: the output interface.
pub const RTA_OIF: u16 = 4;
/// `RTA_GATEWAY`: the gateway, of the route's family.
pub const RTA_GATEWAY: u16 = 5;
/// `RTA_PRIORITY`: the metric.
pub const RTA_PRIORITY: u16 = 6;
/// `RTA_PREFSRC`: the preferred source address.
pub const RTA_PREFSRC: u16 = 7;
/// `RTA_METRICS`: nested `RTAX_*` values.
pub const RTA_METRICS: u16 = 8;
/// `RTA_MULTIPATH`: a sequence of `struct rtnexthop`, each followed by
/// its attributes.
pub const RTA_MULTIPATH: u16 = 9;
/// `RTA_FLOW`: the realms.
pub const RTA_FLOW: u16 = 11;
/// `RTA_CACHEINFO`: `struct rta_cacheinfo`.
pub const RTA_CACHEINFO: u16 = 12;
/// `RTA_TABLE`: the 32-bit table id (over the 8-bit `rtm_table`).
pub const RTA_TABLE: u16 = 15;
/// `RTA_MARK`: the firewall mark of a lookup.
pub const RTA_MARK: u16 = 16;
/// `RTA_VIA`: a gateway of another family (`struct rtvia`).
pub const RTA_VIA: u16 = 18;
/// `RTA_NEWDST`: MPLS label rewrite.
pub const RTA_NEWDST: u16 = 19;
/// `RTA_PREF`: the IPv6 router preference.
pub const RTA_PREF: u16 = 20;
/// `RTA_ENCAP_TYPE`: the lightweight tunnel type (`LWTUNNEL_ENCAP_*`).
pub const RTA_ENCAP_TYPE: u16 = 21;
/// `RTA_ENCAP`: the lightweight tunnel's attributes.
pub const RTA_ENCAP: u16 = 22;
/// `RTA_EXPIRES`: lifetime in seconds (IPv6, when adding).
pub const RTA_EXPIRES: u16 = 23;
/// `RTA_PAD`: padding for 64-bit values.
pub const RTA_PAD: u16 = 24;
/// `RTA_UID`: the user id of a lookup.
pub const RTA_UID: u16 = 25;
/// `RTA_TTL_PROPAGATE`: MPLS TTL propagation.
pub const RTA_TTL_PROPAGATE: u16 = 26;
/// `RTA_IP_PROTO`: the IP protocol of a lookup.
pub const RTA_IP_PROTO: u16 = 27;
/// `RTA_SPORT`: the source port of a lookup.
pub const RTA_SPORT: u16 = 28;
/// `RTA_DPORT`: the destination port of a lookup.
pub const RTA_DPORT: u16 = 29;
/// `RTA_NH_ID`: the id of a nexthop object (`ip nexthop`).
pub const RTA_NH_ID: u16 = 30;

/// `RTAX_LOCK`: bitmask of metrics locked against path-MTU and
/// congestion updates (bit `1 << RTAX_x`).
pub const RTAX_LOCK: u16 = 1;
/// `RTAX_MTU`: the path MTU.
pub const RTAX_MTU: u16 = 2;
/// `RTAX_WINDOW`: the TCP window clamp.
pub const RTAX_WINDOW: u16 = 3;
/// `RTAX_RTT`: the initial RTT estimate.
pub const RTAX_RTT: u16 = 4;
/// `RTAX_RTTVAR`: the initial RTT variance.
pub const RTAX_RTTVAR: u16 = 5;
/// `RTAX_SSTHRESH`: the initial slow-start threshold.
pub const RTAX_SSTHRESH: u16 = 6;
/// `RTAX_CWND`: the congestion window clamp.
pub const RTAX_CWND: u16 = 7;
/// `RTAX_ADVMSS`: the MSS to advertise.
pub const RTAX_ADVMSS: u16 = 8;
/// `RTAX_REORDERING`: the initial reordering estimate.
pub const RTAX_REORDERING: u16 = 9;
/// `RTAX_HOPLIMIT`: the hop limit (TTL).
pub const RTAX_HOPLIMIT: u16 = 10;
/// `RTAX_INITCWND`: the initial congestion window.
pub const RTAX_INITCWND: u16 = 11;
/// `RTAX_FEATURES`: `RTAX_FEATURE_*` bits (ECN...).
pub const RTAX_FEATURES: u16 = 12;
/// `RTAX_RTO_MIN`: the minimal retransmission timeout.
pub const RTAX_RTO_MIN: u16 = 13;
/// `RTAX_INITRWND`: the initial receive window.
pub const RTAX_INITRWND: u16 = 14;
/// `RTAX_QUICKACK`: quick acks.
pub const RTAX_QUICKACK: u16 = 15;
/// `RTAX_CC_ALGO`: the congestion control algorithm, a name.
pub const RTAX_CC_ALGO: u16 = 16;
/// `RTAX_FASTOPEN_NO_COOKIE`: TCP fast open without a cookie.
pub const RTAX_FASTOPEN_NO_COOKIE: u16 = 17;
/// The highest `RTAX_*` this crate knows.
pub const RTAX_MAX: u16 = 17;

/// `RT_TABLE_UNSPEC`: no table (in a dump request: every table).
pub const RT_TABLE_UNSPEC: u32 = 0;
/// `RT_TABLE_COMPAT`.
pub const RT_TABLE_COMPAT: u32 = 252;
/// `RT_TABLE_DEFAULT`.
pub const RT_TABLE_DEFAULT: u32 = 253;
/// `RT_TABLE_MAIN`: the table `ip route` shows and changes by default.
pub const RT_TABLE_MAIN: u32 = 254;
/// `RT_TABLE_LOCAL`: local and broadcast addresses, maintained by the kernel.
pub const RT_TABLE_LOCAL: u32 = 255;
