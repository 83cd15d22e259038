//! [`LinkMsg`]: the borrowed view of a link message, with its
//! `IFLA_LINKINFO` ([`LinkInfoMsg`]) and alternative names ([`AltNames`]).

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::route::IfIndex;
use crate::route::decode::{AttrErrors, boolean, index, walk, wrong_size};
use crate::route::hwaddr::HwAddr;
use crate::route::ifname::IfName;
use crate::route::link::consts::*;
use crate::route::link::kind::bridge::BridgeInfo;
use crate::route::link::kind::table::{PortKind, TableKind};
use crate::route::link::kind::veth::VETH_INFO_PEER;
use crate::route::link::kind::vxlan::VxlanInfo;
use crate::route::link::owned::{KindData, Link, LinkInfo};
use crate::route::link::state::{LinkFlags, LinkMode, OperState};
use crate::route::link::stats::LinkStats64;
use crate::wire::{Attr, Attrs, FamilyHeader, IfInfoMsg, Message};

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
#[non_exhaustive]
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
    /// A kind declared in the kind table (`macvlan`, `vlan`, `bond`, ...).
    Table(TableKind),
    /// Any other kind: the raw value (usually a list of attributes).
    Other(&'a [u8]),
}

/// `IFLA_LINKINFO`, decoded.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
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
    /// `IFLA_INFO_SLAVE_DATA` decoded, for a master of a kind the port
    /// table declares (a bridge's port).
    pub port: Option<PortKind>,
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
        if let (Some(k), Some(d)) = (li.slave_kind, li.slave_data) {
            li.port = PortKind::decode(k, d.nested(), e);
        }
        if let Some(d) = li.data_attr {
            li.data = Some(match li.kind {
                Some("veth") => InfoData::Veth {
                    peer: veth_peer(&d, e),
                },
                Some("bridge") => InfoData::Bridge(BridgeInfo::parse(d.nested(), e)),
                Some("vxlan") => InfoData::Vxlan(VxlanInfo::parse(d.nested(), e)),
                Some(k) => match TableKind::decode(k, d.nested(), e) {
                    Some(t) => InfoData::Table(t),
                    None => InfoData::Other(d.value()),
                },
                None => InfoData::Other(d.value()),
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
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let attrs = self.attrs.as_mut()?;
        loop {
            match attrs.next()? {
                Ok(a) if a.kind() == IFLA_ALT_IFNAME => {
                    if let Ok(s) = a.text() {
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
/// assert_eq!((l.index(), l.mtu), (7, Some(1400)));
/// assert_eq!(l.name.unwrap(), "ve0");
/// assert!(l.flags.contains(LinkFlags::UP));
/// assert!(l.errors.is_empty());
/// # Ok::<(), nlstack::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LinkMsg<'a> {
    /// The `ifinfomsg` header (index, `ARPHRD_*` type, flags).
    pub header: IfInfoMsg,
    /// `ifi_flags`.
    pub flags: LinkFlags,
    /// `IFLA_IFNAME`: bytes, not necessarily UTF-8.
    pub name: Option<IfName>,
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
    pub master: Option<IfIndex>,
    /// `IFLA_LINK`: the underlying or peer link's index (in the namespace
    /// `link_netnsid` names, if present).
    pub link: Option<IfIndex>,
    /// `IFLA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_QDISC`.
    pub qdisc: Option<&'a str>,
    /// `IFLA_IFALIAS`: bytes, as set (the kernel keeps any).
    pub alias: Option<&'a [u8]>,
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
    pub new_ifindex: Option<IfIndex>,
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
        let header = msg.family_header::<IfInfoMsg>()?;
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
                IFLA_IFNAME => e.set(
                    &mut l.name,
                    IfName::from_kernel(a.value()).ok_or_else(|| wrong_size(&a, &[16])),
                ),
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
                IFLA_IFALIAS => e.set(&mut l.alias, a.text()),
                IFLA_PROP_LIST => {
                    // Validate now so that errors are counted; the
                    // iterator walks again lazily.
                    walk(a.nested(), e, |p, e| {
                        if p.kind() == IFLA_ALT_IFNAME {
                            e.take(p.text());
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
                IFLA_NEW_IFINDEX => e.set(&mut l.new_ifindex, a.u32()),
                IFLA_STATS64 => e.set(&mut l.stats64, LinkStats64::decode(&a)),
                IFLA_LINKINFO => l.link_info = Some(LinkInfoMsg::parse(&a, e)),
                _ => {}
            }
        }
        l
    }

    /// `ifi_index`.
    pub fn index(&self) -> IfIndex {
        self.header.index as IfIndex
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
            malformed: self.errors.count,
            index: self.index(),
            family: self.header.family,
            link_type: self.header.link_type,
            flags: self.flags,
            name: self.name.unwrap_or_default(),
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
            alias: self.alias.map(<[u8]>::to_vec),
            alt_names: self.alt_names.clone().map(<[u8]>::to_vec).collect(),
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
                    InfoData::Table(t) => KindData::Table(*t),
                    InfoData::Other(b) => KindData::Other(b.to_vec()),
                }),
                slave_kind: i.slave_kind.map(str::to_owned),
                slave_data: i.slave_data.map(|a| a.value().to_vec()),
                port: i.port,
            }),
        }
    }
}

impl From<&LinkMsg<'_>> for Link {
    fn from(v: &LinkMsg<'_>) -> Link {
        v.to_owned()
    }
}
