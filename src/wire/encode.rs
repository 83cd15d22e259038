//! The encoder: appends a complete message to a caller-owned `Vec<u8>`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::{Deref, DerefMut};

use crate::error::{EncodeError, Error, Result};
use crate::wire::align::align;
use crate::wire::attr::{NLA_F_NESTED, NLA_HDRLEN};
use crate::wire::headers::FamilyHeader;
use crate::wire::message::{Flags, Header, MsgType, NLMSG_HDRLEN};

const PAD: [u8; 4] = [0; 4];

/// Appends one netlink message to a buffer: header, optional family header,
/// attributes, nests.
///
/// Attribute calls chain and never fail on the spot: an attribute too large
/// for `nla_len` is left out and remembered, and [`finish`](Self::finish)
/// reports it (and removes the half-built message). Padding is always zero.
/// Once the buffer has grown to hold a message, encoding the same shape
/// again allocates nothing.
///
/// ```
/// use nlstack::wire::{Encoder, Flags, IfInfoMsg, Messages, MsgType};
/// let mut buf = Vec::new();
/// let mut enc = Encoder::new(&mut buf, MsgType::RTM_NEWLINK, Flags::REQUEST | Flags::ACK, 7, 0);
/// enc.header(&IfInfoMsg::default());
/// enc.put_str(3 /* IFLA_IFNAME */, "veth0");
/// {
///     let mut info = enc.nest(18 /* IFLA_LINKINFO */);
///     info.put_str(1 /* IFLA_INFO_KIND */, "veth");
/// }
/// let len = enc.finish().unwrap();
/// assert_eq!(len, buf.len());
/// assert_eq!(Messages::new(&buf).next().unwrap().unwrap().seq(), 7);
/// ```
#[must_use = "a message is complete only after finish()"]
pub struct Encoder<'b> {
    buf: &'b mut Vec<u8>,
    start: usize,
    error: Option<EncodeError>,
}

