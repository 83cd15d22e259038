//! `bridge` links: their attributes (`IFLA_BR_*`), declared once as
//! [`BridgeInfo`] (the decoded data) and its request form
//! [`BridgeOptions`] (the options of a new bridge).

use std::fmt;

use crate::route::hwaddr::HwAddr;
use crate::wire::{Be16, Bool, Encoder, Value, attr_table};

attr_table! {
    /// A bridge's `IFLA_INFO_DATA` (`IFLA_BR_*`). Times are in hundredths
    /// of a second (`USER_HZ`), as the kernel sends them and `ip -d`
    /// prints them.
    ///
    /// The first attributes are declared in the order a new bridge's
    /// options are sent.
    pub struct BridgeInfo / BridgeOptions;
    /// `IFLA_BR_FORWARD_DELAY`.
    IFLA_BR_FORWARD_DELAY = 1 => forward_delay: u32 => u32,
    /// `IFLA_BR_HELLO_TIME`.
    IFLA_BR_HELLO_TIME = 2 => hello_time: u32 => u32,
    /// `IFLA_BR_MAX_AGE`.
    IFLA_BR_MAX_AGE = 3 => max_age: u32 => u32,
    /// `IFLA_BR_AGEING_TIME`.
    IFLA_BR_AGEING_TIME = 4 => ageing_time: u32 => u32,
    /// `IFLA_BR_STP_STATE` (0 off, 1 kernel STP, 2 user STP).
    IFLA_BR_STP_STATE = 5 => stp_state: u32 => u32,
    /// `IFLA_BR_PRIORITY`.
    IFLA_BR_PRIORITY = 6 => priority: u16 => u16,
    /// `IFLA_BR_VLAN_FILTERING`.
    IFLA_BR_VLAN_FILTERING = 7 => vlan_filtering: Bool => bool,
    /// `IFLA_BR_VLAN_PROTOCOL` (an ethertype: `0x8100` or `0x88a8`; network
    /// byte order on the wire, host order here).
    IFLA_BR_VLAN_PROTOCOL = 8 => vlan_protocol: Be16 => u16,
    /// `IFLA_BR_VLAN_DEFAULT_PVID`.
    IFLA_BR_VLAN_DEFAULT_PVID = 39 => vlan_default_pvid: u16 => u16,
    /// `IFLA_BR_MCAST_SNOOPING`.
    IFLA_BR_MCAST_SNOOPING = 23 => mcast_snooping: Bool => bool,
    /// `IFLA_BR_GROUP_FWD_MASK`.
    IFLA_BR_GROUP_FWD_MASK = 9 => group_fwd_mask: u16 => u16,
    /// `IFLA_BR_ROOT_ID`.
    IFLA_BR_ROOT_ID = 10 => root_id: BridgeId => BridgeId,
    /// `IFLA_BR_BRIDGE_ID`.
    IFLA_BR_BRIDGE_ID = 11 => bridge_id: BridgeId => BridgeId,
    /// `IFLA_BR_ROOT_PORT`.
    IFLA_BR_ROOT_PORT = 12 => root_port: u16 => u16,
    /// `IFLA_BR_ROOT_PATH_COST`.
    IFLA_BR_ROOT_PATH_COST = 13 => root_path_cost: u32 => u32,
    /// `IFLA_BR_TOPOLOGY_CHANGE`.
    IFLA_BR_TOPOLOGY_CHANGE = 14 => topology_change: u8 => u8,
    /// `IFLA_BR_TOPOLOGY_CHANGE_DETECTED`.
    IFLA_BR_TOPOLOGY_CHANGE_DETECTED = 15 => topology_change_detected: u8 => u8,
    /// `IFLA_BR_GROUP_ADDR`.
    IFLA_BR_GROUP_ADDR = 20 => group_addr: Mac => [u8; 6],
    /// `IFLA_BR_MCAST_ROUTER`.
    IFLA_BR_MCAST_ROUTER = 22 => mcast_router: u8 => u8,
    /// `IFLA_BR_MCAST_QUERY_USE_IFADDR`.
    IFLA_BR_MCAST_QUERY_USE_IFADDR = 24 => mcast_query_use_ifaddr: Bool => bool,
    /// `IFLA_BR_MCAST_QUERIER`.
    IFLA_BR_MCAST_QUERIER = 25 => mcast_querier: Bool => bool,
    /// `IFLA_BR_MCAST_HASH_ELASTICITY`.
    IFLA_BR_MCAST_HASH_ELASTICITY = 26 => mcast_hash_elasticity: u32 => u32,
    /// `IFLA_BR_MCAST_HASH_MAX`.
    IFLA_BR_MCAST_HASH_MAX = 27 => mcast_hash_max: u32 => u32,
    /// `IFLA_BR_MCAST_LAST_MEMBER_CNT`.
    IFLA_BR_MCAST_LAST_MEMBER_CNT = 28 => mcast_last_member_cnt: u32 => u32,
    /// `IFLA_BR_MCAST_STARTUP_QUERY_CNT`.
    IFLA_BR_MCAST_STARTUP_QUERY_CNT = 29 => mcast_startup_query_cnt: u32 => u32,
    /// `IFLA_BR_MCAST_LAST_MEMBER_INTVL`.
    IFLA_BR_MCAST_LAST_MEMBER_INTVL = 30 => mcast_last_member_intvl: u64 => u64,
    /// `IFLA_BR_MCAST_MEMBERSHIP_INTVL`.
    IFLA_BR_MCAST_MEMBERSHIP_INTVL = 31 => mcast_membership_intvl: u64 => u64,
    /// `IFLA_BR_MCAST_QUERIER_INTVL`.
    IFLA_BR_MCAST_QUERIER_INTVL = 32 => mcast_querier_intvl: u64 => u64,
    /// `IFLA_BR_MCAST_QUERY_INTVL`.
    IFLA_BR_MCAST_QUERY_INTVL = 33 => mcast_query_intvl: u64 => u64,
    /// `IFLA_BR_MCAST_QUERY_RESPONSE_INTVL`.
    IFLA_BR_MCAST_QUERY_RESPONSE_INTVL = 34 => mcast_query_response_intvl: u64 => u64,
    /// `IFLA_BR_MCAST_STARTUP_QUERY_INTVL`.
    IFLA_BR_MCAST_STARTUP_QUERY_INTVL = 35 => mcast_startup_query_intvl: u64 => u64,
    /// `IFLA_BR_NF_CALL_IPTABLES`.
    IFLA_BR_NF_CALL_IPTABLES = 36 => nf_call_iptables: Bool => bool,
    /// `IFLA_BR_NF_CALL_IP6TABLES`.
    IFLA_BR_NF_CALL_IP6TABLES = 37 => nf_call_ip6tables: Bool => bool,
    /// `IFLA_BR_NF_CALL_ARPTABLES`.
    IFLA_BR_NF_CALL_ARPTABLES = 38 => nf_call_arptables: Bool => bool,
    /// `IFLA_BR_VLAN_STATS_ENABLED`.
    IFLA_BR_VLAN_STATS_ENABLED = 41 => vlan_stats_enabled: Bool => bool,
    /// `IFLA_BR_MCAST_STATS_ENABLED`.
    IFLA_BR_MCAST_STATS_ENABLED = 42 => mcast_stats_enabled: Bool => bool,
    /// `IFLA_BR_MCAST_IGMP_VERSION`.
    IFLA_BR_MCAST_IGMP_VERSION = 43 => mcast_igmp_version: u8 => u8,
    /// `IFLA_BR_MCAST_MLD_VERSION`.
    IFLA_BR_MCAST_MLD_VERSION = 44 => mcast_mld_version: u8 => u8,
}

