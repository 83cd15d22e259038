//! Neighbours (the ARP and NDP caches, proxy entries, bridge FDB entries):
//! `RTM_NEWNEIGH`/`RTM_DELNEIGH`/`RTM_GETNEIGH`.
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::route::neigh::{NeighFilter, NeighRequest, NeighState};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! // 10.0.0.2 is at 02:00:00:00:00:02 on link 2, for good.
//! let req = NeighRequest::new(2, "10.0.0.2".parse().unwrap())
//!     .lladdr([2, 0, 0, 0, 0, 2])
//!     .state(NeighState::PERMANENT);
//! conn.neigh_add(&req)?;
//! for n in conn.neighbours(NeighFilter::default().link(2))? {
//!     println!("{:?} {:02x?} {:?}", n.dst, n.lladdr, n.state);
//! }
//! conn.neigh_del(&req)?;
//! # Ok::<(), nlstack::Error>(())
//! ```

use std::net::IpAddr;

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::route::decode::AttrErrors;
use crate::wire::{Attr, Attrs, Encoder, FamilyHeader, Flags, Message, MsgType, NdMsg};

/// `NDA_DST`: the network address (IPv4, IPv6; a VXLAN FDB entry's
/// remote).
pub const NDA_DST: u16 = 1;
/// `NDA_LLADDR`: the link-layer address.
pub const NDA_LLADDR: u16 = 2;
/// `NDA_CACHEINFO`: `struct nda_cacheinfo`.
pub const NDA_CACHEINFO: u16 = 3;
/// `NDA_PROBES`: probes sent so far.
pub const NDA_PROBES: u16 = 4;
/// `NDA_VLAN`: the VLAN id of a bridge FDB entry.
pub const NDA_VLAN: u16 = 5;
/// `NDA_PORT`: the UDP port of a VXLAN FDB entry (big-endian).
pub const NDA_PORT: u16 = 6;
/// `NDA_VNI`: the VNI of a VXLAN FDB entry.
pub const NDA_VNI: u16 = 7;
/// `NDA_IFINDEX`: the outgoing link of a VXLAN FDB entry; in a dump
/// request, only neighbours on this link.
pub const NDA_IFINDEX: u16 = 8;
/// `NDA_MASTER`: the master (bridge) of the entry's link; in a dump
/// request, only neighbours on links enslaved to it.
pub const NDA_MASTER: u16 = 9;
/// `NDA_LINK_NETNSID`: the namespace id of a VXLAN FDB entry's link.
pub const NDA_LINK_NETNSID: u16 = 10;
/// `NDA_SRC_VNI`: the source VNI of a VXLAN FDB entry.
pub const NDA_SRC_VNI: u16 = 11;
/// `NDA_PROTOCOL`: who added the entry (`RTPROT_*`).
pub const NDA_PROTOCOL: u16 = 12;
/// `NDA_NH_ID`: the nexthop id of a FDB entry.
pub const NDA_NH_ID: u16 = 13;
/// `NDA_FDB_EXT_ATTRS`: nested bridge FDB attributes (not decoded; see
/// `attrs`).
pub const NDA_FDB_EXT_ATTRS: u16 = 14;
/// `NDA_FLAGS_EXT`: the extended flags, [`NeighFlagsExt`].
pub const NDA_FLAGS_EXT: u16 = 15;

bitflags::bitflags! {
    /// `NUD_*`: the state of a neighbour entry. No bit set is `NUD_NONE`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct NeighState: u16 {
        /// `NUD_INCOMPLETE`: resolution in progress.
        const INCOMPLETE = 0x01;
        /// `NUD_REACHABLE`: confirmed recently.
        const REACHABLE = 0x02;
        /// `NUD_STALE`: valid but unconfirmed.
        const STALE = 0x04;
        /// `NUD_DELAY`: stale and used, waiting before probing.
        const DELAY = 0x08;
        /// `NUD_PROBE`: being probed.
        const PROBE = 0x10;
        /// `NUD_FAILED`: resolution failed.
        const FAILED = 0x20;
        /// `NUD_NOARP`: needs no resolution (multicast, point-to-point).
        const NOARP = 0x40;
        /// `NUD_PERMANENT`: static, never expires.
        const PERMANENT = 0x80;
    }
}

