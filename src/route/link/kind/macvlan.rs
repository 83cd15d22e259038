//! The `macvlan` link kind ([`MacvlanInfo`]): a child of `link` with a
//! MAC address of its own.

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `macvlan`: a child of `link` with a MAC address of its own.
    MacvlanInfo = "macvlan" {
        /// `IFLA_MACVLAN_MODE`: `MACVLAN_MODE_*` (1 private, 2 vepa, 4
        /// bridge, 8 passthru, 16 source).
        mode: u32 = 1,
        /// `IFLA_MACVLAN_FLAGS`: `MACVLAN_FLAG_*`.
        flags: u16 = 2,
    }
}
