//! [`Prefix`]: an IP address and a prefix length, as routes, addresses
//! and rules name destinations.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::route::family::{self, AddrFamily, INET, INET6};

/// An IP prefix: an address and a prefix length.
///
/// Parses from `"10.1.0.0/16"`, `"2001:db8::/32"`, or a bare address (a
/// host prefix: /32 or /128); prints as `address/len`.
///
/// ```
/// use nlstack::route::Prefix;
/// let p: Prefix = "10.1.0.0/16".parse().unwrap();
/// assert_eq!(p.len(), 16);
/// assert_eq!(p.to_string(), "10.1.0.0/16");
/// assert_eq!("192.0.2.1".parse::<Prefix>().unwrap().len(), 32);
/// assert!("10.0.0.0/33".parse::<Prefix>().is_err());
/// assert!(Prefix::default_v6().is_default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Prefix {
    addr: IpAddr,
    len: u8,
}

impl Prefix {
    /// `addr/len`; a length above the family's maximum is clamped to it.
    pub fn new(addr: IpAddr, len: u8) -> Prefix {
        let max = Prefix::max_len_of(addr);
        Prefix {
            addr,
            len: len.min(max),
        }
    }

    /// A host prefix: `addr/32` or `addr/128`.
    pub fn host(addr: IpAddr) -> Prefix {
        Prefix {
            addr,
            len: Prefix::max_len_of(addr),
        }
    }

    /// `0.0.0.0/0`, the IPv4 default route.
    pub fn default_v4() -> Prefix {
        Prefix::new(Ipv4Addr::UNSPECIFIED.into(), 0)
    }

    /// `::/0`, the IPv6 default route.
    pub fn default_v6() -> Prefix {
        Prefix::new(Ipv6Addr::UNSPECIFIED.into(), 0)
    }

    fn max_len_of(addr: IpAddr) -> u8 {
        match addr {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        }
    }

    /// The address.
    pub fn addr(&self) -> IpAddr {
        self.addr
    }

    /// The prefix length.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u8 {
        self.len
    }

    /// True for a length of 0 (a default route).
    pub fn is_default(&self) -> bool {
        self.len == 0
    }

    /// True when the prefix is a single address (/32 or /128).
    pub fn is_host(&self) -> bool {
        self.len == Prefix::max_len_of(self.addr)
    }

    /// `AF_INET` or `AF_INET6`.
    pub fn family(&self) -> AddrFamily {
        family::of(self.addr)
    }

    /// The prefix with the host bits cleared (`10.1.2.3/16` gives
    /// `10.1.0.0/16`).
    pub fn network(&self) -> Prefix {
        let addr = match self.addr {
            IpAddr::V4(a) => {
                let mask = u32::MAX.checked_shl(32 - self.len as u32).unwrap_or(0);
                IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask))
            }
            IpAddr::V6(a) => {
                let mask = u128::MAX.checked_shl(128 - self.len as u32).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask))
            }
        };
        Prefix {
            addr,
            len: self.len,
        }
    }

    /// True when `a` is inside the prefix (of the same family).
    pub fn contains(&self, a: IpAddr) -> bool {
        Prefix::new(a, self.len).network() == self.network()
            && family::of(a) == family::of(self.addr)
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

/// A string that is not an IP prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsePrefixError(());

impl fmt::Display for ParsePrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid IP prefix (expected ADDRESS or ADDRESS/LEN)")
    }
}

impl std::error::Error for ParsePrefixError {}

impl FromStr for Prefix {
    type Err = ParsePrefixError;

    fn from_str(s: &str) -> std::result::Result<Prefix, ParsePrefixError> {
        let (a, l) = match s.split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (s, None),
        };
        let addr: IpAddr = a.parse().map_err(|_| ParsePrefixError(()))?;
        let max = Prefix::max_len_of(addr);
        let len = match l {
            None => max,
            Some(l) if !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) => {
                l.parse::<u8>().map_err(|_| ParsePrefixError(()))?
            }
            Some(_) => return Err(ParsePrefixError(())),
        };
        if len > max {
            return Err(ParsePrefixError(()));
        }
        Ok(Prefix { addr, len })
    }
}

impl From<IpAddr> for Prefix {
    fn from(a: IpAddr) -> Prefix {
        Prefix::host(a)
    }
}

/// The destination of a route as a prefix: `dst/len`, or the family's
/// default route when `dst` is absent; `None` for another family.
pub(crate) fn dst_prefix(family: AddrFamily, dst: Option<IpAddr>, len: u8) -> Option<Prefix> {
    let addr = match (dst, family) {
        (Some(a), _) => a,
        (None, INET) => Ipv4Addr::UNSPECIFIED.into(),
        (None, INET6) => Ipv6Addr::UNSPECIFIED.into(),
        (None, _) => return None,
    };
    Some(Prefix::new(addr, len))
}
