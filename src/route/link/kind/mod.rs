//! Kind-specific data, one file per kind: what a message carries in
//! `IFLA_INFO_DATA` and what a new link of that kind is created with.
//! `bridge`, `veth` and `vxlan` are attribute tables of their own; the
//! rest are declared with `kind_info!` (`macros.rs`) and gathered in
//! `table.rs`.

pub mod bond;
pub mod bridge;
pub mod bridge_port;
pub mod dummy;
pub mod geneve;
pub mod ipvlan;
mod macros;
pub mod macvlan;
pub mod macvtap;
pub mod table;
pub mod value;
pub mod veth;
pub mod vlan;
pub mod vrf;
pub mod vxlan;
pub mod wireguard;
