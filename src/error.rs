//! The crate's one error type.
//!
//! Every fallible call in nlstack returns [`Error`]. Decoding errors say what
//! was being decoded, what was wrong and at which byte offset; kernel errors
//! keep the errno and the extended acknowledgement; I/O errors wrap
//! [`std::io::Error`].

use std::fmt;

use crate::netns::error::NetNsError;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in nlstack.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Bytes that do not decode: what, why and where.
    Decode(DecodeError),
    /// A message that cannot be encoded (an attribute or message too large).
    Encode(EncodeError),
    /// The kernel answered with an error (`NLMSG_ERROR` with a non-zero code,
    /// or a `NLMSG_DONE` carrying one).
    Kernel(Box<KernelError>),
    /// A system call failed.
    Io(std::io::Error),
    /// A network namespace could not be opened, created or entered.
    Netns(NetNsError),
    /// No reply came within the read timeout (or the socket did not take a
    /// datagram within the write timeout). The exchange in progress stays:
    /// calling again continues it.
    Timeout,
    /// Replies were lost: the kernel sent `NLMSG_OVERRUN`. (A full receive
    /// buffer shows as [`Error::Io`] with `ENOBUFS`; both answer
    /// [`is_overrun`](Error::is_overrun).)
    Overrun,
    /// A call that continues an exchange (`ack_finish`, `request_finish`)
    /// found none of that kind in progress.
    NoExchange,
    /// A dump stayed inconsistent (`NLM_F_DUMP_INTR`) for every attempt the
    /// policy allowed. The data of the last attempt is kept.
    DumpInterrupted(Box<Interrupted>),
    /// A datagram was larger than the buffer it was read into: `len` bytes
    /// were sent, `capacity` could be kept. Never parsed partially.
    Truncated {
        /// The datagram's full length as the kernel reported it.
        len: usize,
        /// The space that was available.
        capacity: usize,
    },
}

