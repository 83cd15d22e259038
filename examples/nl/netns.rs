//! `nl netns`: list, add, del.

use std::fmt::Write as _;
use std::io::Write as _;

use nlstack::netns::NetNs;

use crate::args::{Fail, Opts, Res, need, no_more, unknown_verb};
use crate::json::{Fields, Out, V, json_list};

pub(crate) fn netns_cmd(o: &Opts, verb: &str, t: &[String]) -> Res<()> {
    match verb {
        "list" | "show" | "ls" => {
            no_more(t)?;
            let mut l = NetNs::list().map_err(|e| Fail::Sys(e.into()))?;
            l.sort();
            let mut out = Out::new();
            if o.json {
                let rows: Vec<Fields> = l.iter().map(|n| vec![("name", V::S(n.clone()))]).collect();
                json_list(&mut out, &rows);
                out.push('\n');
            } else {
                for n in &l {
                    let _ = writeln!(out, "{n}");
                }
            }
            let _ = std::io::stdout().lock().write_all(&out.0);
            Ok(())
        }
        "add" => {
            let n = need(t, 0, "namespace name")?;
            no_more(&t[1..])?;
            NetNs::create(n)
                .map(drop)
                .map_err(|e| Fail::Usage(format!("Cannot create namespace \"{n}\": {e}")))
        }
        "del" | "delete" => {
            let n = need(t, 0, "namespace name")?;
            no_more(&t[1..])?;
            NetNs::delete(n)
                .map_err(|e| Fail::Usage(format!("Cannot remove namespace \"{n}\": {e}")))
        }
        v => unknown_verb("netns", v),
    }
}
