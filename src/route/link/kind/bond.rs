//! The `bond` link kind ([`BondInfo`]): a bonding master.

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `bond`: a bonding master.
    BondInfo = "bond" {
        /// `IFLA_BOND_MODE`: 0 balance-rr, 1 active-backup, 2 balance-xor,
        /// 3 broadcast, 4 802.3ad, 5 balance-tlb, 6 balance-alb.
        mode: u8 = 1,
    }
}
