//! `nl xfrm`: IPsec states and policies with `ip xfrm`'s words.
//!
//! ```text
//! nl [-n NS] [-j] xfrm [-keys] policy { list | count | flush }
//! nl xfrm policy { add | update } SELECTOR dir DIR [priority N] [action allow|block]
//!     [mark V [mask M]] [if_id N] [index N] [tmpl src A dst B proto P [spi S] [reqid R]
//!     [mode M] [level use|required]]...
//! nl xfrm policy { get | delete } { SELECTOR | index N } dir DIR [mark V [mask M]] [if_id N]
//! nl xfrm state { list | count }
//! nl xfrm state flush [proto P]
//! nl xfrm state { get | delete } src A dst B proto P spi S [mark V [mask M]]
//! nl xfrm state allocspi src A dst B proto P [mode M] [reqid R] [min N max N]
//! nl xfrm state { add | update } src A dst B proto P spi S [mode M] [reqid R]
//!     [replay-window N] [flag F]... [enc N K] [auth N K] [auth-trunc N K L] [aead N K L]
//!     [comp N] [encap TYPE SPORT DPORT OADDR] [mark V [mask M]] [if_id N]
//! nl xfrm monitor
//! ```
//!
//! `list` prints what `ip xfrm ... list` prints, except keys: those print
//! as their length unless `-keys` is given. `-j` prints one JSON object a
//! line, keys likewise.

use std::fmt::Write as _;
use std::io::Write as _;
use std::net::IpAddr;

use nlstack::conn::{Config, Conn, Xfrm};
use nlstack::netns::NetNs;
use nlstack::xfrm::*;

use crate::args::{Fail, Res, need, parse_ip, unknown_verb, usage};
use crate::json::{Fields, V, json_into};

mod append;
mod fields;
mod monitor;
mod names;
mod policy;
mod state;
mod text;
mod words;

use append::*;
use fields::*;
use monitor::*;
use names::*;
use policy::*;
use state::*;
use text::*;
use words::*;

/// How much text `list` gathers before writing it out.
const CHUNK: usize = 64 << 10;

/// Output switches of `nl xfrm`.
struct XOpts {
    json: bool,
    keys: bool,
}

/// `nl xfrm ...` (`-keys` anywhere among the words prints keys), printed.
pub(crate) fn xfrm_cmd(ns: Option<&NetNs>, json: bool, words: &[String]) -> Res<()> {
    let keys = words.iter().any(|w| w == "-keys");
    let words: Vec<String> = words.iter().filter(|w| *w != "-keys").cloned().collect();
    let out = xfrm_run(ns, &XOpts { json, keys }, &words)?;
    let mut so = std::io::stdout().lock();
    // A closed pipe is not an error worth reporting.
    let _ = so.write_all(out.as_bytes());
    Ok(())
}

fn xfrm_run(ns: Option<&NetNs>, o: &XOpts, words: &[String]) -> Res<String> {
    let mut cfg = Config::default();
    if let Some(ns) = ns {
        cfg = cfg.netns(ns);
    }
    let object = words.first().map(String::as_str).unwrap_or("");
    if matches!(object, "monitor" | "mon") {
        return monitor(cfg.join(&XFRMNLGRP_ALL), o);
    }
    let verb = words.get(1).map(String::as_str).unwrap_or("list");
    let tail = words.get(2..).unwrap_or(&[]);
    let mut c = Conn::<Xfrm>::dial(cfg)?;
    match object {
        "policy" | "pol" | "po" => policy_cmd(&mut c, o, verb, tail),
        "state" | "sa" | "st" => state_cmd(&mut c, o, verb, tail),
        w => usage(format!(
            "Object \"{w}\" is unknown for \"xfrm\", try \"nl -help\"."
        )),
    }
}
