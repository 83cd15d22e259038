//! Links: `RTM_NEWLINK`/`RTM_DELLINK`/`RTM_GETLINK`/`RTM_SETLINK`.
//!
//! [`LinkMsg`] is the borrowed view of one link message, decoded in one pass
//! without allocating; [`Link`] is its owned copy. [`LinkRequest`] creates
//! a link (veth, bridge, vxlan, or any kind by name), [`LinkChange`]
//! changes one, and the operations live on `Conn<Route>`:
//! [`links`](Conn::links), [`link_by_index`](Conn::link_by_index),
//! [`link_by_name`](Conn::link_by_name), [`link_add`](Conn::link_add),
//! [`link_set`](Conn::link_set), [`link_del`](Conn::link_del).
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::netns::NetNs;
//! use nlstack::route::link::{LinkChange, LinkRequest, VethPeer};
//!
//! let ns = NetNs::new_anonymous()?;
//! let other = NetNs::new_anonymous()?;
//! let mut conn = Conn::<Route>::dial(Config::default().netns(&ns))?;
//! // A veth pair whose peer is born inside `other`.
//! conn.link_add(&LinkRequest::veth("ve0", VethPeer::new("ve1").netns(&other)))?;
//! conn.link_add(&LinkRequest::bridge("br0"))?;
//! let br = conn.link_by_name("br0")?;
//! let ve = conn.link_by_name("ve0")?;
//! conn.link_set(&LinkChange::new(ve.index).mtu(1400).master(br.index).up())?;
//! for l in conn.links()? {
//!     println!("{} {} {:?}", l.index, l.name, l.operstate);
//! }
//! # Ok::<(), nlstack::Error>(())
//! ```

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{AsFd, AsRawFd};
use std::str::FromStr;

use crate::conn::{Conn, Route, Transport};
use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::route::AttrErrors;
use crate::route::nsid::NsRef;
use crate::wire::{
    Attr, Attrs, Encoder, FamilyHeader, Flags, IfInfoMsg, Message, MsgType, NLA_F_NESTED,
};

// ---------------------------------------------------------------------------
// Constants

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

/// `VETH_INFO_PEER` (veth `IFLA_INFO_DATA`): an `ifinfomsg` and the peer's attributes.
pub const VETH_INFO_PEER: u16 = 1;

/// `RTEXT_FILTER_VF`, for `IFLA_EXT_MASK`.
pub const RTEXT_FILTER_VF: u32 = 1;
/// `RTEXT_FILTER_SKIP_STATS`, for `IFLA_EXT_MASK`.
pub const RTEXT_FILTER_SKIP_STATS: u32 = 1 << 3;

