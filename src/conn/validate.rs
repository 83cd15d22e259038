//! The checks a reply must pass: from the kernel, unicast, with the
//! request's sequence number and our port. [`Conn`](crate::conn::Conn)
//! applies them to everything it reads; they are public for callers who
//! send and receive on their own.

use std::fmt;

use crate::sys::RecvMeta;
use crate::wire::Message;

/// Why a received datagram or message is not the reply a request waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejected {
    /// Sent by another socket (`nl_pid` of the sender is not 0).
    Foreign {
        /// The sender's port id.
        port: u32,
    },
    /// A multicast datagram (an event), not a reply.
    Multicast {
        /// The group it was sent to (0 when only the bitmask said so).
        group: u32,
    },
    /// From the kernel, but for another request or another socket.
    Stale {
        /// The message's sequence number.
        seq: u32,
        /// The message's port id.
        port: u32,
    },
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::Foreign { port } => write!(f, "sent by port {port}, not the kernel"),
            Rejected::Multicast { group } => write!(f, "multicast to group {group}"),
            Rejected::Stale { seq, port } => write!(f, "reply to seq {seq} port {port}"),
        }
    }
}

/// Checks a datagram's sender: the kernel (port 0), and unicast.
pub fn check_sender(meta: &RecvMeta) -> Result<(), Rejected> {
    if meta.from.port != 0 {
        return Err(Rejected::Foreign {
            port: meta.from.port,
        });
    }
    match meta.group {
        Some(g) if g != 0 => Err(Rejected::Multicast { group: g }),
        _ if meta.from.groups != 0 => Err(Rejected::Multicast { group: 0 }),
        _ => Ok(()),
    }
}

/// Checks one message of a datagram against the request it should answer:
/// sequence number `seq`, addressed to `port` (or to 0, as some kernel
/// replies are).
#[inline]
pub fn check_reply(msg: &Message<'_>, seq: u32, port: u32) -> Result<(), Rejected> {
    if msg.seq() == seq && (msg.port() == port || msg.port() == 0) {
        Ok(())
    } else {
        Err(Rejected::Stale {
            seq: msg.seq(),
            port: msg.port(),
        })
    }
}

/// Both checks: what a connection requires of every reply message.
///
/// ```
/// use nlstack::conn::{Rejected, validate};
/// use nlstack::sys::{RecvMeta, SockAddr};
/// use nlstack::wire::{Encoder, Flags, Message, MsgType};
///
/// let mut buf = Vec::new();
/// Encoder::new(&mut buf, MsgType::NLMSG_DONE, Flags::MULTI, 7, 4242).finish()?;
/// let msg = Message::parse(&buf)?;
/// let kernel = RecvMeta::default();
/// assert_eq!(validate(&kernel, &msg, 7, 4242), Ok(()));
/// assert_eq!(validate(&kernel, &msg, 8, 4242), Err(Rejected::Stale { seq: 7, port: 4242 }));
/// let other = RecvMeta { from: SockAddr { port: 99, groups: 0 }, ..kernel };
/// assert_eq!(validate(&other, &msg, 7, 4242), Err(Rejected::Foreign { port: 99 }));
/// # Ok::<(), nlstack::Error>(())
/// ```
pub fn validate(meta: &RecvMeta, msg: &Message<'_>, seq: u32, port: u32) -> Result<(), Rejected> {
    check_sender(meta)?;
    check_reply(msg, seq, port)
}
