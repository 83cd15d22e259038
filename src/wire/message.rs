//! `nlmsghdr`: message types, flags, and the zero-copy message iterator.

use std::fmt;

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::wire::align::align;
use crate::wire::attr::Attrs;

/// Size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

/// A message type (`nlmsg_type`).
///
/// Values below 16 are netlink's own control messages; the rest belong to the
/// protocol family. The rtnetlink kinds are provided as constants because they
/// are the common case; other families define their own.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MsgType(pub u16);

macro_rules! msg_types {
    ($($(#[$m:meta])* $name:ident = $v:expr;)*) => {
        impl MsgType {
            $($(#[$m])* pub const $name: MsgType = MsgType($v);)*

            /// The kernel's name for this type (`NLMSG_DONE`, `RTM_NEWLINK`, ...),
            /// reading family types as rtnetlink's.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some(stringify!($name)),)*
                    _ => None,
                }
            }
        }
    };
}

msg_types! {
    /// Nothing; to be ignored.
    NLMSG_NOOP = 1;
    /// An error or, with errno 0, an acknowledgement.
    NLMSG_ERROR = 2;
    /// The end of a multipart message (a dump).
    NLMSG_DONE = 3;
    /// Data was lost.
    NLMSG_OVERRUN = 4;
    /// rtnetlink: create a link.
    RTM_NEWLINK = 16;
    /// rtnetlink: delete a link.
    RTM_DELLINK = 17;
    /// rtnetlink: get or dump links.
    RTM_GETLINK = 18;
    /// rtnetlink: change a link.
    RTM_SETLINK = 19;
    /// rtnetlink: add an address.
    RTM_NEWADDR = 20;
    /// rtnetlink: delete an address.
    RTM_DELADDR = 21;
    /// rtnetlink: dump addresses.
    RTM_GETADDR = 22;
    /// rtnetlink: add a route.
    RTM_NEWROUTE = 24;
    /// rtnetlink: delete a route.
    RTM_DELROUTE = 25;
    /// rtnetlink: get or dump routes.
    RTM_GETROUTE = 26;
    /// rtnetlink: add a neighbour.
    RTM_NEWNEIGH = 28;
    /// rtnetlink: delete a neighbour.
    RTM_DELNEIGH = 29;
    /// rtnetlink: get or dump neighbours.
    RTM_GETNEIGH = 30;
    /// rtnetlink: add a rule.
    RTM_NEWRULE = 32;
    /// rtnetlink: delete a rule.
    RTM_DELRULE = 33;
    /// rtnetlink: dump rules.
    RTM_GETRULE = 34;
    /// rtnetlink: per-device configuration changed (notification).
    RTM_NEWNETCONF = 80;
    /// rtnetlink: per-device configuration gone (notification).
    RTM_DELNETCONF = 81;
    /// rtnetlink: get or dump per-device configuration.
    RTM_GETNETCONF = 82;
    /// rtnetlink: add a namespace id.
    RTM_NEWNSID = 88;
    /// rtnetlink: delete a namespace id.
    RTM_DELNSID = 89;
    /// rtnetlink: get or dump namespace ids.
    RTM_GETNSID = 90;
    /// rtnetlink: add link properties (alternative names).
    RTM_NEWLINKPROP = 108;
    /// rtnetlink: delete link properties (alternative names).
    RTM_DELLINKPROP = 109;
}

impl MsgType {
    /// True for netlink's reserved control types (below `NLMSG_MIN_TYPE`, 16).
    #[inline]
    pub const fn is_control(self) -> bool {
        self.0 < 16
    }
}

impl fmt::Debug for MsgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "MsgType({})", self.0),
        }
    }
}

impl From<u16> for MsgType {
    fn from(v: u16) -> Self {
        MsgType(v)
    }
}

