//! Link attribute numbers (`IFLA_*`, `IFLA_INFO_*`), `RTEXT_FILTER_*` and
//! the `ARPHRD_*` link types.

/// `IFLA_ADDRESS`: the hardware address.
pub const IFLA_ADDRESS: u16 = 1;
/// `IFLA_BROADCAST`: the hardware broadcast address.
pub const IFLA_BROADCAST: u16 = 2;
/// `IFLA_IFNAME`: the name.
pub const IFLA_IFNAME: u16 = 3;
/// `IFLA_MTU`: `u32`.
pub const IFLA_MTU: u16 = 4;
/// `IFLA_LINK`: the index of the underlying (or peer) link, `u32`.
pub const IFLA_LINK: u16 = 5;
/// `IFLA_QDISC`: the root qdisc's name.
pub const IFLA_QDISC: u16 = 6;
/// `IFLA_STATS`: `struct rtnl_link_stats` (32-bit counters; not decoded).
pub const IFLA_STATS: u16 = 7;
/// `IFLA_MASTER`: the index of the master (bridge, bond, VRF), `u32`.
pub const IFLA_MASTER: u16 = 10;
/// `IFLA_PROTINFO`: protocol-specific information (nested).
pub const IFLA_PROTINFO: u16 = 12;
/// `IFLA_TXQLEN`: transmit queue length, `u32`.
pub const IFLA_TXQLEN: u16 = 13;
/// `IFLA_OPERSTATE`: RFC 2863 operational state, `u8`.
pub const IFLA_OPERSTATE: u16 = 16;
/// `IFLA_LINKMODE`: link mode, `u8`.
pub const IFLA_LINKMODE: u16 = 17;
/// `IFLA_LINKINFO`: kind and kind-specific data (nested).
pub const IFLA_LINKINFO: u16 = 18;
/// `IFLA_NET_NS_PID`: move to the namespace of this process, `u32`.
pub const IFLA_NET_NS_PID: u16 = 19;
/// `IFLA_IFALIAS`: the alias (a free-form description).
pub const IFLA_IFALIAS: u16 = 20;
/// `IFLA_STATS64`: `struct rtnl_link_stats64`.
pub const IFLA_STATS64: u16 = 23;
/// `IFLA_AF_SPEC`: per-address-family data (nested; not decoded).
pub const IFLA_AF_SPEC: u16 = 26;
/// `IFLA_GROUP`: the device group, `u32`.
pub const IFLA_GROUP: u16 = 27;
/// `IFLA_NET_NS_FD`: move to the namespace this fd refers to, `u32`.
pub const IFLA_NET_NS_FD: u16 = 28;
/// `IFLA_EXT_MASK`: `RTEXT_FILTER_*` for GET requests, `u32`.
pub const IFLA_EXT_MASK: u16 = 29;
/// `IFLA_PROMISCUITY`: promiscuity count, `u32`.
pub const IFLA_PROMISCUITY: u16 = 30;
/// `IFLA_NUM_TX_QUEUES`: `u32`.
pub const IFLA_NUM_TX_QUEUES: u16 = 31;
/// `IFLA_NUM_RX_QUEUES`: `u32`.
pub const IFLA_NUM_RX_QUEUES: u16 = 32;
/// `IFLA_CARRIER`: carrier on, `u8`.
pub const IFLA_CARRIER: u16 = 33;
/// `IFLA_CARRIER_CHANGES`: `u32`.
pub const IFLA_CARRIER_CHANGES: u16 = 35;
/// `IFLA_LINK_NETNSID`: namespace id of `IFLA_LINK`'s namespace, `s32`.
pub const IFLA_LINK_NETNSID: u16 = 37;
/// `IFLA_PROTO_DOWN`: `u8`.
pub const IFLA_PROTO_DOWN: u16 = 39;
/// `IFLA_GSO_MAX_SEGS`: `u32`.
pub const IFLA_GSO_MAX_SEGS: u16 = 40;
/// `IFLA_GSO_MAX_SIZE`: `u32`.
pub const IFLA_GSO_MAX_SIZE: u16 = 41;
/// `IFLA_NEW_NETNSID`: in notifications of a move, the target's id, `s32`.
pub const IFLA_NEW_NETNSID: u16 = 45;
/// `IFLA_CARRIER_UP_COUNT`: `u32`.
pub const IFLA_CARRIER_UP_COUNT: u16 = 47;
/// `IFLA_CARRIER_DOWN_COUNT`: `u32`.
pub const IFLA_CARRIER_DOWN_COUNT: u16 = 48;
/// `IFLA_NEW_IFINDEX`: in notifications of a move, the new index, `s32`.
pub const IFLA_NEW_IFINDEX: u16 = 49;
/// `IFLA_MIN_MTU`: `u32`.
pub const IFLA_MIN_MTU: u16 = 50;
/// `IFLA_MAX_MTU`: `u32`.
pub const IFLA_MAX_MTU: u16 = 51;
/// `IFLA_PROP_LIST`: properties (nested), holding `IFLA_ALT_IFNAME`s.
pub const IFLA_PROP_LIST: u16 = 52;
/// `IFLA_ALT_IFNAME`: an alternative name.
pub const IFLA_ALT_IFNAME: u16 = 53;
/// `IFLA_PERM_ADDRESS`: the permanent hardware address.
pub const IFLA_PERM_ADDRESS: u16 = 54;
/// `IFLA_PARENT_DEV_NAME`: the parent device's (sysfs) name.
pub const IFLA_PARENT_DEV_NAME: u16 = 56;
/// `IFLA_PARENT_DEV_BUS_NAME`: the parent device's bus.
pub const IFLA_PARENT_DEV_BUS_NAME: u16 = 57;
/// `IFLA_GRO_MAX_SIZE`: `u32`.
pub const IFLA_GRO_MAX_SIZE: u16 = 58;
/// `IFLA_TSO_MAX_SIZE`: `u32`.
pub const IFLA_TSO_MAX_SIZE: u16 = 59;
/// `IFLA_TSO_MAX_SEGS`: `u32`.
pub const IFLA_TSO_MAX_SEGS: u16 = 60;
/// `IFLA_ALLMULTI`: all-multicast count, `u32`.
pub const IFLA_ALLMULTI: u16 = 61;
/// `IFLA_GSO_IPV4_MAX_SIZE`: `u32`.
pub const IFLA_GSO_IPV4_MAX_SIZE: u16 = 63;
/// `IFLA_GRO_IPV4_MAX_SIZE`: `u32`.
pub const IFLA_GRO_IPV4_MAX_SIZE: u16 = 64;