impl Error {
    /// The errno behind this error, if there is one (kernel or I/O).
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel(k) => Some(k.errno),
            Error::Io(e) => e.raw_os_error(),
            Error::Netns(e) => e.source.as_ref().and_then(|e| e.raw_os_error()),
            Error::Overrun => Some(libc::ENOBUFS),
            _ => None,
        }
    }

    /// True when replies or events were lost: `NLMSG_OVERRUN`, or a receive
    /// buffer that overflowed (`ENOBUFS`).
    pub fn is_overrun(&self) -> bool {
        self.errno() == Some(libc::ENOBUFS)
    }

    /// True when the object asked for does not exist (`ENOENT`, `ENODEV`,
    /// `ESRCH`, `EADDRNOTAVAIL`).
    pub fn is_not_found(&self) -> bool {
        matches!(
            self.errno(),
            Some(libc::ENOENT | libc::ENODEV | libc::ESRCH | libc::EADDRNOTAVAIL)
        )
    }

    /// True when the object to create exists already (`EEXIST`).
    pub fn is_exists(&self) -> bool {
        self.errno() == Some(libc::EEXIST)
    }

    /// True when the caller lacks the privilege (`EPERM`, `EACCES`).
    pub fn is_permission(&self) -> bool {
        matches!(self.errno(), Some(libc::EPERM | libc::EACCES))
    }

    /// True for a non-blocking call that had nothing to do (`EAGAIN`).
    pub fn is_would_block(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == std::io::ErrorKind::WouldBlock)
    }

    /// True for a read that timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }

    /// The decoding error, if this is one.
    pub fn as_decode(&self) -> Option<&DecodeError> {
        match self {
            Error::Decode(d) => Some(d),
            _ => None,
        }
    }

    /// The kernel error, if this is one.
    pub fn as_kernel(&self) -> Option<&KernelError> {
        match self {
            Error::Kernel(k) => Some(k),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Decode(d) => d.fmt(f),
            Error::Encode(e) => e.fmt(f),
            Error::Kernel(k) => k.fmt(f),
            Error::Io(e) => write!(f, "netlink I/O: {e}"),
            Error::Netns(e) => e.fmt(f),
            Error::Timeout => f.write_str("netlink: timed out"),
            Error::Overrun => f.write_str("netlink: overrun, replies were lost"),
            Error::NoExchange => f.write_str("netlink: no exchange of that kind in progress"),
            Error::DumpInterrupted(i) => write!(
                f,
                "netlink: dump inconsistent (NLM_F_DUMP_INTR) after {} attempts",
                i.attempts
            ),
            Error::Truncated { len, capacity } => write!(
                f,
                "datagram of {len} bytes truncated to a {capacity}-byte buffer"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            Error::Decode(d) => Some(d),
            Error::Encode(e) => Some(e),
            Error::Kernel(k) => Some(&**k),
            Error::Netns(e) => Some(e),
            Error::Truncated { .. }
            | Error::Timeout
            | Error::Overrun
            | Error::NoExchange
            | Error::DumpInterrupted(_) => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl From<KernelError> for Error {
    fn from(e: KernelError) -> Self {
        Error::Kernel(Box::new(e))
    }
}

/// A decoding failure: what was being read, what was wrong, and where.
///
/// `offset` counts bytes from the start of the buffer the outermost iterator
/// was given (a datagram for [`Messages`](crate::wire::Messages), a payload
/// for [`Attrs::new`](crate::wire::Attrs::new)). Everything a connection
/// hands out counts from the start of the datagram it arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeError {
    /// What was being decoded: `"nlmsghdr"`, `"nlattr"`, `"nlmsgerr"`, ...
    pub what: &'static str,
    /// What was wrong.
    pub kind: DecodeErrorKind,
    /// Byte offset of the thing that was wrong.
    pub offset: usize,
}

impl DecodeError {
    pub(crate) const fn new(what: &'static str, kind: DecodeErrorKind, offset: usize) -> Self {
        DecodeError { what, kind, offset }
    }
}

/// What was wrong with bytes that did not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// Fewer bytes remained than a header needs.
    Truncated {
        /// Bytes needed.
        need: usize,
        /// Bytes that remained.
        remaining: usize,
    },
    /// A length field below the size of its own header.
    LengthTooSmall {
        /// The length field's value.
        len: usize,
        /// The smallest valid value.
        min: usize,
    },
    /// A length field pointing past the end of the enclosing buffer.
    LengthTooLarge {
        /// The length field's value.
        len: usize,
        /// Bytes that remained from the start of the item.
        remaining: usize,
    },
    /// A message whose length is not a multiple of 4 and that is followed by
    /// bytes too few to be its padding and the next message.
    Misaligned {
        /// The length field's value.
        len: usize,
    },
    /// An attribute value of a size the accessor does not accept.
    WrongSize {
        /// The attribute's kind (flag bits masked off).
        attr: u16,
        /// The sizes that would have been accepted.
        want: &'static [usize],
        /// The size found.
        got: usize,
    },
    /// A string attribute that is not UTF-8.
    NotUtf8,
    /// A C string attribute without its terminating NUL.
    MissingNul,
    /// A string attribute with a NUL before its end.
    InteriorNul,
    /// An attribute that starts past the 256 KiB an attribute index
    /// reaches (a declared table's view cannot read it).
    BeyondIndex {
        /// The attribute's kind.
        attr: u16,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}: ", self.what, self.offset)?;
        match self.kind {
            DecodeErrorKind::Truncated { need, remaining } => {
                write!(f, "needs {need} bytes, only {remaining} remain")
            }
            DecodeErrorKind::LengthTooSmall { len, min } => {
                write!(f, "length {len} is below the minimum {min}")
            }
            DecodeErrorKind::LengthTooLarge { len, remaining } => {
                write!(
                    f,
                    "length {len} runs past the end ({remaining} bytes remain)"
                )
            }
            DecodeErrorKind::Misaligned { len } => write!(
                f,
                "length {len} is not 4-byte aligned and the bytes after it are not its padding"
            ),
            DecodeErrorKind::WrongSize { attr, want, got } => {
                write!(f, "attribute {attr} has {got} bytes, expected ")?;
                for (i, w) in want.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    write!(f, "{w}")?;
                }
                Ok(())
            }
            DecodeErrorKind::NotUtf8 => f.write_str("string is not UTF-8"),
            DecodeErrorKind::MissingNul => f.write_str("string lacks its terminating NUL"),
            DecodeErrorKind::InteriorNul => f.write_str("string has a NUL before its end"),
            DecodeErrorKind::BeyondIndex { attr } => {
                write!(
                    f,
                    "attribute {attr} starts past the 256 KiB an index reaches"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Why a message could not be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// An attribute (or nest) longer than the 65535 bytes `nla_len` can hold.
    AttrTooLarge {
        /// The attribute's kind.
        kind: u16,
        /// Its length including the 4-byte header.
        len: usize,
    },
    /// A message longer than `u32::MAX` bytes.
    MessageTooLarge {
        /// The message's length.
        len: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::AttrTooLarge { kind, len } => write!(
                f,
                "attribute {kind} would be {len} bytes, over the 65535 an nlattr can hold"
            ),
            EncodeError::MessageTooLarge { len } => {
                write!(
                    f,
                    "message would be {len} bytes, over the u32 nlmsg_len limit"
                )
            }
        }
    }
}

impl std::error::Error for EncodeError {}

/// An error the kernel reported, with its extended acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct KernelError {
    /// The errno, positive (`libc::ENOENT`, ...).
    pub errno: i32,
    /// `NLMSGERR_ATTR_MSG`: the kernel's human-readable reason.
    pub message: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`: byte offset of the offending attribute in the
    /// request, counted from the start of its `nlmsghdr`.
    pub offset: Option<u32>,
    /// The attribute path that `offset` points at in the request, outermost
    /// first, when the request was at hand to resolve it.
    pub attr_path: Option<AttrPath>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: the kind of a missing required attribute.
    pub missing_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest the attribute is missing from.
    pub missing_nest: Option<u32>,
    /// `NLMSGERR_ATTR_COOKIE`: subsystem-specific bytes.
    pub cookie: Option<Vec<u8>>,
    /// `NLMSGERR_ATTR_POLICY`: the policy the rejected attribute violated.
    pub policy: Option<Policy>,
    /// A part of the reply after the errno that did not decode (malformed
    /// extended-ack TLVs, a truncated echoed request). The errno and every
    /// part that did decode are still here.
    pub ext_ack_problem: Option<DecodeError>,
}

impl KernelError {
    /// The `strerror` text for [`errno`](Self::errno).
    pub fn errno_text(&self) -> String {
        std::io::Error::from_raw_os_error(self.errno).to_string()
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "kernel: {}", self.errno_text())?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(p) = &self.attr_path {
            write!(f, " (at attribute {p})")?;
        } else if let Some(o) = self.offset {
            write!(f, " (at request byte {o})")?;
        }
        if let Some(t) = self.missing_type {
            write!(f, " (missing attribute {t}")?;
            if let Some(n) = self.missing_nest {
                write!(f, " in the nest at byte {n}")?;
            }
            f.write_str(")")?;
        }
        if let Some(p) = &self.ext_ack_problem {
            write!(f, " (reply partly malformed: {p})")?;
        }
        Ok(())
    }
}

impl std::error::Error for KernelError {}

/// The outcome of a dump that never came out consistent: how many attempts
/// were made, and the data of the last one.
pub struct Interrupted {
    /// Dumps attempted.
    pub attempts: u32,
    data: Box<dyn std::any::Any + Send + Sync>,
}

impl Interrupted {
    pub(crate) fn new<T: Send + Sync + 'static>(attempts: u32, data: T) -> Interrupted {
        Interrupted {
            attempts,
            data: Box::new(data),
        }
    }

    /// The last attempt's (possibly inconsistent) data, if it is a `T`
    /// (for list operations, the `Vec` they would have returned).
    pub fn into_data<T: 'static>(self) -> Option<T> {
        self.data.downcast::<T>().ok().map(|b| *b)
    }

    /// A reference to the data, if it is a `T`.
    pub fn data<T: 'static>(&self) -> Option<&T> {
        self.data.downcast_ref::<T>()
    }
}

impl fmt::Debug for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interrupted")
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl From<NetNsError> for Error {
    fn from(e: NetNsError) -> Self {
        Error::Netns(e)
    }
}

/// `NLMSGERR_ATTR_POLICY`: what the kernel's policy allows for the rejected
/// attribute (`NL_POLICY_TYPE_ATTR_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policy {
    /// `NL_POLICY_TYPE_ATTR_TYPE` (`NL_ATTR_TYPE_*`).
    pub attr_type: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_S`.
    pub min_value_s: Option<i64>,
    /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_S`.
    pub max_value_s: Option<i64>,
    /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_U`.
    pub min_value_u: Option<u64>,
    /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_U`.
    pub max_value_u: Option<u64>,
    /// `NL_POLICY_TYPE_ATTR_MIN_LENGTH`.
    pub min_length: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_MAX_LENGTH`.
    pub max_length: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_POLICY_IDX`.
    pub policy_idx: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE`.
    pub policy_maxtype: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_BITFIELD32_MASK`.
    pub bitfield32_mask: Option<u32>,
    /// `NL_POLICY_TYPE_ATTR_MASK`.
    pub mask: Option<u64>,
}

/// The attribute a request byte offset falls in, as a path of kinds from
/// the outermost attribute inwards (at most 8 levels).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct AttrPath {
    pub(crate) kinds: [u16; AttrPath::MAX_DEPTH],
    pub(crate) depth: u8,
}

impl AttrPath {
    /// The deepest path recorded.
    pub const MAX_DEPTH: usize = 8;

    /// The kinds, outermost first.
    pub fn kinds(&self) -> &[u16] {
        &self.kinds[..self.depth as usize]
    }
}

impl fmt::Debug for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AttrPath({self})")
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, k) in self.kinds().iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            write!(f, "{k}")?;
        }
        Ok(())
    }
}
