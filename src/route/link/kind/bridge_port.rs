//! A bridge port's options ([`BridgePortInfo`], `IFLA_BRPORT_*`): what a
//! link is as a port of a bridge (`IFLA_INFO_SLAVE_DATA`).

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// A bridge port's options (`IFLA_BRPORT_*`).
    BridgePortInfo = "bridge" {
        /// `IFLA_BRPORT_STATE`: the STP state (0 disabled, 1 listening, 2
        /// learning, 3 forwarding, 4 blocking).
        state: u8 = 1,
        /// `IFLA_BRPORT_PRIORITY`.
        priority: u16 = 2,
        /// `IFLA_BRPORT_COST`.
        cost: u32 = 3,
        /// `IFLA_BRPORT_MODE`: hairpin (1 on).
        hairpin: u8 = 4,
        /// `IFLA_BRPORT_LEARNING` (1 on).
        learning: u8 = 8,
        /// `IFLA_BRPORT_NEIGH_SUPPRESS` (1 on).
        neigh_suppress: u8 = 32,
        /// `IFLA_BRPORT_ISOLATED` (1 on).
        isolated: u8 = 33,
    }
}
