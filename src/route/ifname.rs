//! Interface names: bytes, not text. The kernel refuses only `/`, `:`,
//! whitespace, NUL, `.` and `..` (`dev_valid_name`); any other bytes, UTF-8
//! or not, make a name. An agent that lost or blanked such a name would let
//! a workload hide an interface from it.

use std::fmt;
use std::num::NonZeroU8;

use crate::wire::{arr, without_nul};

/// The longest name: `IFNAMSIZ` less the NUL.
pub const IFNAME_MAX: usize = 15;

/// An interface name, up to 15 bytes, held inline: `Copy`, no allocation,
/// compared, ordered and hashed as bytes. `Display` prints the bytes as
/// `ip` does when they are UTF-8, and escapes the others (`\xff`) where text
/// must be valid; [`as_bytes`](Self::as_bytes) gives them raw.
///
/// ```
/// use nlstack::route::IfName;
/// let n = IfName::new(b"eth0")?;
/// assert_eq!(n, "eth0");
/// let odd = IfName::new(&[b'v', 0xff, 0xfe])?;
/// assert_eq!(odd.to_str(), None);
/// assert_eq!(odd.to_string(), "v\\xff\\xfe");
/// assert!(IfName::new(b"a/b").is_err() && IfName::new(b"").is_err());
/// # Ok::<(), nlstack::route::IfNameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(align(8))]
pub struct IfName {
    bytes: [u8; IFNAME_MAX],
    // The length plus one: a niche, so that `Option<IfName>` is 16 bytes
    // too and moves as aligned words.
    len1: NonZeroU8,
}

impl Default for IfName {
    /// The empty name.
    fn default() -> IfName {
        IfName {
            bytes: [0; IFNAME_MAX],
            len1: NonZeroU8::MIN,
        }
    }
}

impl Ord for IfName {
    /// Byte order: `aa` before `b`, `eth10` before `eth9`.
    fn cmp(&self, other: &IfName) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for IfName {
    fn partial_cmp(&self, other: &IfName) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Why bytes are not an interface name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IfNameError {
    /// Empty, `.` or `..`.
    Empty,
    /// Longer than 15 bytes.
    TooLong(usize),
    /// A byte the kernel refuses: `/`, `:`, whitespace or NUL.
    Forbidden(u8),
}

impl fmt::Display for IfNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IfNameError::Empty => f.write_str("an interface name cannot be empty, . or .."),
            IfNameError::TooLong(n) => write!(f, "an interface name has at most 15 bytes, not {n}"),
            IfNameError::Forbidden(b) => {
                write!(f, "an interface name cannot hold the byte {b:#04x}")
            }
        }
    }
}

impl std::error::Error for IfNameError {}

impl IfName {
    /// A name the kernel would accept (`dev_valid_name`).
    pub fn new(b: &[u8]) -> Result<IfName, IfNameError> {
        if b.is_empty() || b == b"." || b == b".." {
            return Err(IfNameError::Empty);
        }
        if let Some(&c) = b.iter().find(|&&c| {
            matches!(
                c,
                b'/' | b':' | 0 | b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'
            )
        }) {
            return Err(IfNameError::Forbidden(c));
        }
        IfName::fit(b).ok_or(IfNameError::TooLong(b.len()))
    }

    #[inline]
    fn fit(b: &[u8]) -> Option<IfName> {
        (b.len() <= IFNAME_MAX).then(|| IfName::truncated(b))
    }

    /// The first [`IFNAME_MAX`] bytes of `b`, or all of a shorter `b`.
    /// Built in place, with no `Option` on the way: a name is copied
    /// several times less (the view's getters return it by value).
    #[inline]
    fn truncated(b: &[u8]) -> IfName {
        let b = b.get(..IFNAME_MAX).unwrap_or(b);
        let len = b.len();
        // The name as two little-endian words, each read in at most three
        // pieces and shifted into place, then stored whole: stored piece
        // by piece, the name was read back in words that straddled the
        // pieces, and each such read waited for the stores to retire.
        let (lo, hi) = if len >= 8 {
            let last = u64::from_le_bytes(arr::<8>(&b[len - 8..]));
            let hi = last.checked_shr(8 * (16 - len) as u32).unwrap_or(0);
            (u64::from_le_bytes(arr::<8>(b)), hi)
        } else if len >= 4 {
            let first = u64::from(u32::from_le_bytes(arr::<4>(b)));
            let last = u64::from(u32::from_le_bytes(arr::<4>(&b[len - 4..])));
            (first | last << (8 * (len - 4)), 0)
        } else if len > 0 {
            let at = |i: usize| u64::from(b[i]) << (8 * i);
            (at(0) | at(len / 2) | at(len - 1), 0)
        } else {
            (0, 0)
        };
        let mut bytes = [0; IFNAME_MAX];
        bytes[..8].copy_from_slice(&lo.to_le_bytes());
        bytes[8..].copy_from_slice(&hi.to_le_bytes()[..IFNAME_MAX - 8]);
        IfName {
            bytes,
            len1: NonZeroU8::MIN.saturating_add(len as u8),
        }
    }

    /// The name's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len()]
    }

    /// The name as text, when it is UTF-8.
    pub fn to_str(&self) -> Option<&str> {
        std::str::from_utf8(self.as_bytes()).ok()
    }

    /// True for the empty name (a link message that carried none).
    pub fn is_empty(&self) -> bool {
        self.len1 == NonZeroU8::MIN
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        usize::from(self.len1.get() - 1)
    }
}

impl fmt::Display for IfName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.as_bytes().utf8_chunks() {
            f.write_str(chunk.valid())?;
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for IfName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IfName(\"{self}\")")
    }
}

impl AsRef<[u8]> for IfName {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq<str> for IfName {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for IfName {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<[u8]> for IfName {
    fn eq(&self, other: &[u8]) -> bool {
        self.as_bytes() == other
    }
}

impl PartialEq<IfName> for &str {
    fn eq(&self, other: &IfName) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl TryFrom<&str> for IfName {
    type Error = IfNameError;
    fn try_from(s: &str) -> Result<IfName, IfNameError> {
        IfName::new(s.as_bytes())
    }
}

impl TryFrom<&[u8]> for IfName {
    type Error = IfNameError;
    fn try_from(b: &[u8]) -> Result<IfName, IfNameError> {
        IfName::new(b)
    }
}

/// The codec of `IFLA_IFNAME` and the other attributes holding an
/// interface name: up to 15 bytes and a NUL (a trailing NUL dropped,
/// bytes kept as they are); sent with a NUL.
impl crate::wire::Value for IfName {
    type Out<'a> = IfName;
    type Owned = IfName;
    const SIZES: &'static [usize] = &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    #[inline]
    fn decode(v: &[u8]) -> IfName {
        IfName::truncated(without_nul(v))
    }
    fn to_owned(v: IfName) -> IfName {
        v
    }
    fn put(v: &IfName, kind: u16, e: &mut crate::wire::Encoder<'_>) {
        e.put_cstr(kind, v.as_bytes());
    }
}
