//! `ip xfrm`'s argument words: numbers, prefixes, protocols, modes,
//! directions, selectors and marks.

use super::*;

pub(super) fn num(s: &str, what: &str) -> Res<u32> {
    let r = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u32::from_str_radix(h, 16),
        None => s.parse(),
    };
    r.map_err(|_| {
        Fail::Usage(format!(
            "Error: argument \"{s}\" is wrong: {what} value is invalid"
        ))
    })
}

pub(super) fn prefix(s: &str) -> Res<(IpAddr, u8)> {
    let (a, l) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let a = parse_ip(a)?;
    let max = if a.is_ipv4() { 32 } else { 128 };
    let l = match l {
        Some(l) => num(l, "prefix length")? as u8,
        None => max,
    };
    if l > max {
        return usage(format!("Error: invalid prefix length \"{s}\""));
    }
    Ok((a, l))
}

pub(super) fn proto_num(s: &str) -> Res<u8> {
    Ok(match s {
        "icmp" => 1,
        "tcp" => 6,
        "udp" => 17,
        "gre" => 47,
        "ipv6-icmp" | "icmpv6" => 58,
        "sctp" => 132,
        "esp" => 50,
        "ah" => 51,
        "comp" | "ipcomp" => 108,
        "route2" => 43,
        "hao" => 60,
        "ipsec-any" => 255,
        n => num(n, "PROTO")? as u8,
    })
}

pub(super) fn mode_num(s: &str) -> Res<u8> {
    Ok(match s {
        "transport" => XFRM_MODE_TRANSPORT,
        "tunnel" => XFRM_MODE_TUNNEL,
        "ro" => XFRM_MODE_ROUTEOPTIMIZATION,
        "in_trigger" => XFRM_MODE_IN_TRIGGER,
        "beet" => XFRM_MODE_BEET,
        w => {
            return usage(format!(
                "Error: argument \"{w}\" is wrong: MODE value is invalid"
            ));
        }
    })
}

pub(super) fn dir_num(s: &str) -> Res<u8> {
    Ok(match s {
        "in" => XFRM_POLICY_IN,
        "out" => XFRM_POLICY_OUT,
        "fwd" => XFRM_POLICY_FWD,
        w => {
            return usage(format!(
                "Error: argument \"{w}\" is wrong: DIR value is invalid"
            ));
        }
    })
}

/// Words of a selector (`src`, `dst`, `proto`, `sport`, `dport`, `type`,
/// `code`); returns false when `w` is not one of them.
pub(super) fn sel_word(sel: &mut Selector, w: &str, tail: &[String], i: &mut usize) -> Res<bool> {
    let v = |i: usize| need(tail, i + 1, w);
    match w {
        "src" => {
            let (a, l) = prefix(v(*i)?)?;
            sel.saddr = a.into();
            sel.prefixlen_s = l;
            sel.family = family_of(a);
        }
        "dst" => {
            let (a, l) = prefix(v(*i)?)?;
            sel.daddr = a.into();
            sel.prefixlen_d = l;
            sel.family = family_of(a);
        }
        "proto" => sel.proto = proto_num(v(*i)?)?,
        "sport" | "type" => {
            sel.sport = num(v(*i)?, w)? as u16;
            sel.sport_mask = 0xffff;
        }
        "dport" | "code" => {
            sel.dport = num(v(*i)?, w)? as u16;
            sel.dport_mask = 0xffff;
        }
        _ => return Ok(false),
    }
    *i += 2;
    Ok(true)
}

/// `mark V [mask M]`.
pub(super) fn mark_words(tail: &[String], i: &mut usize) -> Res<Mark> {
    let v = num(need(tail, *i + 1, "mark")?, "MARK")?;
    *i += 2;
    let mut m = 0xffff_ffff;
    if tail.get(*i).map(String::as_str) == Some("mask") {
        m = num(need(tail, *i + 1, "mask")?, "MASK")?;
        *i += 2;
    }
    Ok(Mark::new(v, m))
}