impl<'b> Encoder<'b> {
    /// Starts a message at the end of `buf` with the given type, flags,
    /// sequence number and port id; the length is filled in by `finish`.
    #[inline]
    pub fn new(
        buf: &'b mut Vec<u8>,
        kind: MsgType,
        flags: Flags,
        seq: u32,
        port: u32,
    ) -> Encoder<'b> {
        let start = buf.len();
        let h = Header {
            len: 0,
            kind,
            flags,
            seq,
            port,
        };
        buf.extend_from_slice(&h.to_bytes());
        Encoder {
            buf,
            start,
            error: None,
        }
    }

    /// Appends a family header (`ifinfomsg`, `rtmsg`, ...), padded to 4 bytes.
    #[inline]
    pub fn header<H: FamilyHeader>(&mut self, h: &H) -> &mut Self {
        let at = self.buf.len();
        self.buf.resize(at + align(H::LEN), 0);
        h.write(&mut self.buf[at..at + H::LEN]);
        self
    }

    /// Appends raw bytes to the payload, padded with zeros to 4 bytes.
    #[inline]
    pub fn raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(bytes);
        self.buf
            .extend_from_slice(&PAD[..align(bytes.len()) - bytes.len()]);
        self
    }

    /// Appends an attribute with the given kind (flag bits as given) and value.
    #[inline]
    pub fn put(&mut self, kind: u16, value: &[u8]) -> &mut Self {
        let len = NLA_HDRLEN + value.len();
        if len > u16::MAX as usize {
            self.error
                .get_or_insert(EncodeError::AttrTooLarge { kind, len });
            return self;
        }
        self.buf.reserve(align(len));
        let mut hdr = [0u8; NLA_HDRLEN];
        hdr[..2].copy_from_slice(&(len as u16).to_ne_bytes());
        hdr[2..].copy_from_slice(&kind.to_ne_bytes());
        self.buf.extend_from_slice(&hdr);
        self.buf.extend_from_slice(value);
        self.buf.extend_from_slice(&PAD[..align(len) - len]);
        self
    }

    /// A fixed-size attribute written in one copy: `T` is its aligned
    /// size, `4 + value.len()` rounded up to 4 (checked at compile time by
    /// the callers' constants, and by a fallback here).
    #[inline(always)]
    fn put_small<const T: usize>(&mut self, kind: u16, value: &[u8]) -> &mut Self {
        let len = NLA_HDRLEN + value.len();
        if align(len) != T {
            return self.put(kind, value);
        }
        let mut a = [0u8; T];
        a[..2].copy_from_slice(&(len as u16).to_ne_bytes());
        a[2..4].copy_from_slice(&kind.to_ne_bytes());
        a[NLA_HDRLEN..len].copy_from_slice(value);
        self.buf.extend_from_slice(&a);
        self
    }

    /// A `u8` attribute.
    #[inline]
    pub fn put_u8(&mut self, kind: u16, v: u8) -> &mut Self {
        self.put_small::<8>(kind, &[v])
    }
    /// A host-order `u16` attribute.
    #[inline]
    pub fn put_u16(&mut self, kind: u16, v: u16) -> &mut Self {
        self.put_small::<8>(kind, &v.to_ne_bytes())
    }
    /// A host-order `u32` attribute.
    #[inline]
    pub fn put_u32(&mut self, kind: u16, v: u32) -> &mut Self {
        self.put_small::<8>(kind, &v.to_ne_bytes())
    }
    /// A host-order `u64` attribute.
    #[inline]
    pub fn put_u64(&mut self, kind: u16, v: u64) -> &mut Self {
        self.put_small::<12>(kind, &v.to_ne_bytes())
    }
    /// An `i8` attribute.
    #[inline]
    pub fn put_i8(&mut self, kind: u16, v: i8) -> &mut Self {
        self.put_small::<8>(kind, &v.to_ne_bytes())
    }
    /// A host-order `i16` attribute.
    #[inline]
    pub fn put_i16(&mut self, kind: u16, v: i16) -> &mut Self {
        self.put_small::<8>(kind, &v.to_ne_bytes())
    }
    /// A host-order `i32` attribute.
    #[inline]
    pub fn put_i32(&mut self, kind: u16, v: i32) -> &mut Self {
        self.put_small::<8>(kind, &v.to_ne_bytes())
    }
    /// A host-order `i64` attribute.
    #[inline]
    pub fn put_i64(&mut self, kind: u16, v: i64) -> &mut Self {
        self.put_small::<12>(kind, &v.to_ne_bytes())
    }
    /// A big-endian `u16` attribute (a port, say).
    #[inline]
    pub fn put_be16(&mut self, kind: u16, v: u16) -> &mut Self {
        self.put_small::<8>(kind, &v.to_be_bytes())
    }
    /// A big-endian `u32` attribute.
    #[inline]
    pub fn put_be32(&mut self, kind: u16, v: u32) -> &mut Self {
        self.put_small::<8>(kind, &v.to_be_bytes())
    }
    /// A big-endian `u64` attribute.
    #[inline]
    pub fn put_be64(&mut self, kind: u16, v: u64) -> &mut Self {
        self.put_small::<12>(kind, &v.to_be_bytes())
    }
    /// A NUL-terminated string attribute (`NLA_NUL_STRING`, what the kernel
    /// expects for names).
    #[inline]
    pub fn put_str(&mut self, kind: u16, s: &str) -> &mut Self {
        self.put_cstr(kind, s.as_bytes())
    }
    /// A NUL-terminated string attribute of any bytes (interface names are
    /// bytes: the kernel refuses only `/`, `:`, whitespace and NUL).
    #[inline]
    pub fn put_cstr(&mut self, kind: u16, s: &[u8]) -> &mut Self {
        let len = NLA_HDRLEN + s.len() + 1;
        if len > u16::MAX as usize {
            self.error
                .get_or_insert(EncodeError::AttrTooLarge { kind, len });
            return self;
        }
        let mut hdr = [0u8; NLA_HDRLEN];
        hdr[..2].copy_from_slice(&(len as u16).to_ne_bytes());
        hdr[2..].copy_from_slice(&kind.to_ne_bytes());
        self.buf.extend_from_slice(&hdr);
        self.buf.extend_from_slice(s);
        self.buf.extend_from_slice(&PAD[..1 + align(len) - len]);
        self
    }
    /// A string attribute without the trailing NUL (`NLA_STRING`).
    #[inline]
    pub fn put_str_nonul(&mut self, kind: u16, s: &str) -> &mut Self {
        self.put(kind, s.as_bytes())
    }
    /// A flag attribute: present, empty.
    #[inline]
    pub fn put_flag(&mut self, kind: u16) -> &mut Self {
        self.put(kind, &[])
    }
    /// An IPv4 address (4 bytes, network order).
    #[inline]
    pub fn put_ipv4(&mut self, kind: u16, a: Ipv4Addr) -> &mut Self {
        self.put_small::<8>(kind, &a.octets())
    }
    /// An IPv6 address (16 bytes).
    #[inline]
    pub fn put_ipv6(&mut self, kind: u16, a: Ipv6Addr) -> &mut Self {
        self.put_small::<20>(kind, &a.octets())
    }
    /// An IPv4 or IPv6 address (4 or 16 bytes).
    #[inline]
    pub fn put_ip(&mut self, kind: u16, a: IpAddr) -> &mut Self {
        match a {
            IpAddr::V4(a) => self.put_ipv4(kind, a),
            IpAddr::V6(a) => self.put_ipv6(kind, a),
        }
    }
    /// A 6-byte MAC address.
    #[inline]
    pub fn put_mac(&mut self, kind: u16, mac: [u8; 6]) -> &mut Self {
        self.put_small::<12>(kind, &mac)
    }

    /// Opens a nested attribute (`NLA_F_NESTED` set); attributes added
    /// through the guard go inside it, and its length is patched when the
    /// guard is finished or dropped. Nests nest to any depth.
    #[inline]
    pub fn nest(&mut self, kind: u16) -> Nest<'_, 'b> {
        let at = self.buf.len();
        let mut hdr = [0u8; NLA_HDRLEN];
        hdr[2..].copy_from_slice(&(kind | NLA_F_NESTED).to_ne_bytes());
        self.buf.extend_from_slice(&hdr);
        Nest {
            enc: self,
            at,
            kind,
        }
    }

    /// Bytes written so far for this message, header included.
    #[inline]
    pub fn len(&self) -> usize {
        self.buf.len() - self.start
    }

    /// Always false: a message has at least its header.
    #[inline]
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Completes the message: patches `nlmsg_len` and returns the message's
    /// length. If any attribute was too large, or the message exceeds
    /// `u32::MAX`, the message is removed from the buffer and the error
    /// returned.
    #[inline]
    pub fn finish(self) -> Result<usize> {
        let len = self.buf.len() - self.start;
        let err = match self.error {
            Some(e) => Some(e),
            None if len > u32::MAX as usize => Some(EncodeError::MessageTooLarge { len }),
            None => None,
        };
        if let Some(e) = err {
            self.buf.truncate(self.start);
            return Err(Error::Encode(e));
        }
        self.buf[self.start..self.start + 4].copy_from_slice(&(len as u32).to_ne_bytes());
        Ok(len)
    }
}

