//! [`LinkMsg`]: a link message (`struct ifinfomsg`, then `IFLA_*`
//! attributes), declared once: the view over a received message, the
//! owned [`Link`], and the attributes' request form [`LinkSpec`].

use crate::route::IfIndex;
use crate::route::family::AddrFamily;
use crate::route::hwaddr::HwAddr;
use crate::route::ifname::IfName;
use crate::route::link::af_spec::AfSpec;
use crate::route::link::alt_names::{AltNames, PropList};
use crate::route::link::info::LinkInfoMsg;
use crate::route::link::state::{LinkFlags, LinkMode, OperState};
use crate::route::link::stats::LinkStats64;
use crate::wire::{Bool, Bytes, CStrBytes, Encoder, FamilyHeader, IfInfoMsg, Value, attr_table};

attr_table! {
    /// A link message: `struct ifinfomsg`, then `IFLA_*` attributes,
    /// indexed in one pass without allocating.
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
    /// let m = Message::parse(&buf)?;
    /// let l = LinkMsg::parse(m.payload())?;
    /// assert_eq!((l.index(), l.mtu()), (7, Some(1400)));
    /// assert_eq!(l.name(), "ve0");
    /// assert!(l.flags().contains(LinkFlags::UP));
    /// assert_eq!(l.malformed(), 0);
    /// # Ok::<(), nlstack::Error>(())
    /// ```
    pub struct LinkMsg / LinkSpec, family_header IfInfoMsg, guess [8, 12];
    /// `IFLA_ADDRESS`: the hardware address.
    IFLA_ADDRESS = 1 => address: HwAddr => HwAddr,
    /// `IFLA_BROADCAST`: the hardware broadcast address.
    IFLA_BROADCAST = 2 => broadcast: HwAddr => HwAddr,
    /// `IFLA_IFNAME`: the name (bytes, not necessarily UTF-8; see
    /// [`LinkMsg::name`]).
    IFLA_IFNAME = 3 => ifname: IfName => IfName,
    /// `IFLA_MTU`.
    IFLA_MTU = 4 => mtu: u32 => u32,
    /// `IFLA_LINK`: the underlying or peer link's index (in the namespace
    /// `link_netnsid` names, if present).
    IFLA_LINK = 5 => link: u32 => IfIndex,
    /// `IFLA_QDISC`: the root qdisc's name.
    IFLA_QDISC = 6 => qdisc: CStrBytes => &'a [u8],
    /// `IFLA_STATS`: `struct rtnl_link_stats` (32-bit counters), as sent.
    IFLA_STATS = 7 => stats: Bytes => &'a [u8],
    /// `IFLA_MASTER`: the master's index (bridge, bond, VRF).
    IFLA_MASTER = 10 => master: u32 => IfIndex,
    /// `IFLA_PROTINFO`: protocol-specific information (nested), as sent.
    IFLA_PROTINFO = 12 => protinfo: Bytes => &'a [u8],
    /// `IFLA_TXQLEN`: the transmit queue length.
    IFLA_TXQLEN = 13 => txqlen: u32 => u32,
    /// `IFLA_OPERSTATE`: the RFC 2863 operational state.
    IFLA_OPERSTATE = 16 => operstate: OperState => OperState,
    /// `IFLA_LINKMODE`.
    IFLA_LINKMODE = 17 => link_mode: LinkMode => LinkMode,
    /// `IFLA_LINKINFO`: the kind and its data.
    IFLA_LINKINFO = 18 => link_info: LinkInfoMsg => LinkInfoMsg<&'a [u8]>,
    /// `IFLA_NET_NS_PID` (requests): move to the namespace of this process.
    IFLA_NET_NS_PID = 19 => net_ns_pid: u32 => u32,
    /// `IFLA_IFALIAS`: the alias, bytes as set (the kernel keeps any).
    IFLA_IFALIAS = 20 => alias: CStrBytes => &'a [u8],
    /// `IFLA_STATS64`: `struct rtnl_link_stats64`.
    IFLA_STATS64 = 23 => stats64: LinkStats64 => LinkStats64,
    /// `IFLA_AF_SPEC`: per-address-family data.
    IFLA_AF_SPEC = 26 => af_spec: AfSpec => AfSpec<&'a [u8]>,
    /// `IFLA_GROUP`: the device group.
    IFLA_GROUP = 27 => group: u32 => u32,
    /// `IFLA_NET_NS_FD` (requests): move to the namespace this fd refers to.
    IFLA_NET_NS_FD = 28 => net_ns_fd: u32 => u32,
    /// `IFLA_EXT_MASK` (GET requests): `RTEXT_FILTER_*`.
    IFLA_EXT_MASK = 29 => ext_mask: u32 => u32,
    /// `IFLA_PROMISCUITY`: the promiscuity count.
    IFLA_PROMISCUITY = 30 => promiscuity: u32 => u32,
    /// `IFLA_NUM_TX_QUEUES`.
    IFLA_NUM_TX_QUEUES = 31 => num_tx_queues: u32 => u32,
    /// `IFLA_NUM_RX_QUEUES`.
    IFLA_NUM_RX_QUEUES = 32 => num_rx_queues: u32 => u32,
    /// `IFLA_CARRIER`: carrier on.
    IFLA_CARRIER = 33 => carrier: Bool => bool,
    /// `IFLA_CARRIER_CHANGES`.
    IFLA_CARRIER_CHANGES = 35 => carrier_changes: u32 => u32,
    /// `IFLA_LINK_NETNSID`: the namespace id of `IFLA_LINK`'s namespace.
    IFLA_LINK_NETNSID = 37 => link_netnsid: i32 => i32,
    /// `IFLA_PROTO_DOWN`.
    IFLA_PROTO_DOWN = 39 => proto_down: Bool => bool,
    /// `IFLA_GSO_MAX_SEGS`.
    IFLA_GSO_MAX_SEGS = 40 => gso_max_segs: u32 => u32,
    /// `IFLA_GSO_MAX_SIZE`.
    IFLA_GSO_MAX_SIZE = 41 => gso_max_size: u32 => u32,
    /// `IFLA_NEW_NETNSID`: in notifications of a move, the target's id.
    IFLA_NEW_NETNSID = 45 => new_netnsid: i32 => i32,
    /// `IFLA_CARRIER_UP_COUNT`.
    IFLA_CARRIER_UP_COUNT = 47 => carrier_up_count: u32 => u32,
    /// `IFLA_CARRIER_DOWN_COUNT`.
    IFLA_CARRIER_DOWN_COUNT = 48 => carrier_down_count: u32 => u32,
    /// `IFLA_NEW_IFINDEX`: in notifications of a move, the new index.
    IFLA_NEW_IFINDEX = 49 => new_ifindex: u32 => IfIndex,
    /// `IFLA_MIN_MTU`.
    IFLA_MIN_MTU = 50 => min_mtu: u32 => u32,
    /// `IFLA_MAX_MTU`.
    IFLA_MAX_MTU = 51 => max_mtu: u32 => u32,
    /// `IFLA_PROP_LIST`: properties, holding `IFLA_ALT_IFNAME`s (see
    /// [`LinkMsg::alt_names`]).
    IFLA_PROP_LIST = 52 => prop_list: PropList => AltNames<'a>,
    /// `IFLA_PERM_ADDRESS`: the permanent hardware address.
    IFLA_PERM_ADDRESS = 54 => perm_address: HwAddr => HwAddr,
    /// `IFLA_PARENT_DEV_NAME`: the parent device's (sysfs) name.
    IFLA_PARENT_DEV_NAME = 56 => parent_dev_name: CStrBytes => &'a [u8],
    /// `IFLA_PARENT_DEV_BUS_NAME`: the parent device's bus.
    IFLA_PARENT_DEV_BUS_NAME = 57 => parent_dev_bus_name: CStrBytes => &'a [u8],
    /// `IFLA_GRO_MAX_SIZE`.
    IFLA_GRO_MAX_SIZE = 58 => gro_max_size: u32 => u32,
    /// `IFLA_TSO_MAX_SIZE`.
    IFLA_TSO_MAX_SIZE = 59 => tso_max_size: u32 => u32,
    /// `IFLA_TSO_MAX_SEGS`.
    IFLA_TSO_MAX_SEGS = 60 => tso_max_segs: u32 => u32,
    /// `IFLA_ALLMULTI`: the all-multicast count.
    IFLA_ALLMULTI = 61 => allmulti: u32 => u32,
    /// `IFLA_GSO_IPV4_MAX_SIZE`.
    IFLA_GSO_IPV4_MAX_SIZE = 63 => gso_ipv4_max_size: u32 => u32,
    /// `IFLA_GRO_IPV4_MAX_SIZE`.
    IFLA_GRO_IPV4_MAX_SIZE = 64 => gro_ipv4_max_size: u32 => u32,
}

