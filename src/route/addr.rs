//! Addresses: `RTM_NEWADDR`/`RTM_DELADDR`/`RTM_GETADDR`.

use std::net::{IpAddr, Ipv4Addr};

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::route::decode::AttrErrors;
use crate::wire::{Attrs, Encoder, FamilyHeader, Flags, IfAddrMsg, Message, MsgType};

/// `IFA_ADDRESS`: the prefix address (the peer on point-to-point links).
pub const IFA_ADDRESS: u16 = 1;
/// `IFA_LOCAL`: the local address.
pub const IFA_LOCAL: u16 = 2;
/// `IFA_LABEL`: the label (`eth0:1`).
pub const IFA_LABEL: u16 = 3;
/// `IFA_BROADCAST`: the IPv4 broadcast address.
pub const IFA_BROADCAST: u16 = 4;
/// `IFA_ANYCAST`.
pub const IFA_ANYCAST: u16 = 5;
/// `IFA_CACHEINFO`: `struct ifa_cacheinfo`.
pub const IFA_CACHEINFO: u16 = 6;
/// `IFA_MULTICAST`.
pub const IFA_MULTICAST: u16 = 7;
/// `IFA_FLAGS`: the 32-bit flags (over the 8-bit `ifa_flags`).
pub const IFA_FLAGS: u16 = 8;
/// `IFA_RT_PRIORITY`: metric of the prefix route.
pub const IFA_RT_PRIORITY: u16 = 9;
/// `IFA_PROTO`: who added the address.
pub const IFA_PROTO: u16 = 11;

bitflags::bitflags! {
    /// `IFA_F_*`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct AddrFlags: u32 {
        /// `IFA_F_SECONDARY` (also `IFA_F_TEMPORARY`).
        const SECONDARY = 0x01;
        /// `IFA_F_NODAD`.
        const NODAD = 0x02;
        /// `IFA_F_OPTIMISTIC`.
        const OPTIMISTIC = 0x04;
        /// `IFA_F_DADFAILED`.
        const DADFAILED = 0x08;
        /// `IFA_F_HOMEADDRESS`.
        const HOMEADDRESS = 0x10;
        /// `IFA_F_DEPRECATED`.
        const DEPRECATED = 0x20;
        /// `IFA_F_TENTATIVE`.
        const TENTATIVE = 0x40;
        /// `IFA_F_PERMANENT`.
        const PERMANENT = 0x80;
        /// `IFA_F_MANAGETEMPADDR`.
        const MANAGETEMPADDR = 0x100;
        /// `IFA_F_NOPREFIXROUTE`.
        const NOPREFIXROUTE = 0x200;
        /// `IFA_F_MCAUTOJOIN`.
        const MCAUTOJOIN = 0x400;
        /// `IFA_F_STABLE_PRIVACY`.
        const STABLE_PRIVACY = 0x800;
    }
}

/// `struct ifa_cacheinfo`: lifetimes in seconds (`u32::MAX`: forever) and
/// timestamps in hundredths of seconds since boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheInfo {
    /// `ifa_prefered`: preferred lifetime.
    pub preferred: u32,
    /// `ifa_valid`: valid lifetime.
    pub valid: u32,
    /// `cstamp`: created.
    pub created: u32,
    /// `tstamp`: updated.
    pub updated: u32,
}

impl CacheInfo {
    /// Reads the struct from an attribute; a size other than 16 is an error.
    #[inline]
    fn parse(a: &crate::wire::Attr<'_>) -> Result<CacheInfo> {
        // Read in place: copying the value out first makes the CPU stall on
        // store forwarding.
        match a.value() {
            v if v.len() == 16 => {
                let w = |i: usize| crate::route::decode::ne_u32(v, i);
                Ok(CacheInfo {
                    preferred: w(0),
                    valid: w(4),
                    created: w(8),
                    updated: w(12),
                })
            }
            _ => a.array::<16>().map(|_| CacheInfo::default()),
        }
    }

    fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        for (i, v) in [self.preferred, self.valid, self.created, self.updated]
            .into_iter()
            .enumerate()
        {
            b[i * 4..i * 4 + 4].copy_from_slice(&v.to_ne_bytes());
        }
        b
    }
}

