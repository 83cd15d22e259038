//! The declared link kinds gathered, one line a kind: [`TableKind`] (a
//! link's `IFLA_INFO_KIND` and `IFLA_INFO_DATA`) and [`PortKind`] (a
//! port's `IFLA_INFO_SLAVE_KIND` and `IFLA_INFO_SLAVE_DATA`). Each kind's
//! attributes are declared in its own file with `kind_info!`; adding a
//! kind is that file and one line here.

use crate::route::link::kind::bond::BondInfo;
use crate::route::link::kind::bridge_port::BridgePortInfo;
use crate::route::link::kind::dummy::DummyInfo;
use crate::route::link::kind::geneve::GeneveInfo;
use crate::route::link::kind::ipvlan::IpvlanInfo;
use crate::route::link::kind::macros::link_kinds;
use crate::route::link::kind::macvlan::MacvlanInfo;
use crate::route::link::kind::macvtap::MacvtapInfo;
use crate::route::link::kind::vlan::VlanInfo;
use crate::route::link::kind::vrf::VrfInfo;
use crate::route::link::kind::wireguard::WireguardInfo;

link_kinds! {
    /// The link kinds declared in the table, each with its data
    /// (`IFLA_INFO_KIND` and `IFLA_INFO_DATA`).
    enum TableKind;
    /// `macvlan`.
    Macvlan(MacvlanInfo),
    /// `macvtap`.
    Macvtap(MacvtapInfo),
    /// `ipvlan`.
    Ipvlan(IpvlanInfo),
    /// `vlan`.
    Vlan(VlanInfo),
    /// `bond`.
    Bond(BondInfo),
    /// `dummy`.
    Dummy(DummyInfo),
    /// `vrf`.
    Vrf(VrfInfo),
    /// `geneve`.
    Geneve(GeneveInfo),
    /// `wireguard`.
    Wireguard(WireguardInfo),
}

link_kinds! {
    /// What a link is as a port of its master, by the master's kind
    /// (`IFLA_INFO_SLAVE_KIND` and `IFLA_INFO_SLAVE_DATA`).
    enum PortKind;
    /// A bridge's port.
    BridgePort(BridgePortInfo),
}
