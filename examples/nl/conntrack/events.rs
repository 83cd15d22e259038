//! `events`: conntrack events as `conntrack -E` prints them.

use super::*;

/// `events`: each conntrack event that passes the filters as
/// `conntrack -E` prints it, flushed at once, until killed or `--count`
/// events were printed.
pub(super) fn events(c: &mut Conn<Netfilter>, opts: &Opts, a: &CtArgs) -> Res<()> {
    let st = style(a, a.extended);
    let mut shown = 0u64;
    let mut out = String::new();
    while a.count.is_none_or(|n| shown < n) {
        out.clear();
        match c.recv_message() {
            Ok((_, m)) => {
                let (kind, e) = match Event::parse(&m) {
                    Ok(Event::New(e)) => ("[NEW]", e),
                    Ok(Event::Update(e)) => ("[UPDATE]", e),
                    Ok(Event::Destroy(e)) => ("[DESTROY]", e),
                    Ok(_) => continue,
                    Err(err) => {
                        eprintln!("nl conntrack: {err}");
                        continue;
                    }
                };
                if !a.matches(&e) {
                    continue;
                }
                let port = m.port();
                if opts.json {
                    let word = kind.trim_matches(['[', ']']).to_ascii_lowercase();
                    let mut f = entry_fields(&e, Some(&word));
                    if port != 0 {
                        // The program that caused it (conntrack's
                        // `[USERSPACE] portid=`).
                        f.push(("portid", V::N(port.into())));
                    }
                    json_into(&mut out, &f);
                    out.push('\n');
                } else {
                    entry_line(&mut out, &e, Some(kind), &st, false);
                    if port != 0 {
                        out.pop();
                        let _ = writeln!(out, " [USERSPACE] portid={port}");
                    }
                }
            }
            Err(e) if e.errno() == Some(libc::ENOBUFS) => {
                eprintln!("WARNING: We have hit ENOBUFS! We are losing events.");
                continue;
            }
            Err(e) if e.as_decode().is_some() => {
                eprintln!("nl conntrack: {e}");
                continue;
            }
            Err(e) => return Err(op_failed(e)),
        }
        let mut so = std::io::stdout().lock();
        if so
            .write_all(out.as_bytes())
            .and_then(|()| so.flush())
            .is_err()
        {
            // The reader went away.
            return Ok(());
        }
        shown += 1;
    }
    Ok(())
}
