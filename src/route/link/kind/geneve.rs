//! The `geneve` link kind ([`GeneveInfo`]): a GENEVE tunnel.

use std::net::Ipv4Addr;

use crate::route::link::kind::macros::kind_info;
use crate::route::link::kind::value::{NetU16, NetU32};

kind_info! {
    /// `geneve`: a GENEVE tunnel.
    GeneveInfo = "geneve" {
        /// `IFLA_GENEVE_ID`: the VNI.
        id: u32 = 1,
        /// `IFLA_GENEVE_REMOTE`.
        remote: Ipv4Addr = 2,
        /// `IFLA_GENEVE_TTL`.
        ttl: u8 = 3,
        /// `IFLA_GENEVE_TOS`.
        tos: u8 = 4,
        /// `IFLA_GENEVE_PORT`: the UDP port.
        port: NetU16 = 5,
        /// `IFLA_GENEVE_LABEL`: the IPv6 flow label.
        label: NetU32 = 11,
    }
}
