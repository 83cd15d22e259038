//! `nl xfrm policy`: its verbs, and the words that make a policy request.

use super::*;

pub(super) fn policy_cmd(
    c: &mut Conn<Xfrm>,
    o: &XOpts,
    verb: &str,
    tail: &[String],
) -> Res<String> {
    match verb {
        "list" | "show" | "ls" | "lst" => {
            let mut out = String::with_capacity(CHUNK + 4096);
            let mut so = std::io::stdout().lock();
            // A dump's datagrams fit the receive buffer: one system call
            // each instead of a peek and a read.
            c.set_unpeeked(true);
            c.policies_each(|p| {
                if o.json {
                    json_into(&mut out, &policy_fields(p));
                    out.push('\n');
                } else {
                    policy_text(&mut out, p);
                }
                if out.len() >= CHUNK {
                    // A closed pipe is not an error worth reporting.
                    let _ = so.write_all(out.as_bytes());
                    out.clear();
                }
                Ok(())
            })?;
            Ok(out)
        }
        "count" => {
            let info = c.spd_info()?;
            let mut out = String::new();
            if let Some(n) = info.counts() {
                if o.json {
                    let f: Fields = vec![
                        ("in", V::N(n.incnt().into())),
                        ("out", V::N(n.outcnt().into())),
                        ("fwd", V::N(n.fwdcnt().into())),
                    ];
                    json_into(&mut out, &f);
                    out.push('\n');
                } else {
                    let _ = writeln!(
                        out,
                        "\t SPD IN  {} OUT {} FWD {}",
                        n.incnt(),
                        n.outcnt(),
                        n.fwdcnt()
                    );
                }
            }
            Ok(out)
        }
        "flush" => {
            c.policy_flush()?;
            Ok(String::new())
        }
        "add" | "update" => {
            let req = policy_request(tail)?;
            if verb == "add" {
                c.policy_add(&req)?;
            } else {
                c.policy_update(&req)?;
            }
            Ok(String::new())
        }
        "get" | "delete" | "del" => {
            let (id, extra) = policy_id(tail)?;
            if verb == "get" {
                let p = c.policy_get_with(&id, &extra)?;
                let mut out = String::new();
                if o.json {
                    json_into(&mut out, &policy_fields(&p.as_view()));
                    out.push('\n');
                } else {
                    policy_text(&mut out, &p.as_view());
                }
                Ok(out)
            } else {
                c.policy_delete_with(&id, &extra)?;
                Ok(String::new())
            }
        }
        v => unknown_verb("xfrm policy", v),
    }
}

pub(super) fn policy_request(tail: &[String]) -> Res<PolicyRequest> {
    let mut sel = Selector::default();
    let mut dir = None;
    let mut req = PolicyRequest::new(Selector::default(), 0);
    let mut i = 0;
    while i < tail.len() {
        let w = tail[i].as_str();
        if sel_word(&mut sel, w, tail, &mut i)? {
            continue;
        }
        match w {
            "dir" => dir = Some(dir_num(need(tail, i + 1, "DIR")?)?),
            "priority" => req = req.priority(num(need(tail, i + 1, "PRIORITY")?, "PRIORITY")?),
            "index" => req = req.index(num(need(tail, i + 1, "INDEX")?, "INDEX")?),
            "if_id" => req = req.if_id(num(need(tail, i + 1, "IF_ID")?, "IF_ID")?),
            "action" => {
                req = req.action(match need(tail, i + 1, "ACTION")? {
                    "allow" => XFRM_POLICY_ALLOW,
                    "block" => XFRM_POLICY_BLOCK,
                    a => {
                        return usage(format!(
                            "Error: argument \"{a}\" is wrong: ACTION value is invalid"
                        ));
                    }
                })
            }
            "mark" => {
                let m = mark_words(tail, &mut i)?;
                req = req.mark(m.v, m.m);
                continue;
            }
            "tmpl" => {
                let (t, n) = tmpl_words(&tail[i + 1..])?;
                req = req.tmpl(t);
                i += 1 + n;
                continue;
            }
            _ => return usage(format!("Unexpected argument \"{w}\"")),
        }
        i += 2;
    }
    let Some(dir) = dir else {
        return usage("Error: \"dir\" is missing.");
    };
    req.info.sel = sel;
    req.info.dir = dir;
    Ok(req)
}

/// A template's words, up to the next `tmpl` or a word it does not know;
/// returns it and how many words it took.
pub(super) fn tmpl_words(tail: &[String]) -> Res<(Tmpl, usize)> {
    let mut t = Tmpl {
        aalgos: !0,
        ealgos: !0,
        calgos: !0,
        ..Tmpl::default()
    };
    let mut i = 0;
    let mut fam = None;
    while i < tail.len() {
        let w = tail[i].as_str();
        let v = need(tail, i + 1, w);
        match w {
            "src" => {
                let a = parse_ip(v?)?;
                t.saddr = a.into();
                fam = Some(family_of(a));
            }
            "dst" => {
                let a = parse_ip(v?)?;
                t.id.daddr = a.into();
                fam = Some(family_of(a));
            }
            "proto" => t.id.proto = proto_num(v?)?,
            "spi" => t.id.spi = num(v?, "SPI")?,
            "reqid" => t.reqid = num(v?, "REQID")?,
            "mode" => t.mode = mode_num(v?)?,
            "level" => {
                t.optional = match v? {
                    "use" => 1,
                    "required" => 0,
                    l => {
                        return usage(format!(
                            "Error: argument \"{l}\" is wrong: LEVEL value is invalid"
                        ));
                    }
                }
            }
            _ => break,
        }
        i += 2;
    }
    // ip takes the family of the policy's selector when no address is given.
    t.family = fam.unwrap_or(libc::AF_INET as u16);
    Ok((t, i))
}

pub(super) fn policy_id(tail: &[String]) -> Res<(PolicyId, XfrmAttrsSpec)> {
    let mut id = PolicyId::default();
    let mut extra = XfrmAttrsSpec::new();
    let mut dir = None;
    let mut i = 0;
    while i < tail.len() {
        let w = tail[i].as_str();
        if sel_word(&mut id.sel, w, tail, &mut i)? {
            continue;
        }
        match w {
            "dir" => dir = Some(dir_num(need(tail, i + 1, "DIR")?)?),
            "index" => id.index = num(need(tail, i + 1, "INDEX")?, "INDEX")?,
            "if_id" => extra = extra.if_id(num(need(tail, i + 1, "IF_ID")?, "IF_ID")?),
            "mark" => {
                extra = extra.mark(mark_words(tail, &mut i)?);
                continue;
            }
            _ => return usage(format!("Unexpected argument \"{w}\"")),
        }
        i += 2;
    }
    match dir {
        Some(d) => id.dir = d,
        None => return usage("Error: \"dir\" is missing."),
    }
    Ok((id, extra))
}