/// A nested attribute being built; derefs to the [`Encoder`] so every
/// `put_*` (and `nest`) works on it. Its length is patched on
/// [`finish`](Nest::finish) or drop.
pub struct Nest<'e, 'b> {
    enc: &'e mut Encoder<'b>,
    at: usize,
    kind: u16,
}

impl Nest<'_, '_> {
    /// Closes the nest (the same as dropping it).
    #[inline]
    pub fn finish(self) {}
}

impl<'b> Deref for Nest<'_, 'b> {
    type Target = Encoder<'b>;
    #[inline]
    fn deref(&self) -> &Encoder<'b> {
        self.enc
    }
}

impl<'b> DerefMut for Nest<'_, 'b> {
    #[inline]
    fn deref_mut(&mut self) -> &mut Encoder<'b> {
        self.enc
    }
}

impl Drop for Nest<'_, '_> {
    #[inline]
    fn drop(&mut self) {
        let len = self.enc.buf.len() - self.at;
        if len > u16::MAX as usize {
            self.enc.error.get_or_insert(EncodeError::AttrTooLarge {
                kind: self.kind,
                len,
            });
            return;
        }
        self.enc.buf[self.at..self.at + 2].copy_from_slice(&(len as u16).to_ne_bytes());
    }
}

// The header is a fixed 16 bytes; keep the constant honest.
const _: () = assert!(NLMSG_HDRLEN == 16);
