//! `list`, `get`, `create`, `delete` and `stats`.

use super::*;

/// One line for `e`: text or JSON.
pub(super) fn entry_line(
    out: &mut String,
    e: &Entry<&[u8]>,
    kind: Option<&str>,
    st: &Style,
    json: bool,
) {
    if json {
        let word = kind.map(|k| k.trim_matches(['[', ']']).to_ascii_lowercase());
        json_into(out, &entry_fields(e, word.as_deref()));
    } else {
        entry_text(out, e, kind, st);
    }
    out.push('\n');
}

/// `list`: every entry that passes the filters, one line each, as
/// `conntrack -L -o extended` prints them; the count on stderr.
pub(super) fn list(c: &mut Conn<Netfilter>, opts: &Opts, a: &CtArgs) -> Res<()> {
    let st = style(a, true);
    let q = Query::new().family(a.family.unwrap_or(0));
    let mut out = String::new();
    let mut n = 0usize;
    c.conntrack_each(&q, |e| {
        if a.matches(e) {
            entry_line(&mut out, e, None, &st, opts.json);
            n += 1;
        }
        Ok(())
    })
    .map_err(op_failed)?;
    write_out(&out);
    eprintln!("nl conntrack: {n} flow entries have been shown.");
    Ok(())
}

/// `get`: the entry of one original tuple.
pub(super) fn get(c: &mut Conn<Netfilter>, opts: &Opts, a: &CtArgs) -> Res<()> {
    let t = a.orig_tuple()?;
    let e = c
        .conntrack_get(a.addr_family(), &t, a.zone)
        .map_err(op_failed)?;
    let mut out = String::new();
    entry_line(&mut out, &e.as_view(), None, &style(a, true), opts.json);
    write_out(&out);
    eprintln!("nl conntrack: 1 flow entries have been shown.");
    Ok(())
}

/// `create`: one entry from the options (the reply tuple mirrored unless
/// given), as `conntrack -I`.
pub(super) fn create(c: &mut Conn<Netfilter>, a: &CtArgs) -> Res<()> {
    let Some(timeout) = a.timeout else {
        return usage("nl conntrack: create needs a timeout (-t)");
    };
    let mut spec = EntrySpec::new()
        .orig(a.orig_tuple()?)
        .reply(a.reply_tuple()?)
        .timeout(timeout);
    if a.proto == Some(TCP) {
        let Some(s) = a.state else {
            return usage("nl conntrack: a TCP entry needs --state");
        };
        spec = spec.protoinfo(ProtoInfoSpec::new().tcp(ProtoInfoTcpSpec::new().state(s)));
    }
    if let Some(s) = a.status {
        spec = spec.status(s);
    }
    if let Some((m, _)) = a.mark {
        spec = spec.mark(m);
    }
    if let Some(z) = a.zone {
        spec = spec.zone(z);
    }
    c.conntrack_create(a.addr_family(), &spec)
        .map_err(op_failed)?;
    eprintln!("nl conntrack: 1 flow entries have been created.");
    Ok(())
}

/// `delete`: every entry that passes the filters (all of them, with
/// none), counted on stderr.
pub(super) fn delete(c: &mut Conn<Netfilter>, a: &CtArgs) -> Res<()> {
    let needs_own =
        a.status.is_some() || a.icmp_type.is_some() || a.icmp_code.is_some() || a.icmp_id.is_some();
    let family = a.family.unwrap_or(0);
    let n = if needs_own {
        // Filters `Filter` has no field for: match here, then delete each
        // by its tuple, zone and id.
        let list = c
            .conntrack_list(&Query::new().family(family))
            .map_err(op_failed)?;
        let mut n = 0;
        for e in list.iter().filter(|e| a.matches(e)) {
            let mut spec = EntrySpec::new();
            spec.orig = e.orig().map(|t| t.to_spec());
            spec.zone = e.zone();
            spec.id = e.id();
            match c.conntrack_delete(e.family(), &spec) {
                Ok(()) => n += 1,
                Err(err) if err.is_not_found() => {}
                Err(err) => return Err(op_failed(err)),
            }
        }
        n
    } else {
        c.conntrack_delete_matching(family, &[a.filter()])
            .map_err(op_failed)?
    };
    eprintln!("nl conntrack: {n} flow entries have been deleted.");
    Ok(())
}

/// `stats`: each CPU's counters, as `conntrack -S`.
pub(super) fn stats(c: &mut Conn<Netfilter>, opts: &Opts) -> Res<()> {
    let cpus = c.conntrack_stats().map_err(op_failed)?;
    let mut out = String::new();
    for s in &cpus {
        let v = s.as_view();
        let fields = [
            ("found", v.found()),
            ("invalid", v.invalid()),
            ("insert", v.insert()),
            ("insert_failed", v.insert_failed()),
            ("drop", v.dropped()),
            ("early_drop", v.early_drop()),
            ("error", v.error()),
            ("search_restart", v.search_restart()),
            ("clash_resolve", v.clash_resolve()),
            ("chaintoolong", v.chain_toolong()),
        ];
        if opts.json {
            let mut f: Fields = vec![("cpu", V::N(v.cpu().into()))];
            f.extend(
                fields
                    .iter()
                    .filter_map(|(k, n)| n.map(|n| (*k, V::N(n.into())))),
            );
            json_into(&mut out, &f);
        } else {
            let _ = write!(out, "cpu={:<4}\t", v.cpu());
            for (k, n) in fields {
                if let Some(n) = n {
                    let _ = write!(out, "{k}={n} ");
                }
            }
        }
        out.push('\n');
    }
    write_out(&out);
    Ok(())
}
