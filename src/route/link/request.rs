//! Requests: [`LinkRequest`] creates a link of a [`LinkKind`],
//! [`LinkChange`] changes one.

use crate::route::IfIndex;
use std::os::fd::AsFd;

use crate::netns::NsRef;
use crate::route::hwaddr::HwAddr;
use crate::route::link::af_spec::{AfSpec, AfSpecSpec, Inet6InfoSpec};
use crate::route::link::info::{
    IFLA_INFO_DATA, IFLA_INFO_KIND, IFLA_INFO_SLAVE_DATA, IFLA_INFO_SLAVE_KIND,
};
use crate::route::link::kind::bridge::BridgeOptions;
use crate::route::link::kind::table::{PortKind, TableKind};
use crate::route::link::kind::veth::{VETH_INFO_PEER, VethPeer};
use crate::route::link::kind::vxlan::VxlanOptions;
use crate::route::link::state::LinkFlags;
use crate::route::link::view::*;
use crate::wire::{Encoder, IfInfoMsg, NLA_F_NESTED, Value};

/// The kind of a new link and its kind-specific options.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum LinkKind<'a> {
    /// `veth`, with its peer.
    Veth(VethPeer<'a>),
    /// `bridge`.
    Bridge(BridgeOptions),
    /// `vxlan`.
    Vxlan(VxlanOptions),
    /// A kind declared in the kind table, with its options (`macvlan`,
    /// `macvtap`, `ipvlan`, `vlan`, `bond`, `dummy`, `vrf`, `geneve`,
    /// `wireguard`).
    Table(TableKind),
    /// Any kind by name, with the content of `IFLA_INFO_DATA` already
    /// encoded as attributes (`None`: no data).
    Other {
        /// `IFLA_INFO_KIND`.
        kind: String,
        /// The attributes inside `IFLA_INFO_DATA`.
        data: Option<Vec<u8>>,
    },
}

impl LinkKind<'_> {
    /// The `IFLA_INFO_KIND` string.
    pub fn name(&self) -> &str {
        match self {
            LinkKind::Veth(_) => "veth",
            LinkKind::Bridge(_) => "bridge",
            LinkKind::Vxlan(_) => "vxlan",
            LinkKind::Table(t) => t.name(),
            LinkKind::Other { kind, .. } => kind,
        }
    }
}

/// A link to create (`RTM_NEWLINK` with `NLM_F_CREATE | NLM_F_EXCL`).
///
/// ```
/// use nlstack::route::link::{LinkRequest, VethPeer};
/// let veth = LinkRequest::veth("ve0", "ve1").mtu(9000).up();
/// let br = LinkRequest::bridge("br0").txqlen(500);
/// assert_eq!(veth.kind.name(), "veth");
/// assert_eq!(br.name, b"br0");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LinkRequest<'a> {
    /// The new link's name: bytes (any but `/`, `:`, whitespace, NUL;
    /// at most 15; the kernel checks).
    pub name: Vec<u8>,
    /// Its kind and kind-specific options.
    pub kind: LinkKind<'a>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_ADDRESS`.
    pub address: Option<HwAddr>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// `IFLA_MASTER`: enslave to this link once created.
    pub master: Option<IfIndex>,
    /// `IFLA_LINK`: the underlying link, for kinds that have one.
    pub link: Option<IfIndex>,
    /// Create the link in this namespace instead of the connection's.
    pub netns: Option<NsRef<'a>>,
    /// Bring the link up once created (`ifi_flags`/`ifi_change` `IFF_UP`).
    pub up: bool,
}

