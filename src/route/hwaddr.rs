//! [`HwAddr`]: a hardware (link-layer) address, as links carry it.

use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;

/// `MAX_ADDR_LEN`: the longest hardware address the kernel keeps.
pub const MAX_ADDR_LEN: usize = 32;

/// A hardware (link-layer) address of up to [`MAX_ADDR_LEN`] bytes: 6 for
/// Ethernet, 0 or 4 or 16 for some tunnels, 20 for InfiniBand. Copy, no
/// allocation. `Display` and `FromStr` use `ip`'s form, lower-case hex
/// octets separated by colons.
///
/// ```
/// use nlstack::route::HwAddr;
/// let a: HwAddr = "02:00:00:aa:bb:cc".parse().unwrap();
/// assert_eq!(a.as_bytes(), &[2, 0, 0, 0xaa, 0xbb, 0xcc]);
/// assert_eq!(a.to_string(), "02:00:00:aa:bb:cc");
/// assert_eq!(a, HwAddr::from([2, 0, 0, 0xaa, 0xbb, 0xcc]));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(align(8))]
pub struct HwAddr {
    bytes: [u8; MAX_ADDR_LEN],
    // The length plus one: a niche, so that `Option<HwAddr>` is no larger,
    // in a whole word, so that it is written and read back as one.
    len1: NonZeroU64,
}

impl HwAddr {
    /// The first `len` (at most [`MAX_ADDR_LEN`]) of `bytes`; the rest are
    /// zero.
    #[inline]
    const fn with_len(bytes: [u8; MAX_ADDR_LEN], len: usize) -> HwAddr {
        let len1 = match NonZeroU64::new(len as u64 + 1) {
            Some(n) => n,
            None => NonZeroU64::MIN,
        };
        HwAddr { bytes, len1 }
    }

    /// The address in `b`, or `None` if it is longer than [`MAX_ADDR_LEN`].
    #[inline]
    pub fn from_slice(b: &[u8]) -> Option<HwAddr> {
        (b.len() <= MAX_ADDR_LEN).then(|| HwAddr::truncated(b))
    }

    /// The first [`MAX_ADDR_LEN`] bytes of `b`, or all of a shorter `b`.
    /// Built in place, with no `Option` on the way: the address is copied
    /// several times less (the view's getters return it by value).
    #[inline]
    fn truncated(b: &[u8]) -> HwAddr {
        // Ethernet's six bytes, as a fixed size.
        if let Ok(mac) = <[u8; 6]>::try_from(b) {
            return HwAddr::from(mac);
        }
        let b = b.get(..MAX_ADDR_LEN).unwrap_or(b);
        let mut bytes = [0u8; MAX_ADDR_LEN];
        bytes[..b.len()].copy_from_slice(b);
        HwAddr::with_len(bytes, b.len())
    }

    /// The address's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len()]
    }

    /// The address as a 6-byte MAC, if it is one.
    pub fn mac(&self) -> Option<[u8; 6]> {
        <[u8; 6]>::try_from(self.as_bytes()).ok()
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        (self.len1.get() - 1) as usize
    }

    /// True for a zero-length address.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<[u8; 6]> for HwAddr {
    #[inline]
    fn from(mac: [u8; 6]) -> HwAddr {
        // As one word, stored whole (a copy read back in wider pieces
        // than it was written waits for the stores to reach the cache).
        let [a, b, c, d, e, f] = mac;
        let w = u64::from_le_bytes([a, b, c, d, e, f, 0, 0]).to_le_bytes();
        let mut bytes = [0u8; MAX_ADDR_LEN];
        bytes[..8].copy_from_slice(&w);
        HwAddr::with_len(bytes, 6)
    }
}

impl fmt::Display for HwAddr {
    /// Colon-separated lower-case hex octets, as `ip` prints them, written
    /// in one piece.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; MAX_ADDR_LEN * 3];
        let mut n = 0;
        for (i, b) in self.as_bytes().iter().enumerate() {
            if i > 0 {
                text[n] = b':';
                n += 1;
            }
            text[n] = HEX[usize::from(b >> 4)];
            text[n + 1] = HEX[usize::from(b & 15)];
            n += 2;
        }
        f.write_str(std::str::from_utf8(&text[..n]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for HwAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HwAddr({self})")
    }
}

/// A string that is not a hardware address: empty octets, octets that are
/// not one or two hex digits, or more than [`MAX_ADDR_LEN`] of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HwAddrParseError;

impl fmt::Display for HwAddrParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid hardware address")
    }
}

impl std::error::Error for HwAddrParseError {}

impl FromStr for HwAddr {
    type Err = HwAddrParseError;

    fn from_str(s: &str) -> Result<HwAddr, HwAddrParseError> {
        let mut bytes = [0u8; MAX_ADDR_LEN];
        let mut len = 0usize;
        if s.is_empty() {
            return Ok(HwAddr::with_len(bytes, 0));
        }
        for part in s.split(':') {
            if part.is_empty() || part.len() > 2 || len == MAX_ADDR_LEN {
                return Err(HwAddrParseError);
            }
            bytes[len] = u8::from_str_radix(part, 16).map_err(|_| HwAddrParseError)?;
            len += 1;
        }
        Ok(HwAddr::with_len(bytes, len))
    }
}

/// The codec of an attribute holding a hardware address (at most
/// [`MAX_ADDR_LEN`] bytes).
impl crate::wire::Value for HwAddr {
    type Out<'a> = HwAddr;
    type Owned = HwAddr;
    const SIZES: &'static [usize] = &[
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
        25, 26, 27, 28, 29, 30, 31, 32,
    ];
    #[inline]
    fn decode(v: &[u8]) -> HwAddr {
        HwAddr::truncated(v)
    }
    fn to_owned(v: HwAddr) -> HwAddr {
        v
    }
    fn put(v: &HwAddr, kind: u16, e: &mut crate::wire::Encoder<'_>) {
        e.put(kind, v.as_bytes());
    }
}
