//! Kind-specific data, one file per kind: what a message carries in
//! `IFLA_INFO_DATA` and what a new link of that kind is created with.

pub mod bridge;
pub mod table;
pub mod veth;
pub mod vxlan;
