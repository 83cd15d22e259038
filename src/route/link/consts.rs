//! `RTEXT_FILTER_*` and the `ARPHRD_*` link types. (The attribute numbers
//! are declared with their tables: `IFLA_*` in [`LinkMsg`](super::LinkMsg),
//! `IFLA_INFO_*` in [`LinkInfoMsg`](super::LinkInfoMsg), and so on.)

/// `RTEXT_FILTER_VF`, for `IFLA_EXT_MASK`.
pub const RTEXT_FILTER_VF: u32 = 1;
/// `RTEXT_FILTER_SKIP_STATS`, for `IFLA_EXT_MASK`: the kernel leaves out
/// the per-family statistics inside `IFLA_AF_SPEC` (IPv6's, 368 bytes a
/// link). Linux 6.18 still sends `IFLA_STATS` and `IFLA_STATS64`.
pub const RTEXT_FILTER_SKIP_STATS: u32 = 1 << 3;

/// `ARPHRD_ETHER`: `ifi_type` of Ethernet-like links (veth, bridge, vxlan).
pub const ARPHRD_ETHER: u16 = 1;
/// `ARPHRD_LOOPBACK`: `ifi_type` of `lo`.
pub const ARPHRD_LOOPBACK: u16 = 772;
/// `ARPHRD_NONE`: `ifi_type` of links without a link-layer header (`tun`, `wireguard`).
pub const ARPHRD_NONE: u16 = 0xfffe;
