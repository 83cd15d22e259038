//! The connection: numbered requests, validated replies, dumps with a
//! consistency policy, multicast groups, socket options and BPF filters.
//!
//! A [`Conn`] is synchronous, needs no runtime and no thread of its own,
//! and exposes its fd ([`AsFd`]) so any event loop can drive it. It accepts
//! a reply only when the datagram came from the kernel (sender port 0),
//! carries the request's sequence number, and is addressed to our port (or
//! 0); everything else is dropped and counted in [`Stats`].
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::wire::{Flags, IfInfoMsg, MsgType};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! let names = conn.dump_collect(MsgType::RTM_GETLINK, Flags::empty(), |e| {
//!     e.header(&IfInfoMsg::default());
//! }, |msg| {
//!     Ok(msg.attrs(16)?.find(3)?.map(|a| a.str().map(str::to_owned)).transpose()?)
//! })?;
//! println!("{names:?}");
//! # Ok::<(), nlstack::Error>(())
//! ```

mod bpf;
mod config;
mod dump;
mod protocol;
mod trace;
mod transport;

use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};

pub use bpf::Filter;
pub use config::Config;
pub use dump::{Dump, DumpPolicy, Dumped, OnInconsistent};
pub use protocol::{Generic, Netfilter, Protocol, Raw, Route, Xfrm};
pub use transport::Transport;

use crate::error::{Error, Result};
use crate::sys::{self, RecvMeta, Socket};
use crate::wire::{Control, Encoder, Flags, Message, Messages, MsgType, align};

/// What a connection dropped instead of delivering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// Datagrams whose sender was not the kernel (`nl_pid != 0`).
    pub foreign: u64,
    /// Messages from the kernel with another sequence number or port: late
    /// replies to earlier requests, or not ours.
    pub stale: u64,
    /// Multicast datagrams that arrived on the request path.
    pub multicast: u64,
}

impl Stats {
    /// Foreign and stale messages together: everything refused.
    pub fn dropped(&self) -> u64 {
        self.foreign + self.stale
    }
}

/// A netlink connection for protocol `P` over transport `T` (the real
/// socket by default; [`crate::testing::FakeKernel`] in tests).
pub struct Conn<P: Protocol, T: Transport = Socket> {
    t: T,
    port: u32,
    seq: u32,
    tx: Vec<u8>,
    rx: Vec<u8>,
    rx_pos: usize,
    meta: RecvMeta,
    stats: Stats,
    timeout: Option<std::time::Duration>,
    policy: DumpPolicy,
    debug: bool,
    _p: PhantomData<P>,
}

impl<P: Protocol> Conn<P, Socket> {
    /// Opens a socket for `P` as `config` says (inside its namespace, if
    /// one is given; the caller's thread never moves).
    pub fn dial(config: Config<'_>) -> Result<Self> {
        Self::dial_protocol(P::NUMBER, config)
    }

