//! `nl`: a small `ip`-like tool on nlstack.
//!
//! ```text
//! nl [-n NETNS] [-j] [-d] [-s] [-4|-6] OBJECT VERB ...
//!   link show [DEV]
//!   link add NAME type veth peer name PEER [netns NS]
//!   link add NAME type bridge
//!   link set DEV { up | down | mtu N | master BR | nomaster | netns NS | name NEW | address MAC } ...
//!   link del DEV
//!   addr show [dev DEV]
//!   addr { add | del } PREFIX dev DEV
//!   route show [table T]
//!   route get ADDR
//!   route { add | replace | del } PREFIX [via GW] [dev DEV] [table T] [metric N]
//!   neigh show
//!   rule show
//!   netns { list | add NAME | del NAME }
//!   monitor [all | link | address | route | neigh | rule | nsid | netconf ...]
//!   ifaces [--poll PERIOD]
//!   conntrack { list | get | create | delete | flush | count | stats | events } [OPTIONS]
//!   xfrm { state | policy } { list | get | add | update | delete | flush | count } ... | xfrm monitor
//! ```
//!
//! `-j` prints JSON with the keys and value formats of `ip -j`, `-d`
//! adds link details (JSON), `-s` link statistics; names are printed as
//! the raw bytes the kernel holds, as `ip` prints them. `NL_TIMING=1`
//! prints on stderr where the time went. See `docs/cli.md` for what
//! differs from `ip`.

mod addr;
mod args;
mod conntrack;
mod details;
mod ifaces;
mod ifnames;
mod json;
mod link;
mod link_names;
mod monitor;
mod names;
mod neigh;
mod netns;
mod route;
mod route_show;
mod rule;
mod stream;
mod timing;
mod xfrm;

use std::io::Write as _;
use std::process::ExitCode;

use nlstack::conn::{Config, Conn, Route as Rt};
use nlstack::netns::NetNs;

use crate::addr::addr_cmd;
use crate::args::{AF_INET, AF_INET6, Fail, Opts, Res, no_more, unknown_verb, usage};
use crate::link::link_cmd;
use crate::neigh::neigh_show;
use crate::netns::netns_cmd;
use crate::route::route_cmd;
use crate::rule::rule_show;

fn main() -> ExitCode {
    timing::start();
    let args = args::set_args(std::env::args_os().skip(1).collect());
    let res = run(args);
    timing::report();
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Usage(m)) => {
            eprintln!("{m}");
            ExitCode::from(1)
        }
        Err(Fail::Sys(e)) => {
            eprintln!("{}", error_line(&e));
            ExitCode::from(2)
        }
        Err(Fail::Inconsistent(m)) => {
            eprintln!("{m}");
            ExitCode::from(2)
        }
    }
}

/// The kernel's error as `ip` prints it.
fn error_line(e: &nlstack::Error) -> String {
    if let Some(k) = e.as_kernel() {
        return match &k.message {
            Some(m) if !m.is_empty() => {
                let dot = if m.ends_with('.') { "" } else { "." };
                format!("Error: {m}{dot}")
            }
            _ => format!("RTNETLINK answers: {}", strerror(k.errno)),
        };
    }
    format!("nl: {e}")
}

fn strerror(errno: i32) -> String {
    // SAFETY: strerror returns a pointer to a NUL-terminated static or
    // thread-local string; we copy it at once.
    unsafe { std::ffi::CStr::from_ptr(libc::strerror(errno)) }
        .to_string_lossy()
        .into_owned()
}

