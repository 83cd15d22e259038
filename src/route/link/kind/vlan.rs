//! The `vlan` link kind ([`VlanInfo`]): an 802.1Q (or 802.1ad) tagged
//! child of `link`.

use crate::route::link::kind::macros::kind_info;
use crate::route::link::kind::value::NetU16;

kind_info! {
    /// `vlan`: an 802.1Q (or 802.1ad) tagged child of `link`.
    VlanInfo = "vlan" {
        /// `IFLA_VLAN_ID`.
        id: u16 = 1,
        /// `IFLA_VLAN_PROTOCOL`: 0x8100 (802.1Q) or 0x88a8 (802.1ad).
        protocol: NetU16 = 5,
    }
}
