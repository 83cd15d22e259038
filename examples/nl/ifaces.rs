//! `nl ifaces`: the interface informer's events, across the host's
//! namespace and every namespace under `/run/netns`.

use std::io::Write as _;
use std::time::Duration;

use nlstack::ifaces::{Event, Informer, Presence};

use crate::args::{Opts, Res, usage};
use crate::json::{Fields, Out, V, json_obj};

/// `100ms`, `2s`, `1.5s`.
fn parse_period(s: &str) -> Option<Duration> {
    if let Some(ms) = s.strip_suffix("ms") {
        return ms.parse::<u64>().ok().map(Duration::from_millis);
    }
    let secs: f64 = s.strip_suffix('s')?.parse().ok()?;
    (secs > 0.0 && secs.is_finite()).then(|| Duration::from_secs_f64(secs))
}

fn event_json(e: &Event) -> String {
    let i = e.interface();
    let mut f: Fields = vec![
        (
            "event",
            V::S(match e {
                Event::Added(_) => "added".into(),
                Event::Removed(_) => "removed".into(),
                _ => "unknown".into(),
            }),
        ),
        ("ifindex", V::N(u64::from(i.index))),
        ("ifname", V::S(i.name.to_string())),
    ];
    f.push((
        "mac",
        match i.mac {
            Some(m) => V::S(format!(
                "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                m[0], m[1], m[2], m[3], m[4], m[5]
            )),
            None => V::Null,
        },
    ));
    f.push((
        "netns",
        match &i.netns.name {
            Some(n) => V::S(n.clone()),
            None => V::Null,
        },
    ));
    let mut out = Out::new();
    json_obj(&mut out, &f);
    String::from_utf8_lossy(&out.0).into_owned()
}

/// `nl [-j] ifaces [--poll PERIOD]`: prints events as they happen, one a
/// line, flushed each; the watcher by default, the poller with `--poll`.
pub(crate) fn ifaces_cmd(o: &Opts, words: &[String]) -> Res<()> {
    let mut period = None;
    let mut i = 0;
    while i < words.len() {
        match words[i].as_str() {
            "--poll" | "poll" => {
                let Some(p) = words.get(i + 1).and_then(|w| parse_period(w)) else {
                    return usage("--poll needs a period like 100ms or 2s");
                };
                period = Some(p);
                i += 2;
            }
            w => return usage(format!("Argument \"{w}\" is unknown, try \"nl -help\".")),
        }
    }
    let mut informer = match period {
        Some(p) => Informer::poller(Presence::All, p)?,
        None => Informer::watcher(Presence::All)?,
    };
    let stdout = std::io::stdout();
    let mut events = Vec::new();
    loop {
        events.clear();
        informer.next_events(&mut events, None)?;
        for (ns, e) in informer.take_errors() {
            eprintln!("nl: namespace {}: {e}", ns.as_deref().unwrap_or("(host)"));
        }
        let mut so = stdout.lock();
        for e in &events {
            let line = if o.json { event_json(e) } else { e.to_string() };
            if writeln!(so, "{line}").and_then(|()| so.flush()).is_err() {
                return Ok(()); // the reader went away
            }
        }
    }
}