bitflags::bitflags! {
    /// `nlmsg_flags`.
    ///
    /// The high byte means different things by message: for a GET request
    /// `ROOT`/`MATCH`/`ATOMIC`, for a NEW request `REPLACE`/`EXCL`/`CREATE`/
    /// `APPEND`, for a DELETE `NONREC`/`BULK`, and for an `NLMSG_ERROR` reply
    /// `CAPPED`/`ACK_TLVS`. The constants share bits accordingly;
    /// [`Flags::names`] prints them for a given context and `Debug` prints
    /// every reading of a shared bit (`REPLACE/ROOT/NONREC/CAPPED`).
    #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Flags: u16 {
        /// A request.
        const REQUEST = 0x01;
        /// Part of a multipart message, ended by `NLMSG_DONE`.
        const MULTI = 0x02;
        /// Asks for an acknowledgement.
        const ACK = 0x04;
        /// Asks to receive the resulting notification too.
        const ECHO = 0x08;
        /// The dump was inconsistent: the table changed while it ran.
        const DUMP_INTR = 0x10;
        /// The dump was filtered as the request asked.
        const DUMP_FILTERED = 0x20;
        /// GET: the whole table.
        const ROOT = 0x100;
        /// GET: all matching entries.
        const MATCH = 0x200;
        /// GET: atomically.
        const ATOMIC = 0x400;
        /// GET: a dump (`ROOT | MATCH`).
        const DUMP = 0x300;
        /// NEW: replace an existing object.
        const REPLACE = 0x100;
        /// NEW: fail if the object exists.
        const EXCL = 0x200;
        /// NEW: create if it does not exist.
        const CREATE = 0x400;
        /// NEW: append to the end of a list.
        const APPEND = 0x800;
        /// DELETE: do not delete recursively.
        const NONREC = 0x100;
        /// DELETE: delete several objects.
        const BULK = 0x200;
        /// ERROR reply: the embedded request was cut to its header.
        const CAPPED = 0x100;
        /// ERROR/DONE reply: extended-ack TLVs follow.
        const ACK_TLVS = 0x200;
    }
}

/// Which reading of the shared high flag bits applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FlagContext {
    /// A GET request (`ROOT`, `MATCH`, `ATOMIC`).
    Get,
    /// A NEW request (`REPLACE`, `EXCL`, `CREATE`, `APPEND`).
    New,
    /// A DELETE request (`NONREC`, `BULK`).
    Delete,
    /// An `NLMSG_ERROR` or `NLMSG_DONE` reply (`CAPPED`, `ACK_TLVS`).
    Ack,
    /// Unknown: every reading is printed.
    Any,
}

impl FlagContext {
    /// The context for a message of `kind`, reading family types as
    /// rtnetlink's (NEW, DEL, GET, SET in groups of four).
    pub fn for_rtnl(kind: MsgType) -> FlagContext {
        match kind.0 {
            2 | 3 => FlagContext::Ack,
            0..=15 => FlagContext::Any,
            k => match k % 4 {
                0 => FlagContext::New,
                1 => FlagContext::Delete,
                2 => FlagContext::Get,
                _ => FlagContext::Any,
            },
        }
    }
}

impl Flags {
    /// Writes the flag names for `ctx`, separated by `|`; unknown bits in hex.
    pub fn names(self, ctx: FlagContext, f: &mut impl fmt::Write) -> fmt::Result {
        const LOW: [(u16, &str); 6] = [
            (0x01, "REQUEST"),
            (0x02, "MULTI"),
            (0x04, "ACK"),
            (0x08, "ECHO"),
            (0x10, "DUMP_INTR"),
            (0x20, "DUMP_FILTERED"),
        ];
        let high: &[(u16, &str)] = match ctx {
            FlagContext::Get => &[(0x100, "ROOT"), (0x200, "MATCH"), (0x400, "ATOMIC")],
            FlagContext::New => &[
                (0x100, "REPLACE"),
                (0x200, "EXCL"),
                (0x400, "CREATE"),
                (0x800, "APPEND"),
            ],
            FlagContext::Delete => &[(0x100, "NONREC"), (0x200, "BULK")],
            FlagContext::Ack => &[(0x100, "CAPPED"), (0x200, "ACK_TLVS")],
            FlagContext::Any => &[
                (0x100, "REPLACE/ROOT/NONREC/CAPPED"),
                (0x200, "EXCL/MATCH/BULK/ACK_TLVS"),
                (0x400, "CREATE/ATOMIC"),
                (0x800, "APPEND"),
            ],
        };
        let mut rest = self.bits();
        let mut first = true;
        for &(bit, name) in LOW.iter().chain(high) {
            if rest & bit != 0 {
                if !first {
                    f.write_str("|")?;
                }
                f.write_str(name)?;
                first = false;
                rest &= !bit;
            }
        }
        if rest != 0 {
            if !first {
                f.write_str("|")?;
            }
            write!(f, "{rest:#x}")?;
            first = false;
        }
        if first {
            f.write_str("0")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Flags(")?;
        self.names(FlagContext::Any, f)?;
        f.write_str(")")
    }
}

/// A decoded `struct nlmsghdr`.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Header {
    /// `nlmsg_len`: the message's length including this header.
    pub len: u32,
    /// `nlmsg_type`.
    pub kind: MsgType,
    /// `nlmsg_flags`.
    pub flags: Flags,
    /// `nlmsg_seq`: the sequence number.
    pub seq: u32,
    /// `nlmsg_pid`: the port id.
    pub port: u32,
}

impl Header {
    /// Reads a header from the first 16 bytes of `b` (no length checks
    /// beyond that).
    #[inline]
    pub fn parse(b: &[u8]) -> Option<Header> {
        let b: &[u8; NLMSG_HDRLEN] = b.get(..NLMSG_HDRLEN)?.try_into().ok()?;
        Some(Header {
            len: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            kind: MsgType(u16::from_ne_bytes([b[4], b[5]])),
            flags: Flags::from_bits_retain(u16::from_ne_bytes([b[6], b[7]])),
            seq: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
            port: u32::from_ne_bytes([b[12], b[13], b[14], b[15]]),
        })
    }

