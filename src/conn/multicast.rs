//! Receiving what the kernel multicasts (events), a datagram or a message
//! at a time, on a socket that listens.

use crate::conn::{Conn, Protocol, Transport, trace};
use crate::error::{Error, Result};
use crate::sys::RecvMeta;
use crate::wire::{Message, Messages, align};

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// Receives one datagram for a multicast listener: returns its
    /// ancillary data (group, namespace id) and its messages. Datagrams
    /// from other senders are dropped and counted.
    pub fn recv_multicast(&mut self) -> Result<(RecvMeta, Messages<'_>)> {
        self.recv_kernel()?;
        self.rx_pos = self.rx.len();
        Ok((self.meta, Messages::new(&self.rx)))
    }

    /// The next message the kernel sent to this socket (multicast events,
    /// or unicast), one at a time across datagrams, with the ancillary
    /// data of its datagram. Datagrams from other senders are dropped and
    /// counted in [`Stats::foreign`](crate::conn::Stats::foreign). A
    /// malformed datagram is an error and the rest of it is skipped;
    /// `ENOBUFS` (events were lost) is returned as the I/O error it is,
    /// and the socket stays usable.
    pub fn recv_message(&mut self) -> Result<(RecvMeta, Message<'_>)> {
        let (meta, s, e) = self.next_kernel_message()?;
        Ok((meta, self.rx_message(s, e)))
    }

    /// The message at `rx[s..e]`, bounds from
    /// [`next_kernel_message`](Self::next_kernel_message).
    pub(crate) fn rx_message(&self, s: usize, e: usize) -> Message<'_> {
        Message::checked_at(&self.rx[s..e], s)
    }

    /// [`recv_message`](Self::recv_message) as bounds in `rx`, so a caller
    /// can loop without holding a borrow.
    pub(crate) fn next_kernel_message(&mut self) -> Result<(RecvMeta, usize, usize)> {
        loop {
            if self.rx_pos >= self.rx.len() {
                self.recv_kernel()?;
            }
            let at = self.rx_pos;
            match Messages::new(&self.rx[at..]).next() {
                None => self.rx_pos = self.rx.len(),
                Some(Err(e)) => {
                    self.rx_pos = self.rx.len();
                    return Err(match e {
                        Error::Decode(mut d) => {
                            d.offset += at;
                            Error::Decode(d)
                        }
                        e => e,
                    });
                }
                Some(Ok(m)) => {
                    let len = m.bytes().len();
                    self.rx_pos = (at + align(len)).min(self.rx.len());
                    return Ok((self.meta, at, at + len));
                }
            }
        }
    }

    /// True when a message of the last datagram is still unread (so a
    /// `poll(2)` on the fd would not show it).
    pub fn has_buffered(&self) -> bool {
        self.rx_pos < self.rx.len()
    }

    /// Receives datagrams until one from the kernel is in `rx` (unicast or
    /// any group), dropping and counting those from other senders.
    pub(crate) fn recv_kernel(&mut self) -> Result<()> {
        loop {
            // What the buffer held is used up (or refused): empty it before
            // waiting, so that a timeout or an error leaves nothing behind
            // to be parsed again on the next call.
            self.rx.clear();
            self.rx_pos = 0;
            self.wait()?;
            let got = if self.unpeeked {
                self.t.recv_unpeeked(&mut self.rx)
            } else {
                self.t.recv(&mut self.rx)
            };
            let meta = match got {
                Ok(m) => m,
                Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    if e.errno() == Some(libc::ENOBUFS) {
                        self.stats.overruns += 1;
                    }
                    return Err(e);
                }
            };
            if self.debug {
                trace::datagram::<P>("recv", &self.rx, Some(&meta));
            }
            if meta.from.port != 0 {
                self.stats.foreign += 1;
                continue;
            }
            self.meta = meta;
            return Ok(());
        }
    }
}