bitflags::bitflags! {
    /// `NTF_*`: the flags of a neighbour entry (`ndm_flags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct NeighFlags: u8 {
        /// `NTF_USE`: mark the entry used (requests only).
        const USE = 1 << 0;
        /// `NTF_SELF`: a FDB entry of the device itself.
        const SELF = 1 << 1;
        /// `NTF_MASTER`: a FDB entry of the master (bridge).
        const MASTER = 1 << 2;
        /// `NTF_PROXY`: a proxy ARP/NDP entry.
        const PROXY = 1 << 3;
        /// `NTF_EXT_LEARNED`: learned by an external party.
        const EXT_LEARNED = 1 << 4;
        /// `NTF_OFFLOADED`: offloaded to hardware.
        const OFFLOADED = 1 << 5;
        /// `NTF_STICKY`: a FDB entry that may not move.
        const STICKY = 1 << 6;
        /// `NTF_ROUTER`: the neighbour is an IPv6 router.
        const ROUTER = 1 << 7;
    }
}

bitflags::bitflags! {
    /// Extended flags (`NDA_FLAGS_EXT`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct NeighFlagsExt: u32 {
        /// `NTF_EXT_MANAGED`: the kernel keeps the entry reachable.
        const MANAGED = 1 << 0;
        /// `NTF_EXT_LOCKED`: a locked bridge port's FDB entry.
        const LOCKED = 1 << 1;
    }
}

/// `struct nda_cacheinfo`: ages of the entry in clock ticks
/// (`USER_HZ`, normally 100 a second) and its reference count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct NeighCacheInfo {
    /// `ndm_confirmed`: ticks since the neighbour was last confirmed.
    pub confirmed: u32,
    /// `ndm_used`: ticks since the entry was last used.
    pub used: u32,
    /// `ndm_updated`: ticks since the entry was last updated.
    pub updated: u32,
    /// `ndm_refcnt`: references held (minus one).
    pub refcnt: u32,
}

impl NeighCacheInfo {
    /// Reads the struct in place (copying the value out first makes the
    /// CPU stall on store forwarding); a size other than 16 is an error.
    #[inline]
    fn parse(a: &Attr<'_>) -> Result<NeighCacheInfo> {
        match a.value() {
            v if v.len() == 16 => {
                let w = |i: usize| crate::route::decode::ne_u32(v, i);
                Ok(NeighCacheInfo {
                    confirmed: w(0),
                    used: w(4),
                    updated: w(8),
                    refcnt: w(12),
                })
            }
            _ => a.array::<16>().map(|_| NeighCacheInfo::default()),
        }
    }
}

/// A neighbour message, decoded in one pass without allocating.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NeighMsg<'a> {
    /// The `ndmsg` header (family, ifindex, raw state, flags and type).
    pub header: NdMsg,
    /// `ndm_state`.
    pub state: NeighState,
    /// `ndm_flags`.
    pub flags: NeighFlags,
    /// `NDA_FLAGS_EXT` (empty when absent).
    pub flags_ext: NeighFlagsExt,
    /// `NDA_DST`.
    pub dst: Option<IpAddr>,
    /// `NDA_LLADDR`, as sent (6 bytes for Ethernet; any length).
    pub lladdr: Option<&'a [u8]>,
    /// `NDA_CACHEINFO`.
    pub cache_info: Option<NeighCacheInfo>,
    /// `NDA_PROBES`.
    pub probes: Option<u32>,
    /// `NDA_VLAN`.
    pub vlan: Option<u16>,
    /// `NDA_PORT` (host order).
    pub port: Option<u16>,
    /// `NDA_VNI`.
    pub vni: Option<u32>,
    /// `NDA_IFINDEX`: the outgoing link of a VXLAN FDB entry.
    pub link: Option<u32>,
    /// `NDA_MASTER`.
    pub master: Option<u32>,
    /// `NDA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `NDA_SRC_VNI`.
    pub src_vni: Option<u32>,
    /// `NDA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `NDA_NH_ID`.
    pub nh_id: Option<u32>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode.
    pub errors: AttrErrors,
}

