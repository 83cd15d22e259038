//! `bridge` links: their attributes (`IFLA_BR_*`), the decoded
//! [`BridgeInfo`] and the [`BridgeOptions`] of a new bridge.

use std::fmt;

use self::attr as br;
use crate::route::decode::{AttrErrors, boolean, walk};
use crate::route::hwaddr::HwAddr;
use crate::wire::{Attrs, Encoder};

/// Bridge `IFLA_INFO_DATA` attributes (`IFLA_BR_*`).
pub mod attr {
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
/// [`LinkInfoMsg`](crate::route::link::LinkInfoMsg).
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

impl BridgeInfo {
    pub(crate) fn parse(attrs: Attrs<'_>, e: &mut AttrErrors) -> BridgeInfo {
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
    #[must_use]
    pub fn forward_delay(mut self, v: u32) -> Self {
        self.forward_delay = Some(v);
        self
    }
    /// Sets the hello time (hundredths of a second).
    #[must_use]
    pub fn hello_time(mut self, v: u32) -> Self {
        self.hello_time = Some(v);
        self
    }
    /// Sets the max age (hundredths of a second).
    #[must_use]
    pub fn max_age(mut self, v: u32) -> Self {
        self.max_age = Some(v);
        self
    }
    /// Sets the FDB ageing time (hundredths of a second).
    #[must_use]
    pub fn ageing_time(mut self, v: u32) -> Self {
        self.ageing_time = Some(v);
        self
    }
    /// Turns kernel STP on or off.
    #[must_use]
    pub fn stp(mut self, on: bool) -> Self {
        self.stp_state = Some(on as u32);
        self
    }
    /// Sets the bridge priority.
    #[must_use]
    pub fn priority(mut self, v: u16) -> Self {
        self.priority = Some(v);
        self
    }
    /// Turns VLAN filtering on or off.
    #[must_use]
    pub fn vlan_filtering(mut self, on: bool) -> Self {
        self.vlan_filtering = Some(on);
        self
    }
    /// Sets the VLAN protocol (`0x8100` or `0x88a8`).
    #[must_use]
    pub fn vlan_protocol(mut self, ethertype: u16) -> Self {
        self.vlan_protocol = Some(ethertype);
        self
    }
    /// Sets the default PVID.
    #[must_use]
    pub fn vlan_default_pvid(mut self, v: u16) -> Self {
        self.vlan_default_pvid = Some(v);
        self
    }
    /// Turns multicast snooping on or off.
    #[must_use]
    pub fn mcast_snooping(mut self, on: bool) -> Self {
        self.mcast_snooping = Some(on);
        self
    }
    /// Sets the group forward mask.
    #[must_use]
    pub fn group_fwd_mask(mut self, v: u16) -> Self {
        self.group_fwd_mask = Some(v);
        self
    }

    pub(crate) fn encode(&self, e: &mut Encoder<'_>) {
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
