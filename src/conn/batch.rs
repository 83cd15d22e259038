//! Batches: many requests in one datagram, each with its own ack or error.

use crate::conn::{Conn, Protocol, Transport, next};
use crate::error::Result;
use crate::wire::{Control, Encoder, Flags, Message, MsgType};

/// What one acknowledgement costs in the receive buffer (the kernel
/// charges a small buffer's true size, well under this): a batch sends no
/// more requests at once than their acks fit in.
const ACK_TRUESIZE: usize = 1024;

/// Many requests sent together: encoded back to back, each with its own
/// sequence number, sent in as few datagrams as the send buffer allows (and
/// no more at once than the receive buffer holds answers for). The kernel
/// carries out a datagram's requests in order; one that fails does not
/// stop the others.
///
/// Only the last request of each datagram carries `NLM_F_ACK`: the kernel
/// answers a request without it only when it fails, and answers in order,
/// so once the last one is answered every earlier one that sent nothing
/// succeeded. Receiving one acknowledgement per request instead cost about
/// as much as the kernel's own work (see `docs/benchmarks.md`, Batches).
///
/// ```no_run
/// use nlstack::conn::{Config, Conn, Route};
/// use nlstack::wire::{Flags, IfAddrMsg, MsgType};
///
/// let mut conn = Conn::<Route>::dial(Config::default())?;
/// let mut batch = conn.batch();
/// for i in 0..3u8 {
///     batch.add(MsgType::RTM_NEWADDR, Flags::CREATE | Flags::EXCL, |e| {
///         e.header(&IfAddrMsg { family: libc::AF_INET as u8, prefixlen: 32, index: 1, ..Default::default() });
///         e.put(2, &[127, 0, 0, 10 + i]);
///     })?;
/// }
/// for (i, r) in batch.run()?.iter().enumerate() {
///     println!("request {i}: {r:?}");
/// }
/// # Ok::<(), nlstack::Error>(())
/// ```
#[must_use = "a batch does nothing until it is run"]
pub struct Batch<'c, P: Protocol, T: Transport> {
    conn: &'c mut Conn<P, T>,
    /// Each request's sequence number and bounds in the connection's
    /// send buffer.
    reqs: Vec<(u32, usize, usize)>,
}

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// Starts a batch of requests (abandoning any exchange in progress).
    pub fn batch(&mut self) -> Batch<'_, P, T> {
        self.abandon();
        self.tx.clear();
        Batch {
            conn: self,
            reqs: Vec::new(),
        }
    }
}

impl<P: Protocol, T: Transport> Batch<'_, P, T> {
    /// Appends a request (`REQUEST` added to `flags`; `run` adds `ACK`
    /// where it is needed) and returns its index in the results. An
    /// encoding error leaves the batch as it was.
    pub fn add(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<usize> {
        let seq = next(self.conn.seq);
        let start = self.conn.tx.len();
        let port = self.conn.port;
        let mut enc = Encoder::new(
            &mut self.conn.tx,
            kind,
            (flags | Flags::REQUEST) - Flags::ACK,
            seq,
            port,
        );
        build(&mut enc);
        if let Err(e) = enc.finish() {
            self.conn.tx.truncate(start);
            return Err(e);
        }
        self.conn.seq = seq;
        self.reqs.push((seq, start, self.conn.tx.len()));
        Ok(self.reqs.len() - 1)
    }

    /// Requests added so far.
    pub fn len(&self) -> usize {
        self.reqs.len()
    }

    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    /// Sends every request and collects each one's answer, in the order
    /// they were added: `Ok(())` for success, the kernel error (with its
    /// extended ack, resolved against that request) otherwise. The outer
    /// error is for the transport failing (or replies lost to an overrun):
    /// then what was not answered yet is unknown.
    pub fn run(self) -> Result<Vec<Result<()>>> {
        let Batch { conn, reqs } = self;
        let bytes = conn.t.send_limit();
        let count = (conn.t.recv_limit() / ACK_TRUESIZE).max(1);
        let mut results = Vec::with_capacity(reqs.len());
        let mut first = 0;
        while first < reqs.len() {
            // As many whole requests as fit; always at least one.
            let start = reqs[first].1;
            let mut last = first;
            while last + 1 < reqs.len()
                && last + 1 - first < count
                && reqs[last + 1].2 - start <= bytes
            {
                last += 1;
            }
            // The last request of the datagram asks for its ack.
            let at = reqs[last].1 + 6;
            let f = u16::from_ne_bytes([conn.tx[at], conn.tx[at + 1]]) | Flags::ACK.bits();
            conn.tx[at..at + 2].copy_from_slice(&f.to_ne_bytes());
            conn.send_tx(start, reqs[last].2)?;
            conn.collect_acks(&reqs[first..=last], &mut results, &[])?;
            first = last + 1;
        }
        Ok(results)
    }
}

