//! `IFLA_LINKINFO`: a link's kind, its data, and for a port its master's
//! kind and the port's data ([`LinkInfoMsg`]). The data is decoded by kind
//! on demand ([`InfoData`](super::InfoData)).

use crate::wire::{Bytes, CStrBytes, attr_table};

attr_table! {
    /// `IFLA_LINKINFO`: the kind (`IFLA_INFO_KIND`) and its data, and for a
    /// port its master's kind and the port's data. The kernel does not
    /// always set `NLA_F_NESTED` on it; the flag is not looked at.
    /// [`kind_data`](LinkInfoMsg::kind_data) and
    /// [`port`](LinkInfoMsg::port) decode the data by kind.
    pub struct LinkInfoMsg / LinkInfoSpec;
    /// `IFLA_INFO_KIND`: `veth`, `bridge`, `vxlan`, ...
    IFLA_INFO_KIND = 1 => kind: CStrBytes => &'a [u8],
    /// `IFLA_INFO_DATA`: kind-specific attributes, as sent.
    IFLA_INFO_DATA = 2 => data: Bytes => &'a [u8],
    /// `IFLA_INFO_XSTATS`: kind-specific statistics, as sent.
    IFLA_INFO_XSTATS = 3 => xstats: Bytes => &'a [u8],
    /// `IFLA_INFO_SLAVE_KIND`: the master's kind, for a port (`bridge`, `bond`).
    IFLA_INFO_SLAVE_KIND = 4 => slave_kind: CStrBytes => &'a [u8],
    /// `IFLA_INFO_SLAVE_DATA`: port attributes of the master's kind, as sent.
    IFLA_INFO_SLAVE_DATA = 5 => slave_data: Bytes => &'a [u8],
}