/// An address message, decoded in one pass without allocating.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AddrMsg<'a> {
    /// The `ifaddrmsg` header.
    pub header: IfAddrMsg,
    /// `IFA_FLAGS` when present, else the header's 8 bits.
    pub flags: AddrFlags,
    /// `IFA_ADDRESS`.
    pub address: Option<IpAddr>,
    /// `IFA_LOCAL`.
    pub local: Option<IpAddr>,
    /// `IFA_BROADCAST`.
    pub broadcast: Option<Ipv4Addr>,
    /// `IFA_ANYCAST`.
    pub anycast: Option<IpAddr>,
    /// `IFA_MULTICAST`.
    pub multicast: Option<IpAddr>,
    /// `IFA_LABEL`.
    pub label: Option<&'a [u8]>,
    /// `IFA_CACHEINFO`.
    pub cache_info: Option<CacheInfo>,
    /// `IFA_RT_PRIORITY`.
    pub rt_priority: Option<u32>,
    /// `IFA_PROTO`.
    pub protocol: Option<u8>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode.
    pub errors: AttrErrors,
}

impl<'a> AddrMsg<'a> {
    /// Decodes an address message; a malformed attribute is recorded in
    /// `errors` and skipped. Only a header too short is an error.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Result<AddrMsg<'a>> {
        let header = msg.family_header::<IfAddrMsg>()?;
        let attrs = msg.attrs(IfAddrMsg::LEN)?;
        let mut a = AddrMsg {
            header,
            flags: AddrFlags::from_bits_retain(header.flags as u32),
            address: None,
            local: None,
            broadcast: None,
            anycast: None,
            multicast: None,
            label: None,
            cache_info: None,
            rt_priority: None,
            protocol: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut a.errors;
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                IFA_ADDRESS => e.ip(&mut a.address, a.header.family, &at),
                IFA_LOCAL => e.ip(&mut a.local, a.header.family, &at),
                IFA_BROADCAST => e.set(&mut a.broadcast, at.ipv4()),
                IFA_ANYCAST => e.ip(&mut a.anycast, a.header.family, &at),
                IFA_MULTICAST => e.ip(&mut a.multicast, a.header.family, &at),
                IFA_LABEL => e.set(&mut a.label, at.text()),
                IFA_CACHEINFO => e.set(&mut a.cache_info, CacheInfo::parse(&at)),
                IFA_FLAGS => {
                    if let Some(f) = e.take(at.u32()) {
                        a.flags = AddrFlags::from_bits_retain(f);
                    }
                }
                IFA_RT_PRIORITY => e.set(&mut a.rt_priority, at.u32()),
                IFA_PROTO => e.set(&mut a.protocol, at.u8()),
                _ => {}
            }
        }
        Ok(a)
    }

    /// Decodes, failing on the first malformed attribute.
    pub fn parse_strict(msg: &Message<'a>) -> Result<AddrMsg<'a>> {
        let a = AddrMsg::parse(msg)?;
        a.errors.check()?;
        Ok(a)
    }

    /// The address of the interface: `IFA_LOCAL`, else `IFA_ADDRESS`.
    pub fn addr(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Addr {
        Addr {
            malformed: self.errors.count,
            family: self.header.family,
            prefixlen: self.header.prefixlen,
            flags: self.flags,
            scope: self.header.scope,
            index: self.header.index,
            address: self.address,
            local: self.local,
            broadcast: self.broadcast,
            anycast: self.anycast,
            multicast: self.multicast,
            label: self.label.map(<[u8]>::to_vec),
            cache_info: self.cache_info,
            rt_priority: self.rt_priority,
            protocol: self.protocol,
        }
    }
}

/// An address, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Addr {
    /// How many attributes of the message did not decode (0 for a whole
    /// object): the fields they would have set are `None` (or empty). The
    /// strict lists fail instead.
    pub malformed: u16,
    /// `AF_INET` or `AF_INET6`.
    pub family: u8,
    /// The prefix length.
    pub prefixlen: u8,
    /// `IFA_F_*` (32-bit).
    pub flags: AddrFlags,
    /// `RT_SCOPE_*`.
    pub scope: u8,
    /// The link's index.
    pub index: u32,
    /// `IFA_ADDRESS`.
    pub address: Option<IpAddr>,
    /// `IFA_LOCAL`.
    pub local: Option<IpAddr>,
    /// `IFA_BROADCAST`.
    pub broadcast: Option<Ipv4Addr>,
    /// `IFA_ANYCAST`.
    pub anycast: Option<IpAddr>,
    /// `IFA_MULTICAST`.
    pub multicast: Option<IpAddr>,
    /// `IFA_LABEL`.
    pub label: Option<Vec<u8>>,
    /// `IFA_CACHEINFO`.
    pub cache_info: Option<CacheInfo>,
    /// `IFA_RT_PRIORITY`.
    pub rt_priority: Option<u32>,
    /// `IFA_PROTO`.
    pub protocol: Option<u8>,
}

