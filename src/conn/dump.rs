//! Dumps: a lending iterator over a dump's messages, the collecting helpers,
//! and the consistency policy for `NLM_F_DUMP_INTR`.

use std::os::fd::{AsFd, BorrowedFd};

use crate::conn::policy::{DumpPolicy, Dumped, OnInconsistent};
use crate::conn::{Conn, Protocol, Transport};
use crate::error::{Error, Interrupted, Result};
use crate::wire::{Encoder, Flags, Message, MsgType};

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// Starts a dump (`REQUEST | DUMP` added to `flags`) and returns it as
    /// a lending iterator over the reply messages.
    pub fn dump(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<Dump<'_, P, T>> {
        let seq = self.dump_start(kind, flags, build)?;
        Ok(Dump { conn: self, seq })
    }

    /// Runs a dump to its end under the connection's consistency policy,
    /// keeping what `parse` returns for each message (`None`: skip).
    /// Inconsistent dumps are retried; see [`DumpPolicy`].
    ///
    /// Meant for blocking use: after `WouldBlock` or a timeout, calling it
    /// again starts the dump afresh. An event loop drives
    /// [`dump_start`](Self::dump_start) and [`dump_next`](Self::dump_next).
    pub fn dump_collect<U: Send + Sync + 'static>(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl Fn(&mut Encoder<'_>),
        parse: impl FnMut(Message<'_>) -> Result<Option<U>>,
    ) -> Result<Vec<U>> {
        let policy = self.policy;
        self.dump_collect_with(policy, kind, flags, build, parse)
            .map(|d| d.data)
    }

    /// Runs a dump to its end under the connection's consistency policy,
    /// folding each message into an accumulator: `init` makes a fresh one
    /// for each attempt (an inconsistent dump is retried from the start),
    /// `step` adds a message to it. What a collecting list builds on when
    /// it keeps the received bytes rather than one allocation per object.
    pub fn dump_fold<A: Send + Sync + 'static>(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl Fn(&mut Encoder<'_>),
        mut init: impl FnMut() -> A,
        mut step: impl FnMut(&mut A, Message<'_>) -> Result<()>,
    ) -> Result<A> {
        let policy = self.policy;
        self.fold_with(policy, kind, flags, build, &mut init, &mut step)
            .map(|d| d.data)
    }

    fn fold_with<A: Send + Sync + 'static>(
        &mut self,
        policy: DumpPolicy,
        kind: MsgType,
        flags: Flags,
        build: impl Fn(&mut Encoder<'_>),
        mut init: impl FnMut() -> A,
        mut step: impl FnMut(&mut A, Message<'_>) -> Result<()>,
    ) -> Result<Dumped<A>> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut acc = init();
            let mut dump = self.dump(kind, flags, &build)?;
            while let Some(m) = dump.next() {
                step(&mut acc, m?)?;
            }
            let consistent = !dump.interrupted();
            drop(dump);
            match policy.decide(consistent, attempts, acc) {
                None => self.stats.dump_retries += 1,
                Some(done) => {
                    if matches!(&done, Ok(d) if !d.consistent) {
                        self.stats.dumps_inconsistent += 1;
                    }
                    return done;
                }
            }
        }
    }

    /// [`dump_collect`](Self::dump_collect) with an explicit policy,
    /// returning whether the result is consistent and how many attempts it
    /// took.
    pub fn dump_collect_with<U: Send + Sync + 'static>(
        &mut self,
        policy: DumpPolicy,
        kind: MsgType,
        flags: Flags,
        build: impl Fn(&mut Encoder<'_>),
        mut parse: impl FnMut(Message<'_>) -> Result<Option<U>>,
    ) -> Result<Dumped<Vec<U>>> {
        self.fold_with(policy, kind, flags, build, Vec::new, |data, m| {
            if let Some(u) = parse(m)? {
                data.push(u);
            }
            Ok(())
        })
    }
}

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// Streams a dump: `each` sees every message as it arrives, borrowed,
    /// nothing collected. A streamed dump cannot be retried once something
    /// was handed out, so `NLM_F_DUMP_INTR` is reported instead, as the
    /// policy says: with [`OnInconsistent::Error`] (the default) the call
    /// ends in [`Error::DumpInterrupted`] after the last message (what was
    /// handed out may be inconsistent); with [`OnInconsistent::Accept`] it
    /// returns `consistent: false`. An error from `each` ends the dump
    /// (without blocking) and is returned.
    pub fn dump_each(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
        mut each: impl FnMut(Message<'_>) -> Result<()>,
    ) -> Result<Dumped<()>> {
        let mut dump = self.dump(kind, flags, build)?;
        while let Some(m) = dump.next() {
            each(m?)?;
        }
        let consistent = !dump.interrupted();
        drop(dump);
        if consistent {
            return Ok(Dumped {
                data: (),
                consistent,
                attempts: 1,
            });
        }
        match self.policy.on_inconsistent {
            OnInconsistent::Accept => {
                self.stats.dumps_inconsistent += 1;
                Ok(Dumped {
                    data: (),
                    consistent,
                    attempts: 1,
                })
            }
            OnInconsistent::Error => Err(Error::DumpInterrupted(Box::new(Interrupted::new(1, ())))),
        }
    }
}

/// A dump in progress: a lending iterator over its reply messages, each
/// borrowed from the connection's receive buffer.
///
/// `WouldBlock` and timeouts do not end it: poll its fd ([`AsFd`]) and call
/// [`next`](Self::next) again. Dropping it before its end never blocks: the
/// connection discards the rest of the dump when it next reads.
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
}

impl<P: Protocol, T: Transport> Dump<'_, P, T> {
    /// The next message of the dump; `None` after `NLMSG_DONE`. A kernel
    /// error (an `NLMSG_ERROR`, or a `DONE` with an errno), a malformed
    /// message or an I/O error ends the dump and is returned once;
    /// `WouldBlock` and timeouts do not end it.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Result<Message<'_>>> {
        if self.is_done() {
            return None;
        }
        self.conn.dump_next()
    }

    /// True once any message of this dump (`DONE` included) carried
    /// `NLM_F_DUMP_INTR`. Final only after `next` returned `None`.
    pub fn interrupted(&self) -> bool {
        self.conn.dump_interrupted()
    }

    /// True once the dump has ended.
    pub fn is_done(&self) -> bool {
        self.conn.pending().is_none_or(|p| p.seq != self.seq)
    }

    /// Reads the rest of the dump; returns whether it was interrupted.
    pub fn finish(mut self) -> Result<bool> {
        while let Some(r) = self.next() {
            r?;
        }
        Ok(self.interrupted())
    }
}

impl<P: Protocol, T: Transport> Drop for Dump<'_, P, T> {
    fn drop(&mut self) {
        if !self.is_done() {
            self.conn.abandon();
        }
    }
}

impl<P: Protocol, T: Transport + AsFd> AsFd for Dump<'_, P, T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.conn.as_fd()
    }
}
