//! Links printed while they are dumped. The kernel fills a dump inside
//! the reader's `recvmsg`, so the thread that reads is busy in the kernel
//! for most of a link dump; a second thread formats what has arrived.
//! Whether that saves time depends on the machine: on one two-core VM the
//! formatting cost no time of its own, on another the reading thread
//! slowed by about as long as the formatting took (docs/benchmarks.md).

use std::collections::VecDeque;
use std::sync::mpsc;

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::link::{IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS};
use nlstack::route::{Link, LinkMsg};
use nlstack::wire::{Flags, IfInfoMsg, List, MsgType};

use crate::args::Res;
use crate::link_names::{Names, named_parent};

/// Links handed to the printing thread at a time.
const BATCH: usize = 64;

/// True once the links `l` names (its parent, its master) are known, as
/// its line names them; a link outside the dump is only known to be
/// missing when the dump is over.
fn ready(l: &LinkMsg<&[u8]>, names: &Names) -> bool {
    [named_parent(l), l.master()]
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
///
/// The reading thread only parses each message and copies it into a
/// [`List`] of 64 links (one allocation per chunk of bytes, not per
/// link); the printing thread reads views over the lists it is handed,
/// and drops each list once every link in it is printed.
pub(crate) fn stream_rows(
    c: &mut Conn<Rt>,
    stats: bool,
    mut print: impl FnMut(&LinkMsg<&[u8]>, &Names) -> bool + Send,
) -> Res<bool> {
    let (tx, rx) = mpsc::channel::<List<Link>>();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut names = Names::new();
            // The lists not yet printed through; `first` numbers the
            // front one.
            let mut lists: VecDeque<List<Link>> = VecDeque::new();
            let mut first = 0;
            // The links waiting to be printed: (list number, place).
            let mut waiting: VecDeque<(usize, usize)> = VecDeque::new();
            let mut printing = true;
            for list in rx {
                for (i, l) in list.iter().enumerate() {
                    names.insert(l.index(), (l.name(), l.flags()));
                    waiting.push_back((first + lists.len(), i));
                }
                lists.push_back(list);
                while printing {
                    let Some(&(k, i)) = waiting.front() else {
                        break;
                    };
                    let Some(l) = lists[k - first].get(i) else {
                        break;
                    };
                    if !ready(&l, &names) {
                        break;
                    }
                    waiting.pop_front();
                    printing = print(&l, &names);
                }
                if !printing {
                    // Stdout is closed: keep reading (the dump must be
                    // drained) but hold on to nothing.
                    waiting.clear();
                }
                while waiting.front().is_none_or(|&(k, _)| k > first) && !lists.is_empty() {
                    lists.pop_front();
                    first += 1;
                }
            }
            // The dump is over: whatever a link names is known or absent.
            if printing {
                for &(k, i) in &waiting {
                    let Some(l) = lists[k - first].get(i) else {
                        continue;
                    };
                    if !print(&l, &names) {
                        break;
                    }
                }
            }
        });
        let mask = if stats { 0 } else { RTEXT_FILTER_SKIP_STATS };
        let mut list = List::new();
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
                    list.push(&LinkMsg::parse(m.payload())?);
                    if list.len() == BATCH {
                        // The printer stops reading only when stdout is
                        // closed: nothing is lost then.
                        let _ = tx.send(std::mem::take(&mut list));
                    }
                }
                Ok(())
            },
        );
        let _ = tx.send(list);
        drop(tx);
        match dumped {
            Ok(_) => Ok(false),
            Err(nlstack::Error::DumpInterrupted(_)) => Ok(true),
            Err(e) => Err(e.into()),
        }
    })
}