impl<'a> LinkRequest<'a> {
    /// A link named `name` of `kind`, nothing else set.
    pub fn new(name: impl AsRef<[u8]>, kind: LinkKind<'a>) -> LinkRequest<'a> {
        LinkRequest {
            name: name.as_ref().to_vec(),
            kind,
            mtu: None,
            address: None,
            txqlen: None,
            group: None,
            master: None,
            link: None,
            netns: None,
            up: false,
        }
    }

    /// A veth pair: `name` here, `peer` (a name, or a [`VethPeer`]) at the
    /// other end.
    pub fn veth(name: impl AsRef<[u8]>, peer: impl Into<VethPeer<'a>>) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Veth(peer.into()))
    }

    /// A bridge with the kernel's default options.
    pub fn bridge(name: impl AsRef<[u8]>) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Bridge(BridgeOptions::default()))
    }

    /// A bridge with `options`.
    pub fn bridge_with(name: impl AsRef<[u8]>, options: BridgeOptions) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Bridge(options))
    }

    /// A VXLAN link.
    pub fn vxlan(name: impl AsRef<[u8]>, options: VxlanOptions) -> LinkRequest<'a> {
        LinkRequest::new(name, LinkKind::Vxlan(options))
    }

    /// A link of a kind declared in the kind table, on top of `link` where
    /// the kind has one (`macvlan`, `ipvlan`, `vlan`...):
    /// `LinkRequest::table("v10", VlanInfo::new().id(10), Some(parent))`.
    pub fn table(
        name: impl AsRef<[u8]>,
        kind: impl Into<TableKind>,
        link: Option<IfIndex>,
    ) -> LinkRequest<'a> {
        let mut r = LinkRequest::new(name, LinkKind::Table(kind.into()));
        r.link = link;
        r
    }

    /// Any kind by name, without kind data (`macvlan` needs a `link`,
    /// `ifb` or `nlmon` need nothing).
    pub fn other(name: impl AsRef<[u8]>, kind: &str) -> LinkRequest<'a> {
        LinkRequest::new(
            name,
            LinkKind::Other {
                kind: kind.to_owned(),
                data: None,
            },
        )
    }

    /// Sets the MTU.
    #[must_use]
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = Some(mtu);
        self
    }

    /// Sets the hardware address.
    #[must_use]
    pub fn address(mut self, a: impl Into<HwAddr>) -> Self {
        self.address = Some(a.into());
        self
    }

    /// Sets the transmit queue length.
    #[must_use]
    pub fn txqlen(mut self, n: u32) -> Self {
        self.txqlen = Some(n);
        self
    }

    /// Sets the device group.
    #[must_use]
    pub fn group(mut self, g: u32) -> Self {
        self.group = Some(g);
        self
    }

    /// Enslaves the new link to `master` (a bridge's index, say).
    #[must_use]
    pub fn master(mut self, master: IfIndex) -> Self {
        self.master = Some(master);
        self
    }

    /// Sets the underlying link (`IFLA_LINK`).
    #[must_use]
    pub fn link(mut self, index: IfIndex) -> Self {
        self.link = Some(index);
        self
    }

    /// Creates the link inside the namespace `ns` refers to.
    #[must_use]
    pub fn netns<F: AsFd + ?Sized>(mut self, ns: &'a F) -> Self {
        self.netns = Some(NsRef::Fd(ns.as_fd()));
        self
    }

    /// Brings the link up once created.
    #[must_use]
    pub fn up(mut self) -> Self {
        self.up = true;
        self
    }

    /// Encodes the `ifinfomsg` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        let up = if self.up { LinkFlags::UP.bits() } else { 0 };
        e.header(&IfInfoMsg {
            flags: up,
            change: up,
            ..Default::default()
        });
        e.put_cstr(IFLA_IFNAME, &self.name);
        if let Some(m) = self.mtu {
            e.put_u32(IFLA_MTU, m);
        }
        if let Some(a) = &self.address {
            e.put(IFLA_ADDRESS, a.as_bytes());
        }
        if let Some(n) = self.txqlen {
            e.put_u32(IFLA_TXQLEN, n);
        }
        if let Some(g) = self.group {
            e.put_u32(IFLA_GROUP, g);
        }
        if let Some(m) = self.master {
            e.put_u32(IFLA_MASTER, m);
        }
        if let Some(l) = self.link {
            e.put_u32(IFLA_LINK, l);
        }
        if let Some(ns) = &self.netns {
            ns.encode(e, IFLA_NET_NS_FD, IFLA_NET_NS_PID);
        }
        let mut info = e.nest(IFLA_LINKINFO);
        // As ip sends it: without a NUL (the kernel takes both).
        info.put_str_nonul(IFLA_INFO_KIND, self.kind.name());
        match &self.kind {
            LinkKind::Veth(p) => {
                let mut data = info.nest(IFLA_INFO_DATA);
                p.encode(&mut data.nest(VETH_INFO_PEER));
            }
            LinkKind::Bridge(o) => {
                let mut data = info.nest(IFLA_INFO_DATA);
                o.encode(&mut data);
            }
            LinkKind::Vxlan(o) => {
                let mut data = info.nest(IFLA_INFO_DATA);
                o.encode(&mut data);
            }
            LinkKind::Table(t) => {
                // As ip does: no IFLA_INFO_DATA for a kind with nothing set.
                if !t.is_empty() {
                    t.encode(&mut info.nest(IFLA_INFO_DATA));
                }
            }
            LinkKind::Other { data, .. } => {
                if let Some(d) = data {
                    info.put(IFLA_INFO_DATA | NLA_F_NESTED, d);
                }
            }
        }
    }
}

