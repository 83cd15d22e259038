//! `NLSTACK_DEBUG=1`: every datagram sent and received, decoded, on stderr.

use std::fmt::Write;

use crate::conn::Protocol;
use crate::sys::RecvMeta;
use crate::wire::{Attrs, FlagContext, Messages};

pub(crate) fn datagram<P: Protocol>(dir: &str, bytes: &[u8], meta: Option<&RecvMeta>) {
    let mut out = String::new();
    let _ = write!(out, "nlstack {} {dir} {} bytes", P::NAME, bytes.len());
    if let Some(m) = meta {
        let _ = write!(out, " from port {}", m.from.port);
        if let Some(g) = m.group.filter(|&g| g != 0) {
            let _ = write!(out, " group {g}");
        }
        if let Some(n) = m.nsid {
            let _ = write!(out, " nsid {n}");
        }
    }
    out.push('\n');
    for m in Messages::new(bytes) {
        let m = match m {
            Ok(m) => m,
            Err(e) => {
                let _ = writeln!(out, "  ! {e}");
                break;
            }
        };
        let _ = write!(out, "  {:?} flags ", m.kind());
        let _ = m.flags().names(FlagContext::for_rtnl(m.kind()), &mut out);
        let _ = write!(
            out,
            " seq {} port {} len {}",
            m.seq(),
            m.port(),
            m.bytes().len()
        );
        match m.control() {
            Ok(Some(c)) => {
                let _ = write!(out, " {c:?}");
            }
            Ok(None) => {
                let fixed = P::header_len(m.kind());
                if let Ok(a) = m.attrs(fixed) {
                    out.push_str(" attrs");
                    attrs(&mut out, a, 0);
                }
            }
            Err(e) => {
                let _ = write!(out, " ! {e}");
            }
        }
        out.push('\n');
    }
    eprint!("{out}");
}

fn attrs(out: &mut String, a: Attrs<'_>, depth: usize) {
    out.push_str(" {");
    for a in a {
        match a {
            Ok(a) => {
                let _ = write!(out, " {}:{}", a.kind(), a.value().len());
                if a.is_nested() && depth < 8 {
                    attrs(out, a.nested(), depth + 1);
                }
            }
            Err(e) => {
                let _ = write!(out, " ! {e}");
            }
        }
    }
    out.push_str(" }");
}
