//! `veth` links: their data ([`VethInfo`]: the peer, itself a link
//! message) and the [`VethPeer`] of a new pair.

use std::os::fd::AsFd;

use crate::netns::NsRef;
use crate::route::hwaddr::HwAddr;
use crate::route::link::view::{
    IFLA_ADDRESS, IFLA_IFNAME, IFLA_MTU, IFLA_NET_NS_FD, IFLA_NET_NS_PID, IFLA_TXQLEN, LinkMsg,
};
use crate::wire::{Encoder, IfInfoMsg, attr_table};

attr_table! {
    /// A veth's `IFLA_INFO_DATA`. The kernel sends it only in requests
    /// (and their echoes).
    pub struct VethInfo / VethInfoSpec;
    /// `VETH_INFO_PEER`: the peer, as a link message (`ifinfomsg` and the
    /// peer's attributes), indexed on demand: its malformed attributes are
    /// its own.
    VETH_INFO_PEER = 1 => peer: LinkMsg => LinkMsg<&'a [u8]>,
}

/// The peer of a new veth: its name and, optionally, the namespace it is
/// born in and a few settings. Converts from a `&str` (just the name).
///
/// There is no `up` here: the kernel refuses to bring a veth peer up in
/// the request that creates it (`ENOTCONN`: the pair is not joined yet).
/// Bring it up afterwards with [`LinkChange`](crate::route::link::LinkChange) (in its namespace).
///
/// ```no_run
/// use nlstack::netns::NetNs;
/// use nlstack::route::link::{LinkRequest, VethPeer};
/// let other = NetNs::new_anonymous()?;
/// let req = LinkRequest::veth("ve0", VethPeer::new("eth0").netns(&other).mtu(1400));
/// # Ok::<(), nlstack::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct VethPeer<'a> {
    /// The peer's name (`None`: the kernel picks `vethN`).
    pub name: Option<Vec<u8>>,
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
    pub fn new(name: impl AsRef<[u8]>) -> VethPeer<'a> {
        VethPeer {
            name: Some(name.as_ref().to_vec()),
            ..Default::default()
        }
    }

    /// Creates the peer inside the namespace `ns` refers to (in the same
    /// request as the link itself).
    #[must_use]
    pub fn netns<F: AsFd + ?Sized>(mut self, ns: &'a F) -> Self {
        self.netns = Some(NsRef::Fd(ns.as_fd()));
        self
    }

    /// Creates the peer inside the namespace of process `pid`.
    #[must_use]
    pub fn netns_pid(mut self, pid: u32) -> Self {
        self.netns = Some(NsRef::Pid(pid));
        self
    }

    /// Sets the peer's MTU.
    #[must_use]
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = Some(mtu);
        self
    }

    /// Sets the peer's hardware address.
    #[must_use]
    pub fn address(mut self, a: impl Into<HwAddr>) -> Self {
        self.address = Some(a.into());
        self
    }

    /// Sets the peer's transmit queue length.
    #[must_use]
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

impl VethPeer<'_> {
    /// Encodes the peer: an `ifinfomsg` and its attributes, the value of
    /// `VETH_INFO_PEER`.
    pub(crate) fn encode(&self, e: &mut Encoder<'_>) {
        e.header(&IfInfoMsg::default());
        if let Some(n) = &self.name {
            e.put_cstr(IFLA_IFNAME, n);
        }
        if let Some(m) = self.mtu {
            e.put_u32(IFLA_MTU, m);
        }
        if let Some(a) = &self.address {
            e.put(IFLA_ADDRESS, a.as_bytes());
        }
        if let Some(n) = self.txqlen {
            e.put_u32(IFLA_TXQLEN, n);
        }
        if let Some(ns) = &self.netns {
            ns.encode(e, IFLA_NET_NS_FD, IFLA_NET_NS_PID);
        }
    }
}