impl<'a> NeighMsg<'a> {
    /// Decodes a neighbour message; a malformed attribute is recorded in
    /// `errors` and skipped. Only a header too short is an error.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Result<NeighMsg<'a>> {
        let header = msg.family_header::<NdMsg>()?;
        let attrs = msg.attrs(NdMsg::LEN)?;
        let mut n = NeighMsg {
            header,
            state: NeighState::from_bits_retain(header.state),
            flags: NeighFlags::from_bits_retain(header.flags),
            flags_ext: NeighFlagsExt::empty(),
            dst: None,
            lladdr: None,
            cache_info: None,
            probes: None,
            vlan: None,
            port: None,
            vni: None,
            link: None,
            master: None,
            link_netnsid: None,
            src_vni: None,
            protocol: None,
            nh_id: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut n.errors;
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                NDA_DST => e.ip(&mut n.dst, n.header.family, &at),
                NDA_LLADDR => n.lladdr = Some(at.value()),
                NDA_CACHEINFO => e.set(&mut n.cache_info, NeighCacheInfo::parse(&at)),
                NDA_PROBES => e.set(&mut n.probes, at.u32()),
                NDA_VLAN => e.set(&mut n.vlan, at.u16()),
                NDA_PORT => e.set(&mut n.port, at.be16()),
                NDA_VNI => e.set(&mut n.vni, at.u32()),
                NDA_IFINDEX => e.set(&mut n.link, at.u32()),
                NDA_MASTER => e.set(&mut n.master, at.u32()),
                NDA_LINK_NETNSID => e.set(&mut n.link_netnsid, at.i32()),
                NDA_SRC_VNI => e.set(&mut n.src_vni, at.u32()),
                NDA_PROTOCOL => e.set(&mut n.protocol, at.u8()),
                NDA_NH_ID => e.set(&mut n.nh_id, at.u32()),
                NDA_FLAGS_EXT => {
                    if let Some(f) = e.take(at.u32()) {
                        n.flags_ext = NeighFlagsExt::from_bits_retain(f);
                    }
                }
                _ => {}
            }
        }
        Ok(n)
    }

    /// Decodes, failing on the first malformed attribute.
    pub fn parse_strict(msg: &Message<'a>) -> Result<NeighMsg<'a>> {
        let n = NeighMsg::parse(msg)?;
        n.errors.check()?;
        Ok(n)
    }

    /// `ndm_family`: `AF_INET`, `AF_INET6`, `AF_BRIDGE`...
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// `ndm_ifindex`: the link the entry is on.
    pub fn ifindex(&self) -> u32 {
        self.header.ifindex as u32
    }

    /// The link-layer address as a MAC, when it is 6 bytes long.
    pub fn mac(&self) -> Option<[u8; 6]> {
        self.lladdr.and_then(|l| l.try_into().ok())
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Neigh {
        Neigh {
            malformed: self.errors.count,
            family: self.header.family,
            ifindex: self.ifindex(),
            state: self.state,
            flags: self.flags,
            flags_ext: self.flags_ext,
            kind: self.header.kind,
            dst: self.dst,
            lladdr: self.lladdr.map(<[u8]>::to_vec),
            cache_info: self.cache_info,
            probes: self.probes,
            vlan: self.vlan,
            port: self.port,
            vni: self.vni,
            link: self.link,
            master: self.master,
            link_netnsid: self.link_netnsid,
            src_vni: self.src_vni,
            protocol: self.protocol,
            nh_id: self.nh_id,
        }
    }
}

/// A neighbour, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Neigh {
    /// How many attributes of the message did not decode (0 for a whole
    /// object): the fields they would have set are `None` (or empty). The
    /// strict lists fail instead.
    pub malformed: u16,
    /// `AF_INET`, `AF_INET6`, `AF_BRIDGE`...
    pub family: u8,
    /// The link the entry is on.
    pub ifindex: u32,
    /// `NUD_*`.
    pub state: NeighState,
    /// `NTF_*`.
    pub flags: NeighFlags,
    /// `NDA_FLAGS_EXT`.
    pub flags_ext: NeighFlagsExt,
    /// `ndm_type` (`RTN_*`).
    pub kind: u8,
    /// `NDA_DST`.
    pub dst: Option<IpAddr>,
    /// `NDA_LLADDR`.
    pub lladdr: Option<Vec<u8>>,
    /// `NDA_CACHEINFO`.
    pub cache_info: Option<NeighCacheInfo>,
    /// `NDA_PROBES`.
    pub probes: Option<u32>,
    /// `NDA_VLAN`.
    pub vlan: Option<u16>,
    /// `NDA_PORT`.
    pub port: Option<u16>,
    /// `NDA_VNI`.
    pub vni: Option<u32>,
    /// `NDA_IFINDEX`.
    pub link: Option<u32>,
    /// `NDA_MASTER`.
    pub master: Option<u32>,
    /// `NDA_LINK_NETNSID`.
    pub link_netnsid: Option<i32>,
    /// `NDA_SRC_VNI`.
    pub src_vni: Option<u32>,
    /// `NDA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `NDA_NH_ID`.
    pub nh_id: Option<u32>,
}

