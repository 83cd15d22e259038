//! The `vrf` link kind ([`VrfInfo`]): an L3 master device bound to a
//! routing table.

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `vrf`: an L3 master device bound to a routing table.
    VrfInfo = "vrf" {
        /// `IFLA_VRF_TABLE`.
        table: u32 = 1,
    }
}
