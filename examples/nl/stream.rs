//! Links printed while they are dumped. The kernel fills a dump inside
//! the reader's `recvmsg`, so the thread that reads is busy in the kernel
//! for most of a link dump; a second thread formats what has arrived, and
//! the formatting costs no time of its own on a machine with two cores.

use std::collections::VecDeque;
use std::sync::mpsc;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::LinkMsg;
use nlstack::route::link::{IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS};
use nlstack::wire::{Flags, IfInfoMsg, MsgType};

use crate::args::Res;
use crate::link::{LinkRow, Names, named_parent};

/// Rows handed to the printing thread at a time.
const BATCH: usize = 64;

/// True once the links `r` names (its parent, its master) are known, as
/// its line names them; a link outside the dump is only known to be
/// missing when the dump is over.
fn ready(r: &LinkRow, names: &Names) -> bool {
    [named_parent(&r.link), r.link.master()]
        .into_iter()
        .flatten()
        .all(|i| names.contains_key(&i))
}

/// Dumps every link (statistics only if `stats`) and calls `print` on a
/// second thread for each, in the dump's order, with the names of the
/// links that have arrived, as soon as the links it names are among them
/// (or the dump is over). `print` returns false to stop printing (stdout
/// closed). Returns whether the kernel marked the dump interrupted: a
/// dump printed as it arrives cannot be retried.
pub(crate) fn stream_rows(
    c: &mut Conn<Rt>,
    stats: bool,
    mut print: impl FnMut(&LinkRow, &Names) -> bool + Send,
) -> Res<bool> {
    let (tx, rx) = mpsc::channel::<Vec<LinkRow>>();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut names = Names::new();
            let mut waiting: VecDeque<LinkRow> = VecDeque::new();
            let mut printing = true;
            for batch in rx {
                for r in &batch {
                    names.insert(r.link.index(), (r.link.name(), r.link.flags()));
                }
                waiting.extend(batch);
                while printing && waiting.front().is_some_and(|r| ready(r, &names)) {
                    let r = waiting.pop_front().expect("a waiting row");
                    printing = print(&r, &names);
                }
            }
            // The dump is over: whatever a row names is known or absent.
            if printing {
                for r in &waiting {
                    if !print(r, &names) {
                        break;
                    }
                }
            }
        });
        let mask = if stats { 0 } else { RTEXT_FILTER_SKIP_STATS };
        let mut batch = Vec::with_capacity(BATCH);
        let dumped = c.dump_each(
            MsgType::RTM_GETLINK,
            Flags::empty(),
            |e| {
                e.header(&IfInfoMsg::default());
                if mask != 0 {
                    e.put_u32(IFLA_EXT_MASK, mask);
                }
            },
            |m| {
                if m.kind() == MsgType::RTM_NEWLINK {
                    batch.push(LinkRow::from_view(&LinkMsg::parse(m.payload())?));
                    if batch.len() == BATCH {
                        // The printer stops reading only when stdout is
                        // closed: nothing is lost then.
                        let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                }
                Ok(())
            },
        );
        let _ = tx.send(batch);
        drop(tx);
        match dumped {
            Ok(_) => Ok(false),
            Err(nlstack::Error::DumpInterrupted(_)) => Ok(true),
            Err(e) => Err(e.into()),
        }
    })
}
