//! The names `ip xfrm` prints for protocols, modes and directions.

/// The protocol names `ip` prints (`/etc/protocols`).
pub(super) fn proto_name(p: u8) -> String {
    match p {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        47 => "gre".into(),
        58 => "ipv6-icmp".into(),
        132 => "sctp".into(),
        50 => "esp".into(),
        51 => "ah".into(),
        n => n.to_string(),
    }
}

/// `strxf_xfrmproto`.
pub(super) fn xfrm_proto_name(p: u8) -> String {
    match p {
        50 => "esp".into(),
        51 => "ah".into(),
        108 => "comp".into(),
        43 => "route2".into(),
        60 => "hao".into(),
        255 => "ipsec-any".into(),
        n => n.to_string(),
    }
}

pub(super) fn mode_name(m: u8) -> String {
    match m {
        0 => "transport".into(),
        1 => "tunnel".into(),
        2 => "ro".into(),
        3 => "in_trigger".into(),
        4 => "beet".into(),
        n => n.to_string(),
    }
}

pub(super) fn dir_name(d: u8) -> String {
    match d {
        0 => "in".into(),
        1 => "out".into(),
        2 => "fwd".into(),
        n => n.to_string(),
    }
}
