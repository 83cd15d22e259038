//! A scripted fake kernel: a [`Transport`] that records requests, answers
//! each with scripted datagrams, and can inject errors, foreign senders and
//! multicast.
//!
//! ```
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::testing::{FakeKernel, Reply};
//! use nlstack::wire::{Flags, MsgType};
//!
//! let mut fake = FakeKernel::new(1234);
//! fake.on_request(|req| {
//!     Reply::to(req)
//!         .message(MsgType::RTM_NEWLINK, Flags::MULTI, |e| { e.raw(&[0; 16]); })
//!         .split() // the next message goes in a second datagram
//!         .done(Flags::MULTI)
//!         .build()
//! });
//! let mut conn = Conn::<Route, _>::with_transport(fake, 1234, &Config::default());
//! let n = conn.dump_collect(MsgType::RTM_GETLINK, Flags::empty(), |_| {}, |_m| Ok(Some(())))?;
//! assert_eq!(n.len(), 1);
//! assert_eq!(conn.transport().requests().len(), 1);
//! # Ok::<(), nlstack::Error>(())
//! ```

use std::collections::VecDeque;
use std::time::Duration;

use crate::conn::Transport;
use crate::error::{Error, Result};
use crate::sys::{RecvMeta, SockAddr};
use crate::wire::{Encoder, Flags, Message, MsgType};

/// A transport a test scripts through
/// [`Conn::transport_mut`](crate::conn::Conn::transport_mut). The real
/// socket is not one: a connection's socket cannot be swapped or read
/// behind its back. Implement it for a transport of your own to script it.
pub trait Scripted: Transport {}

impl Scripted for FakeKernel {}

/// Something the fake kernel delivers on the next receive.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Incoming {
    /// A datagram with its sender and ancillary data.
    Datagram {
        /// The bytes.
        bytes: Vec<u8>,
        /// Sender, group, namespace id.
        meta: RecvMeta,
    },
    /// The receive fails with this errno (`ENOBUFS`, `EINTR`, `EAGAIN`...).
    Errno(i32),
}

impl Incoming {
    /// A unicast datagram from the kernel.
    pub fn kernel(bytes: Vec<u8>) -> Incoming {
        Incoming::Datagram {
            bytes,
            meta: RecvMeta::default(),
        }
    }
    /// A datagram from another socket's port.
    pub fn foreign(bytes: Vec<u8>, port: u32) -> Incoming {
        Incoming::Datagram {
            bytes,
            meta: RecvMeta {
                from: SockAddr { port, groups: 0 },
                ..Default::default()
            },
        }
    }
    /// A multicast datagram from the kernel to `group`.
    pub fn multicast(bytes: Vec<u8>, group: u32) -> Incoming {
        let groups = if (1..=32).contains(&group) {
            1 << (group - 1)
        } else {
            0
        };
        Incoming::Datagram {
            bytes,
            meta: RecvMeta {
                from: SockAddr { port: 0, groups },
                group: Some(group),
                nsid: None,
            },
        }
    }
}

