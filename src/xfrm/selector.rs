//! The selector (what traffic a policy or state applies to), the identity
//! of a state, and lifetimes: `xfrm_selector`, `xfrm_id`,
//! `xfrm_lifetime_cfg`, `xfrm_lifetime_cur`, `xfrm_stats`.

use std::net::IpAddr;

use super::layout::{Address, Net16, Net32, fixed};

fixed! {
    /// `struct xfrm_selector`: the traffic a policy or state applies to.
    Selector / SelectorRef = "xfrm_selector", 56 {
        /// `daddr`: the destination address (prefix).
        daddr @ 0: Address,
        /// `saddr`: the source address (prefix).
        saddr @ 16: Address,
        /// `dport`: the destination port (or ICMP code), host order here.
        dport @ 32: Net16 as u16,
        /// `dport_mask`.
        dport_mask @ 34: Net16 as u16,
        /// `sport`: the source port (or ICMP type), host order here.
        sport @ 36: Net16 as u16,
        /// `sport_mask`.
        sport_mask @ 38: Net16 as u16,
        /// `family`: `AF_INET`, `AF_INET6`, or 0 (any).
        family @ 40: u16,
        /// `prefixlen_d`.
        prefixlen_d @ 42: u8,
        /// `prefixlen_s`.
        prefixlen_s @ 43: u8,
        /// `proto`: the IP protocol (0: any).
        proto @ 44: u8,
        /// `ifindex`: the interface (0: any).
        ifindex @ 48: i32,
        /// `user`: the owning user id.
        user @ 52: u32,
    }
}

impl Selector {
    /// A selector of traffic from `src/src_len` to `dst/dst_len` (both of
    /// one family), any protocol and port.
    pub fn between(src: IpAddr, src_len: u8, dst: IpAddr, dst_len: u8) -> Selector {
        Selector {
            daddr: dst.into(),
            saddr: src.into(),
            family: family_of(dst),
            prefixlen_d: dst_len,
            prefixlen_s: src_len,
            ..Selector::default()
        }
    }

    /// The destination address, by the selector's family.
    pub fn dst(&self) -> IpAddr {
        self.daddr.ip(self.family)
    }

    /// The source address, by the selector's family.
    pub fn src(&self) -> IpAddr {
        self.saddr.ip(self.family)
    }
}

impl SelectorRef<'_> {
    /// The destination address, by the selector's family.
    pub fn dst(&self) -> IpAddr {
        self.daddr().ip(self.family())
    }

    /// The source address, by the selector's family.
    pub fn src(&self) -> IpAddr {
        self.saddr().ip(self.family())
    }
}

/// `AF_INET` or `AF_INET6`, for `a`.
pub fn family_of(a: IpAddr) -> u16 {
    match a {
        IpAddr::V4(_) => libc::AF_INET as u16,
        IpAddr::V6(_) => libc::AF_INET6 as u16,
    }
}

fixed! {
    /// `struct xfrm_id`: which state (destination, SPI, protocol).
    Id / IdRef = "xfrm_id", 24 {
        /// `daddr`: the destination address.
        daddr @ 0: Address,
        /// `spi`: the security parameter index, host order here.
        spi @ 16: Net32 as u32,
        /// `proto`: `IPPROTO_ESP` (50), `IPPROTO_AH` (51), `IPPROTO_COMP`
        /// (108), ...
        proto @ 20: u8,
    }
}

/// `XFRM_INF`: no limit.
pub const XFRM_INF: u64 = u64::MAX;

fixed! {
    /// `struct xfrm_lifetime_cfg`: the limits of a state or policy
    /// ([`XFRM_INF`]: none).
    LifetimeCfg / LifetimeCfgRef = "xfrm_lifetime_cfg", 64 {
        /// `soft_byte_limit`.
        soft_byte_limit @ 0: u64,
        /// `hard_byte_limit`.
        hard_byte_limit @ 8: u64,
        /// `soft_packet_limit`.
        soft_packet_limit @ 16: u64,
        /// `hard_packet_limit`.
        hard_packet_limit @ 24: u64,
        /// `soft_add_expires_seconds`.
        soft_add_expires_seconds @ 32: u64,
        /// `hard_add_expires_seconds`.
        hard_add_expires_seconds @ 40: u64,
        /// `soft_use_expires_seconds`.
        soft_use_expires_seconds @ 48: u64,
        /// `hard_use_expires_seconds`.
        hard_use_expires_seconds @ 56: u64,
    }
}

impl LifetimeCfg {
    /// No limits: the byte and packet limits [`XFRM_INF`], no expiry (what
    /// `ip xfrm` sends by default).
    pub fn infinite() -> LifetimeCfg {
        LifetimeCfg {
            soft_byte_limit: XFRM_INF,
            hard_byte_limit: XFRM_INF,
            soft_packet_limit: XFRM_INF,
            hard_packet_limit: XFRM_INF,
            ..LifetimeCfg::default()
        }
    }
}

fixed! {
    /// `struct xfrm_lifetime_cur`: what a state or policy has used.
    LifetimeCur / LifetimeCurRef = "xfrm_lifetime_cur", 32 {
        /// `bytes`.
        bytes @ 0: u64,
        /// `packets`.
        packets @ 8: u64,
        /// `add_time`: seconds since the epoch when added.
        add_time @ 16: u64,
        /// `use_time`: seconds since the epoch when first used (0: never).
        use_time @ 24: u64,
    }
}

fixed! {
    /// `struct xfrm_stats`: a state's replay and integrity counters.
    Stats / StatsRef = "xfrm_stats", 12 {
        /// `replay_window`: packets dropped outside the window.
        replay_window @ 0: u32,
        /// `replay`: replayed packets dropped.
        replay @ 4: u32,
        /// `integrity_failed`.
        integrity_failed @ 8: u32,
    }
}