impl<P: Protocol, T: Transport> Batch<'_, P, T> {
    /// Sends every request as one transaction: one datagram framed by a
    /// `begin` and an `end` message whose bodies `marker` writes (nfnetlink's
    /// `NFNL_MSG_BATCH_BEGIN`/`END`). Every request asks for its own ack;
    /// the frame asks for none. Returns each request's answer, in order;
    /// the kernel applies all of them or, if any failed, none. An error
    /// the kernel reports for the frame itself (an unknown subsystem) is
    /// the outer error. The transaction must fit one datagram.
    pub fn run_in(
        self,
        begin: MsgType,
        end: MsgType,
        marker: impl Fn(&mut Encoder<'_>),
    ) -> Result<Vec<Result<()>>> {
        let Batch { conn, mut reqs } = self;
        if reqs.is_empty() {
            return Ok(Vec::new());
        }
        let body = std::mem::take(&mut conn.tx);
        let port = conn.port;
        let open_seq = next(conn.seq);
        let close_seq = next(open_seq);
        conn.seq = close_seq;
        let mut enc = Encoder::new(&mut conn.tx, begin, Flags::REQUEST, open_seq, port);
        marker(&mut enc);
        enc.finish()?;
        let shift = conn.tx.len();
        conn.tx.extend_from_slice(&body);
        for r in &mut reqs {
            r.1 += shift;
            r.2 += shift;
            let at = r.1 + 6;
            let f = u16::from_ne_bytes([conn.tx[at], conn.tx[at + 1]]) | Flags::ACK.bits();
            conn.tx[at..at + 2].copy_from_slice(&f.to_ne_bytes());
        }
        let mut enc = Encoder::new(&mut conn.tx, end, Flags::REQUEST, close_seq, port);
        marker(&mut enc);
        enc.finish()?;
        let len = conn.tx.len();
        conn.send_tx(0, len)?;
        let mut results = Vec::with_capacity(reqs.len());
        let frame = [(open_seq, 0, shift), (close_seq, shift + body.len(), len)];
        conn.collect_acks(&reqs, &mut results, &frame)?;
        Ok(results)
    }
}

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// Reads the answers to `chunk` (sent together, `ACK` on the last
    /// request at least) into `results`, in order: an error for those that
    /// failed, `Ok` for the rest once the last one is answered. An error
    /// answering a `frame` message (a transaction's begin or end, which
    /// ask for no ack) is the outer error.
    fn collect_acks(
        &mut self,
        chunk: &[(u32, usize, usize)],
        results: &mut Vec<Result<()>>,
        frame: &[(u32, usize, usize)],
    ) -> Result<()> {
        let base = results.len();
        results.extend((0..chunk.len()).map(|_| Ok(())));
        let (lo, hi) = (chunk[0].0, chunk[chunk.len() - 1].0);
        let mut cursor = 0;
        loop {
            let (s, e) = self.next_matching(|seq| {
                seq.wrapping_sub(lo) <= hi.wrapping_sub(lo) || frame.iter().any(|f| f.0 == seq)
            })?;
            let m = Message::checked_at(&self.rx[s..e], s);
            if let Some(&(_, a, b)) = frame.iter().find(|f| f.0 == m.seq()) {
                if let Ok(Some(Control::Error(err))) = m.control() {
                    return Err(self.kernel_error(&err, a, b));
                }
                continue;
            }
            // Answers come in order: look from the last one answered.
            let Some(j) = (cursor..chunk.len()).find(|&j| chunk[j].0 == m.seq()) else {
                self.stats.stale += 1;
                continue;
            };
            let r = match m.control() {
                Ok(Some(Control::Ack(_))) => Ok(()),
                Ok(Some(Control::Error(err))) => {
                    Err(self.kernel_error(&err, chunk[j].1, chunk[j].2))
                }
                // Echoed objects and the like: not the answer.
                Ok(_) => continue,
                Err(err) => Err(err),
            };
            results[base + j] = r;
            cursor = j;
            if j == chunk.len() - 1 {
                return Ok(());
            }
        }
    }
}
