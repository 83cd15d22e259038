//! Conntrack status bits (`IPS_*`) and TCP state names.

bitflags::bitflags! {
    /// `enum ip_conntrack_status`: `CTA_STATUS`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Status: u32 {
        /// `IPS_EXPECTED`: an expected connection.
        const EXPECTED = 1 << 0;
        /// `IPS_SEEN_REPLY`: packets seen both ways.
        const SEEN_REPLY = 1 << 1;
        /// `IPS_ASSURED`: will not be early-dropped.
        const ASSURED = 1 << 2;
        /// `IPS_CONFIRMED`: in the table.
        const CONFIRMED = 1 << 3;
        /// `IPS_SRC_NAT`.
        const SRC_NAT = 1 << 4;
        /// `IPS_DST_NAT`.
        const DST_NAT = 1 << 5;
        /// `IPS_SEQ_ADJUST`.
        const SEQ_ADJUST = 1 << 6;
        /// `IPS_SRC_NAT_DONE`.
        const SRC_NAT_DONE = 1 << 7;
        /// `IPS_DST_NAT_DONE`.
        const DST_NAT_DONE = 1 << 8;
        /// `IPS_DYING`.
        const DYING = 1 << 9;
        /// `IPS_FIXED_TIMEOUT`.
        const FIXED_TIMEOUT = 1 << 10;
        /// `IPS_TEMPLATE`.
        const TEMPLATE = 1 << 11;
        /// `IPS_UNTRACKED`.
        const UNTRACKED = 1 << 12;
        /// `IPS_HELPER`.
        const HELPER = 1 << 13;
        /// `IPS_OFFLOAD`.
        const OFFLOAD = 1 << 14;
        /// `IPS_HW_OFFLOAD`.
        const HW_OFFLOAD = 1 << 15;
    }
}

/// The name `conntrack -L` prints for TCP state `s` (`TCP_CONNTRACK_*`).
pub fn tcp_state_name(s: u8) -> Option<&'static str> {
    const NAMES: [&str; 10] = [
        "NONE",
        "SYN_SENT",
        "SYN_RECV",
        "ESTABLISHED",
        "FIN_WAIT",
        "CLOSE_WAIT",
        "LAST_ACK",
        "TIME_WAIT",
        "CLOSE",
        "SYN_SENT2",
    ];
    NAMES.get(s as usize).copied()
}

/// The `TCP_CONNTRACK_*` state named `name` (as `conntrack` names it).
pub fn tcp_state_by_name(name: &str) -> Option<u8> {
    (0..10u8).find(|&s| tcp_state_name(s).is_some_and(|n| n.eq_ignore_ascii_case(name)))
}