/// Bridge `IFLA_INFO_DATA` attributes (`IFLA_BR_*`).
pub mod br {
    /// `IFLA_BR_FORWARD_DELAY`: `u32`, hundredths of a second.
    pub const FORWARD_DELAY: u16 = 1;
    /// `IFLA_BR_HELLO_TIME`: `u32`, hundredths of a second.
    pub const HELLO_TIME: u16 = 2;
    /// `IFLA_BR_MAX_AGE`: `u32`, hundredths of a second.
    pub const MAX_AGE: u16 = 3;
    /// `IFLA_BR_AGEING_TIME`: `u32`, hundredths of a second.
    pub const AGEING_TIME: u16 = 4;
    /// `IFLA_BR_STP_STATE`: `u32`.
    pub const STP_STATE: u16 = 5;
    /// `IFLA_BR_PRIORITY`: `u16`.
    pub const PRIORITY: u16 = 6;
    /// `IFLA_BR_VLAN_FILTERING`: `u8`.
    pub const VLAN_FILTERING: u16 = 7;
    /// `IFLA_BR_VLAN_PROTOCOL`: big-endian `u16` (an ethertype).
    pub const VLAN_PROTOCOL: u16 = 8;
    /// `IFLA_BR_GROUP_FWD_MASK`: `u16`.
    pub const GROUP_FWD_MASK: u16 = 9;
    /// `IFLA_BR_ROOT_ID`: `struct ifla_bridge_id`.
    pub const ROOT_ID: u16 = 10;
    /// `IFLA_BR_BRIDGE_ID`: `struct ifla_bridge_id`.
    pub const BRIDGE_ID: u16 = 11;
    /// `IFLA_BR_ROOT_PORT`: `u16`.
    pub const ROOT_PORT: u16 = 12;
    /// `IFLA_BR_ROOT_PATH_COST`: `u32`.
    pub const ROOT_PATH_COST: u16 = 13;
    /// `IFLA_BR_TOPOLOGY_CHANGE`: `u8`.
    pub const TOPOLOGY_CHANGE: u16 = 14;
    /// `IFLA_BR_TOPOLOGY_CHANGE_DETECTED`: `u8`.
    pub const TOPOLOGY_CHANGE_DETECTED: u16 = 15;
    /// `IFLA_BR_GROUP_ADDR`: 6 bytes.
    pub const GROUP_ADDR: u16 = 20;
    /// `IFLA_BR_MCAST_ROUTER`: `u8`.
    pub const MCAST_ROUTER: u16 = 22;
    /// `IFLA_BR_MCAST_SNOOPING`: `u8`.
    pub const MCAST_SNOOPING: u16 = 23;
    /// `IFLA_BR_MCAST_QUERY_USE_IFADDR`: `u8`.
    pub const MCAST_QUERY_USE_IFADDR: u16 = 24;
    /// `IFLA_BR_MCAST_QUERIER`: `u8`.
    pub const MCAST_QUERIER: u16 = 25;
    /// `IFLA_BR_MCAST_HASH_ELASTICITY`: `u32`.
    pub const MCAST_HASH_ELASTICITY: u16 = 26;
    /// `IFLA_BR_MCAST_HASH_MAX`: `u32`.
    pub const MCAST_HASH_MAX: u16 = 27;
    /// `IFLA_BR_MCAST_LAST_MEMBER_CNT`: `u32`.
    pub const MCAST_LAST_MEMBER_CNT: u16 = 28;
    /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT`: `u32`.
    pub const MCAST_STARTUP_QUERY_CNT: u16 = 29;
    /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL`: `u64`, hundredths of a second.
    pub const MCAST_LAST_MEMBER_INTVL: u16 = 30;
    /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL`: `u64`.
    pub const MCAST_MEMBERSHIP_INTVL: u16 = 31;
    /// `IFLA_BR_MCAST_QUERIER_INTVL`: `u64`.
    pub const MCAST_QUERIER_INTVL: u16 = 32;
    /// `IFLA_BR_MCAST_QUERY_INTVL`: `u64`.
    pub const MCAST_QUERY_INTVL: u16 = 33;
    /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL`: `u64`.
    pub const MCAST_QUERY_RESPONSE_INTVL: u16 = 34;
    /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL`: `u64`.
    pub const MCAST_STARTUP_QUERY_INTVL: u16 = 35;
    /// `IFLA_BR_NF_CALL_IPTABLES`: `u8`.
    pub const NF_CALL_IPTABLES: u16 = 36;
    /// `IFLA_BR_NF_CALL_IP6TABLES`: `u8`.
    pub const NF_CALL_IP6TABLES: u16 = 37;
    /// `IFLA_BR_NF_CALL_ARPTABLES`: `u8`.
    pub const NF_CALL_ARPTABLES: u16 = 38;
    /// `IFLA_BR_VLAN_DEFAULT_PVID`: `u16`.
    pub const VLAN_DEFAULT_PVID: u16 = 39;
    /// `IFLA_BR_VLAN_STATS_ENABLED`: `u8`.
    pub const VLAN_STATS_ENABLED: u16 = 41;
    /// `IFLA_BR_MCAST_STATS_ENABLED`: `u8`.
    pub const MCAST_STATS_ENABLED: u16 = 42;
    /// `IFLA_BR_MCAST_IGMP_VERSION`: `u8`.
    pub const MCAST_IGMP_VERSION: u16 = 43;
    /// `IFLA_BR_MCAST_MLD_VERSION`: `u8`.
    pub const MCAST_MLD_VERSION: u16 = 44;
}

/// VXLAN `IFLA_INFO_DATA` attributes (`IFLA_VXLAN_*`).
pub mod vxlan {
    /// `IFLA_VXLAN_ID`: the VNI, `u32`.
    pub const ID: u16 = 1;
    /// `IFLA_VXLAN_GROUP`: IPv4 remote or multicast group.
    pub const GROUP: u16 = 2;
    /// `IFLA_VXLAN_LINK`: the underlying link's index, `u32`.
    pub const LINK: u16 = 3;
    /// `IFLA_VXLAN_LOCAL`: IPv4 source address.
    pub const LOCAL: u16 = 4;
    /// `IFLA_VXLAN_TTL`: `u8`.
    pub const TTL: u16 = 5;
    /// `IFLA_VXLAN_TOS`: `u8`.
    pub const TOS: u16 = 6;
    /// `IFLA_VXLAN_LEARNING`: `u8`.
    pub const LEARNING: u16 = 7;
    /// `IFLA_VXLAN_AGEING`: `u32`, seconds.
    pub const AGEING: u16 = 8;
    /// `IFLA_VXLAN_LIMIT`: `u32`, forwarding table size limit.
    pub const LIMIT: u16 = 9;
    /// `IFLA_VXLAN_PORT_RANGE`: two big-endian `u16`s, source port range.
    pub const PORT_RANGE: u16 = 10;
    /// `IFLA_VXLAN_PROXY`: `u8`.
    pub const PROXY: u16 = 11;
    /// `IFLA_VXLAN_RSC`: `u8`.
    pub const RSC: u16 = 12;
    /// `IFLA_VXLAN_L2MISS`: `u8`.
    pub const L2MISS: u16 = 13;
    /// `IFLA_VXLAN_L3MISS`: `u8`.
    pub const L3MISS: u16 = 14;
    /// `IFLA_VXLAN_PORT`: destination port, big-endian `u16`.
    pub const PORT: u16 = 15;
    /// `IFLA_VXLAN_GROUP6`: IPv6 remote or multicast group.
    pub const GROUP6: u16 = 16;
    /// `IFLA_VXLAN_LOCAL6`: IPv6 source address.
    pub const LOCAL6: u16 = 17;
    /// `IFLA_VXLAN_UDP_CSUM`: `u8`.
    pub const UDP_CSUM: u16 = 18;
    /// `IFLA_VXLAN_COLLECT_METADATA`: `u8`.
    pub const COLLECT_METADATA: u16 = 25;
    /// `IFLA_VXLAN_LABEL`: IPv6 flow label, big-endian `u32`.
    pub const LABEL: u16 = 26;
    /// `IFLA_VXLAN_DF`: `u8`.
    pub const DF: u16 = 29;
}

/// `MAX_ADDR_LEN`: the longest hardware address the kernel keeps.
pub const MAX_ADDR_LEN: usize = 32;

bitflags::bitflags! {
    /// `IFF_*`: the link's flags (`ifi_flags`). Names are those `ip`
    /// prints.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct LinkFlags: u32 {
        /// `IFF_UP`: administratively up.
        const UP = 1 << 0;
        /// `IFF_BROADCAST`: the broadcast address is valid.
        const BROADCAST = 1 << 1;
        /// `IFF_DEBUG`.
        const DEBUG = 1 << 2;
        /// `IFF_LOOPBACK`.
        const LOOPBACK = 1 << 3;
        /// `IFF_POINTOPOINT`.
        const POINTOPOINT = 1 << 4;
        /// `IFF_NOTRAILERS`.
        const NOTRAILERS = 1 << 5;
        /// `IFF_RUNNING`: operationally up (RFC 2863 `OPER_UP`).
        const RUNNING = 1 << 6;
        /// `IFF_NOARP`.
        const NOARP = 1 << 7;
        /// `IFF_PROMISC`.
        const PROMISC = 1 << 8;
        /// `IFF_ALLMULTI`.
        const ALLMULTI = 1 << 9;
        /// `IFF_MASTER`.
        const MASTER = 1 << 10;
        /// `IFF_SLAVE`.
        const SLAVE = 1 << 11;
        /// `IFF_MULTICAST`.
        const MULTICAST = 1 << 12;
        /// `IFF_PORTSEL`.
        const PORTSEL = 1 << 13;
        /// `IFF_AUTOMEDIA`.
        const AUTOMEDIA = 1 << 14;
        /// `IFF_DYNAMIC`.
        const DYNAMIC = 1 << 15;
        /// `IFF_LOWER_UP`: the driver signals carrier.
        const LOWER_UP = 1 << 16;
        /// `IFF_DORMANT`.
        const DORMANT = 1 << 17;
        /// `IFF_ECHO`.
        const ECHO = 1 << 18;
    }
}

/// `ARPHRD_ETHER`: `ifi_type` of Ethernet-like links (veth, bridge, vxlan).
pub const ARPHRD_ETHER: u16 = 1;
/// `ARPHRD_LOOPBACK`: `ifi_type` of `lo`.
pub const ARPHRD_LOOPBACK: u16 = 772;
/// `ARPHRD_NONE`: `ifi_type` of links without a link-layer header (`tun`, `wireguard`).
pub const ARPHRD_NONE: u16 = 0xfffe;

/// `IF_OPER_*`: the RFC 2863 operational state (`IFLA_OPERSTATE`).
///
/// `Display` prints the kernel's names (`up`, `lowerlayerdown`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperState {
    /// `IF_OPER_UNKNOWN` (0): the driver does not tell (`lo`, tunnels).
    Unknown,
    /// `IF_OPER_NOTPRESENT` (1).
    NotPresent,
    /// `IF_OPER_DOWN` (2).
    Down,
    /// `IF_OPER_LOWERLAYERDOWN` (3): down because a lower link is (a veth whose peer is down).
    LowerLayerDown,
    /// `IF_OPER_TESTING` (4).
    Testing,
    /// `IF_OPER_DORMANT` (5).
    Dormant,
    /// `IF_OPER_UP` (6).
    Up,
    /// A value this crate does not know.
    Other(u8),
}

impl OperState {
    /// The kernel's name, lower case, as in `/sys/class/net/*/operstate`;
    /// `None` for [`Other`](Self::Other).
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            OperState::Unknown => "unknown",
            OperState::NotPresent => "notpresent",
            OperState::Down => "down",
            OperState::LowerLayerDown => "lowerlayerdown",
            OperState::Testing => "testing",
            OperState::Dormant => "dormant",
            OperState::Up => "up",
            OperState::Other(_) => return None,
        })
    }
}

impl From<u8> for OperState {
    fn from(v: u8) -> OperState {
        match v {
            0 => OperState::Unknown,
            1 => OperState::NotPresent,
            2 => OperState::Down,
            3 => OperState::LowerLayerDown,
            4 => OperState::Testing,
            5 => OperState::Dormant,
            6 => OperState::Up,
            n => OperState::Other(n),
        }
    }
}

impl From<OperState> for u8 {
    fn from(s: OperState) -> u8 {
        match s {
            OperState::Unknown => 0,
            OperState::NotPresent => 1,
            OperState::Down => 2,
            OperState::LowerLayerDown => 3,
            OperState::Testing => 4,
            OperState::Dormant => 5,
            OperState::Up => 6,
            OperState::Other(n) => n,
        }
    }
}

impl fmt::Display for OperState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", u8::from(*self)),
        }
    }
}

/// `IF_LINK_MODE_*` (`IFLA_LINKMODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkMode {
    /// `IF_LINK_MODE_DEFAULT` (0).
    Default,
    /// `IF_LINK_MODE_DORMANT` (1): user space decides when the link is up.
    Dormant,
    /// `IF_LINK_MODE_TESTING` (2).
    Testing,
    /// A value this crate does not know.
    Other(u8),
}

impl LinkMode {
    /// The name `ip` prints (`DEFAULT`, `DORMANT`, `TESTING`); `None` for
    /// [`Other`](Self::Other).
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            LinkMode::Default => "DEFAULT",
            LinkMode::Dormant => "DORMANT",
            LinkMode::Testing => "TESTING",
            LinkMode::Other(_) => return None,
        })
    }
}

impl From<u8> for LinkMode {
    fn from(v: u8) -> LinkMode {
        match v {
            0 => LinkMode::Default,
            1 => LinkMode::Dormant,
            2 => LinkMode::Testing,
            n => LinkMode::Other(n),
        }
    }
}

impl From<LinkMode> for u8 {
    fn from(m: LinkMode) -> u8 {
        match m {
            LinkMode::Default => 0,
            LinkMode::Dormant => 1,
            LinkMode::Testing => 2,
            LinkMode::Other(n) => n,
        }
    }
}

// ---------------------------------------------------------------------------
// Hardware addresses

/// A hardware (link-layer) address of up to [`MAX_ADDR_LEN`] bytes: 6 for
/// Ethernet, 0 or 4 or 16 for some tunnels, 20 for InfiniBand. Copy, no
/// allocation. `Display` and `FromStr` use `ip`'s form, lower-case hex
/// octets separated by colons.
///
/// ```
/// use nlstack::route::link::HwAddr;
/// let a: HwAddr = "02:00:00:aa:bb:cc".parse().unwrap();
/// assert_eq!(a.as_bytes(), &[2, 0, 0, 0xaa, 0xbb, 0xcc]);
/// assert_eq!(a.to_string(), "02:00:00:aa:bb:cc");
/// assert_eq!(a, HwAddr::from([2, 0, 0, 0xaa, 0xbb, 0xcc]));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HwAddr {
    len: u8,
    bytes: [u8; MAX_ADDR_LEN],
}

impl HwAddr {
    /// The address in `b`, or `None` if it is longer than [`MAX_ADDR_LEN`].
    pub fn from_slice(b: &[u8]) -> Option<HwAddr> {
        if b.len() > MAX_ADDR_LEN {
            return None;
        }
        let mut bytes = [0u8; MAX_ADDR_LEN];
        bytes[..b.len()].copy_from_slice(b);
        Some(HwAddr {
            len: b.len() as u8,
            bytes,
        })
    }

    /// The address's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    /// The address as a 6-byte MAC, if it is one.
    pub fn mac(&self) -> Option<[u8; 6]> {
        <[u8; 6]>::try_from(self.as_bytes()).ok()
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// True for a zero-length address.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn decode(at: &Attr<'_>) -> Result<HwAddr> {
        HwAddr::from_slice(at.value()).ok_or_else(|| {
            Error::Decode(DecodeError::new(
                "nlattr",
                DecodeErrorKind::WrongSize {
                    attr: at.kind(),
                    want: &[MAX_ADDR_LEN],
                    got: at.value().len(),
                },
                at.offset(),
            ))
        })
    }
}

impl From<[u8; 6]> for HwAddr {
    fn from(mac: [u8; 6]) -> HwAddr {
        let mut bytes = [0u8; MAX_ADDR_LEN];
        bytes[..6].copy_from_slice(&mac);
        HwAddr { len: 6, bytes }
    }
}

impl fmt::Display for HwAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.as_bytes().iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for HwAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HwAddr({self})")
    }
}

/// A string that is not a hardware address: empty octets, octets that are
/// not one or two hex digits, or more than [`MAX_ADDR_LEN`] of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HwAddrParseError;

impl fmt::Display for HwAddrParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid hardware address")
    }
}

impl std::error::Error for HwAddrParseError {}

impl FromStr for HwAddr {
    type Err = HwAddrParseError;

    fn from_str(s: &str) -> Result<HwAddr, HwAddrParseError> {
        let mut bytes = [0u8; MAX_ADDR_LEN];
        let mut len = 0usize;
        if s.is_empty() {
            return Ok(HwAddr { len: 0, bytes });
        }
        for part in s.split(':') {
            if part.is_empty() || part.len() > 2 || len == MAX_ADDR_LEN {
                return Err(HwAddrParseError);
            }
            bytes[len] = u8::from_str_radix(part, 16).map_err(|_| HwAddrParseError)?;
            len += 1;
        }
        Ok(HwAddr {
            len: len as u8,
            bytes,
        })
    }
}

// ---------------------------------------------------------------------------
// Statistics

/// `struct rtnl_link_stats64` (`IFLA_STATS64`).
///
/// The first 23 counters exist on every kernel that sends the attribute;
/// `rx_nohandler` (4.6) and `rx_otherhost_dropped` (5.19) read 0 when the
/// kernel's struct is shorter. Longer structs from newer kernels are
/// accepted and their extra counters ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LinkStats64 {
    /// Packets received.
    pub rx_packets: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Transmit errors.
    pub tx_errors: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Packets dropped on transmit.
    pub tx_dropped: u64,
    /// Multicast packets received.
    pub multicast: u64,
    /// Collisions.
    pub collisions: u64,
    /// `rx_length_errors`.
    pub rx_length_errors: u64,
    /// `rx_over_errors`: receiver ring overruns.
    pub rx_over_errors: u64,
    /// `rx_crc_errors`.
    pub rx_crc_errors: u64,
    /// `rx_frame_errors`.
    pub rx_frame_errors: u64,
    /// `rx_fifo_errors`.
    pub rx_fifo_errors: u64,
    /// `rx_missed_errors`.
    pub rx_missed_errors: u64,
    /// `tx_aborted_errors`.
    pub tx_aborted_errors: u64,
    /// `tx_carrier_errors`.
    pub tx_carrier_errors: u64,
    /// `tx_fifo_errors`.
    pub tx_fifo_errors: u64,
    /// `tx_heartbeat_errors`.
    pub tx_heartbeat_errors: u64,
    /// `tx_window_errors`.
    pub tx_window_errors: u64,
    /// `rx_compressed`.
    pub rx_compressed: u64,
    /// `tx_compressed`.
    pub tx_compressed: u64,
    /// `rx_nohandler` (0 on kernels before 4.6).
    pub rx_nohandler: u64,
    /// `rx_otherhost_dropped` (0 on kernels before 5.19).
    pub rx_otherhost_dropped: u64,
}

impl LinkStats64 {
    /// The smallest `struct rtnl_link_stats64` accepted: 23 counters.
    pub const MIN_LEN: usize = 23 * 8;

    /// Decodes the struct from `b`: at least [`MIN_LEN`](Self::MIN_LEN)
    /// bytes, extra bytes ignored. `None` if `b` is shorter.
    pub fn parse(b: &[u8]) -> Option<LinkStats64> {
        if b.len() < Self::MIN_LEN {
            return None;
        }
        let w = |i: usize| -> u64 {
            match b.get(i * 8..i * 8 + 8) {
                Some(&[a, b, c, d, e, f, g, h]) => u64::from_ne_bytes([a, b, c, d, e, f, g, h]),
                _ => 0,
            }
        };
        Some(LinkStats64 {
            rx_packets: w(0),
            tx_packets: w(1),
            rx_bytes: w(2),
            tx_bytes: w(3),
            rx_errors: w(4),
            tx_errors: w(5),
            rx_dropped: w(6),
            tx_dropped: w(7),
            multicast: w(8),
            collisions: w(9),
            rx_length_errors: w(10),
            rx_over_errors: w(11),
            rx_crc_errors: w(12),
            rx_frame_errors: w(13),
            rx_fifo_errors: w(14),
            rx_missed_errors: w(15),
            tx_aborted_errors: w(16),
            tx_carrier_errors: w(17),
            tx_fifo_errors: w(18),
            tx_heartbeat_errors: w(19),
            tx_window_errors: w(20),
            rx_compressed: w(21),
            tx_compressed: w(22),
            rx_nohandler: w(23),
            rx_otherhost_dropped: w(24),
        })
    }

    fn decode(at: &Attr<'_>) -> Result<LinkStats64> {
        LinkStats64::parse(at.value()).ok_or_else(|| {
            Error::Decode(DecodeError::new(
                "nlattr",
                DecodeErrorKind::WrongSize {
                    attr: at.kind(),
                    want: &[LinkStats64::MIN_LEN, 192, 200],
                    got: at.value().len(),
                },
                at.offset(),
            ))
        })
    }
}

// ---------------------------------------------------------------------------
// Kind data: bridge, vxlan, veth

/// `struct ifla_bridge_id`: a bridge priority and address. `Display`
/// prints it as `ip` does (`8000.02:00:00:00:00:01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BridgeId {
    /// The priority (the first two bytes, big-endian).
    pub priority: u16,
    /// The address.
    pub addr: [u8; 6],
}

impl BridgeId {
    fn parse(b: [u8; 8]) -> BridgeId {
        BridgeId {
            priority: u16::from_be_bytes([b[0], b[1]]),
            addr: [b[2], b[3], b[4], b[5], b[6], b[7]],
        }
    }
}

impl fmt::Display for BridgeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04x}.{}", self.priority, HwAddr::from(self.addr))
    }
}

/// A bridge's `IFLA_INFO_DATA`, decoded (the common options). Times are
/// in hundredths of a second (`USER_HZ`), as the kernel sends them and
/// `ip -d` prints them. Every other attribute is in the raw `data` of
/// [`LinkInfoMsg`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct BridgeInfo {
    /// `IFLA_BR_FORWARD_DELAY`.
    pub forward_delay: Option<u32>,
    /// `IFLA_BR_HELLO_TIME`.
    pub hello_time: Option<u32>,
    /// `IFLA_BR_MAX_AGE`.
    pub max_age: Option<u32>,
    /// `IFLA_BR_AGEING_TIME`.
    pub ageing_time: Option<u32>,
    /// `IFLA_BR_STP_STATE` (0 off, 1 kernel STP, 2 user STP).
    pub stp_state: Option<u32>,
    /// `IFLA_BR_PRIORITY`.
    pub priority: Option<u16>,
    /// `IFLA_BR_VLAN_FILTERING`.
    pub vlan_filtering: Option<bool>,
    /// `IFLA_BR_VLAN_PROTOCOL` (an ethertype: `0x8100` or `0x88a8`).
    pub vlan_protocol: Option<u16>,
    /// `IFLA_BR_VLAN_DEFAULT_PVID`.
    pub vlan_default_pvid: Option<u16>,
    /// `IFLA_BR_VLAN_STATS_ENABLED`.
    pub vlan_stats_enabled: Option<bool>,
    /// `IFLA_BR_GROUP_FWD_MASK`.
    pub group_fwd_mask: Option<u16>,
    /// `IFLA_BR_GROUP_ADDR`.
    pub group_addr: Option<[u8; 6]>,
    /// `IFLA_BR_ROOT_ID`.
    pub root_id: Option<BridgeId>,
    /// `IFLA_BR_BRIDGE_ID`.
    pub bridge_id: Option<BridgeId>,
    /// `IFLA_BR_ROOT_PORT`.
    pub root_port: Option<u16>,
    /// `IFLA_BR_ROOT_PATH_COST`.
    pub root_path_cost: Option<u32>,
    /// `IFLA_BR_TOPOLOGY_CHANGE`.
    pub topology_change: Option<u8>,
    /// `IFLA_BR_TOPOLOGY_CHANGE_DETECTED`.
    pub topology_change_detected: Option<u8>,
    /// `IFLA_BR_MCAST_ROUTER`.
    pub mcast_router: Option<u8>,
    /// `IFLA_BR_MCAST_SNOOPING`.
    pub mcast_snooping: Option<bool>,
    /// `IFLA_BR_MCAST_QUERY_USE_IFADDR`.
    pub mcast_query_use_ifaddr: Option<bool>,
    /// `IFLA_BR_MCAST_QUERIER`.
    pub mcast_querier: Option<bool>,
    /// `IFLA_BR_MCAST_STATS_ENABLED`.
    pub mcast_stats_enabled: Option<bool>,
    /// `IFLA_BR_MCAST_HASH_ELASTICITY`.
    pub mcast_hash_elasticity: Option<u32>,
    /// `IFLA_BR_MCAST_HASH_MAX`.
    pub mcast_hash_max: Option<u32>,
    /// `IFLA_BR_MCAST_LAST_MEMBER_CNT`.
    pub mcast_last_member_cnt: Option<u32>,
    /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT`.
    pub mcast_startup_query_cnt: Option<u32>,
    /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL`.
    pub mcast_last_member_intvl: Option<u64>,
    /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL`.
    pub mcast_membership_intvl: Option<u64>,
    /// `IFLA_BR_MCAST_QUERIER_INTVL`.
    pub mcast_querier_intvl: Option<u64>,
    /// `IFLA_BR_MCAST_QUERY_INTVL`.
    pub mcast_query_intvl: Option<u64>,
    /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL`.
    pub mcast_query_response_intvl: Option<u64>,
    /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL`.
    pub mcast_startup_query_intvl: Option<u64>,
    /// `IFLA_BR_MCAST_IGMP_VERSION`.
    pub mcast_igmp_version: Option<u8>,
    /// `IFLA_BR_MCAST_MLD_VERSION`.
    pub mcast_mld_version: Option<u8>,
    /// `IFLA_BR_NF_CALL_IPTABLES`.
    pub nf_call_iptables: Option<bool>,
    /// `IFLA_BR_NF_CALL_IP6TABLES`.
    pub nf_call_ip6tables: Option<bool>,
    /// `IFLA_BR_NF_CALL_ARPTABLES`.
    pub nf_call_arptables: Option<bool>,
}

/// Stores a decoded value, or records the error and keeps what was there:
/// a malformed duplicate never erases a good value.
fn boolean(at: &Attr<'_>) -> Result<bool> {
    at.u8().map(|v| v != 0)
}

fn index(at: &Attr<'_>) -> Result<i32> {
    at.u32().map(|v| v as i32)
}

/// Walks a nested list, handing each attribute to `f`; a malformed list is
/// recorded once and ends the walk.
fn walk<'a>(attrs: Attrs<'a>, e: &mut AttrErrors, mut f: impl FnMut(Attr<'a>, &mut AttrErrors)) {
    for at in attrs {
        match at {
            Ok(at) => f(at, e),
            Err(err) => {
                e.record(err);
                break;
            }
        }
    }
}

impl BridgeInfo {
    fn parse(attrs: Attrs<'_>, e: &mut AttrErrors) -> BridgeInfo {
        let mut b = BridgeInfo::default();
        walk(attrs, e, |a, e| match a.kind() {
            br::FORWARD_DELAY => e.set(&mut b.forward_delay, a.u32()),
            br::HELLO_TIME => e.set(&mut b.hello_time, a.u32()),
            br::MAX_AGE => e.set(&mut b.max_age, a.u32()),
            br::AGEING_TIME => e.set(&mut b.ageing_time, a.u32()),
            br::STP_STATE => e.set(&mut b.stp_state, a.u32()),
            br::PRIORITY => e.set(&mut b.priority, a.u16()),
            br::VLAN_FILTERING => e.set(&mut b.vlan_filtering, boolean(&a)),
            br::VLAN_PROTOCOL => e.set(&mut b.vlan_protocol, a.be16()),
            br::VLAN_DEFAULT_PVID => e.set(&mut b.vlan_default_pvid, a.u16()),
            br::VLAN_STATS_ENABLED => e.set(&mut b.vlan_stats_enabled, boolean(&a)),
            br::GROUP_FWD_MASK => e.set(&mut b.group_fwd_mask, a.u16()),
            br::GROUP_ADDR => e.set(&mut b.group_addr, a.mac()),
            br::ROOT_ID => e.set(&mut b.root_id, a.array().map(|b| BridgeId::parse(*b))),
            br::BRIDGE_ID => e.set(&mut b.bridge_id, a.array().map(|b| BridgeId::parse(*b))),
            br::ROOT_PORT => e.set(&mut b.root_port, a.u16()),
            br::ROOT_PATH_COST => e.set(&mut b.root_path_cost, a.u32()),
            br::TOPOLOGY_CHANGE => e.set(&mut b.topology_change, a.u8()),
            br::TOPOLOGY_CHANGE_DETECTED => e.set(&mut b.topology_change_detected, a.u8()),
            br::MCAST_ROUTER => e.set(&mut b.mcast_router, a.u8()),
            br::MCAST_SNOOPING => e.set(&mut b.mcast_snooping, boolean(&a)),
            br::MCAST_QUERY_USE_IFADDR => e.set(&mut b.mcast_query_use_ifaddr, boolean(&a)),
            br::MCAST_QUERIER => e.set(&mut b.mcast_querier, boolean(&a)),
            br::MCAST_STATS_ENABLED => e.set(&mut b.mcast_stats_enabled, boolean(&a)),
            br::MCAST_HASH_ELASTICITY => e.set(&mut b.mcast_hash_elasticity, a.u32()),
            br::MCAST_HASH_MAX => e.set(&mut b.mcast_hash_max, a.u32()),
            br::MCAST_LAST_MEMBER_CNT => e.set(&mut b.mcast_last_member_cnt, a.u32()),
            br::MCAST_STARTUP_QUERY_CNT => e.set(&mut b.mcast_startup_query_cnt, a.u32()),
            br::MCAST_LAST_MEMBER_INTVL => e.set(&mut b.mcast_last_member_intvl, a.u64()),
            br::MCAST_MEMBERSHIP_INTVL => e.set(&mut b.mcast_membership_intvl, a.u64()),
            br::MCAST_QUERIER_INTVL => e.set(&mut b.mcast_querier_intvl, a.u64()),
            br::MCAST_QUERY_INTVL => e.set(&mut b.mcast_query_intvl, a.u64()),
            br::MCAST_QUERY_RESPONSE_INTVL => e.set(&mut b.mcast_query_response_intvl, a.u64()),
            br::MCAST_STARTUP_QUERY_INTVL => e.set(&mut b.mcast_startup_query_intvl, a.u64()),
            br::MCAST_IGMP_VERSION => e.set(&mut b.mcast_igmp_version, a.u8()),
            br::MCAST_MLD_VERSION => e.set(&mut b.mcast_mld_version, a.u8()),
            br::NF_CALL_IPTABLES => e.set(&mut b.nf_call_iptables, boolean(&a)),
            br::NF_CALL_IP6TABLES => e.set(&mut b.nf_call_ip6tables, boolean(&a)),
            br::NF_CALL_ARPTABLES => e.set(&mut b.nf_call_arptables, boolean(&a)),
            _ => {}
        });
        b
    }
}

/// A VXLAN link's `IFLA_INFO_DATA`, decoded. Every other attribute is in
/// the raw `data` of [`LinkInfoMsg`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct VxlanInfo {
    /// `IFLA_VXLAN_ID`: the VNI.
    pub id: Option<u32>,
    /// `IFLA_VXLAN_GROUP`: IPv4 remote or multicast group.
    pub group: Option<Ipv4Addr>,
    /// `IFLA_VXLAN_GROUP6`: IPv6 remote or multicast group.
    pub group6: Option<Ipv6Addr>,
    /// `IFLA_VXLAN_LOCAL`.
    pub local: Option<Ipv4Addr>,
    /// `IFLA_VXLAN_LOCAL6`.
    pub local6: Option<Ipv6Addr>,
    /// `IFLA_VXLAN_LINK`: the underlying link's index.
    pub link: Option<i32>,
    /// `IFLA_VXLAN_PORT`: the destination UDP port (host order here).
    pub port: Option<u16>,
    /// `IFLA_VXLAN_PORT_RANGE`: source port range (low, high), host order.
    pub port_range: Option<(u16, u16)>,
    /// `IFLA_VXLAN_TTL` (0: inherit from the inner packet or default).
    pub ttl: Option<u8>,
    /// `IFLA_VXLAN_TOS`.
    pub tos: Option<u8>,
    /// `IFLA_VXLAN_DF`.
    pub df: Option<u8>,
    /// `IFLA_VXLAN_LABEL` (host order).
    pub label: Option<u32>,
    /// `IFLA_VXLAN_LEARNING`.
    pub learning: Option<bool>,
    /// `IFLA_VXLAN_AGEING`, seconds.
    pub ageing: Option<u32>,
    /// `IFLA_VXLAN_LIMIT`.
    pub limit: Option<u32>,
    /// `IFLA_VXLAN_PROXY`.
    pub proxy: Option<bool>,
    /// `IFLA_VXLAN_RSC`.
    pub rsc: Option<bool>,
    /// `IFLA_VXLAN_L2MISS`.
    pub l2miss: Option<bool>,
    /// `IFLA_VXLAN_L3MISS`.
    pub l3miss: Option<bool>,
    /// `IFLA_VXLAN_UDP_CSUM`.
    pub udp_csum: Option<bool>,
    /// `IFLA_VXLAN_COLLECT_METADATA` (external mode).
    pub collect_metadata: Option<bool>,
}

impl VxlanInfo {
    /// The remote (or group): `group`, else `group6`.
    pub fn remote(&self) -> Option<IpAddr> {
        self.group.map(IpAddr::V4).or(self.group6.map(IpAddr::V6))
    }

    /// The local address: `local`, else `local6`.
    pub fn local_addr(&self) -> Option<IpAddr> {
        self.local.map(IpAddr::V4).or(self.local6.map(IpAddr::V6))
    }

    fn parse(attrs: Attrs<'_>, e: &mut AttrErrors) -> VxlanInfo {
        let mut v = VxlanInfo::default();
        walk(attrs, e, |a, e| match a.kind() {
            vxlan::ID => e.set(&mut v.id, a.u32()),
            vxlan::GROUP => e.set(&mut v.group, a.ipv4()),
            vxlan::GROUP6 => e.set(&mut v.group6, a.ipv6()),
            vxlan::LOCAL => e.set(&mut v.local, a.ipv4()),
            vxlan::LOCAL6 => e.set(&mut v.local6, a.ipv6()),
            vxlan::LINK => e.set(&mut v.link, index(&a)),
            vxlan::PORT => e.set(&mut v.port, a.be16()),
            vxlan::PORT_RANGE => e.set(
                &mut v.port_range,
                a.array::<4>().map(|b| {
                    (
                        u16::from_be_bytes([b[0], b[1]]),
                        u16::from_be_bytes([b[2], b[3]]),
                    )
                }),
            ),
            vxlan::TTL => e.set(&mut v.ttl, a.u8()),
            vxlan::TOS => e.set(&mut v.tos, a.u8()),
            vxlan::DF => e.set(&mut v.df, a.u8()),
            vxlan::LABEL => e.set(&mut v.label, a.be32()),
            vxlan::LEARNING => e.set(&mut v.learning, boolean(&a)),
            vxlan::AGEING => e.set(&mut v.ageing, a.u32()),
            vxlan::LIMIT => e.set(&mut v.limit, a.u32()),
            vxlan::PROXY => e.set(&mut v.proxy, boolean(&a)),
            vxlan::RSC => e.set(&mut v.rsc, boolean(&a)),
            vxlan::L2MISS => e.set(&mut v.l2miss, boolean(&a)),
            vxlan::L3MISS => e.set(&mut v.l3miss, boolean(&a)),
            vxlan::UDP_CSUM => e.set(&mut v.udp_csum, boolean(&a)),
            vxlan::COLLECT_METADATA => e.set(&mut v.collect_metadata, boolean(&a)),
            _ => {}
        });
        v
    }
}

/// The peer carried in a veth's `VETH_INFO_PEER`: an `ifinfomsg` and the
/// peer's attributes. The kernel sends it only in requests (and echoes);
/// its attributes are decoded on demand by [`link`](Self::link), and their
/// errors are that view's, not the outer one's.
#[derive(Debug, Clone)]
pub struct VethPeerMsg<'a> {
    /// The peer's `ifinfomsg`.
    pub header: IfInfoMsg,
    /// The peer's attributes.
    pub attrs: Attrs<'a>,
}

impl<'a> VethPeerMsg<'a> {
    /// Decodes the peer's attributes as a link view.
    pub fn link(&self) -> LinkMsg<'a> {
        LinkMsg::parse_body(self.header, self.attrs.clone())
    }
}

/// Kind-specific data (`IFLA_INFO_DATA`), decoded by kind.
#[derive(Debug, Clone)]
pub enum InfoData<'a> {
    /// `veth`.
    Veth {
        /// `VETH_INFO_PEER`, if present.
        peer: Option<VethPeerMsg<'a>>,
    },
    /// `bridge`.
    Bridge(BridgeInfo),
    /// `vxlan`.
    Vxlan(VxlanInfo),
    /// Any other kind: the raw value (usually a list of attributes).
    Other(&'a [u8]),
}

/// `IFLA_LINKINFO`, decoded.
#[derive(Debug, Clone, Default)]
pub struct LinkInfoMsg<'a> {
    /// `IFLA_INFO_KIND`: `veth`, `bridge`, `vxlan`, ...
    pub kind: Option<&'a str>,
    /// `IFLA_INFO_DATA`, decoded by kind.
    pub data: Option<InfoData<'a>>,
    /// `IFLA_INFO_DATA` as sent, for attributes not decoded.
    pub data_attr: Option<Attr<'a>>,
    /// `IFLA_INFO_XSTATS`, raw.
    pub xstats: Option<&'a [u8]>,
    /// `IFLA_INFO_SLAVE_KIND`: the master's kind, for a port (`bridge`, `bond`).
    pub slave_kind: Option<&'a str>,
    /// `IFLA_INFO_SLAVE_DATA` as sent (a list of attributes).
    pub slave_data: Option<Attr<'a>>,
}

impl<'a> LinkInfoMsg<'a> {
    /// Decodes the nest, by kind (the kernel does not always set
    /// `NLA_F_NESTED`, so the flag is not looked at).
    fn parse(at: &Attr<'a>, e: &mut AttrErrors) -> LinkInfoMsg<'a> {
        let mut li = LinkInfoMsg::default();
        walk(at.nested(), e, |a, e| match a.kind() {
            IFLA_INFO_KIND => e.set(&mut li.kind, a.str()),
            IFLA_INFO_DATA => li.data_attr = Some(a),
            IFLA_INFO_XSTATS => li.xstats = Some(a.value()),
            IFLA_INFO_SLAVE_KIND => e.set(&mut li.slave_kind, a.str()),
            IFLA_INFO_SLAVE_DATA => li.slave_data = Some(a),
            _ => {}
        });
        // The data may come before the kind: decode it once both are known.
        if let Some(d) = li.data_attr {
            li.data = Some(match li.kind {
                Some("veth") => InfoData::Veth {
                    peer: veth_peer(&d, e),
                },
                Some("bridge") => InfoData::Bridge(BridgeInfo::parse(d.nested(), e)),
                Some("vxlan") => InfoData::Vxlan(VxlanInfo::parse(d.nested(), e)),
                _ => InfoData::Other(d.value()),
            });
        }
        li
    }
}

fn veth_peer<'a>(d: &Attr<'a>, e: &mut AttrErrors) -> Option<VethPeerMsg<'a>> {
    let mut peer = None;
    walk(d.nested(), e, |a, e| {
        if a.kind() == VETH_INFO_PEER {
            let v = a.value();
            match IfInfoMsg::parse(v) {
                Ok(header) => {
                    let start = IfInfoMsg::LEN.min(v.len());
                    peer = Some(VethPeerMsg {
                        header,
                        attrs: Attrs::with_offset(&v[start..], a.offset() + 4 + start),
                    });
                }
                Err(_) => e.record(Error::Decode(DecodeError::new(
                    "ifinfomsg",
                    DecodeErrorKind::Truncated {
                        need: IfInfoMsg::LEN,
                        remaining: v.len(),
                    },
                    a.offset() + 4,
                ))),
            }
        }
    });
    peer
}

/// The alternative names in `IFLA_PROP_LIST` (`IFLA_ALT_IFNAME`s), walked
/// lazily without allocating. Names that do not decode are skipped (and
/// were counted in the view's `errors`).
#[derive(Debug, Clone, Default)]
pub struct AltNames<'a> {
    attrs: Option<Attrs<'a>>,
}

impl<'a> AltNames<'a> {
    /// The raw `IFLA_PROP_LIST` nest, if the message had one.
    pub fn attrs(&self) -> Option<Attrs<'a>> {
        self.attrs.clone()
    }
}

impl<'a> Iterator for AltNames<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let attrs = self.attrs.as_mut()?;
        loop {
            match attrs.next()? {
                Ok(a) if a.kind() == IFLA_ALT_IFNAME => {
                    if let Ok(s) = a.str() {
                        return Some(s);
                    }
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
}

impl std::iter::FusedIterator for AltNames<'_> {}

// ---------------------------------------------------------------------------
// The view

/// A link message, decoded in one pass without allocating.
///
/// ```
/// use nlstack::route::link::{LinkFlags, LinkMsg, IFLA_IFNAME, IFLA_MTU};
/// use nlstack::wire::{Encoder, Flags, IfInfoMsg, Message, MsgType};
///
/// let mut buf = Vec::new();
/// let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::empty(), 1, 0);
/// e.header(&IfInfoMsg { index: 7, flags: 1, ..Default::default() });
/// e.put_str(IFLA_IFNAME, "ve0").put_u32(IFLA_MTU, 1400);
/// e.finish()?;
///
/// let l = LinkMsg::parse(&Message::parse(&buf)?)?;
/// assert_eq!((l.index(), l.name, l.mtu), (7, Some("ve0"), Some(1400)));
/// assert!(l.flags.contains(LinkFlags::UP));
/// assert!(l.errors.is_empty());
/// # Ok::<(), nlstack::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct LinkMsg<'a> {
    /// The `ifinfomsg` header (index, `ARPHRD_*` type, flags).
    pub header: IfInfoMsg,
    /// `ifi_flags`.
    pub flags: LinkFlags,
    /// `IFLA_IFNAME`.
    pub name: Option<&'a str>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MIN_MTU`.
    pub min_mtu: Option<u32>,
    /// `IFLA_MAX_MTU`.
    pub max_mtu: Option<u32>,
    /// `IFLA_ADDRESS`.
    pub address: Option<HwAddr>,
    /// `IFLA_BROADCAST`.
    pub broadcast: Option<HwAddr>,
    /// `IFLA_PERM_ADDRESS`.
    pub perm_address: Option<HwAddr>,
    /// `IFLA_OPERSTATE`.
    pub operstate: Option<OperState>,
    /// `IFLA_LINKMODE`.
    pub link_mode: Option<LinkMode>,
    /// `IFLA_MASTER`: the master's index.
    pub master: Option<i32>,
    /// `IFLA_LINK`: the underlying or peer link's index (in the namespace
    /// `link_netnsid` names, if present).
    pub link: Option<i32>,
    /// `IFLA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_QDISC`.
    pub qdisc: Option<&'a str>,
    /// `IFLA_IFALIAS`.
    pub alias: Option<&'a str>,
    /// `IFLA_PROP_LIST`'s `IFLA_ALT_IFNAME`s.
    pub alt_names: AltNames<'a>,
    /// `IFLA_CARRIER`.
    pub carrier: Option<bool>,
    /// `IFLA_CARRIER_CHANGES`.
    pub carrier_changes: Option<u32>,
    /// `IFLA_CARRIER_UP_COUNT`.
    pub carrier_up_count: Option<u32>,
    /// `IFLA_CARRIER_DOWN_COUNT`.
    pub carrier_down_count: Option<u32>,
    /// `IFLA_PROTO_DOWN`.
    pub proto_down: Option<bool>,
    /// `IFLA_PROMISCUITY`.
    pub promiscuity: Option<u32>,
    /// `IFLA_ALLMULTI`.
    pub allmulti: Option<u32>,
    /// `IFLA_NUM_TX_QUEUES`.
    pub num_tx_queues: Option<u32>,
    /// `IFLA_NUM_RX_QUEUES`.
    pub num_rx_queues: Option<u32>,
    /// `IFLA_GSO_MAX_SIZE`.
    pub gso_max_size: Option<u32>,
    /// `IFLA_GSO_MAX_SEGS`.
    pub gso_max_segs: Option<u32>,
    /// `IFLA_GRO_MAX_SIZE`.
    pub gro_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SIZE`.
    pub tso_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SEGS`.
    pub tso_max_segs: Option<u32>,
    /// `IFLA_GSO_IPV4_MAX_SIZE`.
    pub gso_ipv4_max_size: Option<u32>,
    /// `IFLA_GRO_IPV4_MAX_SIZE`.
    pub gro_ipv4_max_size: Option<u32>,
    /// `IFLA_PARENT_DEV_NAME`.
    pub parent_dev_name: Option<&'a str>,
    /// `IFLA_PARENT_DEV_BUS_NAME`.
    pub parent_dev_bus_name: Option<&'a str>,
    /// `IFLA_NEW_NETNSID` (notifications of a move).
    pub new_netnsid: Option<i32>,
    /// `IFLA_NEW_IFINDEX` (notifications of a move).
    pub new_ifindex: Option<i32>,
    /// `IFLA_STATS64`.
    pub stats64: Option<LinkStats64>,
    /// `IFLA_LINKINFO`.
    pub link_info: Option<LinkInfoMsg<'a>>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode (nested ones included).
    pub errors: AttrErrors,
}

impl<'a> LinkMsg<'a> {
    /// Decodes a link message; a malformed attribute (at any depth) is
    /// recorded in `errors` and skipped. Only a header too short is an
    /// error.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Result<LinkMsg<'a>> {
        let header = IfInfoMsg::parse(msg.payload())?;
        let attrs = msg.attrs(IfInfoMsg::LEN)?;
        Ok(LinkMsg::parse_body(header, attrs))
    }

    /// Decodes, failing on the first malformed attribute.
    pub fn parse_strict(msg: &Message<'a>) -> Result<LinkMsg<'a>> {
        let l = LinkMsg::parse(msg)?;
        l.errors.check()?;
        Ok(l)
    }

    fn parse_body(header: IfInfoMsg, attrs: Attrs<'a>) -> LinkMsg<'a> {
        let mut l = LinkMsg {
            header,
            flags: LinkFlags::from_bits_retain(header.flags),
            name: None,
            mtu: None,
            min_mtu: None,
            max_mtu: None,
            address: None,
            broadcast: None,
            perm_address: None,
            operstate: None,
            link_mode: None,
            master: None,
            link: None,
            link_netnsid: None,
            txqlen: None,
            group: None,
            qdisc: None,
            alias: None,
            alt_names: AltNames::default(),
            carrier: None,
            carrier_changes: None,
            carrier_up_count: None,
            carrier_down_count: None,
            proto_down: None,
            promiscuity: None,
            allmulti: None,
            num_tx_queues: None,
            num_rx_queues: None,
            gso_max_size: None,
            gso_max_segs: None,
            gro_max_size: None,
            tso_max_size: None,
            tso_max_segs: None,
            gso_ipv4_max_size: None,
            gro_ipv4_max_size: None,
            parent_dev_name: None,
            parent_dev_bus_name: None,
            new_netnsid: None,
            new_ifindex: None,
            stats64: None,
            link_info: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut l.errors;
        for at in attrs {
            let a = match at {
                Ok(a) => a,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match a.kind() {
                IFLA_IFNAME => e.set(&mut l.name, a.str()),
                IFLA_MTU => e.set(&mut l.mtu, a.u32()),
                IFLA_MIN_MTU => e.set(&mut l.min_mtu, a.u32()),
                IFLA_MAX_MTU => e.set(&mut l.max_mtu, a.u32()),
                IFLA_ADDRESS => e.set(&mut l.address, HwAddr::decode(&a)),
                IFLA_BROADCAST => e.set(&mut l.broadcast, HwAddr::decode(&a)),
                IFLA_PERM_ADDRESS => e.set(&mut l.perm_address, HwAddr::decode(&a)),
                IFLA_OPERSTATE => e.set(&mut l.operstate, a.u8().map(OperState::from)),
                IFLA_LINKMODE => e.set(&mut l.link_mode, a.u8().map(LinkMode::from)),
                IFLA_MASTER => e.set(&mut l.master, index(&a)),
                IFLA_LINK => e.set(&mut l.link, index(&a)),
                IFLA_LINK_NETNSID => e.set(&mut l.link_netnsid, a.i32()),
                IFLA_TXQLEN => e.set(&mut l.txqlen, a.u32()),
                IFLA_GROUP => e.set(&mut l.group, a.u32()),
                IFLA_QDISC => e.set(&mut l.qdisc, a.str()),
                IFLA_IFALIAS => e.set(&mut l.alias, a.str()),
                IFLA_PROP_LIST => {
                    // Validate now so that errors are counted; the
                    // iterator walks again lazily.
                    walk(a.nested(), e, |p, e| {
                        if p.kind() == IFLA_ALT_IFNAME {
                            e.take(p.str());
                        }
                    });
                    l.alt_names = AltNames {
                        attrs: Some(a.nested()),
                    };
                }
                IFLA_CARRIER => e.set(&mut l.carrier, boolean(&a)),
                IFLA_CARRIER_CHANGES => e.set(&mut l.carrier_changes, a.u32()),
                IFLA_CARRIER_UP_COUNT => e.set(&mut l.carrier_up_count, a.u32()),
                IFLA_CARRIER_DOWN_COUNT => e.set(&mut l.carrier_down_count, a.u32()),
                IFLA_PROTO_DOWN => e.set(&mut l.proto_down, boolean(&a)),
                IFLA_PROMISCUITY => e.set(&mut l.promiscuity, a.u32()),
                IFLA_ALLMULTI => e.set(&mut l.allmulti, a.u32()),
                IFLA_NUM_TX_QUEUES => e.set(&mut l.num_tx_queues, a.u32()),
                IFLA_NUM_RX_QUEUES => e.set(&mut l.num_rx_queues, a.u32()),
                IFLA_GSO_MAX_SIZE => e.set(&mut l.gso_max_size, a.u32()),
                IFLA_GSO_MAX_SEGS => e.set(&mut l.gso_max_segs, a.u32()),
                IFLA_GRO_MAX_SIZE => e.set(&mut l.gro_max_size, a.u32()),
                IFLA_TSO_MAX_SIZE => e.set(&mut l.tso_max_size, a.u32()),
                IFLA_TSO_MAX_SEGS => e.set(&mut l.tso_max_segs, a.u32()),
                IFLA_GSO_IPV4_MAX_SIZE => e.set(&mut l.gso_ipv4_max_size, a.u32()),
                IFLA_GRO_IPV4_MAX_SIZE => e.set(&mut l.gro_ipv4_max_size, a.u32()),
                IFLA_PARENT_DEV_NAME => e.set(&mut l.parent_dev_name, a.str()),
                IFLA_PARENT_DEV_BUS_NAME => e.set(&mut l.parent_dev_bus_name, a.str()),
                IFLA_NEW_NETNSID => e.set(&mut l.new_netnsid, a.i32()),
                IFLA_NEW_IFINDEX => e.set(&mut l.new_ifindex, a.i32()),
                IFLA_STATS64 => e.set(&mut l.stats64, LinkStats64::decode(&a)),
                IFLA_LINKINFO => l.link_info = Some(LinkInfoMsg::parse(&a, e)),
                _ => {}
            }
        }
        l
    }

    /// `ifi_index`.
    pub fn index(&self) -> i32 {
        self.header.index
    }

    /// `ifi_type`: `ARPHRD_*`.
    pub fn link_type(&self) -> u16 {
        self.header.link_type
    }

    /// `IFLA_INFO_KIND`, if any.
    pub fn kind(&self) -> Option<&'a str> {
        self.link_info.as_ref().and_then(|i| i.kind)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Link {
        self.to_owned_depth(0)
    }

    fn to_owned_depth(&self, depth: u8) -> Link {
        Link {
            index: self.header.index,
            family: self.header.family,
            link_type: self.header.link_type,
            flags: self.flags,
            name: self.name.unwrap_or_default().to_owned(),
            mtu: self.mtu,
            min_mtu: self.min_mtu,
            max_mtu: self.max_mtu,
            address: self.address,
            broadcast: self.broadcast,
            perm_address: self.perm_address,
            operstate: self.operstate,
            link_mode: self.link_mode,
            master: self.master,
            link: self.link,
            link_netnsid: self.link_netnsid,
            txqlen: self.txqlen,
            group: self.group,
            qdisc: self.qdisc.map(str::to_owned),
            alias: self.alias.map(str::to_owned),
            alt_names: self.alt_names.clone().map(str::to_owned).collect(),
            carrier: self.carrier,
            carrier_changes: self.carrier_changes,
            carrier_up_count: self.carrier_up_count,
            carrier_down_count: self.carrier_down_count,
            proto_down: self.proto_down,
            promiscuity: self.promiscuity,
            allmulti: self.allmulti,
            num_tx_queues: self.num_tx_queues,
            num_rx_queues: self.num_rx_queues,
            gso_max_size: self.gso_max_size,
            gso_max_segs: self.gso_max_segs,
            gro_max_size: self.gro_max_size,
            tso_max_size: self.tso_max_size,
            tso_max_segs: self.tso_max_segs,
            gso_ipv4_max_size: self.gso_ipv4_max_size,
            gro_ipv4_max_size: self.gro_ipv4_max_size,
            parent_dev_name: self.parent_dev_name.map(str::to_owned),
            parent_dev_bus_name: self.parent_dev_bus_name.map(str::to_owned),
            new_netnsid: self.new_netnsid,
            new_ifindex: self.new_ifindex,
            stats64: self.stats64,
            link_info: self.link_info.as_ref().map(|i| LinkInfo {
                kind: i.kind.map(str::to_owned),
                data: i.data.as_ref().map(|d| match d {
                    // A peer's own peer is not expanded: bounded recursion
                    // whatever the input.
                    InfoData::Veth { peer } => KindData::Veth {
                        peer: peer
                            .as_ref()
                            .filter(|_| depth == 0)
                            .map(|p| Box::new(p.link().to_owned_depth(depth + 1))),
                    },
                    InfoData::Bridge(b) => KindData::Bridge(*b),
                    InfoData::Vxlan(v) => KindData::Vxlan(*v),
                    InfoData::Other(b) => KindData::Other(b.to_vec()),
                }),
                slave_kind: i.slave_kind.map(str::to_owned),
                slave_data: i.slave_data.map(|a| a.value().to_vec()),
            }),
        }
    }
}

// ---------------------------------------------------------------------------
// Owned

/// Kind-specific data, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindData {
    /// `veth`.
    Veth {
        /// The peer from `VETH_INFO_PEER`, if present.
        peer: Option<Box<Link>>,
    },
    /// `bridge`.
    Bridge(BridgeInfo),
    /// `vxlan`.
    Vxlan(VxlanInfo),
    /// Any other kind: the raw `IFLA_INFO_DATA` value.
    Other(Vec<u8>),
}

/// `IFLA_LINKINFO`, owned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkInfo {
    /// `IFLA_INFO_KIND`.
    pub kind: Option<String>,
    /// `IFLA_INFO_DATA`, decoded by kind.
    pub data: Option<KindData>,
    /// `IFLA_INFO_SLAVE_KIND`.
    pub slave_kind: Option<String>,
    /// `IFLA_INFO_SLAVE_DATA`, raw (a list of attributes).
    pub slave_data: Option<Vec<u8>>,
}

impl LinkInfo {
    /// The bridge data, if this is a bridge.
    pub fn bridge(&self) -> Option<&BridgeInfo> {
        match &self.data {
            Some(KindData::Bridge(b)) => Some(b),
            _ => None,
        }
    }

    /// The VXLAN data, if this is a VXLAN link.
    pub fn vxlan(&self) -> Option<&VxlanInfo> {
        match &self.data {
            Some(KindData::Vxlan(v)) => Some(v),
            _ => None,
        }
    }
}

/// A link, owned. Built from a [`LinkMsg`] by `to_owned()` or `From`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `ifi_index`.
    pub index: i32,
    /// `ifi_family` (`AF_UNSPEC` usually; `AF_BRIDGE` in bridge messages).
    pub family: u8,
    /// `ifi_type`: `ARPHRD_*`.
    pub link_type: u16,
    /// `ifi_flags`.
    pub flags: LinkFlags,
    /// `IFLA_IFNAME` (empty if the kernel sent none).
    pub name: String,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_MIN_MTU`.
    pub min_mtu: Option<u32>,
    /// `IFLA_MAX_MTU`.
    pub max_mtu: Option<u32>,
    /// `IFLA_ADDRESS`.
    pub address: Option<HwAddr>,
    /// `IFLA_BROADCAST`.
    pub broadcast: Option<HwAddr>,
    /// `IFLA_PERM_ADDRESS`.
    pub perm_address: Option<HwAddr>,
    /// `IFLA_OPERSTATE`.
    pub operstate: Option<OperState>,
    /// `IFLA_LINKMODE`.
    pub link_mode: Option<LinkMode>,
    /// `IFLA_MASTER`.
    pub master: Option<i32>,
    /// `IFLA_LINK`.
    pub link: Option<i32>,
    /// `IFLA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_QDISC`.
    pub qdisc: Option<String>,
    /// `IFLA_IFALIAS`.
    pub alias: Option<String>,
    /// Alternative names (`IFLA_PROP_LIST`/`IFLA_ALT_IFNAME`).
    pub alt_names: Vec<String>,
    /// `IFLA_CARRIER`.
    pub carrier: Option<bool>,
    /// `IFLA_CARRIER_CHANGES`.
    pub carrier_changes: Option<u32>,
    /// `IFLA_CARRIER_UP_COUNT`.
    pub carrier_up_count: Option<u32>,
    /// `IFLA_CARRIER_DOWN_COUNT`.
    pub carrier_down_count: Option<u32>,
    /// `IFLA_PROTO_DOWN`.
    pub proto_down: Option<bool>,
    /// `IFLA_PROMISCUITY`.
    pub promiscuity: Option<u32>,
    /// `IFLA_ALLMULTI`.
    pub allmulti: Option<u32>,
    /// `IFLA_NUM_TX_QUEUES`.
    pub num_tx_queues: Option<u32>,
    /// `IFLA_NUM_RX_QUEUES`.
    pub num_rx_queues: Option<u32>,
    /// `IFLA_GSO_MAX_SIZE`.
    pub gso_max_size: Option<u32>,
    /// `IFLA_GSO_MAX_SEGS`.
    pub gso_max_segs: Option<u32>,
    /// `IFLA_GRO_MAX_SIZE`.
    pub gro_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SIZE`.
    pub tso_max_size: Option<u32>,
    /// `IFLA_TSO_MAX_SEGS`.
    pub tso_max_segs: Option<u32>,
    /// `IFLA_GSO_IPV4_MAX_SIZE`.
    pub gso_ipv4_max_size: Option<u32>,
    /// `IFLA_GRO_IPV4_MAX_SIZE`.
    pub gro_ipv4_max_size: Option<u32>,
    /// `IFLA_PARENT_DEV_NAME`.
    pub parent_dev_name: Option<String>,
    /// `IFLA_PARENT_DEV_BUS_NAME`.
    pub parent_dev_bus_name: Option<String>,
    /// `IFLA_NEW_NETNSID`.
    pub new_netnsid: Option<i32>,
    /// `IFLA_NEW_IFINDEX`.
    pub new_ifindex: Option<i32>,
    /// `IFLA_STATS64`.
    pub stats64: Option<LinkStats64>,
    /// `IFLA_LINKINFO`.
    pub link_info: Option<LinkInfo>,
}

impl Link {
    /// `IFF_UP` is set (administratively up).
    pub fn is_up(&self) -> bool {
        self.flags.contains(LinkFlags::UP)
    }

    /// `IFLA_INFO_KIND`, if any.
    pub fn kind(&self) -> Option<&str> {
        self.link_info.as_ref().and_then(|i| i.kind.as_deref())
    }
}

impl From<&LinkMsg<'_>> for Link {
    fn from(v: &LinkMsg<'_>) -> Link {
        v.to_owned()
    }
}

// ---------------------------------------------------------------------------
// Requests

/// Puts the namespace a link goes to: `IFLA_NET_NS_FD` or `IFLA_NET_NS_PID`.
fn put_netns(ns: &NsRef<'_>, e: &mut Encoder<'_>) {
    match ns {
        NsRef::Fd(fd) => e.put_u32(IFLA_NET_NS_FD, fd.as_raw_fd() as u32),
        NsRef::Pid(pid) => e.put_u32(IFLA_NET_NS_PID, *pid),
    };
}

/// The peer of a new veth: its name and, optionally, the namespace it is
/// born in and a few settings. Converts from a `&str` (just the name).
///
/// There is no `up` here: the kernel refuses to bring a veth peer up in
/// the request that creates it (`ENOTCONN`: the pair is not joined yet).
/// Bring it up afterwards with [`LinkChange`] (in its namespace).
///
/// ```no_run
/// use nlstack::netns::NetNs;
/// use nlstack::route::link::{LinkRequest, VethPeer};
/// let other = NetNs::new_anonymous()?;
/// let req = LinkRequest::veth("ve0", VethPeer::new("eth0").netns(&other).mtu(1400));
/// # Ok::<(), nlstack::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct VethPeer<'a> {
    /// The peer's name (`None`: the kernel picks `vethN`).
    pub name: Option<String>,
    /// The namespace the peer is created in (default: the new link's).
    pub netns: Option<NsRef<'a>>,
    /// The peer's MTU.
    pub mtu: Option<u32>,
    /// The peer's hardware address.
    pub address: Option<HwAddr>,
    /// The peer's transmit queue length.
    pub txqlen: Option<u32>,
}

impl<'a> VethPeer<'a> {
    /// A peer named `name`.
    pub fn new(name: &str) -> VethPeer<'a> {
        VethPeer {
            name: Some(name.to_owned()),
            ..Default::default()
        }
    }

    /// Creates the peer inside the namespace `ns` refers to (in the same
    /// request as the link itself).
    pub fn netns<F: AsFd + ?Sized>(mut self, ns: &'a F) -> Self {
        self.netns = Some(NsRef::Fd(ns.as_fd()));
        self
    }

    /// Creates the peer inside the namespace of process `pid`.
    pub fn netns_pid(mut self, pid: u32) -> Self {
        self.netns = Some(NsRef::Pid(pid));
        self
    }

    /// Sets the peer's MTU.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = Some(mtu);
        self
    }

    /// Sets the peer's hardware address.
    pub fn address(mut self, a: impl Into<HwAddr>) -> Self {
        self.address = Some(a.into());
        self
    }

    /// Sets the peer's transmit queue length.
    pub fn txqlen(mut self, n: u32) -> Self {
        self.txqlen = Some(n);
        self
    }
}

impl<'a> From<&str> for VethPeer<'a> {
    fn from(name: &str) -> VethPeer<'a> {
        VethPeer::new(name)
    }
}

/// Options of a new bridge; unset ones keep the kernel's defaults. Times
/// are in hundredths of a second, as `ip link add type bridge` takes them
/// (`forward_delay 1500` is 15 s).
///
/// ```
/// use nlstack::route::link::{BridgeOptions, LinkRequest};
/// let req = LinkRequest::bridge_with(
///     "br0",
///     BridgeOptions::new().stp(true).priority(4096).forward_delay(400),
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BridgeOptions {
    /// `IFLA_BR_FORWARD_DELAY`.
    pub forward_delay: Option<u32>,
    /// `IFLA_BR_HELLO_TIME`.
    pub hello_time: Option<u32>,
    /// `IFLA_BR_MAX_AGE`.
    pub max_age: Option<u32>,
    /// `IFLA_BR_AGEING_TIME`.
    pub ageing_time: Option<u32>,
    /// `IFLA_BR_STP_STATE` (0 off, 1 on).
    pub stp_state: Option<u32>,
    /// `IFLA_BR_PRIORITY`.
    pub priority: Option<u16>,
    /// `IFLA_BR_VLAN_FILTERING`.
    pub vlan_filtering: Option<bool>,
    /// `IFLA_BR_VLAN_PROTOCOL` (`0x8100` or `0x88a8`).
    pub vlan_protocol: Option<u16>,
    /// `IFLA_BR_VLAN_DEFAULT_PVID`.
    pub vlan_default_pvid: Option<u16>,
    /// `IFLA_BR_MCAST_SNOOPING`.
    pub mcast_snooping: Option<bool>,
    /// `IFLA_BR_GROUP_FWD_MASK`.
    pub group_fwd_mask: Option<u16>,
}

impl BridgeOptions {
    /// Nothing set: the kernel's defaults.
    pub fn new() -> BridgeOptions {
        BridgeOptions::default()
    }
    /// Sets the forward delay (hundredths of a second).
    pub fn forward_delay(mut self, v: u32) -> Self {
        self.forward_delay = Some(v);
        self
    }
    /// Sets the hello time (hundredths of a second).
    pub fn hello_time(mut self, v: u32) -> Self {
        self.hello_time = Some(v);
        self
    }
    /// Sets the max age (hundredths of a second).
    pub fn max_age(mut self, v: u32) -> Self {
        self.max_age = Some(v);
        self
    }
    /// Sets the FDB ageing time (hundredths of a second).
    pub fn ageing_time(mut self, v: u32) -> Self {
        self.ageing_time = Some(v);
        self
    }
    /// Turns kernel STP on or off.
    pub fn stp(mut self, on: bool) -> Self {
        self.stp_state = Some(on as u32);
        self
    }
    /// Sets the bridge priority.
    pub fn priority(mut self, v: u16) -> Self {
        self.priority = Some(v);
        self
    }
    /// Turns VLAN filtering on or off.
    pub fn vlan_filtering(mut self, on: bool) -> Self {
        self.vlan_filtering = Some(on);
        self
    }
    /// Sets the VLAN protocol (`0x8100` or `0x88a8`).
    pub fn vlan_protocol(mut self, ethertype: u16) -> Self {
        self.vlan_protocol = Some(ethertype);
        self
    }
    /// Sets the default PVID.
    pub fn vlan_default_pvid(mut self, v: u16) -> Self {
        self.vlan_default_pvid = Some(v);
        self
    }
    /// Turns multicast snooping on or off.
    pub fn mcast_snooping(mut self, on: bool) -> Self {
        self.mcast_snooping = Some(on);
        self
    }
    /// Sets the group forward mask.
    pub fn group_fwd_mask(mut self, v: u16) -> Self {
        self.group_fwd_mask = Some(v);
        self
    }

    fn encode(&self, e: &mut Encoder<'_>) {
        let u32s = [
            (br::FORWARD_DELAY, self.forward_delay),
            (br::HELLO_TIME, self.hello_time),
            (br::MAX_AGE, self.max_age),
            (br::AGEING_TIME, self.ageing_time),
            (br::STP_STATE, self.stp_state),
        ];
        for (k, v) in u32s {
            if let Some(v) = v {
                e.put_u32(k, v);
            }
        }
        if let Some(v) = self.priority {
            e.put_u16(br::PRIORITY, v);
        }
        if let Some(v) = self.vlan_filtering {
            e.put_u8(br::VLAN_FILTERING, v as u8);
        }
        if let Some(v) = self.vlan_protocol {
            e.put_be16(br::VLAN_PROTOCOL, v);
        }
        if let Some(v) = self.vlan_default_pvid {
            e.put_u16(br::VLAN_DEFAULT_PVID, v);
        }
        if let Some(v) = self.mcast_snooping {
            e.put_u8(br::MCAST_SNOOPING, v as u8);
        }
        if let Some(v) = self.group_fwd_mask {
            e.put_u16(br::GROUP_FWD_MASK, v);
        }
    }
}

/// Options of a new VXLAN link: the VNI and, optionally, addresses, port
/// and the rest. `remote` is sent as `IFLA_VXLAN_GROUP`/`GROUP6`, which the
/// kernel treats as a multicast group when the address is multicast and
/// as the single remote otherwise.
///
/// ```
/// use nlstack::route::link::{LinkRequest, VxlanOptions};
/// let req = LinkRequest::vxlan(
///     "vx0",
///     VxlanOptions::new(42)
///         .local("10.0.0.1".parse().unwrap())
///         .remote("10.0.0.2".parse().unwrap())
///         .port(4789)
///         .ttl(5)
///         .learning(false),
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VxlanOptions {
    /// `IFLA_VXLAN_ID`: the VNI.
    pub id: u32,
    /// `IFLA_VXLAN_LOCAL`/`LOCAL6`.
    pub local: Option<IpAddr>,
    /// `IFLA_VXLAN_GROUP`/`GROUP6`: remote or multicast group.
    pub remote: Option<IpAddr>,
    /// `IFLA_VXLAN_PORT`: destination UDP port (the kernel's default is
    /// 8472; IANA's is 4789).
    pub port: Option<u16>,
    /// `IFLA_VXLAN_TTL`.
    pub ttl: Option<u8>,
    /// `IFLA_VXLAN_TOS`.
    pub tos: Option<u8>,
    /// `IFLA_VXLAN_LEARNING`.
    pub learning: Option<bool>,
    /// `IFLA_VXLAN_AGEING`, seconds.
    pub ageing: Option<u32>,
    /// `IFLA_VXLAN_LINK`: the underlying link's index.
    pub link: Option<i32>,
}

impl VxlanOptions {
    /// VNI `id`, nothing else set.
    pub fn new(id: u32) -> VxlanOptions {
        VxlanOptions {
            id,
            local: None,
            remote: None,
            port: None,
            ttl: None,
            tos: None,
            learning: None,
            ageing: None,
            link: None,
        }
    }
    /// Sets the local (source) address.
    pub fn local(mut self, a: IpAddr) -> Self {
        self.local = Some(a);
        self
    }
    /// Sets the remote, or the multicast group.
    pub fn remote(mut self, a: IpAddr) -> Self {
        self.remote = Some(a);
        self
    }
    /// Sets the destination UDP port.
    pub fn port(mut self, p: u16) -> Self {
        self.port = Some(p);
        self
    }
    /// Sets the TTL.
    pub fn ttl(mut self, t: u8) -> Self {
        self.ttl = Some(t);
        self
    }
    /// Sets the TOS.
    pub fn tos(mut self, t: u8) -> Self {
        self.tos = Some(t);
        self
    }
    /// Turns source-address learning on or off.
    pub fn learning(mut self, on: bool) -> Self {
        self.learning = Some(on);
        self
    }
    /// Sets the FDB ageing time in seconds.
    pub fn ageing(mut self, secs: u32) -> Self {
        self.ageing = Some(secs);
        self
    }
    /// Sets the underlying link.
    pub fn link(mut self, index: i32) -> Self {
        self.link = Some(index);
        self
    }

    fn encode(&self, e: &mut Encoder<'_>) {
        e.put_u32(vxlan::ID, self.id);
        match self.local {
            Some(IpAddr::V4(a)) => {
                e.put_ipv4(vxlan::LOCAL, a);
            }
            Some(IpAddr::V6(a)) => {
                e.put_ipv6(vxlan::LOCAL6, a);
            }
            None => {}
        }
        match self.remote {
            Some(IpAddr::V4(a)) => {
                e.put_ipv4(vxlan::GROUP, a);
            }
            Some(IpAddr::V6(a)) => {
                e.put_ipv6(vxlan::GROUP6, a);
            }
            None => {}
        }
        if let Some(p) = self.port {
            e.put_be16(vxlan::PORT, p);
        }
        if let Some(t) = self.ttl {
            e.put_u8(vxlan::TTL, t);
        }
        if let Some(t) = self.tos {
            e.put_u8(vxlan::TOS, t);
        }
        if let Some(l) = self.learning {
            e.put_u8(vxlan::LEARNING, l as u8);
        }
        if let Some(a) = self.ageing {
            e.put_u32(vxlan::AGEING, a);
        }
        if let Some(l) = self.link {
            e.put_u32(vxlan::LINK, l as u32);
        }
    }
}

/// The kind of a new link and its kind-specific options.
#[derive(Debug, Clone)]
pub enum LinkKind<'a> {
    /// `veth`, with its peer.
    Veth(VethPeer<'a>),
    /// `bridge`.
    Bridge(BridgeOptions),
    /// `vxlan`.
    Vxlan(VxlanOptions),
    /// Any kind by name, with the content of `IFLA_INFO_DATA` already
    /// encoded as attributes (`None`: no data).
    Other {
        /// `IFLA_INFO_KIND`.
        kind: String,
        /// The attributes inside `IFLA_INFO_DATA`.
        data: Option<Vec<u8>>,
    },
}

impl LinkKind<'_> {
    /// The `IFLA_INFO_KIND` string.
    pub fn name(&self) -> &str {
        match self {
            LinkKind::Veth(_) => "veth",
            LinkKind::Bridge(_) => "bridge",
            LinkKind::Vxlan(_) => "vxlan",
            LinkKind::Other { kind, .. } => kind,
        }
    }
}

/// A link to create (`RTM_NEWLINK` with `NLM_F_CREATE | NLM_F_EXCL`).
///
/// ```
/// use nlstack::route::link::{LinkRequest, VethPeer};
/// let veth = LinkRequest::veth("ve0", "ve1").mtu(9000).up();
/// let br = LinkRequest::bridge("br0").txqlen(500);
/// assert_eq!(veth.kind.name(), "veth");
/// assert_eq!(br.name, "br0");
/// ```
#[derive(Debug, Clone)]
pub struct LinkRequest<'a> {
    /// The new link's name.
    pub name: String,
    /// Its kind and kind-specific options.
    pub kind: LinkKind<'a>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_ADDRESS`.
    pub address: Option<HwAddr>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_MASTER`: enslave to this link once created.
    pub master: Option<i32>,
    /// `IFLA_LINK`: the underlying link, for kinds that have one.
    pub link: Option<i32>,
    /// Create the link in this namespace instead of the connection's.
    pub netns: Option<NsRef<'a>>,
    /// Bring the link up once created (`ifi_flags`/`ifi_change` `IFF_UP`).
    pub up: bool,
}

impl<'a> LinkRequest<'a> {
    /// A link named `name` of `kind`, nothing else set.
    pub fn new(name: &str, kind: LinkKind<'a>) -> LinkRequest<'a> {
        LinkRequest {
            name: name.to_owned(),
            kind,
            mtu: None,
            address: None,
            txqlen: None,
            group: None,
            master: None,
            link: None,
            netns: None,
            up: false,
        }
    }

    /// A veth pair: `name` here, `peer` (a name, or a [`VethPeer`]) at the
    /// other end.
    pub fn veth(name: &str, peer: impl Into<VethPeer<'a>>) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Veth(peer.into()))
    }

    /// A bridge with the kernel's default options.
    pub fn bridge(name: &str) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Bridge(BridgeOptions::default()))
    }

    /// A bridge with `options`.
    pub fn bridge_with(name: &str, options: BridgeOptions) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Bridge(options))
    }

    /// A VXLAN link.
    pub fn vxlan(name: &str, options: VxlanOptions) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Vxlan(options))
    }

    /// Any kind by name, without kind data (`macvlan` needs a `link`,
    /// `ifb` or `nlmon` need nothing).
    pub fn other(name: &str, kind: &str) -> LinkRequest<'a> {
        LinkRequest::new(
            name,
            LinkKind::Other {
                kind: kind.to_owned(),
                data: None,
            },
        )
    }

    /// Sets the MTU.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = Some(mtu);
        self
    }

    /// Sets the hardware address.
    pub fn address(mut self, a: impl Into<HwAddr>) -> Self {
        self.address = Some(a.into());
        self
    }

    /// Sets the transmit queue length.
    pub fn txqlen(mut self, n: u32) -> Self {
        self.txqlen = Some(n);
        self
    }

    /// Sets the device group.
    pub fn group(mut self, g: u32) -> Self {
        self.group = Some(g);
        self
    }

    /// Enslaves the new link to `master` (a bridge's index, say).
    pub fn master(mut self, master: i32) -> Self {
        self.master = Some(master);
        self
    }

    /// Sets the underlying link (`IFLA_LINK`).
    pub fn link(mut self, index: i32) -> Self {
        self.link = Some(index);
        self
    }

    /// Creates the link inside the namespace `ns` refers to.
    pub fn netns<F: AsFd + ?Sized>(mut self, ns: &'a F) -> Self {
        self.netns = Some(NsRef::Fd(ns.as_fd()));
        self
    }

    /// Brings the link up once created.
    pub fn up(mut self) -> Self {
        self.up = true;
        self
    }

    /// Encodes the `ifinfomsg` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        let up = if self.up { LinkFlags::UP.bits() } else { 0 };
        e.header(&IfInfoMsg {
            flags: up,
            change: up,
            ..Default::default()
        });
        e.put_str(IFLA_IFNAME, &self.name);
        if let Some(m) = self.mtu {
            e.put_u32(IFLA_MTU, m);
        }
        if let Some(a) = &self.address {
            e.put(IFLA_ADDRESS, a.as_bytes());
        }
        if let Some(n) = self.txqlen {
            e.put_u32(IFLA_TXQLEN, n);
        }
        if let Some(g) = self.group {
            e.put_u32(IFLA_GROUP, g);
        }
        if let Some(m) = self.master {
            e.put_u32(IFLA_MASTER, m as u32);
        }
        if let Some(l) = self.link {
            e.put_u32(IFLA_LINK, l as u32);
        }
        if let Some(ns) = &self.netns {
            put_netns(ns, e);
        }
        let mut info = e.nest(IFLA_LINKINFO);
        info.put_str(IFLA_INFO_KIND, self.kind.name());
        match &self.kind {
            LinkKind::Veth(p) => {
                let mut data = info.nest(IFLA_INFO_DATA);
                let mut peer = data.nest(VETH_INFO_PEER);
                peer.header(&IfInfoMsg::default());
                if let Some(n) = &p.name {
                    peer.put_str(IFLA_IFNAME, n);
                }
                if let Some(m) = p.mtu {
                    peer.put_u32(IFLA_MTU, m);
                }
                if let Some(a) = &p.address {
                    peer.put(IFLA_ADDRESS, a.as_bytes());
                }
                if let Some(n) = p.txqlen {
                    peer.put_u32(IFLA_TXQLEN, n);
                }
                if let Some(ns) = &p.netns {
                    put_netns(ns, &mut peer);
                }
            }
            LinkKind::Bridge(o) => {
                let mut data = info.nest(IFLA_INFO_DATA);
                o.encode(&mut data);
            }
            LinkKind::Vxlan(o) => {
                let mut data = info.nest(IFLA_INFO_DATA);
                o.encode(&mut data);
            }
            LinkKind::Other { data, .. } => {
                if let Some(d) = data {
                    info.put(IFLA_INFO_DATA | NLA_F_NESTED, d);
                }
            }
        }
    }
}

/// Changes to an existing link (`RTM_SETLINK` on its index). Only what is
/// set is sent; the kernel applies it all or nothing.
///
/// ```
/// use nlstack::route::link::LinkChange;
/// let c = LinkChange::new(7).up().mtu(1400).master(3).alias("uplink");
/// assert_eq!(c.mtu, Some(1400));
/// let detach = LinkChange::new(7).nomaster().down();
/// assert_eq!(detach.master, Some(0));
/// ```
#[derive(Debug, Clone, Default)]
pub struct LinkChange<'a> {
    /// The link's index.
    pub index: i32,
    /// `ifi_flags`: the new values of the flags in `change`.
    pub flags: LinkFlags,
    /// `ifi_change`: which flags to change.
    pub change: LinkFlags,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_IFNAME`: a new name (the kernel refuses, `EBUSY`, to rename
    /// most links while they are up).
    pub name: Option<String>,
    /// `IFLA_ADDRESS`.
    pub address: Option<HwAddr>,
    /// `IFLA_MASTER` (0: no master).
    pub master: Option<i32>,
    /// `IFLA_IFALIAS` (empty: remove the alias).
    pub alias: Option<String>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// Move the link to this namespace.
    pub netns: Option<NsRef<'a>>,
}

impl<'a> LinkChange<'a> {
    /// Changes to link `index`; nothing set yet.
    pub fn new(index: i32) -> LinkChange<'a> {
        LinkChange {
            index,
            ..Default::default()
        }
    }

    /// Sets or clears `flag` (`UP`, `PROMISC`, `NOARP`, `ALLMULTI`, ...).
    pub fn flag(mut self, flag: LinkFlags, on: bool) -> Self {
        self.change |= flag;
        self.flags.set(flag, on);
        self
    }

    /// Brings the link up.
    pub fn up(self) -> Self {
        self.flag(LinkFlags::UP, true)
    }

    /// Takes the link down.
    pub fn down(self) -> Self {
        self.flag(LinkFlags::UP, false)
    }

    /// Turns promiscuous mode on or off.
    pub fn promisc(self, on: bool) -> Self {
        self.flag(LinkFlags::PROMISC, on)
    }

    /// Sets the MTU.
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = Some(mtu);
        self
    }

    /// Renames the link (most kinds must be down: `EBUSY` otherwise).
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Sets the hardware address.
    pub fn address(mut self, a: impl Into<HwAddr>) -> Self {
        self.address = Some(a.into());
        self
    }

    /// Enslaves the link to `master` (a bridge's index, say).
    pub fn master(mut self, master: i32) -> Self {
        self.master = Some(master);
        self
    }

    /// Releases the link from its master.
    pub fn nomaster(mut self) -> Self {
        self.master = Some(0);
        self
    }

    /// Sets the alias; an empty one removes it.
    pub fn alias(mut self, alias: &str) -> Self {
        self.alias = Some(alias.to_owned());
        self
    }

    /// Sets the transmit queue length.
    pub fn txqlen(mut self, n: u32) -> Self {
        self.txqlen = Some(n);
        self
    }

    /// Sets the device group.
    pub fn group(mut self, g: u32) -> Self {
        self.group = Some(g);
        self
    }

    /// Moves the link into the namespace `ns` refers to
    /// (`IFLA_NET_NS_FD`). Its index may change there.
    pub fn netns<F: AsFd + ?Sized>(mut self, ns: &'a F) -> Self {
        self.netns = Some(NsRef::Fd(ns.as_fd()));
        self
    }

    /// Moves the link into the namespace of process `pid`
    /// (`IFLA_NET_NS_PID`).
    pub fn netns_pid(mut self, pid: u32) -> Self {
        self.netns = Some(NsRef::Pid(pid));
        self
    }

    /// Encodes the `ifinfomsg` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.header(&IfInfoMsg {
            index: self.index,
            flags: self.flags.bits(),
            change: self.change.bits(),
            ..Default::default()
        });
        if let Some(n) = &self.name {
            e.put_str(IFLA_IFNAME, n);
        }
        if let Some(m) = self.mtu {
            e.put_u32(IFLA_MTU, m);
        }
        if let Some(a) = &self.address {
            e.put(IFLA_ADDRESS, a.as_bytes());
        }
        if let Some(m) = self.master {
            e.put_u32(IFLA_MASTER, m as u32);
        }
        if let Some(a) = &self.alias {
            // Without a NUL, as iproute2 sends it: an empty value removes
            // the alias, where "\0" would set an empty one.
            e.put_str_nonul(IFLA_IFALIAS, a);
        }
        if let Some(n) = self.txqlen {
            e.put_u32(IFLA_TXQLEN, n);
        }
        if let Some(g) = self.group {
            e.put_u32(IFLA_GROUP, g);
        }
        if let Some(ns) = &self.netns {
            put_netns(ns, e);
        }
    }
}

// ---------------------------------------------------------------------------
// Operations

impl<T: Transport> Conn<Route, T> {
    /// Lists every link in the connection's namespace, through the dump
    /// consistency policy.
    pub fn links(&mut self) -> Result<Vec<Link>> {
        self.dump_collect(
            MsgType::RTM_GETLINK,
            Flags::empty(),
            |e| {
                e.header(&IfInfoMsg::default());
            },
            |m| {
                if m.kind() != MsgType::RTM_NEWLINK {
                    return Ok(None);
                }
                Ok(Some(LinkMsg::parse(&m)?.to_owned()))
            },
        )
    }

    /// The link with index `index`, asked of the kernel directly (no
    /// dump). A missing link is the kernel's error (`ENODEV`,
    /// [`is_not_found`](crate::Error::is_not_found)).
    pub fn link_by_index(&mut self, index: i32) -> Result<Link> {
        let m = self.request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index,
                ..Default::default()
            });
        })?;
        Ok(LinkMsg::parse(&m)?.to_owned())
    }

    /// The link named `name` (an alternative name works too), asked of the
    /// kernel directly (no dump). A missing link is the kernel's error
    /// (`ENODEV`, [`is_not_found`](crate::Error::is_not_found)).
    pub fn link_by_name(&mut self, name: &str) -> Result<Link> {
        let m = self.request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg::default());
            e.put_str(IFLA_IFNAME, name);
        })?;
        Ok(LinkMsg::parse(&m)?.to_owned())
    }

    /// Creates a link; fails with `EEXIST` if the name is taken.
    pub fn link_add(&mut self, req: &LinkRequest<'_>) -> Result<()> {
        self.ack(MsgType::RTM_NEWLINK, Flags::CREATE | Flags::EXCL, |e| {
            req.encode(e)
        })
    }

    /// Creates a link and returns it as the kernel made it (its index,
    /// its generated MAC address), in the same round trip: the request
    /// carries `NLM_F_ECHO`. On a kernel that echoes nothing (before 6.1)
    /// the link is looked up by name instead.
    pub fn link_add_echo(&mut self, req: &LinkRequest<'_>) -> Result<Link> {
        let made = self.echo(
            MsgType::RTM_NEWLINK,
            Flags::CREATE | Flags::EXCL,
            |e| req.encode(e),
            |m| {
                if m.kind() != MsgType::RTM_NEWLINK {
                    return Ok(None);
                }
                let l = LinkMsg::parse(&m)?;
                Ok((l.name == Some(req.name.as_str())).then(|| l.to_owned()))
            },
        )?;
        match made {
            Some(l) => Ok(l),
            None => self.link_by_name(&req.name),
        }
    }

    /// Changes a link.
    pub fn link_set(&mut self, change: &LinkChange<'_>) -> Result<()> {
        self.ack(MsgType::RTM_SETLINK, Flags::empty(), |e| change.encode(e))
    }

    /// Deletes link `index` (a veth's peer goes with it). A missing link
    /// is the kernel's error (`ENODEV`).
    pub fn link_del(&mut self, index: i32) -> Result<()> {
        self.ack(MsgType::RTM_DELLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index,
                ..Default::default()
            });
        })
    }
}
