//! The `macvtap` link kind ([`MacvtapInfo`]): a macvlan with a tap
//! device for a VM.

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `macvtap`: a macvlan with a tap device for a VM.
    MacvtapInfo = "macvtap" {
        /// `IFLA_MACVLAN_MODE`, as for macvlan.
        mode: u32 = 1,
        /// `IFLA_MACVLAN_FLAGS`.
        flags: u16 = 2,
    }
}
