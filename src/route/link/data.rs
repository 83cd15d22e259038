//! [`InfoData`]: a link's `IFLA_INFO_DATA` decoded by its kind, and a
//! port's `IFLA_INFO_SLAVE_DATA` by its master's kind, on demand.

use crate::error::Result;
use crate::route::link::info::{IFLA_INFO_KIND, LinkInfoMsg};
use crate::route::link::kind::bridge::BridgeInfo;
use crate::route::link::kind::table::{PortKind, TableKind};
use crate::route::link::kind::veth::VethInfo;
use crate::route::link::kind::vxlan::VxlanInfo;
use crate::route::link::view::LinkMsg;
use crate::wire::Value;

/// Kind-specific data (`IFLA_INFO_DATA`), decoded by kind: a view over
/// the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InfoData<'a> {
    /// `veth`: its peer (in requests and their echoes).
    Veth(VethInfo<&'a [u8]>),
    /// `bridge`.
    Bridge(BridgeInfo<&'a [u8]>),
    /// `vxlan`.
    Vxlan(VxlanInfo<&'a [u8]>),
    /// A kind declared in the kind table (`macvlan`, `vlan`, `bond`, ...).
    Table(TableKind),
    /// Any other kind (or none): the raw value (usually a list of
    /// attributes).
    Other(&'a [u8]),
}

impl<'a> InfoData<'a> {
    /// Decodes `data` (the value of `IFLA_INFO_DATA`) by `kind`.
    pub fn decode(kind: Option<&[u8]>, data: &'a [u8]) -> InfoData<'a> {
        kind.and_then(|k| InfoData::declared(k, data))
            .unwrap_or(InfoData::Other(data))
    }

    /// `data` decoded as the kind named `kind`, if that kind is declared.
    #[inline]
    fn declared(kind: &[u8], data: &'a [u8]) -> Option<InfoData<'a>> {
        Some(match kind {
            b"veth" => InfoData::Veth(<VethInfo as Value>::decode(data)),
            b"bridge" => InfoData::Bridge(<BridgeInfo as Value>::decode(data)),
            b"vxlan" => InfoData::Vxlan(<VxlanInfo as Value>::decode(data)),
            k => InfoData::Table(TableKind::decode(k, data)?),
        })
    }
}

impl<'a> LinkInfoMsg<&'a [u8]> {
    /// `IFLA_INFO_DATA`, decoded by `IFLA_INFO_KIND` (the data may come
    /// before the kind: both are looked up first).
    #[inline]
    pub fn kind_data(&self) -> Option<InfoData<'a>> {
        let data = self.data()?;
        // The kernel ends the kind with one NUL: with it taken off, a
        // declared name is found without searching for the first NUL (a
        // name that matches has none before it). Anything else is searched.
        let sent = self.attr_of(IFLA_INFO_KIND);
        let quick = sent.and_then(|k| InfoData::declared(k.strip_suffix(&[0]).unwrap_or(k), data));
        Some(quick.unwrap_or_else(|| InfoData::decode(self.kind(), data)))
    }

    /// `IFLA_INFO_SLAVE_DATA` decoded, for a master of a kind the port
    /// table declares (a bridge's port).
    #[inline]
    pub fn port(&self) -> Option<PortKind> {
        PortKind::decode(self.slave_kind()?, self.slave_data()?)
    }

    /// The bridge data, if this is a bridge.
    pub fn bridge(&self) -> Option<BridgeInfo<&'a [u8]>> {
        match self.kind_data()? {
            InfoData::Bridge(b) => Some(b),
            _ => None,
        }
    }

    /// The VXLAN data, if this is a VXLAN link.
    pub fn vxlan(&self) -> Option<VxlanInfo<&'a [u8]>> {
        match self.kind_data()? {
            InfoData::Vxlan(v) => Some(v),
            _ => None,
        }
    }
}

impl<T: AsRef<[u8]>> LinkMsg<T> {
    /// [`parse`](Self::parse), strict: an attribute that did not decode,
    /// at the top level or in the nests the view decodes, is an error
    /// (see [`check_all`](Self::check_all)).
    pub fn parse_strict(buf: T) -> Result<LinkMsg<T>> {
        let l = LinkMsg::parse(buf)?;
        l.check_all()?;
        Ok(l)
    }

    /// [`check`](Self::check), then the nests the view decodes:
    /// `IFLA_LINKINFO`, its data by kind (a veth's peer is a message of
    /// its own: only its place is checked) and its port data, and
    /// `IFLA_AF_SPEC`'s IPv6 part. Offsets inside a nest count from the
    /// nest's value.
    pub fn check_all(&self) -> Result<()> {
        self.check()?;
        let v = self.as_view();
        if let Some(li) = v.link_info() {
            li.check()?;
            match li.kind_data() {
                Some(InfoData::Veth(d)) => d.check()?,
                Some(InfoData::Bridge(d)) => d.check()?,
                Some(InfoData::Vxlan(d)) => d.check()?,
                Some(InfoData::Table(_)) => {
                    if let (Some(k), Some(d)) = (li.kind(), li.data()) {
                        TableKind::check(k, d)?;
                    }
                }
                _ => {}
            }
            if let (Some(k), Some(d)) = (li.slave_kind(), li.slave_data()) {
                PortKind::check(k, d)?;
            }
        }
        if let Some(af) = v.af_spec() {
            af.check()?;
            if let Some(i6) = af.inet6() {
                i6.check()?;
            }
        }
        Ok(())
    }

    /// How many attributes did not decode, at the top level
    /// ([`malformed`](Self::malformed)) and in the nests
    /// [`check_all`](Self::check_all) checks: zero for a link that decoded
    /// whole. What a lenient reader of a collected list looks at.
    pub fn malformed_all(&self) -> u16 {
        let v = self.as_view();
        let mut n = v.malformed();
        if let Some(li) = v.link_info() {
            n = n.saturating_add(li.malformed());
            n = n.saturating_add(match li.kind_data() {
                Some(InfoData::Veth(d)) => d.malformed(),
                Some(InfoData::Bridge(d)) => d.malformed(),
                Some(InfoData::Vxlan(d)) => d.malformed(),
                Some(InfoData::Table(_)) => match (li.kind(), li.data()) {
                    (Some(k), Some(d)) => TableKind::malformed(k, d),
                    _ => 0,
                },
                _ => 0,
            });
            if let (Some(k), Some(d)) = (li.slave_kind(), li.slave_data()) {
                n = n.saturating_add(PortKind::malformed(k, d));
            }
        }
        if let Some(af) = v.af_spec() {
            n = n.saturating_add(af.malformed());
            if let Some(i6) = af.inet6() {
                n = n.saturating_add(i6.malformed());
            }
        }
        n
    }
}
