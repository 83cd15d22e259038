//! [`NeighRequest`]: a neighbour to add, replace or delete.

use crate::route::family::AddrFamily;
use std::net::IpAddr;

use crate::wire::{Encoder, NdMsg};

use super::flags::{NeighFlags, NeighFlagsExt, NeighState};
use super::msg::{
    NDA_DST, NDA_FLAGS_EXT, NDA_IFINDEX, NDA_LLADDR, NDA_MASTER, NDA_NH_ID, NDA_PORT, NDA_PROTOCOL,
    NDA_VLAN, NDA_VNI,
};

/// A neighbour to add, replace or delete.
///
/// The entry is keyed by family, link and `dst` (proxy entries: with
/// [`NeighFlags::PROXY`]; bridge FDB entries: family `AF_BRIDGE`, keyed by
/// `lladdr` and `vlan`). A new request is `NUD_PERMANENT`, as with
/// `ip neigh add`.
///
/// ```
/// use nlstack::route::neigh::{NeighFlags, NeighRequest, NeighState};
/// let r = NeighRequest::new(2, "fd00::1".parse().unwrap())
///     .lladdr([2, 0, 0, 0, 0, 1])
///     .state(NeighState::STALE)
///     .flags(NeighFlags::ROUTER);
/// assert_eq!(r.family, nlstack::route::family::INET6);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NeighRequest {
    /// `AF_INET`, `AF_INET6` (set from `dst` by [`new`](Self::new)), or
    /// `AF_BRIDGE`.
    pub family: AddrFamily,
    /// The link.
    pub ifindex: u32,
    /// `NUD_*`.
    pub state: NeighState,
    /// `NTF_*`.
    pub flags: NeighFlags,
    /// `NDA_FLAGS_EXT` (sent when not empty).
    pub flags_ext: NeighFlagsExt,
    /// `ndm_type`.
    pub kind: u8,
    /// `NDA_DST`.
    pub dst: Option<IpAddr>,
    /// `NDA_LLADDR`.
    pub lladdr: Option<Vec<u8>>,
    /// `NDA_VLAN`.
    pub vlan: Option<u16>,
    /// `NDA_PORT` (host order).
    pub port: Option<u16>,
    /// `NDA_VNI`.
    pub vni: Option<u32>,
    /// `NDA_IFINDEX`.
    pub link: Option<u32>,
    /// `NDA_MASTER`.
    pub master: Option<u32>,
    /// `NDA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `NDA_NH_ID`.
    pub nh_id: Option<u32>,
}

impl NeighRequest {
    /// `dst` on link `ifindex`, `NUD_PERMANENT`, nothing else set.
    pub fn new(ifindex: u32, dst: IpAddr) -> NeighRequest {
        let family = match dst {
            IpAddr::V4(_) => libc::AF_INET,
            IpAddr::V6(_) => libc::AF_INET6,
        } as u8;
        NeighRequest {
            family,
            ifindex,
            state: NeighState::PERMANENT,
            flags: NeighFlags::empty(),
            flags_ext: NeighFlagsExt::empty(),
            kind: 0,
            dst: Some(dst),
            lladdr: None,
            vlan: None,
            port: None,
            vni: None,
            link: None,
            master: None,
            protocol: None,
            nh_id: None,
        }
    }

    /// A proxy ARP/NDP entry for `dst` on link `ifindex`.
    pub fn proxy(ifindex: u32, dst: IpAddr) -> NeighRequest {
        let mut r = NeighRequest::new(ifindex, dst);
        r.state = NeighState::empty();
        r.flags = NeighFlags::PROXY;
        r
    }

    /// Sets the link-layer address.
    #[must_use]
    pub fn lladdr(mut self, lladdr: impl AsRef<[u8]>) -> Self {
        self.lladdr = Some(lladdr.as_ref().to_vec());
        self
    }
    /// Sets the state.
    #[must_use]
    pub fn state(mut self, state: NeighState) -> Self {
        self.state = state;
        self
    }
    /// Adds flags.
    #[must_use]
    pub fn flags(mut self, flags: NeighFlags) -> Self {
        self.flags |= flags;
        self
    }
    /// Adds extended flags.
    #[must_use]
    pub fn flags_ext(mut self, flags: NeighFlagsExt) -> Self {
        self.flags_ext |= flags;
        self
    }
    /// Sets the protocol (`RTPROT_*`).
    #[must_use]
    pub fn protocol(mut self, protocol: u8) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// Encodes the `ndmsg` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.header(&NdMsg {
            family: self.family,
            ifindex: self.ifindex as i32,
            state: self.state.bits(),
            flags: self.flags.bits(),
            kind: self.kind,
            ..Default::default()
        });
        if let Some(d) = self.dst {
            e.put_ip(NDA_DST, d);
        }
        if let Some(l) = &self.lladdr {
            e.put(NDA_LLADDR, l);
        }
        if let Some(v) = self.vlan {
            e.put_u16(NDA_VLAN, v);
        }
        if let Some(p) = self.port {
            e.put_be16(NDA_PORT, p);
        }
        if let Some(v) = self.vni {
            e.put_u32(NDA_VNI, v);
        }
        if let Some(l) = self.link {
            e.put_u32(NDA_IFINDEX, l);
        }
        if let Some(m) = self.master {
            e.put_u32(NDA_MASTER, m);
        }
        if let Some(p) = self.protocol {
            e.put_u8(NDA_PROTOCOL, p);
        }
        if let Some(n) = self.nh_id {
            e.put_u32(NDA_NH_ID, n);
        }
        if !self.flags_ext.is_empty() {
            e.put_u32(NDA_FLAGS_EXT, self.flags_ext.bits());
        }
    }
}
