//! How a connection is dialled.

use std::time::Duration;

use crate::conn::policy::DumpPolicy;
use crate::netns::NetNs;

/// What [`Conn::dial`](crate::conn::Conn::dial) sets up. The defaults:
/// the caller's namespace, no groups, a kernel-assigned port, extended ack,
/// cap-ack and strict checking on, no timeout, blocking, a random first
/// sequence number, and [`DumpPolicy::default`].
///
/// ```
/// use std::time::Duration;
/// use nlstack::conn::Config;
/// let c = Config::default().read_timeout(Duration::from_secs(2)).join(&[33]);
/// assert!(c.ext_ack && c.cap_ack && c.strict_check);
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Config<'a> {
    /// Create the socket inside this namespace (the caller's thread does
    /// not move); the connection then works from any thread.
    pub netns: Option<&'a NetNs>,
    /// Multicast groups 1..=32 as the bind bitmask.
    pub groups: u32,
    /// Groups to join after binding (any number: above 32 too).
    pub join: &'a [u32],
    /// An explicit port id; `None` lets the kernel pick.
    pub port: Option<u32>,
    /// Receive buffer in bytes (`SO_RCVBUFFORCE` when permitted, else
    /// `SO_RCVBUF`).
    pub recv_buffer: Option<usize>,
    /// Send buffer in bytes, likewise.
    pub send_buffer: Option<usize>,
    /// `NETLINK_EXT_ACK`: errors carry the kernel's text and offset.
    pub ext_ack: bool,
    /// `NETLINK_CAP_ACK`: error replies echo only our request's header.
    pub cap_ack: bool,
    /// `NETLINK_GET_STRICT_CHK`: dump requests are checked strictly and
    /// their filters honoured.
    pub strict_check: bool,
    /// How long to wait for each datagram; `None` waits forever.
    pub read_timeout: Option<Duration>,
    /// How long a send waits for the socket to take a datagram; `None`
    /// waits forever.
    pub write_timeout: Option<Duration>,
    /// Non-blocking: a read with nothing to read returns would-block.
    pub nonblocking: bool,
    /// The first sequence number (random when `None`).
    pub initial_seq: Option<u32>,
    /// What list operations do when a dump is inconsistent.
    pub dump_policy: DumpPolicy,
}

impl Default for Config<'_> {
    fn default() -> Self {
        Config {
            netns: None,
            groups: 0,
            join: &[],
            port: None,
            recv_buffer: None,
            send_buffer: None,
            ext_ack: true,
            cap_ack: true,
            strict_check: true,
            read_timeout: None,
            write_timeout: None,
            nonblocking: false,
            initial_seq: None,
            dump_policy: DumpPolicy::default(),
        }
    }
}

impl<'a> Config<'a> {
    /// Dial inside `ns`.
    #[must_use]
    pub fn netns(mut self, ns: &'a NetNs) -> Self {
        self.netns = Some(ns);
        self
    }
    /// Bind to the groups in this bitmask (groups 1..=32).
    #[must_use]
    pub fn groups(mut self, mask: u32) -> Self {
        self.groups = mask;
        self
    }
    /// Join these groups after binding (any group number).
    #[must_use]
    pub fn join(mut self, groups: &'a [u32]) -> Self {
        self.join = groups;
        self
    }
    /// Bind to this port id.
    #[must_use]
    pub fn port(mut self, port: u32) -> Self {
        self.port = Some(port);
        self
    }
    /// Ask for a receive buffer of `bytes`.
    #[must_use]
    pub fn recv_buffer(mut self, bytes: usize) -> Self {
        self.recv_buffer = Some(bytes);
        self
    }
    /// Ask for a send buffer of `bytes`.
    #[must_use]
    pub fn send_buffer(mut self, bytes: usize) -> Self {
        self.send_buffer = Some(bytes);
        self
    }
    /// Extended ack on or off.
    #[must_use]
    pub fn ext_ack(mut self, on: bool) -> Self {
        self.ext_ack = on;
        self
    }
    /// Cap-ack on or off.
    #[must_use]
    pub fn cap_ack(mut self, on: bool) -> Self {
        self.cap_ack = on;
        self
    }
    /// Strict checking on or off.
    #[must_use]
    pub fn strict_check(mut self, on: bool) -> Self {
        self.strict_check = on;
        self
    }
    /// Time out reads after `t`.
    #[must_use]
    pub fn read_timeout(mut self, t: Duration) -> Self {
        self.read_timeout = Some(t);
        self
    }
    /// Time out sends after `t`.
    #[must_use]
    pub fn write_timeout(mut self, t: Duration) -> Self {
        self.write_timeout = Some(t);
        self
    }
    /// Non-blocking mode.
    #[must_use]
    pub fn nonblocking(mut self, on: bool) -> Self {
        self.nonblocking = on;
        self
    }
    /// Start numbering requests at `seq` (0 is skipped).
    #[must_use]
    pub fn initial_seq(mut self, seq: u32) -> Self {
        self.initial_seq = Some(seq);
        self
    }
    /// Use this dump-consistency policy.
    #[must_use]
    pub fn dump_policy(mut self, p: DumpPolicy) -> Self {
        self.dump_policy = p;
        self
    }
}
