//! `IFLA_AF_SPEC`: per-address-family link data ([`AfSpec`]), and IPv6's
//! ([`Inet6Info`]: the address generation mode and the rest).

use std::net::Ipv6Addr;

use crate::wire::{Bytes, attr_table};

attr_table! {
    /// `IFLA_AF_SPEC`: a nest per address family, numbered by `AF_*`.
    pub struct AfSpec / AfSpecSpec;
    /// `AF_INET` (2): IPv4's per-link data (`IFLA_INET_CONF`), as sent.
    AF_SPEC_INET = 2 => inet: Bytes => &'a [u8],
    /// `AF_INET6` (10): IPv6's per-link data.
    AF_SPEC_INET6 = 10 => inet6: Inet6Info => Inet6Info<&'a [u8]>,
}

attr_table! {
    /// IPv6's per-link data in `IFLA_AF_SPEC` (`IFLA_INET6_*`).
    pub struct Inet6Info / Inet6InfoSpec;
    /// `IFLA_INET6_FLAGS`: `IF_RA_*`, `IF_READY`.
    IFLA_INET6_FLAGS = 1 => flags: u32 => u32,
    /// `IFLA_INET6_CONF`: the `devconf` array (`s32` each), as sent.
    IFLA_INET6_CONF = 2 => conf: Bytes => &'a [u8],
    /// `IFLA_INET6_TOKEN`: the interface identifier token.
    IFLA_INET6_TOKEN = 7 => token: Ipv6Addr => Ipv6Addr,
    /// `IFLA_INET6_ADDR_GEN_MODE`: how link-local addresses are made
    /// (`IN6_ADDR_GEN_MODE_*`: 0 EUI-64, 1 none, 2 stable privacy, 3 random).
    IFLA_INET6_ADDR_GEN_MODE = 8 => addr_gen_mode: u8 => u8,
}
