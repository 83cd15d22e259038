//! Arguments: failures, options, and parsing of the words `ip` takes.

use std::net::IpAddr;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::netns::NetNs;
use nlstack::route::Prefix;

pub(crate) const AF_INET: u8 = libc::AF_INET as u8;
pub(crate) const AF_INET6: u8 = libc::AF_INET6 as u8;

/// What went wrong: bad input (exit 1) or the kernel said no (exit 2).
pub(crate) enum Fail {
    Usage(String),
    Sys(nlstack::Error),
    /// Output was printed but cannot be trusted (exit 2).
    Inconsistent(String),
}

impl From<nlstack::Error> for Fail {
    fn from(e: nlstack::Error) -> Fail {
        Fail::Sys(e)
    }
}

pub(crate) type Res<T> = Result<T, Fail>;

pub(crate) fn usage<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail::Usage(msg.into()))
}

pub(crate) struct Opts {
    pub(crate) json: bool,
    pub(crate) family: Option<u8>,
    /// `-d`: details (`linkinfo` and the numbers after the link line).
    pub(crate) details: bool,
    /// `-s`: statistics (`stats64`).
    pub(crate) stats: bool,
}

/// The command line as given (bytes) and as text: an argument that is not
/// UTF-8 is parsed as text with U+FFFD in place of its bad bytes, and where
/// it names a device, [`raw`] gives its bytes back.
static ARGS: std::sync::OnceLock<(Vec<String>, Vec<std::ffi::OsString>)> =
    std::sync::OnceLock::new();

/// Keeps the command line; returns it as text for parsing.
pub(crate) fn set_args(raw: Vec<std::ffi::OsString>) -> &'static [String] {
    let text = raw
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    &ARGS.get_or_init(|| (text, raw)).0
}

/// The bytes of an argument: `s` must be one of the strings [`set_args`]
/// returned (the same one, not a copy) to get bytes that are not UTF-8
/// back; any other string is its own bytes.
pub(crate) fn raw(s: &str) -> &[u8] {
    use std::os::unix::ffi::OsStrExt as _;
    if let Some((text, raw)) = ARGS.get() {
        for (t, r) in text.iter().zip(raw) {
            if std::ptr::eq(t.as_ptr(), s.as_ptr()) && t.len() == s.len() {
                return r.as_bytes();
            }
        }
    }
    s.as_bytes()
}

pub(crate) fn unknown_verb<T>(object: &str, verb: &str) -> Res<T> {
    usage(format!(
        "Command \"{verb}\" is unknown for \"{object}\", try \"nl -help\"."
    ))
}

pub(crate) fn no_more(tail: &[String]) -> Res<()> {
    match tail.first() {
        Some(a) => usage(format!("Unexpected argument \"{a}\"")),
        None => Ok(()),
    }
}

pub(crate) fn need<'a>(tail: &'a [String], i: usize, what: &str) -> Res<&'a str> {
    match tail.get(i) {
        Some(s) => Ok(s),
        None => usage(format!("Missing {what}")),
    }
}

pub(crate) fn parse_num<T: std::str::FromStr>(s: &str, what: &str) -> Res<T> {
    s.parse()
        .map_err(|_| Fail::Usage(format!("Error: argument \"{s}\" is wrong: invalid {what}")))
}

pub(crate) fn parse_prefix(s: &str) -> Res<Prefix> {
    s.parse().map_err(|_| {
        Fail::Usage(format!(
            "Error: any valid prefix is expected rather than \"{s}\"."
        ))
    })
}

pub(crate) fn parse_ip(s: &str) -> Res<IpAddr> {
    s.parse().map_err(|_| {
        Fail::Usage(format!(
            "Error: any valid address is expected rather than \"{s}\"."
        ))
    })
}

pub(crate) fn parse_table(s: &str) -> Res<Option<u32>> {
    Ok(Some(match s {
        "all" => return Ok(None),
        "main" => 254,
        "local" => 255,
        "default" => 253,
        n => n.parse().map_err(|_| {
            Fail::Usage(format!(
                "Error: argument \"{n}\" is wrong: table id value is invalid"
            ))
        })?,
    }))
}

pub(crate) fn index_of(c: &mut Conn<Rt>, name: &str) -> Res<u32> {
    match c.link_by_name(raw(name)) {
        Ok(l) => Ok(l.index()),
        Err(e) if e.errno() == Some(libc::ENODEV) || e.is_not_found() => {
            usage(format!("Cannot find device \"{name}\""))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn open_ns(name: &str) -> Res<NetNs> {
    NetNs::named(name)
        .map_err(|e| Fail::Usage(format!("Cannot open network namespace \"{name}\": {e}")))
}