type Handler = Box<dyn FnMut(&Message<'_>) -> Vec<Incoming> + Send>;

/// The fake kernel. Each request sent (each message of a datagram) pops the next handler queued with
/// [`on_request`](Self::on_request) (if any) and queues what it returns;
/// [`push`](Self::push) queues something at once. A receive with nothing
/// queued fails with `EAGAIN`; `wait` reports whether anything is queued.
pub struct FakeKernel {
    sent: Vec<Vec<u8>>,
    handlers: VecDeque<Handler>,
    inbox: VecDeque<Incoming>,
    port: u32,
    writable: bool,
}

impl FakeKernel {
    /// A fake kernel for a connection with port id `port`.
    pub fn new(port: u32) -> FakeKernel {
        FakeKernel {
            sent: Vec::new(),
            handlers: VecDeque::new(),
            inbox: VecDeque::new(),
            port,
            writable: true,
        }
    }

    /// Whether a send can go out now (`false`: waiting to send times out,
    /// as on a socket whose send buffer is full).
    pub fn set_writable(&mut self, on: bool) -> &mut Self {
        self.writable = on;
        self
    }

    /// The port id replies are addressed to.
    pub fn port(&self) -> u32 {
        self.port
    }

    /// Answers the next request (in order) with what `f` returns for it.
    pub fn on_request(
        &mut self,
        f: impl FnMut(&Message<'_>) -> Vec<Incoming> + Send + 'static,
    ) -> &mut Self {
        self.handlers.push_back(Box::new(f));
        self
    }

    /// Queues a datagram or an error for the next receive.
    pub fn push(&mut self, incoming: Incoming) -> &mut Self {
        self.inbox.push_back(incoming);
        self
    }

    /// Every request sent so far, as bytes.
    pub fn requests(&self) -> &[Vec<u8>] {
        &self.sent
    }

    /// Deliveries still queued.
    pub fn pending(&self) -> usize {
        self.inbox.len()
    }
}

impl Transport for FakeKernel {
    fn send(&mut self, datagram: &[u8]) -> Result<()> {
        self.sent.push(datagram.to_vec());
        // Each message of a batch is answered in turn, as the kernel does.
        for msg in crate::wire::Messages::new(datagram) {
            let msg = msg?;
            if let Some(mut h) = self.handlers.pop_front() {
                self.inbox.extend(h(&msg));
            }
        }
        Ok(())
    }

    fn recv(&mut self, buf: &mut Vec<u8>) -> Result<RecvMeta> {
        match self.inbox.pop_front() {
            Some(Incoming::Datagram { bytes, meta }) => {
                buf.clear();
                buf.extend_from_slice(&bytes);
                Ok(meta)
            }
            Some(Incoming::Errno(e)) => Err(Error::Io(std::io::Error::from_raw_os_error(e))),
            None => Err(Error::Io(std::io::Error::from_raw_os_error(libc::EAGAIN))),
        }
    }

    fn wait(&mut self, _timeout: Duration) -> Result<bool> {
        Ok(!self.inbox.is_empty())
    }

    fn wait_writable(&mut self, _timeout: Duration) -> Result<bool> {
        Ok(self.writable)
    }
}

/// Builds the datagrams of a reply to one request, with its sequence
/// number and port.
#[derive(Debug, Clone)]
pub struct Reply {
    seq: u32,
    port: u32,
    request: Vec<u8>,
    datagrams: Vec<Vec<u8>>,
}

impl Reply {
    /// A reply to `req`.
    pub fn to(req: &Message<'_>) -> Reply {
        Reply {
            seq: req.seq(),
            port: req.port(),
            request: req.bytes().to_vec(),
            datagrams: vec![Vec::new()],
        }
    }

    /// Replaces the sequence number of what follows (to forge a stale reply).
    pub fn seq(mut self, seq: u32) -> Reply {
        self.seq = seq;
        self
    }

    fn current(&mut self) -> &mut Vec<u8> {
        if self.datagrams.is_empty() {
            self.datagrams.push(Vec::new());
        }
        let n = self.datagrams.len();
        &mut self.datagrams[n - 1]
    }

    /// Appends a message to the current datagram.
    pub fn message(
        mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Reply {
        let (seq, port) = (self.seq, self.port);
        let buf = self.current();
        let mut e = Encoder::new(buf, kind, flags, seq, port);
        build(&mut e);
        let _ = e.finish();
        self
    }

    /// Starts a new datagram: what follows arrives in a separate receive.
    pub fn split(mut self) -> Reply {
        self.datagrams.push(Vec::new());
        self
    }

    /// `NLMSG_DONE` with status 0 and these flags (add `DUMP_INTR` to mark
    /// the dump inconsistent).
    pub fn done(self, flags: Flags) -> Reply {
        self.message(MsgType::NLMSG_DONE, flags, |e| {
            e.raw(&0i32.to_ne_bytes());
        })
    }

    /// An acknowledgement (`NLMSG_ERROR` with code 0, capped).
    pub fn ack(self) -> Reply {
        let hdr = self.request.get(..16).unwrap_or(&[]).to_vec();
        self.message(MsgType::NLMSG_ERROR, Flags::CAPPED, |e| {
            e.raw(&0i32.to_ne_bytes()).raw(&hdr);
        })
    }

    /// An error with `errno` (positive) and, if given, an extended-ack
    /// message, capped.
    pub fn error(self, errno: i32, msg: Option<&str>) -> Reply {
        let hdr = self.request.get(..16).unwrap_or(&[]).to_vec();
        let flags = if msg.is_some() {
            Flags::CAPPED | Flags::ACK_TLVS
        } else {
            Flags::CAPPED
        };
        self.message(MsgType::NLMSG_ERROR, flags, |e| {
            e.raw(&(-errno).to_ne_bytes()).raw(&hdr);
            if let Some(m) = msg {
                e.put_str(crate::wire::NLMSGERR_ATTR_MSG, m);
            }
        })
    }

    /// The datagrams, as kernel unicast deliveries.
    pub fn build(self) -> Vec<Incoming> {
        self.datagrams
            .into_iter()
            .filter(|d| !d.is_empty())
            .map(Incoming::kernel)
            .collect()
    }
}
