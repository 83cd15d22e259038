//! `nl xfrm monitor`: events as `ip xfrm monitor` prints them.

use super::*;

/// `nl xfrm monitor`: every XFRM event, as `ip xfrm monitor` prints the
/// common ones, or one JSON object a line.
pub(super) fn monitor(cfg: Config<'_>, o: &XOpts) -> Res<String> {
    let mut c = Conn::<Xfrm>::dial(cfg)?;
    let stdout = std::io::stdout();
    let mut out = String::new();
    loop {
        out.clear();
        let (_, m) = c.recv_message()?;
        match Event::parse(&m) {
            Ok(e) => event_text(&mut out, &e, o),
            Err(e) => {
                eprintln!("nl: {e}");
                continue;
            }
        }
        let mut so = stdout.lock();
        if so
            .write_all(out.as_bytes())
            .and_then(|()| so.flush())
            .is_err()
        {
            return Ok(String::new());
        }
    }
}

pub(super) fn event_text(out: &mut String, e: &Event<'_>, o: &XOpts) {
    if o.json {
        let (kind, mut f): (&str, Fields) = match e {
            Event::NewSa(s) | Event::UpdSa(s) => ("newsa", state_fields(s, o.keys)),
            Event::DelSa { id, .. } => (
                "delsa",
                vec![
                    ("dst", V::S(id.dst().to_string())),
                    ("spi", V::N(id.spi().into())),
                    ("proto", V::S(xfrm_proto_name(id.proto()))),
                ],
            ),
            Event::NewPolicy(p) | Event::UpdPolicy(p) => ("newpolicy", policy_fields(p)),
            Event::DelPolicy { id, .. } => {
                let mut f = selector_fields(&id.sel(), id.sel().family());
                f.push(("dir", V::S(dir_name(id.dir()))));
                ("delpolicy", f)
            }
            Event::FlushSa { proto } => ("flushsa", vec![("proto", V::S(xfrm_proto_name(*proto)))]),
            Event::FlushPolicy { .. } => ("flushpolicy", Vec::new()),
            Event::Expire { expire, .. } => ("expire", vec![("hard", V::N(expire.hard().into()))]),
            Event::Acquire { acquire, .. } => {
                ("acquire", vec![("seq", V::N(acquire.seq().into()))])
            }
            _ => ("other", Vec::new()),
        };
        f.insert(0, ("event", V::S(kind.into())));
        json_into(out, &f);
        out.push('\n');
        return;
    }
    match e {
        Event::NewSa(s) | Event::UpdSa(s) => state_text(out, s, o.keys),
        Event::DelSa { id, attrs } => {
            out.push_str("Deleted ");
            match attrs.sa() {
                Some(sa) => state_parts_text(out, &sa, attrs, o.keys),
                None => {
                    let _ = writeln!(
                        out,
                        "dst {}\n\tproto {} spi 0x{:08x}",
                        id.dst(),
                        xfrm_proto_name(id.proto()),
                        id.spi()
                    );
                }
            }
        }
        Event::NewPolicy(p) | Event::UpdPolicy(p) => policy_text(out, p),
        Event::DelPolicy { id, attrs } => {
            out.push_str("Deleted ");
            match attrs.policy() {
                Some(p) => {
                    let kind = attrs.policy_type().map_or(0, |t| t.kind());
                    policy_parts_text(out, &p, kind, attrs);
                }
                None => {
                    selector_text(out, &id.sel(), id.sel().family());
                    let _ = writeln!(out, "\tdir {} ", dir_name(id.dir()));
                }
            }
        }
        Event::FlushSa { proto } => {
            let _ = writeln!(out, "Flushed state proto {}", xfrm_proto_name(*proto));
        }
        Event::FlushPolicy { attrs } => {
            let t = attrs.policy_type().map_or(0, |t| t.kind());
            let _ = writeln!(
                out,
                "Flushed policy ptype {} ",
                if t == 0 { "main" } else { "sub" }
            );
        }
        Event::Expire { expire, .. } => {
            let s = expire.state();
            let _ = writeln!(
                out,
                "Expired src {} dst {}\n\tproto {} spi 0x{:08x} hard {}",
                s.src(),
                s.dst(),
                xfrm_proto_name(s.id().proto()),
                s.id().spi(),
                expire.hard()
            );
        }
        Event::Acquire { acquire, .. } => {
            let _ = writeln!(
                out,
                "acquire proto {} seq {}",
                xfrm_proto_name(acquire.id().proto()),
                acquire.seq()
            );
        }
        Event::Aevent { id, .. } => {
            let _ = writeln!(
                out,
                "Async event spi 0x{:08x} dst {}",
                id.sa_id().spi(),
                id.sa_id().dst()
            );
        }
        other => {
            let _ = writeln!(out, "{other:?}");
        }
    }
}
