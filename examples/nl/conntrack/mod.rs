//! `nl conntrack`: the connection tracking table as conntrack-tools shows
//! and changes it. `list` prints the lines of `conntrack -L -o extended`,
//! `events` those of `conntrack -E`; `-j` prints one JSON object a line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::conntrack::{
    Entry, EntrySpec, Event, Filter, ProtoInfoSpec, ProtoInfoTcpSpec, Query, Status, Tuple,
    TupleSpec, labels, tcp_state_by_name, tcp_state_name,
};
use nlstack::netfilter::nfnl::{
    NFNLGRP_CONNTRACK_DESTROY, NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE,
};
use nlstack::netns::NetNs;
use nlstack::route::Prefix;

use crate::args::{AF_INET, AF_INET6, Fail, Opts, Res, usage};
use crate::json::{Fields, V, json_into};

mod args;
mod events;
mod fields;
mod label_names;
mod names;
mod text;
mod verbs;

use args::*;
use events::*;
use fields::*;
use label_names::*;
use names::*;
use text::*;
use verbs::*;

/// Turns a kernel error into conntrack-tools' words (exit status 2).
fn op_failed(e: nlstack::Error) -> Fail {
    match e.errno() {
        Some(n) => Fail::Inconsistent(format!(
            "nl conntrack: Operation failed: {}",
            std::io::Error::from_raw_os_error(n)
                .to_string()
                .split(" (os error")
                .next()
                .unwrap_or("")
        )),
        None => Fail::Sys(e),
    }
}

/// Writes `s` to stdout and flushes it.
fn write_out(s: &str) {
    let mut so = std::io::stdout().lock();
    // A closed pipe is not an error worth reporting.
    let _ = so.write_all(s.as_bytes()).and_then(|()| so.flush());
}

/// `nl [-n NS] [-j] conntrack VERB [OPTIONS]`.
pub(crate) fn conntrack_cmd(
    ns: Option<&NetNs>,
    opts: &Opts,
    verb: &str,
    tail: &[String],
) -> Res<()> {
    let a = parse_args(tail, opts.family)?;
    let dial = |groups: &[u32]| -> Res<Conn<Netfilter>> {
        let mut cfg = Config::default().join(groups);
        if let Some(ns) = ns {
            cfg = cfg.netns(ns);
        }
        Ok(Conn::<Netfilter>::dial(cfg)?)
    };
    match verb {
        "list" | "show" | "dump" | "-L" => list(&mut dial(&[])?, opts, &a),
        "get" | "-G" => get(&mut dial(&[])?, opts, &a),
        "create" | "add" | "-I" => create(&mut dial(&[])?, &a),
        "delete" | "del" | "-D" => delete(&mut dial(&[])?, &a),
        "flush" | "-F" => {
            dial(&[])?
                .conntrack_flush(a.family.unwrap_or(0))
                .map_err(op_failed)?;
            eprintln!("nl conntrack: connection tracking table has been emptied.");
            Ok(())
        }
        "count" | "-C" => {
            let s = dial(&[])?.conntrack_count().map_err(op_failed)?;
            let n = s.entries().unwrap_or(0);
            if opts.json {
                let mut out = String::new();
                let mut f: Fields = vec![("entries", V::N(n.into()))];
                if let Some(m) = s.max_entries() {
                    f.push(("max_entries", V::N(m.into())));
                }
                json_into(&mut out, &f);
                out.push('\n');
                write_out(&out);
            } else {
                write_out(&format!("{n}\n"));
            }
            Ok(())
        }
        "stats" | "-S" => stats(&mut dial(&[])?, opts),
        "events" | "monitor" | "-E" => {
            let groups = a.events.clone().unwrap_or_else(|| {
                vec![
                    NFNLGRP_CONNTRACK_NEW,
                    NFNLGRP_CONNTRACK_UPDATE,
                    NFNLGRP_CONNTRACK_DESTROY,
                ]
            });
            events(&mut dial(&groups)?, opts, &a)
        }
        v => usage(format!(
            "Command \"{v}\" is unknown for \"conntrack\", try \"nl -help\"."
        )),
    }
}

/// How lines print, from `-o` (label names read now, if asked for).
fn style(a: &CtArgs, extended: bool) -> Style {
    Style {
        extended,
        show_id: a.show_id,
        labels: if a.show_labels {
            load_label_names()
        } else {
            None
        },
    }
}