    /// The header's 16 bytes in host order.
    #[inline]
    pub fn to_bytes(&self) -> [u8; NLMSG_HDRLEN] {
        let mut b = [0u8; NLMSG_HDRLEN];
        b[0..4].copy_from_slice(&self.len.to_ne_bytes());
        b[4..6].copy_from_slice(&self.kind.0.to_ne_bytes());
        b[6..8].copy_from_slice(&self.flags.bits().to_ne_bytes());
        b[8..12].copy_from_slice(&self.seq.to_ne_bytes());
        b[12..16].copy_from_slice(&self.port.to_ne_bytes());
        b
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Header {{ len: {}, kind: {:?}, flags: ",
            self.len, self.kind
        )?;
        self.flags.names(FlagContext::for_rtnl(self.kind), f)?;
        write!(f, ", seq: {}, port: {} }}", self.seq, self.port)
    }
}

/// One message of a datagram: its header and a borrowed payload.
///
/// Header fields are read from the bytes on demand; the view itself is
/// three words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Message<'a> {
    /// The 16 header bytes (a `Message` always has them).
    #[inline]
    fn hdr(&self) -> &'a [u8; NLMSG_HDRLEN] {
        self.bytes.first_chunk().unwrap_or(&[0; NLMSG_HDRLEN])
    }

    /// Parses exactly one message from the start of `buf` (trailing bytes
    /// beyond `nlmsg_len` are ignored).
    #[inline]
    pub fn parse(buf: &'a [u8]) -> Result<Message<'a>> {
        match Messages::new(buf).next() {
            Some(r) => r,
            None => Err(DecodeError::new(
                "nlmsghdr",
                DecodeErrorKind::Truncated {
                    need: NLMSG_HDRLEN,
                    remaining: 0,
                },
                0,
            )
            .into()),
        }
    }

    /// A view of `bytes`, which [`Messages`] has already checked: exactly
    /// one message, header included, starting `offset` bytes into its
    /// datagram (so that errors count from the datagram). Skips checking it
    /// again on the hot path of a dump; a short slice still cannot panic
    /// (the header then reads as zeros).
    #[inline]
    pub(crate) fn checked_at(bytes: &'a [u8], offset: usize) -> Message<'a> {
        Message { bytes, offset }
    }

    /// The family header `H` at the start of the payload. A short payload
    /// is an error that says where the header was.
    #[inline]
    pub fn family_header<H: crate::wire::FamilyHeader>(&self) -> Result<H> {
        H::parse_at(self.payload(), self.offset + NLMSG_HDRLEN)
    }

    /// The decoded header.
    #[inline]
    pub fn header(&self) -> Header {
        Header::parse(self.hdr()).unwrap_or_default()
    }
    /// `nlmsg_len`.
    #[inline]
    pub fn len(&self) -> u32 {
        let h = self.hdr();
        u32::from_ne_bytes([h[0], h[1], h[2], h[3]])
    }
    /// Always false: a message has at least its 16-byte header.
    #[inline]
    pub fn is_empty(&self) -> bool {
        false
    }
    /// `nlmsg_type`.
    #[inline]
    pub fn kind(&self) -> MsgType {
        let h = self.hdr();
        MsgType(u16::from_ne_bytes([h[4], h[5]]))
    }
    /// `nlmsg_flags`.
    #[inline]
    pub fn flags(&self) -> Flags {
        let h = self.hdr();
        Flags::from_bits_retain(u16::from_ne_bytes([h[6], h[7]]))
    }
    /// `nlmsg_seq`.
    #[inline]
    pub fn seq(&self) -> u32 {
        let h = self.hdr();
        u32::from_ne_bytes([h[8], h[9], h[10], h[11]])
    }
    /// `nlmsg_pid`.
    #[inline]
    pub fn port(&self) -> u32 {
        let h = self.hdr();
        u32::from_ne_bytes([h[12], h[13], h[14], h[15]])
    }
    /// The payload after the 16-byte header, `nlmsg_len - 16` bytes.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        self.bytes.get(NLMSG_HDRLEN..).unwrap_or(&[])
    }
    /// The whole message, header included, `nlmsg_len` bytes.
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// Byte offset of this message in the buffer it was parsed from.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The attributes after a family header of `fixed_len` bytes (for
    /// example `IfInfoMsg::LEN`), with offsets relative to the outer buffer.
    /// A payload shorter than the family header is an error.
    #[inline]
    pub fn attrs(&self, fixed_len: usize) -> Result<Attrs<'a>> {
        let payload = self.payload();
        if payload.len() < fixed_len {
            return Err(self.short_payload(fixed_len));
        }
        let start = align(fixed_len).min(payload.len());
        Ok(Attrs::with_offset(
            &payload[start..],
            self.offset + NLMSG_HDRLEN + start,
        ))
    }