impl Neigh {
    /// The link-layer address as a MAC, when it is 6 bytes long.
    pub fn mac(&self) -> Option<[u8; 6]> {
        self.lladdr.as_deref().and_then(|l| l.try_into().ok())
    }
}

impl From<&NeighMsg<'_>> for Neigh {
    fn from(v: &NeighMsg<'_>) -> Neigh {
        v.to_owned()
    }
}

/// Which neighbours to list. The kernel filters by link and master; the
/// result is filtered again here by family, link and proxy-ness.
///
/// ```
/// use nlstack::route::neigh::NeighFilter;
/// let f = NeighFilter::default().family(libc::AF_INET6 as u8).link(3);
/// assert_eq!(f.ifindex, Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NeighFilter {
    /// Only this family (`AF_INET`, `AF_INET6`).
    pub family: Option<u8>,
    /// Only entries on this link (`NDA_IFINDEX` in the request).
    pub ifindex: Option<u32>,
    /// Only entries on links enslaved to this master (`NDA_MASTER`; the
    /// kernel does this filtering).
    pub master: Option<u32>,
    /// List the proxy entries (`NTF_PROXY`) instead of the cache.
    pub proxy: bool,
}

impl NeighFilter {
    /// Only this family.
    #[must_use]
    pub fn family(mut self, family: u8) -> Self {
        self.family = Some(family);
        self
    }
    /// Only entries on this link.
    #[must_use]
    pub fn link(mut self, ifindex: u32) -> Self {
        self.ifindex = Some(ifindex);
        self
    }
    /// Only entries on links enslaved to this master.
    #[must_use]
    pub fn master(mut self, ifindex: u32) -> Self {
        self.master = Some(ifindex);
        self
    }
    /// The proxy entries instead of the cache.
    #[must_use]
    pub fn proxy(mut self) -> Self {
        self.proxy = true;
        self
    }

    fn encode_dump(&self, e: &mut Encoder<'_>) {
        e.header(&NdMsg {
            family: self.family.unwrap_or(0),
            flags: if self.proxy {
                NeighFlags::PROXY.bits()
            } else {
                0
            },
            ..Default::default()
        });
        if let Some(i) = self.ifindex {
            e.put_u32(NDA_IFINDEX, i);
        }
        if let Some(m) = self.master {
            e.put_u32(NDA_MASTER, m);
        }
    }

