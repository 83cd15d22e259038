//! Where the time goes, on request: with `NL_TIMING=1` in the
//! environment, `nl` prints on stderr how long each phase took (dialing
//! the socket in its namespace, the dump, formatting, writing), measured
//! from the start of `main`. Off by default; costs one environment lookup.

use std::cell::RefCell;
use std::time::Instant;

/// The start, and when each phase ended.
type Marks = Option<(Instant, Vec<(&'static str, Instant)>)>;

thread_local! {
    static MARKS: RefCell<Marks> = const { RefCell::new(None) };
}

/// Starts the clock if `NL_TIMING` is set (and not `0`).
pub(crate) fn start() {
    if std::env::var_os("NL_TIMING").is_some_and(|v| v != "0") {
        MARKS.with(|m| *m.borrow_mut() = Some((Instant::now(), Vec::new())));
    }
}

/// Ends the phase `name` now.
pub(crate) fn mark(name: &'static str) {
    MARKS.with(|m| {
        if let Some((_, v)) = m.borrow_mut().as_mut() {
            v.push((name, Instant::now()));
        }
    });
}

/// Prints the phases on stderr, one line: `nl timing: dial 0.31 ms, ...`.
pub(crate) fn report() {
    MARKS.with(|m| {
        if let Some((t0, v)) = m.borrow().as_ref() {
            let mut last = *t0;
            let mut line = String::from("nl timing:");
            for (i, (name, t)) in v.iter().enumerate() {
                let sep = if i == 0 { " " } else { ", " };
                line.push_str(&format!(
                    "{sep}{name} {:.2} ms",
                    t.duration_since(last).as_secs_f64() * 1e3
                ));
                last = *t;
            }
            line.push_str(&format!(
                " (main {:.2} ms)",
                last.duration_since(*t0).as_secs_f64() * 1e3
            ));
            eprintln!("{line}");
        }
    });
}
