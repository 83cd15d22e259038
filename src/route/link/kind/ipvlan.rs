//! The `ipvlan` link kind ([`IpvlanInfo`]): a child of `link` sharing
//! its MAC address.

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `ipvlan`: a child of `link` sharing its MAC address.
    IpvlanInfo = "ipvlan" {
        /// `IFLA_IPVLAN_MODE`: 0 l2, 1 l3, 2 l3s.
        mode: u16 = 1,
        /// `IFLA_IPVLAN_FLAGS`: 1 private, 2 vepa.
        flags: u16 = 2,
    }
}