impl BridgeOptions {
    /// Turns kernel STP on or off (`IFLA_BR_STP_STATE` 1 or 0).
    #[must_use]
    pub fn stp(self, on: bool) -> Self {
        self.stp_state(u32::from(on))
    }
}

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
    /// Reads the 8 bytes of `struct ifla_bridge_id`.
    pub fn from_bytes(b: [u8; 8]) -> BridgeId {
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

/// The codec of `struct ifla_bridge_id` (8 bytes).
impl Value for BridgeId {
    type Out<'a> = BridgeId;
    type Owned = BridgeId;
    const SIZES: &'static [usize] = &[8];
    fn decode(v: &[u8]) -> BridgeId {
        BridgeId::from_bytes(<[u8; 8]>::try_from(v).unwrap_or_default())
    }
    fn to_owned(v: BridgeId) -> BridgeId {
        v
    }
    fn put(v: &BridgeId, kind: u16, e: &mut Encoder<'_>) {
        let mut b = [0u8; 8];
        b[..2].copy_from_slice(&v.priority.to_be_bytes());
        b[2..].copy_from_slice(&v.addr);
        e.put(kind, &b);
    }
}

/// The codec of a 6-byte MAC address (`IFLA_BR_GROUP_ADDR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mac {}

impl Value for Mac {
    type Out<'a> = [u8; 6];
    type Owned = [u8; 6];
    const SIZES: &'static [usize] = &[6];
    fn decode(v: &[u8]) -> [u8; 6] {
        <[u8; 6]>::try_from(v).unwrap_or_default()
    }
    fn to_owned(v: [u8; 6]) -> [u8; 6] {
        v
    }
    fn put(v: &[u8; 6], kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, v);
    }
}
