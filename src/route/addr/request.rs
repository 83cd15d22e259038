//! [`AddrRequest`]: an address to add, replace or delete.

use std::net::{IpAddr, Ipv4Addr};

use crate::route::IfIndex;
use crate::wire::{Encoder, IfAddrMsg, Value};

use super::cacheinfo::CacheInfo;
use super::flags::AddrFlags;
use super::msg::{
    IFA_ADDRESS, IFA_BROADCAST, IFA_CACHEINFO, IFA_FLAGS, IFA_LABEL, IFA_LOCAL, IFA_PROTO,
    IFA_RT_PRIORITY,
};

/// An address to add, replace or delete.
///
/// ```
/// use nlstack::route::AddrRequest;
/// use nlstack::route::AddrFlags;
/// let a = AddrRequest::new(2, "10.0.0.1".parse().unwrap(), 24)
///     .broadcast("10.0.0.255".parse().unwrap())
///     .flags(AddrFlags::NOPREFIXROUTE)
///     .lifetimes(600, 300);
/// assert_eq!((a.prefixlen, a.lifetimes), (24, Some((600, 300))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AddrRequest {
    /// The link's index.
    pub index: IfIndex,
    /// The address (`IFA_LOCAL`, and `IFA_ADDRESS` unless `peer` is set).
    pub address: IpAddr,
    /// The prefix length.
    pub prefixlen: u8,
    /// The peer of a point-to-point link (`IFA_ADDRESS`).
    pub peer: Option<IpAddr>,
    /// The IPv4 broadcast address.
    pub broadcast: Option<Ipv4Addr>,
    /// A label (IPv4 only; must start with the link's name).
    pub label: Option<Vec<u8>>,
    /// `IFA_F_*` (sent as `IFA_FLAGS`).
    pub flags: AddrFlags,
    /// `RT_SCOPE_*` (0: universe).
    pub scope: u8,
    /// Valid and preferred lifetimes in seconds (`None`: forever).
    pub lifetimes: Option<(u32, u32)>,
    /// Metric of the prefix route (`IFA_RT_PRIORITY`).
    pub metric: Option<u32>,
    /// `IFA_PROTO`.
    pub protocol: Option<u8>,
}

impl AddrRequest {
    /// `address/prefixlen` on link `index`, nothing else set.
    pub fn new(index: IfIndex, address: IpAddr, prefixlen: u8) -> AddrRequest {
        AddrRequest {
            index,
            address,
            prefixlen,
            peer: None,
            broadcast: None,
            label: None,
            flags: AddrFlags::empty(),
            scope: 0,
            lifetimes: None,
            metric: None,
            protocol: None,
        }
    }

    /// The peer of a point-to-point link.
    #[must_use]
    pub fn peer(mut self, peer: IpAddr) -> Self {
        self.peer = Some(peer);
        self
    }

    /// The IPv4 broadcast address.
    #[must_use]
    pub fn broadcast(mut self, b: Ipv4Addr) -> Self {
        self.broadcast = Some(b);
        self
    }

    /// A label (IPv4 only; it must start with the link's name).
    #[must_use]
    pub fn label(mut self, label: impl AsRef<[u8]>) -> Self {
        self.label = Some(label.as_ref().to_vec());
        self
    }

    /// `IFA_F_*` flags (`NODAD`, `NOPREFIXROUTE`, ...).
    #[must_use]
    pub fn flags(mut self, flags: AddrFlags) -> Self {
        self.flags = flags;
        self
    }

    /// `RT_SCOPE_*`.
    #[must_use]
    pub fn scope(mut self, scope: u8) -> Self {
        self.scope = scope;
        self
    }

    /// Valid and preferred lifetimes in seconds.
    #[must_use]
    pub fn lifetimes(mut self, valid: u32, preferred: u32) -> Self {
        self.lifetimes = Some((valid, preferred));
        self
    }

    /// The metric of the prefix route.
    #[must_use]
    pub fn metric(mut self, m: u32) -> Self {
        self.metric = Some(m);
        self
    }

    /// `IFA_PROTO`: who added it.
    #[must_use]
    pub fn protocol(mut self, p: u8) -> Self {
        self.protocol = Some(p);
        self
    }

    /// Encodes the `ifaddrmsg` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        let family = match self.address {
            IpAddr::V4(_) => libc::AF_INET,
            IpAddr::V6(_) => libc::AF_INET6,
        } as u8;
        e.header(&IfAddrMsg {
            family,
            prefixlen: self.prefixlen,
            flags: self.flags.bits() as u8,
            scope: self.scope,
            index: self.index,
        });
        e.put_ip(IFA_LOCAL, self.address);
        e.put_ip(IFA_ADDRESS, self.peer.unwrap_or(self.address));
        if let Some(b) = self.broadcast {
            e.put_ipv4(IFA_BROADCAST, b);
        }
        if let Some(l) = &self.label {
            e.put_cstr(IFA_LABEL, l);
        }
        if !self.flags.is_empty() {
            e.put_u32(IFA_FLAGS, self.flags.bits());
        }
        if let Some((valid, preferred)) = self.lifetimes {
            let ci = CacheInfo {
                preferred,
                valid,
                ..Default::default()
            };
            <CacheInfo as Value>::put(&ci, IFA_CACHEINFO, e);
        }
        if let Some(m) = self.metric {
            e.put_u32(IFA_RT_PRIORITY, m);
        }
        if let Some(p) = self.protocol {
            e.put_u8(IFA_PROTO, p);
        }
    }
}
