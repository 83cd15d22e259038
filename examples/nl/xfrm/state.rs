//! `nl xfrm state`: its verbs, and the words that make a state request.

use super::*;

pub(super) fn state_cmd(c: &mut Conn<Xfrm>, o: &XOpts, verb: &str, tail: &[String]) -> Res<String> {
    let print = |out: &mut String, s: &State<&[u8]>| {
        if o.json {
            json_into(out, &state_fields(s, o.keys));
            out.push('\n');
        } else {
            state_text(out, s, o.keys);
        }
    };
    match verb {
        "list" | "show" | "ls" | "lst" => {
            let mut out = String::new();
            c.states_each(&StateFilter::all(), |s| {
                print(&mut out, s);
                Ok(())
            })?;
            Ok(out)
        }
        "count" => {
            let info = c.sad_info()?;
            let n = info.count().unwrap_or(0);
            Ok(if o.json {
                format!("{{\"count\":{n}}}\n")
            } else {
                format!("\t SAD count {n}\n")
            })
        }
        "flush" => {
            let mut proto = IPSEC_PROTO_ANY;
            match tail {
                [] => {}
                [w, p] if w == "proto" => proto = proto_num(p)?,
                [w, ..] => return usage(format!("Unexpected argument \"{w}\"")),
            }
            c.state_flush(proto)?;
            Ok(String::new())
        }
        "get" | "delete" | "del" => {
            let (req, extra) = state_words(tail)?;
            let id = SaId {
                daddr: req.info.id.daddr,
                spi: req.info.id.spi,
                family: req.info.family,
                proto: req.info.id.proto,
            };
            if verb == "get" {
                let s = c.state_get_with(&id, &extra)?;
                let mut out = String::new();
                print(&mut out, &s.as_view());
                Ok(out)
            } else {
                c.state_delete_with(&id, &extra)?;
                Ok(String::new())
            }
        }
        "allocspi" => {
            let (req, _) = state_words(tail)?;
            let (mut min, mut max) = (0x100, 0x0fff_ffff);
            let mut i = 0;
            while i < tail.len() {
                match tail[i].as_str() {
                    "min" => min = num(need(tail, i + 1, "min")?, "SPI")?,
                    "max" => max = num(need(tail, i + 1, "max")?, "SPI")?,
                    _ => {}
                }
                i += 1;
            }
            let s = c.state_alloc_spi(
                &SpiInfo {
                    info: req.info,
                    min,
                    max,
                },
                &req.attrs,
            )?;
            let mut out = String::new();
            print(&mut out, &s.as_view());
            Ok(out)
        }
        "add" | "update" => {
            let (req, _) = state_words(tail)?;
            if verb == "add" {
                c.state_add(&req)?;
            } else {
                c.state_update(&req)?;
            }
            Ok(String::new())
        }
        v => unknown_verb("xfrm state", v),
    }
}

/// A key as `ip` takes it: `0x` and hex digits, or the bytes of a string.
pub(super) fn key_arg(s: &str) -> Res<Vec<u8>> {
    match s.strip_prefix("0x") {
        Some(h) if h.len() % 2 == 0 => (0..h.len() / 2)
            .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16))
            .collect::<Result<_, _>>()
            .map_err(|_| Fail::Usage(format!("Error: \"{s}\" is not a valid key"))),
        Some(_) => usage(format!("Error: \"{s}\" is not a valid key")),
        None => Ok(s.as_bytes().to_vec()),
    }
}

/// The words of a state: its id and what `add` sets; the lookup
/// attributes of `get` and `delete`. `min`/`max` are left to `allocspi`.
pub(super) fn state_words(tail: &[String]) -> Res<(StateRequest, XfrmAttrsSpec)> {
    let any: IpAddr = "0.0.0.0".parse().map_err(|_| Fail::Usage("".into()))?;
    let mut req = StateRequest::new(any, any, 0, 0);
    let mut extra = XfrmAttrsSpec::new();
    let mut i = 0;
    while i < tail.len() {
        let w = tail[i].as_str();
        let v = |n: usize| need(tail, i + n, w);
        let mut took = 2;
        match w {
            "src" => {
                let a = parse_ip(v(1)?)?;
                req.info.saddr = a.into();
                req.info.family = family_of(a);
                extra = extra.srcaddr(a.into());
            }
            "dst" => {
                let a = parse_ip(v(1)?)?;
                req.info.id.daddr = a.into();
                req.info.family = family_of(a);
            }
            "proto" => req.info.id.proto = proto_num(v(1)?)?,
            "spi" => req.info.id.spi = num(v(1)?, "SPI")?,
            "mode" => req.info.mode = mode_num(v(1)?)?,
            "reqid" => req.info.reqid = num(v(1)?, "REQID")?,
            "replay-window" => req.info.replay_window = num(v(1)?, "replay-window")? as u8,
            "min" | "max" => {}
            "if_id" => {
                let id = num(v(1)?, "IF_ID")?;
                req = req.if_id(id);
            }
            "flag" => {
                req.info.flags |= match v(1)? {
                    "noecn" => 1,
                    "decap-dscp" => 2,
                    "nopmtudisc" => 4,
                    "wildrecv" => 8,
                    "icmp" => 16,
                    "af-unspec" => 32,
                    "align4" => 64,
                    "esn" => 128,
                    f => {
                        return usage(format!(
                            "Error: argument \"{f}\" is wrong: FLAG value is invalid"
                        ));
                    }
                }
            }
            "mark" => {
                let m = mark_words(tail, &mut i)?;
                req = req.mark(m.v, m.m);
                extra = extra.mark(m);
                continue;
            }
            "enc" | "auth" | "comp" => {
                let name = v(1)?;
                let key = if w == "comp" {
                    Vec::new()
                } else {
                    key_arg(v(2)?)?
                };
                let a = Algo::new(name, &key);
                req = match w {
                    "enc" => req.crypt(a),
                    "auth" => req.auth(a),
                    _ => req.comp(a),
                };
                took = if w == "comp" { 2 } else { 3 };
            }
            "auth-trunc" | "aead" => {
                let a = Algo::new(v(1)?, &key_arg(v(2)?)?).trunc(num(v(3)?, "ALGO-LEN")?);
                req = if w == "aead" {
                    req.aead(a)
                } else {
                    req.auth_trunc(a)
                };
                took = 4;
            }
            "encap" => {
                let kind = match v(1)? {
                    "espinudp-nonike" => 1,
                    "espinudp" => 2,
                    "espintcp" => 7,
                    t => {
                        return usage(format!(
                            "Error: argument \"{t}\" is wrong: ENCAP-TYPE value is invalid"
                        ));
                    }
                };
                req = req.encap(Encap {
                    encap_type: kind,
                    encap_sport: num(v(2)?, "PORT")? as u16,
                    encap_dport: num(v(3)?, "PORT")? as u16,
                    encap_oa: parse_ip(v(4)?)?.into(),
                });
                took = 5;
            }
            _ => return usage(format!("Unexpected argument \"{w}\"")),
        }
        i += took;
    }
    Ok((req, extra))
}
