//! [`Link`]: a link, owned, with its kind data ([`LinkInfo`], [`KindData`]).

use crate::route::IfIndex;
use crate::route::hwaddr::HwAddr;
use crate::route::ifname::IfName;
use crate::route::link::kind::bridge::BridgeInfo;
use crate::route::link::kind::table::{PortKind, TableKind};
use crate::route::link::kind::vxlan::VxlanInfo;
use crate::route::link::state::{LinkFlags, LinkMode, OperState};
use crate::route::link::stats::LinkStats64;

/// Kind-specific data, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
    /// A kind declared in the kind table (`macvlan`, `vlan`, `bond`, ...).
    Table(TableKind),
    /// Any other kind: the raw `IFLA_INFO_DATA` value.
    Other(Vec<u8>),
}

/// `IFLA_LINKINFO`, owned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct LinkInfo {
    /// `IFLA_INFO_KIND`.
    pub kind: Option<String>,
    /// `IFLA_INFO_DATA`, decoded by kind.
    pub data: Option<KindData>,
    /// `IFLA_INFO_SLAVE_KIND`.
    pub slave_kind: Option<String>,
    /// `IFLA_INFO_SLAVE_DATA`, raw (a list of attributes).
    pub slave_data: Option<Vec<u8>>,
    /// `IFLA_INFO_SLAVE_DATA` decoded, for a master of a kind the port
    /// table declares (a bridge's port).
    pub port: Option<PortKind>,
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

/// A link, owned. Built from a [`LinkMsg`](crate::route::link::LinkMsg) by `to_owned()` or `From`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Link {
    /// How many attributes of the message did not decode (0 for a whole
    /// object): the fields they would have set are `None` (or empty). The
    /// strict lists fail instead.
    pub malformed: u16,
    /// `ifi_index`.
    pub index: IfIndex,
    /// `ifi_family` (`AF_UNSPEC` usually; `AF_BRIDGE` in bridge messages).
    pub family: u8,
    /// `ifi_type`: `ARPHRD_*`.
    pub link_type: u16,
    /// `ifi_flags`.
    pub flags: LinkFlags,
    /// `IFLA_IFNAME` (empty if the kernel sent none): bytes, not
    /// necessarily UTF-8.
    pub name: IfName,
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
    pub master: Option<IfIndex>,
    /// `IFLA_LINK`.
    pub link: Option<IfIndex>,
    /// `IFLA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_QDISC`.
    pub qdisc: Option<String>,
    /// `IFLA_IFALIAS`: bytes, as set (the kernel keeps any).
    pub alias: Option<Vec<u8>>,
    /// Alternative names (`IFLA_PROP_LIST`/`IFLA_ALT_IFNAME`): bytes, as
    /// names are (up to 127).
    pub alt_names: Vec<Vec<u8>>,
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
    pub new_ifindex: Option<IfIndex>,
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