    #[cold]
    fn short_payload(&self, fixed_len: usize) -> Error {
        DecodeError::new(
            "family header",
            DecodeErrorKind::Truncated {
                need: fixed_len,
                remaining: self.payload().len(),
            },
            self.offset + NLMSG_HDRLEN,
        )
        .into()
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("header", &self.header())
            .field("payload_len", &self.payload().len())
            .field("offset", &self.offset)
            .finish()
    }
}

/// Iterator over the messages of a datagram.
///
/// Each item is a [`Message`] or, once, the error that ended the walk: a
/// header cut short, a length below 16 or past the end, or a message whose
/// padding is neither present nor the end of the datagram. After an error
/// the iterator is finished.
///
/// ```
/// use nlstack::wire::{Encoder, Flags, Messages, MsgType};
/// let mut buf = Vec::new();
/// Encoder::new(&mut buf, MsgType::NLMSG_NOOP, Flags::empty(), 1, 0).finish().unwrap();
/// Encoder::new(&mut buf, MsgType::NLMSG_NOOP, Flags::empty(), 2, 0).finish().unwrap();
/// let seqs: Vec<u32> = Messages::new(&buf).map(|m| m.unwrap().seq()).collect();
/// assert_eq!(seqs, [1, 2]);
/// ```
#[derive(Clone)]
pub struct Messages<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Messages<'a> {
    /// Walks `datagram` from its first byte.
    #[inline]
    pub fn new(datagram: &'a [u8]) -> Messages<'a> {
        Messages {
            buf: datagram,
            pos: 0,
        }
    }

    #[cold]
    fn fail(&mut self, kind: DecodeErrorKind) -> Option<Result<Message<'a>>> {
        let offset = self.pos;
        self.pos = self.buf.len();
        Some(Err(Error::Decode(DecodeError::new(
            "nlmsghdr", kind, offset,
        ))))
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<Message<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.buf.get(self.pos..)?;
        let Some(hdr) = rest.first_chunk::<NLMSG_HDRLEN>() else {
            if rest.is_empty() {
                return None;
            }
            return self.fail(DecodeErrorKind::Truncated {
                need: NLMSG_HDRLEN,
                remaining: rest.len(),
            });
        };
        let len = u32::from_ne_bytes([hdr[0], hdr[1], hdr[2], hdr[3]]) as usize;
        if len < NLMSG_HDRLEN {
            return self.fail(DecodeErrorKind::LengthTooSmall {
                len,
                min: NLMSG_HDRLEN,
            });
        }
        if len > rest.len() {
            return self.fail(DecodeErrorKind::LengthTooLarge {
                len,
                remaining: rest.len(),
            });
        }
        let aligned = align(len);
        if aligned > rest.len() && len != rest.len() {
            return self.fail(DecodeErrorKind::Misaligned { len });
        }
        let offset = self.pos;
        self.pos += aligned.min(rest.len());
        Some(Ok(Message {
            bytes: &rest[..len],
            offset,
        }))
    }
}

impl std::iter::FusedIterator for Messages<'_> {}

impl fmt::Debug for Messages<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Messages")
            .field("len", &self.buf.len())
            .field("pos", &self.pos)
            .finish()
    }
}
