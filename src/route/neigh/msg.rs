//! A neighbour message (`RTM_NEWNEIGH`): `struct ndmsg`, then `NDA_*`
//! attributes, declared once. [`NeighMsg<&[u8]>`](NeighMsg) is the view,
//! [`Neigh`] (`NeighMsg<Box<[u8]>>`) the owned value.

use crate::route::family::AddrFamily;
use std::net::IpAddr;

use crate::wire::{Be16, Bytes, NdMsg, attr_table};

use super::cacheinfo::NeighCacheInfo;
use super::flags::{NeighFlags, NeighFlagsExt, NeighState};

attr_table! {
    /// A neighbour (an ARP/NDP cache entry, a proxy entry, a bridge FDB
    /// entry): `struct ndmsg` (12 bytes), then `NDA_*` attributes.
    pub struct NeighMsg / NeighSpec, family_header NdMsg, slots u64;
    /// `NDA_DST`: the network address (IPv4, IPv6; a VXLAN FDB entry's
    /// remote).
    NDA_DST = 1 => dst: IpAddr => IpAddr,
    /// `NDA_LLADDR`: the link-layer address, as sent (6 bytes for
    /// Ethernet; any length).
    NDA_LLADDR = 2 => lladdr: Bytes => &'a [u8],
    /// `NDA_CACHEINFO`: `struct nda_cacheinfo`.
    NDA_CACHEINFO = 3 => cache_info: NeighCacheInfo => NeighCacheInfo,
    /// `NDA_PROBES`: probes sent so far.
    NDA_PROBES = 4 => probes: u32 => u32,
    /// `NDA_VLAN`: the VLAN id of a bridge FDB entry.
    NDA_VLAN = 5 => vlan: u16 => u16,
    /// `NDA_PORT`: the UDP port of a VXLAN FDB entry (host order here).
    NDA_PORT = 6 => port: Be16 => u16,
    /// `NDA_VNI`: the VNI of a VXLAN FDB entry.
    NDA_VNI = 7 => vni: u32 => u32,
    /// `NDA_IFINDEX`: the outgoing link of a VXLAN FDB entry; in a dump
    /// request, only neighbours on this link.
    NDA_IFINDEX = 8 => link: u32 => u32,
    /// `NDA_MASTER`: the master (bridge) of the entry's link; in a dump
    /// request, only neighbours on links enslaved to it.
    NDA_MASTER = 9 => master: u32 => u32,
    /// `NDA_LINK_NETNSID`: the namespace id of a VXLAN FDB entry's link.
    NDA_LINK_NETNSID = 10 => link_netnsid: i32 => i32,
    /// `NDA_SRC_VNI`: the source VNI of a VXLAN FDB entry.
    NDA_SRC_VNI = 11 => src_vni: u32 => u32,
    /// `NDA_PROTOCOL`: who added the entry (`RTPROT_*`).
    NDA_PROTOCOL = 12 => protocol: u8 => u8,
    /// `NDA_NH_ID`: the nexthop id of a FDB entry.
    NDA_NH_ID = 13 => nh_id: u32 => u32,
    /// `NDA_FDB_EXT_ATTRS`: nested bridge FDB attributes, as sent (not
    /// decoded).
    NDA_FDB_EXT_ATTRS = 14 => fdb_ext_attrs: Bytes => &'a [u8],
    /// `NDA_FLAGS_EXT`: the extended flags (see
    /// [`NeighMsg::flags_ext_or_empty`]).
    NDA_FLAGS_EXT = 15 => flags_ext: NeighFlagsExt => NeighFlagsExt,
}

/// A neighbour, owned: one copy of the message's bytes and its index
/// (what the lists hand out as views, and what `neigh_get` returns).
pub type Neigh = NeighMsg;

impl<T: AsRef<[u8]>> NeighMsg<T> {
    /// `ndm_family`: `AF_INET`, `AF_INET6`, `AF_BRIDGE`...
    pub fn family(&self) -> AddrFamily {
        self.as_bytes().first().copied().unwrap_or(0)
    }

    /// `ndm_ifindex`: the link the entry is on.
    pub fn ifindex(&self) -> u32 {
        self.header().ifindex as u32
    }

    /// `ndm_state`: `NUD_*`.
    pub fn state(&self) -> NeighState {
        NeighState::from_bits_retain(self.header().state)
    }

    /// `ndm_flags`: `NTF_*`.
    pub fn flags(&self) -> NeighFlags {
        NeighFlags::from_bits_retain(self.header().flags)
    }

    /// `ndm_type` (`RTN_*`).
    pub fn kind(&self) -> u8 {
        self.header().kind
    }

    /// `NDA_FLAGS_EXT`, empty when absent (or malformed).
    pub fn flags_ext_or_empty(&self) -> NeighFlagsExt {
        self.as_view().flags_ext().unwrap_or_default()
    }

    /// The link-layer address as a MAC, when it is 6 bytes long.
    pub fn mac(&self) -> Option<[u8; 6]> {
        self.as_view().lladdr().and_then(|l| l.try_into().ok())
    }
}