/// A link, owned: [`LinkMsg`] over its own copy of the message's bytes
/// (what [`links`](crate::conn::Conn::links)' views turn into with
/// [`owned`](LinkMsg::owned), and what
/// [`link_by_index`](crate::conn::Conn::link_by_index) returns). Its getters
/// are the view's.
pub type Link = LinkMsg;

impl<T: AsRef<[u8]>> LinkMsg<T> {
    /// `ifi_index`.
    pub fn index(&self) -> IfIndex {
        self.header().index as IfIndex
    }

    /// `ifi_family` (`AF_UNSPEC` usually; `AF_BRIDGE` in bridge messages).
    pub fn family(&self) -> AddrFamily {
        self.header().family
    }

    /// `ifi_type`: `ARPHRD_*`.
    pub fn link_type(&self) -> u16 {
        self.header().link_type
    }

    /// `ifi_flags`.
    pub fn flags(&self) -> LinkFlags {
        LinkFlags::from_bits_retain(self.header().flags)
    }

    /// `IFF_UP` is set (administratively up).
    pub fn is_up(&self) -> bool {
        self.flags().contains(LinkFlags::UP)
    }

    /// `IFLA_IFNAME`, empty when the message carried none (or a malformed
    /// one: see [`ifname`](Self::ifname) to tell).
    pub fn name(&self) -> IfName {
        self.as_view().ifname().unwrap_or_default()
    }