fn run(args: &[String]) -> Res<()> {
    let mut i = 0;
    let mut netns = None;
    let mut opts = Opts {
        json: false,
        family: None,
        details: false,
        stats: false,
    };
    while i < args.len() && args[i].starts_with('-') {
        match args[i].as_str() {
            "-j" | "-json" => opts.json = true,
            "-4" => opts.family = Some(AF_INET),
            "-d" | "-details" => opts.details = true,
            "-s" | "-stats" | "-statistics" => opts.stats = true,
            "-6" => opts.family = Some(AF_INET6),
            "-n" | "-netns" => {
                i += 1;
                match args.get(i) {
                    Some(n) => netns = Some(n.clone()),
                    None => return usage("-n needs a namespace name"),
                }
            }
            "-h" | "-help" | "--help" => {
                println!("{}", HELP);
                return Ok(());
            }
            o => return usage(format!("Option \"{o}\" is unknown, try \"nl -help\".")),
        }
        i += 1;
    }
    let rest = &args[i..];
    let Some(object) = rest.first() else {
        return usage("missing OBJECT, try \"nl -help\"");
    };
    let verb = rest.get(1).map(String::as_str).unwrap_or("show");
    let tail = if rest.len() > 2 { &rest[2..] } else { &[] };

    if object == "ifaces" {
        return ifaces::ifaces_cmd(&opts, &rest[1..]);
    }
    if matches!(object.as_str(), "netns" | "ns") {
        return netns_cmd(&opts, verb, tail);
    }
    let ns = match &netns {
        Some(n) => Some(
            NetNs::named(n)
                .map_err(|e| Fail::Usage(format!("Cannot open network namespace \"{n}\": {e}")))?,
        ),
        None => None,
    };
    if matches!(object.as_str(), "conntrack" | "ct") {
        let Some(verb) = rest.get(1) else {
            return usage("nl conntrack: missing command, try \"nl -help\"");
        };
        return conntrack::conntrack_cmd(ns.as_ref(), &opts, verb, &rest[2..]);
    }
    if object == "xfrm" {
        return xfrm::xfrm_cmd(ns.as_ref(), opts.json, &rest[1..]);
    }
    if matches!(object.as_str(), "monitor" | "mon") {
        return monitor::monitor_cmd(ns.as_ref(), &opts, &rest[1..]).map(drop);
    }
    // The socket is made inside the namespace by this thread, which goes
    // in and comes back at once: no helper thread to start and wait for
    // (that cost 0.2 to 1.5 ms a command on a busy machine).
    let mut c = match &ns {
        Some(ns) => {
            let _inside = ns.enter().map_err(|e| Fail::Sys(e.into()))?;
            Conn::<Rt>::dial(Config::default())?
        }
        None => Conn::<Rt>::dial(Config::default())?,
    };
    timing::mark("dial");
    let out = match object.as_str() {
        "link" | "l" => link_cmd(&mut c, &opts, verb, tail)?,
        "addr" | "address" | "a" => addr_cmd(&mut c, &opts, verb, tail)?,
        "route" | "r" => route_cmd(&mut c, &opts, verb, tail)?,
        "neigh" | "neighbour" | "neighbor" | "n" => match verb {
            "show" | "list" | "ls" => {
                no_more(tail)?;
                neigh_show(&mut c, &opts)?
            }
            v => return unknown_verb("neigh", v),
        },
        "rule" | "ru" => match verb {
            "show" | "list" | "ls" => {
                no_more(tail)?;
                rule_show(&mut c, &opts)?
            }
            v => return unknown_verb("rule", v),
        },
        o => return usage(format!("Object \"{o}\" is unknown, try \"nl -help\".")),
    };
    let mut so = std::io::stdout().lock();
    // One write of the whole output; a closed pipe is not an error worth
    // reporting.
    timing::mark("format");
    let _ = so.write_all(&out.0);
    let _ = so.flush();
    timing::mark("write");
    Ok(())
}

const HELP: &str = "Usage: nl [-n NETNS] [-j] [-d] [-s] [-4|-6] OBJECT VERB ...
  link show [DEV] | link add NAME type veth peer name PEER [netns NS]
  link add NAME type bridge | link del DEV
  link set DEV { up | down | mtu N | master BR | nomaster | netns NS | name NEW | address MAC }
  addr show [dev DEV] | addr { add | del } PREFIX dev DEV
  route show [table T] | route get ADDR
  route { add | replace | del } PREFIX [via GW] [dev DEV] [table T] [metric N]
  neigh show | rule show | netns { list | add NAME | del NAME }
  monitor [all | link | address | route | neigh | rule | nsid | netconf ...]
  ifaces [--poll PERIOD]
  conntrack { list | get | create | delete | flush | count | stats | events }
    [-f ipv4|ipv6] [-p PROTO] [-s ADDR] [-d ADDR] [--sport P] [--dport P]
    [-m MARK[/MASK]] [-w ZONE] [-t TIMEOUT] [--state STATE] [-u STATUS] [-c COUNT]
  xfrm { state | policy } { list | get | add | update | delete | flush | count } ... | xfrm monitor";