impl Addr {
    /// The address of the interface: `IFA_LOCAL`, else `IFA_ADDRESS`.
    pub fn addr(&self) -> Option<IpAddr> {
        self.local.or(self.address)
    }
}

impl From<&AddrMsg<'_>> for Addr {
    fn from(v: &AddrMsg<'_>) -> Addr {
        v.to_owned()
    }
}

/// Which addresses to list. With strict checking (on by default) the
/// kernel filters; the result is filtered again here either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AddrFilter {
    /// Only this family (`AF_INET`, `AF_INET6`).
    pub family: Option<u8>,
    /// Only addresses on this link.
    pub index: Option<u32>,
}

impl AddrFilter {
    /// Only this family.
    #[must_use]
    pub fn family(mut self, family: u8) -> Self {
        self.family = Some(family);
        self
    }

    /// Only addresses on this link.
    #[must_use]
    pub fn link(mut self, index: u32) -> Self {
        self.index = Some(index);
        self
    }

    fn encode_dump(&self, e: &mut Encoder<'_>) {
        e.header(&IfAddrMsg {
            family: self.family.unwrap_or(0),
            index: self.index.unwrap_or(0),
            ..Default::default()
        });
    }

    fn keeps(&self, a: &AddrMsg<'_>) -> bool {
        self.family.is_none_or(|f| f == a.header.family)
            && self.index.is_none_or(|i| i == a.header.index)
    }
}

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
pub struct AddrRequest {
    /// The link's index.
    pub index: u32,
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
    pub fn new(index: u32, address: IpAddr, prefixlen: u8) -> AddrRequest {
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
            e.put(IFA_CACHEINFO, &ci.to_bytes());
        }
        if let Some(m) = self.metric {
            e.put_u32(IFA_RT_PRIORITY, m);
        }
        if let Some(p) = self.protocol {
            e.put_u8(IFA_PROTO, p);
        }
    }
}

impl<T: Transport> Conn<Route, T> {
    /// Lists addresses (all, one family, one link), through the dump
    /// consistency policy.
    pub fn addresses(&mut self, filter: AddrFilter) -> Result<Vec<Addr>> {
        self.addresses_with(filter, false)
    }

    /// [`addresses`](Self::addresses), strict: an address with an
    /// attribute that did not decode is an error.
    pub fn addresses_strict(&mut self, filter: AddrFilter) -> Result<Vec<Addr>> {
        self.addresses_with(filter, true)
    }

    fn addresses_with(&mut self, filter: AddrFilter, strict: bool) -> Result<Vec<Addr>> {
        self.dump_collect(
            MsgType::RTM_GETADDR,
            Flags::empty(),
            |e| filter.encode_dump(e),
            |m| {
                let a = AddrMsg::parse(&m)?;
                if strict {
                    a.errors.check()?;
                }
                Ok(filter.keeps(&a).then(|| a.to_owned()))
            },
        )
    }

    /// Streams the addresses `filter` selects: `each` sees every one as a
    /// borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn addresses_each(
        &mut self,
        filter: AddrFilter,
        mut each: impl FnMut(&AddrMsg<'_>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETADDR,
            Flags::empty(),
            |e| filter.encode_dump(e),
            |m| {
                let a = AddrMsg::parse(&m)?;
                if filter.keeps(&a) { each(&a) } else { Ok(()) }
            },
        )
        .map(drop)
    }

    /// Adds an address; fails with `EEXIST` if it is there already.
    pub fn addr_add(&mut self, a: &AddrRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWADDR, Flags::CREATE | Flags::EXCL, |e| {
            a.encode(e)
        })
    }

    /// Adds an address and returns it as the kernel made it (flags,
    /// scope, lifetimes), in the same round trip (`NLM_F_ECHO`). `None` on
    /// a kernel that echoes nothing (before 6.1).
    pub fn addr_add_echo(&mut self, a: &AddrRequest) -> Result<Option<Addr>> {
        self.echo(
            MsgType::RTM_NEWADDR,
            Flags::CREATE | Flags::EXCL,
            |e| a.encode(e),
            |m| {
                if m.kind() != MsgType::RTM_NEWADDR {
                    return Ok(None);
                }
                Ok(Some(AddrMsg::parse(&m)?.to_owned()))
            },
        )
    }

    /// Adds an address or updates it if it exists.
    pub fn addr_replace(&mut self, a: &AddrRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWADDR, Flags::CREATE | Flags::REPLACE, |e| {
            a.encode(e)
        })
    }

    /// Deletes an address.
    pub fn addr_del(&mut self, a: &AddrRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELADDR, Flags::empty(), |e| a.encode(e))
    }
}
