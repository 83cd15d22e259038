//! The names conntrack-tools prints for protocols, families, SCTP
//! states and status bits.

use super::*;

/// `IPPROTO_*` numbers `nl conntrack` names.
pub(super) const TCP: u8 = 6;

pub(super) const UDP: u8 = 17;

pub(super) const ICMP: u8 = 1;

pub(super) const ICMPV6: u8 = 58;

pub(super) const GRE: u8 = 47;

pub(super) const DCCP: u8 = 33;

pub(super) const SCTP: u8 = 132;

pub(super) const UDPLITE: u8 = 136;

/// The name conntrack-tools gives IP protocol `p`.
pub(super) fn proto_name(p: u8) -> &'static str {
    match p {
        TCP => "tcp",
        UDP => "udp",
        UDPLITE => "udplite",
        ICMP => "icmp",
        ICMPV6 => "icmpv6",
        SCTP => "sctp",
        GRE => "gre",
        DCCP => "dccp",
        _ => "unknown",
    }
}

/// The name conntrack-tools gives family `f`.
pub(super) fn l3_name(f: u8) -> &'static str {
    match f {
        AF_INET => "ipv4",
        AF_INET6 => "ipv6",
        _ => "unknown",
    }
}

/// SCTP state names as conntrack-tools prints them.
pub(super) fn sctp_state_name(s: u8) -> &'static str {
    const NAMES: [&str; 10] = [
        "NONE",
        "CLOSED",
        "COOKIE_WAIT",
        "COOKIE_ECHOED",
        "ESTABLISHED",
        "SHUTDOWN_SENT",
        "SHUTDOWN_RECD",
        "SHUTDOWN_ACK_SENT",
        "HEARTBEAT_SENT",
        "HEARTBEAT_ACKED",
    ];
    NAMES.get(s as usize).copied().unwrap_or("NONE")
}

/// The names of the status bits set, lowest first.
pub(super) fn status_names(s: Status) -> Vec<&'static str> {
    let names = [
        (Status::EXPECTED, "EXPECTED"),
        (Status::SEEN_REPLY, "SEEN_REPLY"),
        (Status::ASSURED, "ASSURED"),
        (Status::CONFIRMED, "CONFIRMED"),
        (Status::SRC_NAT, "SRC_NAT"),
        (Status::DST_NAT, "DST_NAT"),
        (Status::SEQ_ADJUST, "SEQ_ADJUST"),
        (Status::SRC_NAT_DONE, "SRC_NAT_DONE"),
        (Status::DST_NAT_DONE, "DST_NAT_DONE"),
        (Status::DYING, "DYING"),
        (Status::FIXED_TIMEOUT, "FIXED_TIMEOUT"),
        (Status::TEMPLATE, "TEMPLATE"),
        (Status::UNTRACKED, "UNTRACKED"),
        (Status::HELPER, "HELPER"),
        (Status::OFFLOAD, "OFFLOAD"),
        (Status::HW_OFFLOAD, "HW_OFFLOAD"),
    ];
    names
        .iter()
        .filter(|(b, _)| s.contains(*b))
        .map(|(_, n)| *n)
        .collect()
}