    /// `IFLA_INFO_KIND`, if any: `veth`, `bridge`, `vxlan`, ...
    pub fn kind(&self) -> Option<&[u8]> {
        let attr = self.attr(IFLA_LINKINFO)?;
        <LinkInfoMsg as Value>::decode(attr).kind()
    }

    /// The alternative names (`IFLA_PROP_LIST`'s `IFLA_ALT_IFNAME`s), walked
    /// without allocating; none when the message had no list.
    pub fn alt_names(&self) -> AltNames<'_> {
        self.attr(IFLA_PROP_LIST)
            .map(<PropList as Value>::decode)
            .unwrap_or_default()
    }
}

/// A link message as the value of an attribute (a veth's
/// `VETH_INFO_PEER`): `struct ifinfomsg`, then the peer's attributes.
impl Value for LinkMsg<Box<[u8]>> {
    type Out<'a> = LinkMsg<&'a [u8]>;
    type Owned = LinkMsg<Box<[u8]>>;
    const SIZES: &'static [usize] = &[];
    const MIN: usize = IfInfoMsg::LEN;
    fn decode(v: &[u8]) -> LinkMsg<&[u8]> {
        match LinkMsg::parse(v) {
            Ok(l) => l,
            // Shorter than the header (never, once the index checked MIN).
            Err(_) => LinkMsg {
                buf: &[],
                index: crate::wire::AttrIndex::build(&[], &LinkMsg::<&[u8]>::LIMITS),
            },
        }
    }
    fn to_owned(v: LinkMsg<&[u8]>) -> LinkMsg<Box<[u8]>> {
        v.owned()
    }
    fn put(v: &LinkMsg<Box<[u8]>>, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, v.as_bytes());
    }
}