/// `IFLA_INFO_KIND` (in `IFLA_LINKINFO`): the kind's name.
pub const IFLA_INFO_KIND: u16 = 1;
/// `IFLA_INFO_DATA` (in `IFLA_LINKINFO`): kind-specific attributes.
pub const IFLA_INFO_DATA: u16 = 2;
/// `IFLA_INFO_XSTATS` (in `IFLA_LINKINFO`): kind-specific statistics.
pub const IFLA_INFO_XSTATS: u16 = 3;
/// `IFLA_INFO_SLAVE_KIND` (in `IFLA_LINKINFO`): the master's kind, for a port.
pub const IFLA_INFO_SLAVE_KIND: u16 = 4;
/// `IFLA_INFO_SLAVE_DATA` (in `IFLA_LINKINFO`): port attributes of the master's kind.
pub const IFLA_INFO_SLAVE_DATA: u16 = 5;

/// `RTEXT_FILTER_VF`, for `IFLA_EXT_MASK`.
pub const RTEXT_FILTER_VF: u32 = 1;
/// `RTEXT_FILTER_SKIP_STATS`, for `IFLA_EXT_MASK`.
pub const RTEXT_FILTER_SKIP_STATS: u32 = 1 << 3;

/// `ARPHRD_ETHER`: `ifi_type` of Ethernet-like links (veth, bridge, vxlan).
pub const ARPHRD_ETHER: u16 = 1;
/// `ARPHRD_LOOPBACK`: `ifi_type` of `lo`.
pub const ARPHRD_LOOPBACK: u16 = 772;
/// `ARPHRD_NONE`: `ifi_type` of links without a link-layer header (`tun`, `wireguard`).
pub const ARPHRD_NONE: u16 = 0xfffe;

/// `IFLA_INET6_ADDR_GEN_MODE` (in `IFLA_AF_SPEC`, `AF_INET6`): `u8`.
pub const IFLA_INET6_ADDR_GEN_MODE: u16 = 8;
