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

mod batch;
mod bpf;
mod config;
mod dump;
mod exchange;
mod multicast;
mod pending;
mod policy;
mod protocol;
mod stats;
mod trace;
mod transport;
mod validate;

use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, RawFd};

pub use batch::Batch;
pub use bpf::Filter;
pub use config::Config;
pub use dump::Dump;
pub use pending::{Exchange, Pending};
pub use policy::{DumpPolicy, Dumped, OnInconsistent};
pub use protocol::{Generic, Netfilter, Protocol, Raw, Route, Xfrm};
pub use stats::Stats;
pub use transport::Transport;
pub use validate::{Rejected, check_reply, check_sender, validate};

use std::os::fd::OwnedFd;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::sys::{self, RecvMeta, Socket};
use crate::wire::{Encoder, Flags, MsgType};

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
    timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    policy: DumpPolicy,
    debug: bool,
    /// The exchange in progress, if any.
    pending: Option<Pending>,
    /// An exchange the caller abandoned: what still arrives for it is
    /// discarded.
    abandoned: Option<u32>,
    /// An abandoned dump whose `NLMSG_DONE` has not come yet: the kernel
    /// refuses another dump on this socket (`EBUSY`) until it has.
    draining: Option<u32>,
    /// Whether the current or last dump was flagged `NLM_F_DUMP_INTR`.
    dump_intr: bool,
    /// The extended-ack warning of the last acknowledgement, if it had one.
    warning: Option<String>,
    /// Receive without asking each datagram's size first (listeners).
    unpeeked: bool,
    /// The socket is non-blocking: reads never wait for the read timeout.
    nonblocking: bool,
    /// The last request asked for `NLM_F_ECHO`: the echoed notification is
    /// unicast to us but marked with its group, so the multicast check
    /// lets it through.
    echoing: bool,
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
        Self::setup(sock, &config)
    }

    /// Wraps a netlink socket made elsewhere (passed over `SCM_RIGHTS`, or
    /// made by a runtime): it must be `AF_NETLINK` of protocol `P` (any
    /// protocol for [`Raw`]). An unbound socket is bound as `config` says;
    /// a bound one keeps its port and groups. `config.netns` is ignored:
    /// the socket lives where it was made.
    pub fn from_fd(fd: OwnedFd, config: Config<'_>) -> Result<Self> {
        let protocol = (P::NUMBER >= 0).then_some(P::NUMBER);
        let sock = Socket::from_fd(fd, protocol)?;
        if sock.local_addr()?.port == 0 {
            sock.bind(config.port.unwrap_or(0), config.groups)?;
        }
        Self::setup(sock, &config)
    }

    fn setup(sock: Socket, config: &Config<'_>) -> Result<Self> {
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
        Ok(Conn::with_transport(sock, port, config))
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

    /// Switches the socket's `O_NONBLOCK` on or off. Non-blocking calls
    /// return an error for which [`Error::is_would_block`] is true; the
    /// exchange in progress stays, and calling again continues it.
    pub fn set_nonblocking(&mut self, on: bool) -> Result<()> {
        self.t.set_nonblocking(on)?;
        self.nonblocking = on;
        Ok(())
    }

    /// The socket underneath, for options this type does not wrap.
    ///
    /// Reading from or writing to it directly takes datagrams the
    /// connection expects and knocks an exchange in progress out of step:
    /// use it for socket options only.
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
            write_timeout: config.write_timeout,
            policy: config.dump_policy,
            pending: None,
            abandoned: None,
            draining: None,
            dump_intr: false,
            warning: None,
            echoing: false,
            unpeeked: false,
            nonblocking: config.nonblocking,
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

    /// The transport underneath, mutably: only for transports that are
    /// scripted ([`Scripted`](crate::testing::Scripted), such as
    /// [`FakeKernel`](crate::testing::FakeKernel)), never for the real
    /// socket. So a `Conn<P, Socket>` keeps the same socket, and the same
    /// fd, for as long as it lives (what `AsyncFd` and epoll registrations
    /// rely on), and nothing reads or writes it behind the connection's
    /// back.
    pub fn transport_mut(&mut self) -> &mut T
    where
        T: crate::testing::Scripted,
    {
        &mut self.t
    }

    /// The dump-consistency policy `list` operations use.
    pub fn dump_policy(&self) -> DumpPolicy {
        self.policy
    }

    /// Changes the read timeout (`None`: wait forever). A read that times
    /// out returns [`Error::Timeout`] and leaves the exchange in progress:
    /// calling again continues it.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Receives without asking each datagram's size first: one system call
    /// per datagram instead of two, for a stream of small datagrams (a
    /// monitor's events). A datagram larger than the receive buffer (at
    /// least 32 KiB) is then lost and reported as [`Error::Truncated`].
    pub fn set_unpeeked(&mut self, on: bool) {
        self.unpeeked = on;
    }

    /// The read timeout (`None`: reads wait forever).
    pub fn read_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Changes the write timeout (`None`: wait forever): how long a send
    /// waits for the socket to accept a datagram.
    pub fn set_write_timeout(&mut self, timeout: Option<Duration>) {
        self.write_timeout = timeout;
    }

    /// The extended-ack warning the kernel sent with the last successful
    /// acknowledgement, if any (the kernel reports some deprecated uses
    /// this way while still carrying the request out).
    pub fn ack_warning(&self) -> Option<&str> {
        self.warning.as_deref()
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
    /// Returns the sequence number. An exchange in progress is abandoned
    /// (what still arrives for it is discarded); the replies to this
    /// request are read with [`recv_message`](Self::recv_message) or one of
    /// the exchanges ([`ack`](Self::ack), [`request`](Self::request),
    /// [`dump`](Self::dump)).
    pub fn send_request(
        &mut self,
        kind: MsgType,
        flags: Flags,
        build: impl FnOnce(&mut Encoder<'_>),
    ) -> Result<u32> {
        self.abandon();
        self.echoing = flags.contains(Flags::ECHO);
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
        self.send_tx(0, self.tx.len())?;
        Ok(self.seq)
    }

    /// Sends `tx[start..end]` as one datagram, waiting at most the write
    /// timeout for the socket to take it.
    fn send_tx(&mut self, start: usize, end: usize) -> Result<()> {
        // Anything left of an earlier datagram is stale now.
        if self.rx_pos < self.rx.len() {
            self.skip_rest();
        }
        let datagram = &self.tx[start..end];
        if self.debug {
            trace::datagram::<P>("send", datagram, None);
        }
        if let Some(t) = self.write_timeout {
            if !self.t.wait_writable(t)? {
                return Err(Error::Timeout);
            }
        }
        self.t.send(datagram)
    }

    fn wait(&mut self) -> Result<()> {
        // Non-blocking, the read itself says would-block at once.
        if self.nonblocking {
            return Ok(());
        }
        if let Some(t) = self.timeout {
            if !self.t.wait(t)? {
                return Err(Error::Timeout);
            }
        }
        Ok(())
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