/// Changes to an existing link (`RTM_SETLINK` on its index). Only what is
/// set is sent; the kernel applies it all or nothing.
///
/// ```
/// use nlstack::route::link::LinkChange;
/// let c = LinkChange::new(7).up().mtu(1400).master(3).alias("uplink");
/// assert_eq!(c.mtu, Some(1400));
/// let detach = LinkChange::new(7).nomaster().down();
/// assert_eq!(detach.master, Some(0));
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct LinkChange<'a> {
    /// The link's index.
    pub index: IfIndex,
    /// `ifi_flags`: the new values of the flags in `change`.
    pub flags: LinkFlags,
    /// `ifi_change`: which flags to change.
    pub change: LinkFlags,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_IFNAME`: a new name (the kernel refuses, `EBUSY`, to rename
    /// most links while they are up).
    pub name: Option<Vec<u8>>,
    /// `IFLA_ADDRESS`.
    pub address: Option<HwAddr>,
    /// `IFLA_MASTER` (0: no master).
    pub master: Option<IfIndex>,
    /// `IFLA_IFALIAS` (empty: remove the alias).
    pub alias: Option<Vec<u8>>,
    /// `IFLA_TXQLEN`.
    pub txqlen: Option<u32>,
    /// `IFLA_GROUP`.
    pub group: Option<u32>,
    /// Move the link to this namespace.
    pub netns: Option<NsRef<'a>>,
    /// Its options as a port of its master (`IFLA_INFO_SLAVE_KIND` and
    /// `IFLA_INFO_SLAVE_DATA`): a bridge port's learning, hairpin, cost...
    pub port: Option<PortKind>,
    /// `IFLA_INET6_ADDR_GEN_MODE` (in `IFLA_AF_SPEC`): how IPv6 link-local
    /// addresses are made (0 EUI-64, 1 none, 2 stable privacy, 3 random).
    pub addrgenmode: Option<u8>,
}

impl<'a> LinkChange<'a> {
    /// Sets its options as a port of its master (the master's kind, such
    /// as a bridge: `BridgePortInfo::new().learning(0).hairpin(1)`).
    #[must_use]
    pub fn port(mut self, p: impl Into<PortKind>) -> Self {
        self.port = Some(p.into());
        self
    }

    /// Sets how IPv6 link-local addresses are made (`IN6_ADDR_GEN_MODE_*`:
    /// 0 EUI-64, 1 none, 2 stable privacy, 3 random).
    #[must_use]
    pub fn addrgenmode(mut self, mode: u8) -> Self {
        self.addrgenmode = Some(mode);
        self
    }

    /// Changes to link `index`; nothing set yet.
    pub fn new(index: IfIndex) -> LinkChange<'a> {
        LinkChange {
            index,
            ..Default::default()
        }
    }

    /// Sets or clears `flag` (`UP`, `PROMISC`, `NOARP`, `ALLMULTI`, ...).
    #[must_use]
    pub fn flag(mut self, flag: LinkFlags, on: bool) -> Self {
        self.change |= flag;
        self.flags.set(flag, on);
        self
    }

    /// Brings the link up.
    #[must_use]
    pub fn up(self) -> Self {
        self.flag(LinkFlags::UP, true)
    }

    /// Takes the link down.
    #[must_use]
    pub fn down(self) -> Self {
        self.flag(LinkFlags::UP, false)
    }

    /// Turns promiscuous mode on or off.
    #[must_use]
    pub fn promisc(self, on: bool) -> Self {
        self.flag(LinkFlags::PROMISC, on)
    }

    /// Sets the MTU.
    #[must_use]
    pub fn mtu(mut self, mtu: u32) -> Self {
        self.mtu = Some(mtu);
        self
    }

    /// Renames the link (most kinds must be down: `EBUSY` otherwise).
    #[must_use]
    pub fn name(mut self, name: impl AsRef<[u8]>) -> Self {
        self.name = Some(name.as_ref().to_vec());
        self
    }

    /// Sets the hardware address.
    #[must_use]
    pub fn address(mut self, a: impl Into<HwAddr>) -> Self {
        self.address = Some(a.into());
        self
    }

    /// Enslaves the link to `master` (a bridge's index, say).
    #[must_use]
    pub fn master(mut self, master: IfIndex) -> Self {
        self.master = Some(master);
        self
    }

    /// Releases the link from its master.
    #[must_use]
    pub fn nomaster(mut self) -> Self {
        self.master = Some(0);
        self
    }

    /// Sets the alias; an empty one removes it.
    #[must_use]
    pub fn alias(mut self, alias: impl AsRef<[u8]>) -> Self {
        self.alias = Some(alias.as_ref().to_vec());
        self
    }

    /// Sets the transmit queue length.
    #[must_use]
    pub fn txqlen(mut self, n: u32) -> Self {
        self.txqlen = Some(n);
        self
    }

    /// Sets the device group.
    #[must_use]
    pub fn group(mut self, g: u32) -> Self {
        self.group = Some(g);
        self
    }

    /// Moves the link into the namespace `ns` refers to
    /// (`IFLA_NET_NS_FD`). Its index may change there.
    #[must_use]
    pub fn netns<F: AsFd + ?Sized>(mut self, ns: &'a F) -> Self {
        self.netns = Some(NsRef::Fd(ns.as_fd()));
        self
    }

    /// Moves the link into the namespace of process `pid`
    /// (`IFLA_NET_NS_PID`).
    #[must_use]
    pub fn netns_pid(mut self, pid: u32) -> Self {
        self.netns = Some(NsRef::Pid(pid));
        self
    }

    /// Encodes the `ifinfomsg` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.header(&IfInfoMsg {
            index: self.index as i32,
            flags: self.flags.bits(),
            change: self.change.bits(),
            ..Default::default()
        });
        if let Some(n) = &self.name {
            e.put_cstr(IFLA_IFNAME, n);
        }
        if let Some(m) = self.mtu {
            e.put_u32(IFLA_MTU, m);
        }
        if let Some(a) = &self.address {
            e.put(IFLA_ADDRESS, a.as_bytes());
        }
        if let Some(m) = self.master {
            e.put_u32(IFLA_MASTER, m);
        }
        if let Some(a) = &self.alias {
            // Without a NUL, as iproute2 sends it: an empty value removes
            // the alias, where "\0" would set an empty one.
            e.put(IFLA_IFALIAS, a);
        }
        if let Some(n) = self.txqlen {
            e.put_u32(IFLA_TXQLEN, n);
        }
        if let Some(g) = self.group {
            e.put_u32(IFLA_GROUP, g);
        }
        if let Some(ns) = &self.netns {
            ns.encode(e, IFLA_NET_NS_FD, IFLA_NET_NS_PID);
        }
        if let Some(p) = &self.port {
            let mut info = e.nest(IFLA_LINKINFO);
            info.put_str_nonul(IFLA_INFO_SLAVE_KIND, p.name());
            if !p.is_empty() {
                p.encode(&mut info.nest(IFLA_INFO_SLAVE_DATA));
            }
        }
        if let Some(m) = self.addrgenmode {
            let af = AfSpecSpec::new().inet6(Inet6InfoSpec::new().addr_gen_mode(m));
            <AfSpec as Value>::put(&af, IFLA_AF_SPEC, e);
        }
    }
}
