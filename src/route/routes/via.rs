//! [`Via`]: a gateway of any family (`RTA_VIA`).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::route::family::{self, AddrFamily, INET, INET6};
use crate::wire::{Encoder, Value};

/// `RTA_VIA` (`struct rtvia`): a gateway whose family may differ from the
/// route's (an IPv6 next hop for an IPv4 route), stored inline (up to 16
/// address bytes). The kernel's `rtvia_family` is 16 bits; every family
/// fits the one byte of [`AddrFamily`], and the 16 bits as sent are
/// [`raw_family`](Via::raw_family).
///
/// ```
/// use nlstack::route::Via;
/// let v = Via::from("2001:db8::1".parse::<std::net::IpAddr>().unwrap());
/// assert_eq!(v.family(), nlstack::route::family::INET6);
/// assert_eq!(v.ip(), Some("2001:db8::1".parse().unwrap()));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Via {
    family: u16,
    len: u8,
    addr: [u8; 16],
}

impl Via {
    /// A via of any family with up to 16 address bytes; `None` if longer.
    pub fn new(family: AddrFamily, addr: &[u8]) -> Option<Via> {
        Via::with_raw_family(family.into(), addr)
    }

    fn with_raw_family(family: u16, addr: &[u8]) -> Option<Via> {
        let mut a = [0u8; 16];
        a.get_mut(..addr.len())?.copy_from_slice(addr);
        Some(Via {
            family,
            len: addr.len() as u8,
            addr: a,
        })
    }

    /// `rtvia_family` (`AF_INET`, `AF_INET6`, `AF_PACKET`...); a value
    /// over 255, which names no family, reads as `AF_UNSPEC`.
    pub fn family(&self) -> AddrFamily {
        AddrFamily::try_from(self.family).unwrap_or(family::UNSPEC)
    }

    /// `rtvia_family` as sent: 16 bits.
    pub fn raw_family(&self) -> u16 {
        self.family
    }

    /// The address bytes.
    pub fn addr(&self) -> &[u8] {
        &self.addr[..self.len as usize]
    }

    /// The address as an IP address, for `AF_INET` and `AF_INET6`.
    pub fn ip(&self) -> Option<IpAddr> {
        match (self.family, self.addr()) {
            (f, &[a, b, c, d]) if f == INET.into() => Some(Ipv4Addr::new(a, b, c, d).into()),
            (f, b) if f == u16::from(INET6) => <[u8; 16]>::try_from(b)
                .ok()
                .map(|b| Ipv6Addr::from(b).into()),
            _ => None,
        }
    }

    /// Bytes of the attribute value: family then address.
    pub(crate) fn value_len(&self) -> usize {
        2 + self.len as usize
    }

    pub(crate) fn write(&self, kind: u16, e: &mut Encoder<'_>) {
        let mut v = [0u8; 18];
        v[..2].copy_from_slice(&self.family.to_ne_bytes());
        v[2..2 + self.len as usize].copy_from_slice(self.addr());
        e.put(kind, &v[..self.value_len()]);
    }
}

impl From<IpAddr> for Via {
    fn from(a: IpAddr) -> Via {
        let mut addr = [0u8; 16];
        let len = match a {
            IpAddr::V4(a) => {
                addr[..4].copy_from_slice(&a.octets());
                4
            }
            IpAddr::V6(a) => {
                addr = a.octets();
                16
            }
        };
        Via {
            family: family::of(a).into(),
            len,
            addr,
        }
    }
}

impl fmt::Debug for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ip() {
            Some(ip) => write!(f, "Via({ip})"),
            None => write!(f, "Via(family {}, {:02x?})", self.family, self.addr()),
        }
    }
}

/// `struct rtvia`: a 2-byte family, then 0 to 16 address bytes (any
/// family; [`Via::ip`] is `None` when the size does not fit the family).
impl Value for Via {
    type Out<'a> = Via;
    type Owned = Via;
    const SIZES: &'static [usize] = &[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

    #[inline]
    fn decode(v: &[u8]) -> Via {
        let (fam, addr) = v.split_first_chunk::<2>().unwrap_or((&[0, 0], &[]));
        let addr = addr.get(..16).unwrap_or(addr);
        Via::with_raw_family(u16::from_ne_bytes(*fam), addr).unwrap_or(Via {
            family: 0,
            len: 0,
            addr: [0; 16],
        })
    }

    fn to_owned(v: Via) -> Via {
        v
    }

    fn put(v: &Via, kind: u16, e: &mut Encoder<'_>) {
        v.write(kind, e);
    }
}
