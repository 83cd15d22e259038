//! Exchanges as state the connection keeps: a request, an ack or a dump in
//! progress survives `WouldBlock` and timeouts, so an event loop can poll
//! the fd and call again; an abandoned one never blocks.

use crate::conn::pending::{Exchange, Pending};
use crate::conn::validate::{check_reply, check_sender};
use crate::conn::{Conn, Protocol, Transport};
use crate::error::{Error, Result};
use crate::wire::{Control, Encoder, ErrorMsg, Flags, Message, Messages, MsgType, align};

/// Errors after which an exchange goes on: nothing was read, so calling
/// again (after polling the fd) continues where it stopped.
fn resumable(e: &Error) -> bool {
    e.is_would_block() || e.is_timeout()
}

/// What one reply message means to the exchange reading it.
enum Step {
    /// A data message at these bounds of `rx`.
    Data(usize, usize),
    /// Nothing for the caller (a `NOOP`, an ack inside a dump).
    Skip,
}

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// The exchange in progress, if any.
    pub fn pending(&self) -> Option<Pending> {
        self.pending
    }

    /// Abandons the exchange in progress, without blocking: whatever still
    /// arrives for it is discarded (and counted in
    /// [`Stats::discarded`](crate::conn::Stats::discarded)) when the
    /// connection next reads.
    pub fn abandon(&mut self) {
        if let Some(p) = self.pending.take() {
            self.abandoned = Some(p.seq);
            if p.kind == Exchange::Dump {
                self.draining = Some(p.seq);
            }
        }
    }

    /// Reads what is left of an abandoned dump up to its end. The kernel
    /// runs one dump per socket at a time (another dump request fails with
    /// `EBUSY` meanwhile) and makes each datagram of it as the previous one
    /// is read, so this reads without waiting; it is done only before
    /// another dump starts.
    fn drain(&mut self) -> Result<()> {
        while let Some(seq) = self.draining {
            let (s, e) = self.next_reply(seq)?;
            self.stats.discarded += 1;
            let kind = Message::checked_at(&self.rx[s..e], s).kind();
            if kind == MsgType::NLMSG_DONE || kind == MsgType::NLMSG_ERROR {
                self.draining = None;
            }
        }
        Ok(())
    }

    fn begin(
        &mut self,
        exchange: Exchange,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<u32> {
        if exchange == Exchange::Dump {
            self.abandon();
            if let Err(e) = self.drain() {
                if !resumable(&e) {
                    // Whatever went wrong, that dump is gone.
                    self.draining = None;
                }
                return Err(e);
            }
        }
        let seq = self.send_request(kind, flags, build)?;
        self.pending = Some(Pending {
            seq,
            kind: exchange,
        });
        if exchange == Exchange::Dump {
            self.dump_intr = false;
        }
        Ok(seq)
    }

    /// The sequence number of the exchange of `kind` in progress, or
    /// [`Error::NoExchange`].
    fn current(&self, kind: Exchange) -> Result<u32> {
        match self.pending {
            Some(p) if p.kind == kind => Ok(p.seq),
            _ => Err(Error::NoExchange),
        }
    }

    /// Ends the exchange in progress unless `e` lets it go on, and passes
    /// `e` through.
    fn fail(&mut self, e: Error) -> Error {
        if !resumable(&e) {
            self.abandon();
        }
        e
    }

    /// Sends a request that changes something, with `NLM_F_ACK`, and waits
    /// for the kernel's answer: `Ok` or the kernel error with its
    /// extended-ack text and the attribute it points at.
    ///
    /// After a timeout or `WouldBlock` the ack is still awaited: call
    /// [`ack_finish`](Self::ack_finish) to go on waiting.
    pub fn ack(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<()> {
        self.ack_start(kind, flags, build)?;
        self.ack_finish()
    }

    /// Sends a change with `NLM_F_ACK` and returns its sequence number
    /// without waiting; [`ack_finish`](Self::ack_finish) reads the answer.
    pub fn ack_start(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<u32> {
        self.begin(Exchange::Ack, kind, flags | Flags::ACK, build)
    }

    /// Waits for (or, non-blocking, checks for) the acknowledgement of the
    /// change in progress. Messages that come before it (what `NLM_F_ECHO`
    /// sends back) are skipped.
    pub fn ack_finish(&mut self) -> Result<()> {
        self.ack_finish_each(|_| Ok(()))
    }

    /// Like [`ack_finish`](Self::ack_finish), handing each message that
    /// comes before the acknowledgement (what `NLM_F_ECHO` sends back) to
    /// `each`. An error from `each` abandons the exchange and is returned.
    pub fn ack_finish_each(
        &mut self,
        mut each: impl FnMut(Message<'_>) -> Result<()>,
    ) -> Result<()> {
        let seq = self.current(Exchange::Ack)?;
        loop {
            let (s, e) = self.next_reply(seq).map_err(|e| self.fail(e))?;
            let m = Message::checked_at(&self.rx[s..e], s);
            match m.control() {
                Ok(None) => {
                    if let Err(err) = each(m) {
                        self.abandon();
                        return Err(err);
                    }
                }
                Ok(Some(Control::Ack(a))) => {
                    self.warning = a.ext.msg.map(str::to_owned);
                    self.pending = None;
                    return Ok(());
                }
                Ok(Some(Control::Error(err))) => {
                    let err = self.kernel_error(&err, 0, self.tx.len());
                    self.pending = None;
                    return Err(err);
                }
                Ok(Some(_)) => {}
                Err(err) => return Err(self.fail(err)),
            }
        }
    }

    /// Sends a change with `NLM_F_ACK | NLM_F_ECHO` and keeps what `keep`
    /// returns for the messages the kernel echoes back (the object as it
    /// was made: a new link with its index, an address, a route) before
    /// its acknowledgement. `Ok(None)` when the kernel echoed nothing.
    pub fn echo<U>(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
        mut keep: impl FnMut(Message<'_>) -> Result<Option<U>>,
    ) -> Result<Option<U>> {
        self.ack_start(kind, flags | Flags::ECHO, build)?;
        let mut kept = None;
        self.ack_finish_each(|m| {
            if let Some(u) = keep(m)? {
                kept = Some(u);
            }
            Ok(())
        })?;
        Ok(kept)
    }

    /// Sends a request that has one reply (a GET for one object) and
    /// returns it, borrowed from the receive buffer. A kernel error is
    /// returned as one. After a timeout or `WouldBlock`,
    /// [`request_finish`](Self::request_finish) goes on waiting.
    pub fn request(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<Message<'_>> {
        self.request_start(kind, flags, build)?;
        self.request_finish()
    }

    /// Sends a request with one reply without waiting for it.
    pub fn request_start(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<u32> {
        self.begin(Exchange::Request, kind, flags, build)
    }

    /// Waits for (or, non-blocking, checks for) the reply to the request in
    /// progress.
    pub fn request_finish(&mut self) -> Result<Message<'_>> {
        let seq = self.current(Exchange::Request)?;
        let (s, e) = loop {
            let (s, e) = self.next_reply(seq).map_err(|e| self.fail(e))?;
            let m = Message::checked_at(&self.rx[s..e], s);
            match m.control() {
                Ok(None) => break (s, e),
                Ok(Some(Control::Error(err))) => {
                    let err = self.kernel_error(&err, 0, self.tx.len());
                    self.pending = None;
                    return Err(err);
                }
                Ok(Some(Control::Done(d))) if d.errno != 0 => {
                    self.pending = None;
                    return Err(d.ext.to_kernel_error(d.errno, None).into());
                }
                Ok(Some(_)) => {}
                Err(err) => return Err(self.fail(err)),
            }
        };
        // One reply: the exchange is over; anything after it is discarded.
        self.abandon();
        Ok(Message::checked_at(&self.rx[s..e], s))
    }

    /// Starts a dump (`REQUEST | DUMP` added to `flags`) without reading
    /// it; [`dump_next`](Self::dump_next) hands out its messages.
    pub fn dump_start(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<u32> {
        self.begin(Exchange::Dump, kind, flags | Flags::DUMP, build)
    }

    /// The next message of the dump in progress; `None` once it ended (or
    /// when no dump is in progress). A kernel error (an `NLMSG_ERROR`, or a
    /// `DONE` with an errno), a malformed message or an I/O error ends the
    /// dump and is returned once. `WouldBlock` and timeouts do not: call
    /// again when the fd is readable, and the dump continues with the next
    /// message, none lost or handed out twice.
    pub fn dump_next(&mut self) -> Option<Result<Message<'_>>> {
        let seq = self.current(Exchange::Dump).ok()?;
        loop {
            match self.dump_step(seq) {
                Ok(Some(Step::Data(s, e))) => {
                    return Some(Ok(Message::checked_at(&self.rx[s..e], s)));
                }
                Ok(Some(Step::Skip)) => {}
                Ok(None) => return None,
                Err(err) => return Some(Err(err)),
            }
        }
    }

    /// True once any message of the current or last dump (`DONE` included)
    /// carried `NLM_F_DUMP_INTR`: its result may be inconsistent.
    pub fn dump_interrupted(&self) -> bool {
        self.dump_intr
    }

    /// One message of the dump `seq`: `Ok(None)` at its end.
    fn dump_step(&mut self, seq: u32) -> Result<Option<Step>> {
        let (s, e) = self.next_reply(seq).map_err(|e| self.fail(e))?;
        let m = Message::checked_at(&self.rx[s..e], s);
        if m.flags().contains(Flags::DUMP_INTR) {
            self.dump_intr = true;
        }
        if !m.kind().is_control() {
            return Ok(Some(Step::Data(s, e)));
        }
        match m.control() {
            Ok(Some(Control::Done(d))) => {
                self.pending = None;
                if d.errno != 0 {
                    return Err(d.ext.to_kernel_error(d.errno, None).into());
                }
                Ok(None)
            }
            Ok(Some(Control::Error(err))) => {
                let err = self.kernel_error(&err, 0, self.tx.len());
                self.pending = None;
                Err(err)
            }
            Ok(_) => Ok(Some(Step::Skip)),
            Err(err) => Err(self.fail(err)),
        }
    }

    /// Receives datagrams until one from the kernel, unicast, is in `rx`.
    pub(crate) fn fill(&mut self) -> Result<()> {
        loop {
            self.recv_kernel()?;
            // What NLM_F_ECHO sends back is the notification itself, sent
            // to us by unicast but still marked with its group.
            if check_sender(&self.meta).is_ok() || self.echoing {
                return Ok(());
            }
            self.stats.multicast += 1;
        }
    }

    /// The bounds in `rx` of the next message of the reply to `seq`,
    /// receiving more datagrams as needed. Messages with another sequence
    /// number or port are dropped and counted; `NLMSG_OVERRUN` is an error.
    pub(crate) fn next_reply(&mut self, seq: u32) -> Result<(usize, usize)> {
        self.next_matching(|s| s == seq)
    }

    /// Like [`next_reply`](Self::next_reply) for any sequence number that
    /// `want` accepts.
    pub(crate) fn next_matching(&mut self, want: impl Fn(u32) -> bool) -> Result<(usize, usize)> {
        loop {
            if self.rx_pos >= self.rx.len() {
                self.fill()?;
            }
            let at = self.rx_pos;
            let rest = &self.rx[at..];
            match Messages::new(rest).next() {
                None => self.rx_pos = self.rx.len(),
                Some(Err(e)) => {
                    self.rx_pos = self.rx.len();
                    return Err(offset_by(e, at));
                }
                Some(Ok(m)) => {
                    let len = m.bytes().len();
                    self.rx_pos = at + align(len).min(rest.len());
                    if m.kind() == MsgType::NLMSG_OVERRUN {
                        self.stats.overruns += 1;
                        return Err(Error::Overrun);
                    }
                    if want(m.seq()) && check_reply(&m, m.seq(), self.port).is_ok() {
                        return Ok((at, at + len));
                    }
                    let (seq, kind) = (m.seq(), m.kind());
                    self.refuse(seq, kind);
                }
            }
        }
    }

    /// Counts a message that no exchange takes: the rest of an abandoned
    /// one (noting when an abandoned dump has ended), or stale.
    fn refuse(&mut self, seq: u32, kind: MsgType) {
        if self.draining == Some(seq) {
            self.stats.discarded += 1;
            if kind == MsgType::NLMSG_DONE || kind == MsgType::NLMSG_ERROR {
                self.draining = None;
            }
        } else if self.abandoned == Some(seq) {
            self.stats.discarded += 1;
        } else {
            self.stats.stale += 1;
        }
    }

    /// Skips what is left of the datagram in `rx`, counting each message
    /// as [`refuse`](Self::refuse) does.
    pub(crate) fn skip_rest(&mut self) {
        while let Some(Ok(m)) = self
            .rx
            .get(self.rx_pos..)
            .and_then(|r| Messages::new(r).next())
        {
            let (seq, kind, len) = (m.seq(), m.kind(), m.bytes().len());
            self.rx_pos += align(len);
            self.refuse(seq, kind);
        }
        self.rx_pos = self.rx.len();
    }

    /// The kernel error `err`, with its offset resolved in the request at
    /// `tx[start..end]`.
    pub(crate) fn kernel_error(&self, err: &ErrorMsg<'_>, start: usize, end: usize) -> Error {
        let fixed = P::header_len(err.request.kind);
        let req = self.tx.get(start..end);
        err.to_kernel_error(req, fixed).into()
    }
}

/// A decoding error from the walk over `rx[at..]`, made to count from the
/// start of the datagram.
fn offset_by(e: Error, at: usize) -> Error {
    match e {
        Error::Decode(mut d) => {
            d.offset += at;
            Error::Decode(d)
        }
        e => e,
    }
}
