//! Dumps: a lending iterator that always reads to `NLMSG_DONE`, and the
//! consistency policy for `NLM_F_DUMP_INTR`.

use crate::conn::{Conn, Protocol, Transport};
use crate::error::{Error, Interrupted, Result};
use crate::wire::{Control, Flags, Message};

/// What to do when a dump stays inconsistent for every allowed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnInconsistent {
    /// Return [`Error::DumpInterrupted`], which still carries the last
    /// attempt's data.
    #[default]
    Error,
    /// Return the last attempt's data, marked inconsistent in [`Dumped`].
    Accept,
}

/// The dump-consistency policy: the kernel sets `NLM_F_DUMP_INTR` on a
/// dump's messages (or only on its `NLMSG_DONE`) when the table changed
/// while it was being read. The whole dump is then retried, up to
/// `max_attempts` times in all; after that `on_inconsistent` decides.
///
/// ```
/// use nlstack::conn::{DumpPolicy, OnInconsistent};
/// let p = DumpPolicy::default();
/// assert_eq!((p.max_attempts, p.on_inconsistent), (5, OnInconsistent::Error));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DumpPolicy {
    /// Dumps attempted at most (at least 1).
    pub max_attempts: u32,
    /// What happens when every attempt was inconsistent.
    pub on_inconsistent: OnInconsistent,
}

impl Default for DumpPolicy {
    fn default() -> Self {
        DumpPolicy {
            max_attempts: 5,
            on_inconsistent: OnInconsistent::Error,
        }
    }
}

impl DumpPolicy {
    /// `None` to try again; otherwise the outcome.
    pub(crate) fn decide<T: Send + Sync + 'static>(
        &self,
        consistent: bool,
        attempts: u32,
        data: T,
    ) -> Option<Result<Dumped<T>>> {
        if consistent {
            return Some(Ok(Dumped {
                data,
                consistent,
                attempts,
            }));
        }
        if attempts < self.max_attempts.max(1) {
            return None;
        }
        Some(match self.on_inconsistent {
            OnInconsistent::Accept => Ok(Dumped {
                data,
                consistent,
                attempts,
            }),
            OnInconsistent::Error => Err(Error::DumpInterrupted(Box::new(Interrupted::new(
                attempts, data,
            )))),
        })
    }
}

/// A dump's result with its consistency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dumped<T> {
    /// The data.
    pub data: T,
    /// False when every attempt was interrupted and the policy accepted it.
    pub consistent: bool,
    /// Dumps it took.
    pub attempts: u32,
}

/// A dump in progress: a lending iterator over its reply messages, each
/// borrowed from the connection's receive buffer.
///
/// Dropping it early reads the rest of the dump to its `NLMSG_DONE`, so the
/// connection is never left out of step.
///
/// ```no_run
/// # use nlstack::conn::{Config, Conn, Route};
/// # use nlstack::wire::{Flags, IfInfoMsg, MsgType};
/// let mut conn = Conn::<Route>::dial(Config::default())?;
/// let mut dump = conn.dump(MsgType::RTM_GETLINK, Flags::empty(), |e| {
///     e.header(&IfInfoMsg::default());
/// })?;
/// while let Some(msg) = dump.next() {
///     println!("{} bytes", msg?.bytes().len());
/// }
/// assert!(!dump.interrupted());
/// # Ok::<(), nlstack::Error>(())
/// ```
pub struct Dump<'c, P: Protocol, T: Transport> {
    conn: &'c mut Conn<P, T>,
    seq: u32,
    done: bool,
    interrupted: bool,
}

impl<'c, P: Protocol, T: Transport> Dump<'c, P, T> {
    pub(crate) fn new(conn: &'c mut Conn<P, T>, seq: u32) -> Self {
        Dump {
            conn,
            seq,
            done: false,
            interrupted: false,
        }
    }

    /// The next object of the dump; `None` after `NLMSG_DONE`. A kernel
    /// error (an `NLMSG_ERROR`, or a `DONE` with an errno) ends the dump
    /// and is returned once. An I/O error ends it too.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<Message<'_>>> {
        loop {
            if self.done {
                return None;
            }
            let (s, e) = match self.conn.next_reply(self.seq) {
                Ok(b) => b,
                Err(err) => {
                    // The socket may be out of step now; stale replies are
                    // filtered by sequence number on the next request.
                    if !matches!(err, Error::Decode(_)) {
                        self.done = true;
                    }
                    return Some(Err(err));
                }
            };
            // `next_reply` has checked the message's bounds.
            let m = Message::checked(&self.conn.rx[s..e]);
            if m.flags().contains(Flags::DUMP_INTR) {
                self.interrupted = true;
            }
            // Returned views borrow `rx` afresh: returning `m` from inside
            // the loop would keep `rx` borrowed across `next_reply` (the
            // borrow checker's conditional-return limitation).
            if !m.kind().is_control() {
                return Some(Ok(Message::checked(&self.conn.rx[s..e])));
            }
            match m.control() {
                Ok(None) => {}
                Ok(Some(Control::Done(d))) => {
                    self.done = true;
                    if d.errno != 0 {
                        return Some(Err(d.ext.to_kernel_error(d.errno, None).into()));
                    }
                    return None;
                }
                Ok(Some(Control::Error(err))) => {
                    self.done = true;
                    return Some(Err(self.conn.kernel_error(&err)));
                }
                Ok(Some(_)) => continue,
                Err(err) => return Some(Err(err)),
            }
            return Some(Ok(Message::checked(&self.conn.rx[s..e])));
        }
    }

    /// True once any message of this dump (`DONE` included) carried
    /// `NLM_F_DUMP_INTR`. Final only after `next` returned `None`.
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    /// True once the dump has ended.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Reads the rest of the dump; returns whether it was interrupted.
    pub fn finish(mut self) -> Result<bool> {
        while let Some(r) = self.next() {
            r?;
        }
        Ok(self.interrupted)
    }
}

impl<P: Protocol, T: Transport> Drop for Dump<'_, P, T> {
    fn drop(&mut self) {
        while let Some(r) = self.next() {
            drop(r);
        }
    }
}