    /// Like [`dial`](Self::dial) for any protocol number (with [`Raw`]).
    pub fn dial_protocol(protocol: i32, config: Config<'_>) -> Result<Self> {
        let sock = match config.netns {
            Some(ns) => ns.run(|| Socket::new(protocol))??,
            None => Socket::new(protocol)?,
        };
        sock.bind(config.port.unwrap_or(0), config.groups)?;
        let opts = [
            (sys::NETLINK_EXT_ACK, config.ext_ack),
            (sys::NETLINK_CAP_ACK, config.cap_ack),
            (sys::NETLINK_GET_STRICT_CHK, config.strict_check),
        ];
        for (opt, on) in opts {
            match sock.set_option(sys::SOL_NETLINK, opt, on as i32) {
                Ok(()) => {}
                // Older kernels, or protocols without the option.
                Err(e) if !on || e.raw_os_error() == Some(libc::ENOPROTOOPT) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(n) = config.recv_buffer {
            sock.set_recv_buffer(n)?;
        }
        if let Some(n) = config.send_buffer {
            sock.set_send_buffer(n)?;
        }
        for &g in config.join {
            sock.join_group(g)?;
        }
        if config.nonblocking {
            sock.set_nonblocking(true)?;
        }
        let port = sock.local_addr()?.port;
        Ok(Conn::with_transport(sock, port, &config))
    }

    /// Joins multicast group `group` (any number, above 32 too).
    pub fn join_group(&mut self, group: u32) -> Result<()> {
        Ok(self.t.join_group(group)?)
    }

    /// Leaves multicast group `group`.
    pub fn leave_group(&mut self, group: u32) -> Result<()> {
        Ok(self.t.leave_group(group)?)
    }

    /// Turns a boolean netlink socket option on or off (`sys::NETLINK_*`:
    /// `PKTINFO`, `BROADCAST_ERROR`, `NO_ENOBUFS`, `LISTEN_ALL_NSID`,
    /// `CAP_ACK`, `EXT_ACK`, `GET_STRICT_CHK`).
    pub fn set_option(&mut self, option: i32, on: bool) -> Result<()> {
        Ok(self.t.set_option(sys::SOL_NETLINK, option, on as i32)?)
    }

    /// Reads a boolean netlink socket option back.
    pub fn option(&self, option: i32) -> Result<bool> {
        Ok(self.t.option(sys::SOL_NETLINK, option)? != 0)
    }

    /// The receive buffer the kernel granted, in bytes.
    pub fn recv_buffer(&self) -> Result<usize> {
        Ok(self.t.option(libc::SOL_SOCKET, libc::SO_RCVBUF)? as usize)
    }

    /// The send buffer the kernel granted, in bytes.
    pub fn send_buffer(&self) -> Result<usize> {
        Ok(self.t.option(libc::SOL_SOCKET, libc::SO_SNDBUF)? as usize)
    }

    /// Attaches a classic BPF filter, replacing any.
    pub fn attach_filter(&mut self, filter: &Filter) -> Result<()> {
        Ok(self.t.attach_filter(filter.program())?)
    }

    /// Removes the BPF filter.
    pub fn detach_filter(&mut self) -> Result<()> {
        Ok(self.t.detach_filter()?)
    }

    /// The socket underneath.
    pub fn socket(&self) -> &Socket {
        &self.t
    }
}

impl<P: Protocol, T: Transport> Conn<P, T> {
    /// Wraps any transport (the fake kernel in tests). `port` is the port
    /// id replies must be addressed to; options that need a real socket in
    /// `config` are ignored.
    pub fn with_transport(t: T, port: u32, config: &Config<'_>) -> Self {
        let seq = match config.initial_seq {
            Some(s) => s.wrapping_sub(1),
            None => sys::random_u32(),
        };
        Conn {
            t,
            port,
            seq,
            tx: Vec::with_capacity(4096),
            rx: Vec::new(),
            rx_pos: 0,
            meta: RecvMeta::default(),
            stats: Stats::default(),
            timeout: config.read_timeout,
            policy: config.dump_policy,
            debug: std::env::var_os("NLSTACK_DEBUG").is_some_and(|v| v != "0" && !v.is_empty()),
            _p: PhantomData,
        }
    }

    /// Our port id (`nl_pid`).
    pub fn port(&self) -> u32 {
        self.port
    }

    /// What was dropped so far.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The transport underneath.
    pub fn transport(&self) -> &T {
        &self.t
    }

    /// The transport underneath, mutably (to script the fake kernel).
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.t
    }

    /// The dump-consistency policy `list` operations use.
    pub fn dump_policy(&self) -> DumpPolicy {
        self.policy
    }

    /// Changes the read timeout (`None`: wait forever).
    pub fn set_read_timeout(&mut self, timeout: Option<std::time::Duration>) {
        self.timeout = timeout;
    }

    /// The sequence number the next request will carry. Never 0: after
    /// `u32::MAX` comes 1.
    pub fn next_seq(&self) -> u32 {
        next(self.seq)
    }

    /// The last request sent, as bytes (for resolving extended-ack offsets).
    pub fn last_request(&self) -> &[u8] {
        &self.tx
    }

    /// Encodes and sends one request: `REQUEST` is added to `flags`, and
    /// the length, a fresh sequence number and our port are filled in.
    /// Returns the sequence number.
    pub fn send_request(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<u32> {
        self.seq = next(self.seq);
        self.tx.clear();
        let mut enc = Encoder::new(
            &mut self.tx,
            kind,
            flags | Flags::REQUEST,
            self.seq,
            self.port,
        );
        build(&mut enc);
        enc.finish()?;
        if self.debug {
            trace::datagram::<P>("send", &self.tx, None);
        }
        // Anything left of an earlier datagram is stale now.
        self.rx_pos = self.rx.len();
        self.t.send(&self.tx)?;
        Ok(self.seq)
    }

    /// Sends a request that changes something, with `NLM_F_ACK`, and waits
    /// for the kernel's answer: `Ok` or the kernel error with its
    /// extended-ack text and the attribute it points at.
    pub fn ack(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<()> {
        let seq = self.send_request(kind, flags | Flags::ACK, build)?;
        loop {
            let (s, e) = self.next_reply(seq)?;
            let m = Message::parse(&self.rx[s..e])?;
            match m.control()? {
                Some(Control::Ack(_)) => return Ok(()),
                Some(Control::Error(err)) => return Err(self.kernel_error(&err)),
                // Echoed notifications (NLM_F_ECHO) and the like come first.
                _ => continue,
            }
        }
    }

    /// Sends a request that has one reply (a GET for one object) and
    /// returns it, borrowed from the receive buffer. A kernel error is
    /// returned as one.
    pub fn request(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<Message<'_>> {
        let seq = self.send_request(kind, flags, build)?;
        let (s, e) = loop {
            let (s, e) = self.next_reply(seq)?;
            let m = Message::parse(&self.rx[s..e])?;
            match m.control()? {
                None => break (s, e),
                Some(Control::Error(err)) => return Err(self.kernel_error(&err)),
                Some(Control::Done(d)) if d.errno != 0 => {
                    return Err(d.ext.to_kernel_error(d.errno, None).into());
                }
                Some(_) => continue,
            }
        };
        Message::parse(&self.rx[s..e])
    }

    /// Starts a dump (`REQUEST | DUMP` added to `flags`) and returns it as
    /// a lending iterator over the reply messages. The dump is always read
    /// to its `NLMSG_DONE`, also when dropped early.
    pub fn dump(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<Dump<'_, P, T>> {
        let seq = self.send_request(kind, flags | Flags::DUMP, build)?;
        Ok(Dump::new(self, seq))
    }

    /// Runs a dump to its end under the connection's consistency policy,
    /// keeping what `parse` returns for each message (`None`: skip).
    /// Inconsistent dumps are retried; see [`DumpPolicy`].
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
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut data = Vec::new();
            let mut dump = self.dump(kind, flags, &build)?;
            while let Some(m) = dump.next() {
                if let Some(u) = parse(m?)? {
                    data.push(u);
                }
            }
            let consistent = !dump.interrupted();
            drop(dump);
            if let Some(done) = policy.decide(consistent, attempts, data) {
                return done;
            }
        }
    }

    /// Receives one datagram from the kernel for a multicast listener:
    /// returns its ancillary data (group, namespace id) and its messages.
    /// Datagrams from other senders are dropped and counted.
    pub fn recv_multicast(&mut self) -> Result<(RecvMeta, Messages<'_>)> {
        loop {
            self.wait()?;
            let meta = match self.t.recv(&mut self.rx) {
                Ok(m) => m,
                Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.rx_pos = self.rx.len();
            if meta.from.port != 0 {
                self.stats.foreign += 1;
                continue;
            }
            if self.debug {
                trace::datagram::<P>("recv", &self.rx, Some(&meta));
            }
            return Ok((meta, Messages::new(&self.rx)));
        }
    }

    fn wait(&mut self) -> Result<()> {
        if let Some(t) = self.timeout {
            if !self.t.wait(t)? {
                return Err(Error::Timeout);
            }
        }
        Ok(())
    }

    /// Receives datagrams until one from the kernel, unicast, is in `rx`.
    fn fill(&mut self) -> Result<()> {
        loop {
            self.wait()?;
            self.rx_pos = 0;
            let meta = match self.t.recv(&mut self.rx) {
                Ok(m) => m,
                Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.rx.clear();
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
            if meta.from.groups != 0 || meta.group.is_some_and(|g| g != 0) {
                self.stats.multicast += 1;
                continue;
            }
            self.meta = meta;
            return Ok(());
        }
    }

    /// The bounds in `rx` of the next message of the reply to `seq`,
    /// receiving more datagrams as needed. Messages with another sequence
    /// number or port are dropped and counted.
    fn next_reply(&mut self, seq: u32) -> Result<(usize, usize)> {
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
                    return Err(e);
                }
                Some(Ok(m)) => {
                    let len = m.bytes().len();
                    self.rx_pos = at + align(len).min(rest.len());
                    if m.seq() == seq && (m.port() == self.port || m.port() == 0) {
                        return Ok((at, at + len));
                    }
                    self.stats.stale += 1;
                }
            }
        }
    }

    fn kernel_error(&self, err: &crate::wire::ErrorMsg<'_>) -> Error {
        let fixed = P::header_len(err.request.kind);
        err.to_kernel_error(Some(&self.tx), fixed).into()
    }
}

fn next(seq: u32) -> u32 {
    match seq.wrapping_add(1) {
        0 => 1,
        s => s,
    }
}

impl<P: Protocol, T: Transport + AsFd> AsFd for Conn<P, T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.t.as_fd()
    }
}

impl<P: Protocol, T: Transport + AsRawFd> AsRawFd for Conn<P, T> {
    fn as_raw_fd(&self) -> RawFd {
        self.t.as_raw_fd()
    }
}

impl<P: Protocol, T: Transport> std::fmt::Debug for Conn<P, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Conn")
            .field("protocol", &P::NAME)
            .field("port", &self.port)
            .field("seq", &self.seq)
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}
