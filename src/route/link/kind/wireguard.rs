//! The `wireguard` link kind ([`WireguardInfo`]): a WireGuard device
//! (its keys and peers are set over generic netlink, not here).

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `wireguard`: a WireGuard device (its keys and peers are set over
    /// generic netlink, not here).
    WireguardInfo = "wireguard" {
    }
}