    fn keeps(&self, n: &NeighMsg<'_>) -> bool {
        self.family.is_none_or(|f| f == n.header.family)
            && self.ifindex.is_none_or(|i| i == n.ifindex())
            && n.flags.contains(NeighFlags::PROXY) == self.proxy
    }
}

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
/// assert_eq!(r.family, libc::AF_INET6 as u8);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighRequest {
    /// `AF_INET`, `AF_INET6` (set from `dst` by [`new`](Self::new)), or
    /// `AF_BRIDGE`.
    pub family: u8,
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

impl<T: Transport> Conn<Route, T> {
    /// Lists neighbours (all, one family, one link, one master's ports,
    /// or the proxy entries), through the dump consistency policy.
    pub fn neighbours(&mut self, filter: NeighFilter) -> Result<Vec<Neigh>> {
        self.neighbours_with(filter, false)
    }

    /// [`neighbours`](Self::neighbours), strict: an entry with an
    /// attribute that did not decode is an error.
    pub fn neighbours_strict(&mut self, filter: NeighFilter) -> Result<Vec<Neigh>> {
        self.neighbours_with(filter, true)
    }

    fn neighbours_with(&mut self, filter: NeighFilter, strict: bool) -> Result<Vec<Neigh>> {
        self.dump_collect(
            MsgType::RTM_GETNEIGH,
            Flags::empty(),
            |e| filter.encode_dump(e),
            |m| {
                let n = NeighMsg::parse(&m)?;
                if strict {
                    n.errors.check()?;
                }
                Ok(filter.keeps(&n).then(|| n.to_owned()))
            },
        )
    }

    /// Streams the neighbours `filter` selects: `each` sees every one as a
    /// borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn neighbours_each(
        &mut self,
        filter: NeighFilter,
        mut each: impl FnMut(&NeighMsg<'_>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETNEIGH,
            Flags::empty(),
            |e| filter.encode_dump(e),
            |m| {
                let n = NeighMsg::parse(&m)?;
                if filter.keeps(&n) { each(&n) } else { Ok(()) }
            },
        )
        .map(drop)
    }

    /// Looks one neighbour up: `dst` on link `ifindex`. Not found is an
    /// error (`is_not_found()`).
    pub fn neigh_get(&mut self, ifindex: u32, dst: IpAddr) -> Result<Neigh> {
        self.neigh_get_flags(ifindex, dst, NeighFlags::empty())
    }

    /// Looks one proxy entry up: `dst` on link `ifindex`.
    pub fn neigh_get_proxy(&mut self, ifindex: u32, dst: IpAddr) -> Result<Neigh> {
        self.neigh_get_flags(ifindex, dst, NeighFlags::PROXY)
    }

    fn neigh_get_flags(&mut self, ifindex: u32, dst: IpAddr, flags: NeighFlags) -> Result<Neigh> {
        let family = match dst {
            IpAddr::V4(_) => libc::AF_INET,
            IpAddr::V6(_) => libc::AF_INET6,
        } as u8;
        let m = self.request(MsgType::RTM_GETNEIGH, Flags::empty(), |e| {
            e.header(&NdMsg {
                family,
                ifindex: ifindex as i32,
                flags: flags.bits(),
                ..Default::default()
            });
            e.put_ip(NDA_DST, dst);
        })?;
        Ok(NeighMsg::parse(&m)?.to_owned())
    }

    /// Adds a neighbour; fails with `EEXIST` if it is there already.
    pub fn neigh_add(&mut self, n: &NeighRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWNEIGH, Flags::CREATE | Flags::EXCL, |e| {
            n.encode(e)
        })
    }

    /// Adds a neighbour or overwrites it (state and address) if it exists.
    pub fn neigh_replace(&mut self, n: &NeighRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWNEIGH, Flags::CREATE | Flags::REPLACE, |e| {
            n.encode(e)
        })
    }

    /// Deletes a neighbour (matched by family, link and `dst`).
    pub fn neigh_del(&mut self, n: &NeighRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELNEIGH, Flags::empty(), |e| n.encode(e))
    }
}
