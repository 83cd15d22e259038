//! Next hops of a multipath route: the view ([`NextHopMsg`], walked by
//! [`NextHops`]), the owned [`NextHop`] and the [`NextHopRequest`] of a
//! route to add.

use std::fmt;
use std::net::IpAddr;

use crate::error::{DecodeErrorKind, Result};
use crate::route::decode::{AttrErrors, decode_err};
use crate::route::prefix::{AF_INET, AF_INET6, family_of};
use crate::route::routes::consts::{RTA_ENCAP_TYPE, RTA_FLOW, RTA_GATEWAY, RTA_VIA};
use crate::route::routes::types::NextHopFlags;
use crate::route::routes::via::Via;
use crate::wire::{Attr, Attrs, Encoder, NLA_HDRLEN, align};

/// An address of the route's family: 4 bytes for `AF_INET`, 16 for
/// `AF_INET6`, either for any other family.
#[inline]
fn family_ip(family: u8, at: &Attr<'_>) -> Result<IpAddr> {
    match family {
        AF_INET => at.ipv4().map(IpAddr::V4),
        AF_INET6 => at.ipv6().map(IpAddr::V6),
        _ => at.ip(),
    }
}

/// One next hop of a multipath route (`struct rtnexthop` and its
/// attributes), decoded without allocating.
#[derive(Debug, Clone)]
pub struct NextHopMsg<'a> {
    /// `rtnh_flags`.
    pub flags: NextHopFlags,
    /// `rtnh_hops`: the weight minus one.
    pub hops: u8,
    /// `rtnh_ifindex`: the output interface (0: none).
    pub ifindex: u32,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`.
    pub via: Option<Via>,
    /// `RTA_FLOW`: realms.
    pub flow: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<u16>,
    /// The next hop's attributes, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// The next hop's attributes that did not decode.
    pub errors: AttrErrors,
}

impl NextHopMsg<'_> {
    /// The weight, 1 to 256 (`rtnh_hops + 1`).
    pub fn weight(&self) -> u16 {
        self.hops as u16 + 1
    }

    /// The gateway as an IP address: `RTA_GATEWAY`, else an IP `RTA_VIA`.
    pub fn gateway_ip(&self) -> Option<IpAddr> {
        self.gateway.or_else(|| self.via.and_then(|v| v.ip()))
    }

    /// An owned copy.
    pub fn to_owned(&self) -> NextHop {
        NextHop {
            flags: self.flags,
            weight: self.weight(),
            ifindex: self.ifindex,
            gateway: self.gateway,
            via: self.via,
            flow: self.flow,
            encap_type: self.encap_type,
        }
    }
}

/// The next hops of `RTA_MULTIPATH`: an allocation-free iterator.
///
/// Each item is a [`NextHopMsg`] or, once, the error that ended the walk:
/// fewer than 8 bytes left for a `struct rtnexthop`, an `rtnh_len` below 8
/// or past the end. A malformed attribute inside a next hop is recorded in
/// that next hop's `errors`, not here. Never panics, on any bytes.
#[derive(Clone)]
pub struct NextHops<'a> {
    rest: &'a [u8],
    offset: usize,
    family: u8,
}

impl<'a> NextHops<'a> {
    /// Walks `bytes` (the value of an `RTA_MULTIPATH` attribute) for a route
    /// of `family`; `offset` is where `bytes` starts in the outer buffer.
    pub fn new(bytes: &'a [u8], family: u8, offset: usize) -> NextHops<'a> {
        NextHops {
            rest: bytes,
            offset,
            family,
        }
    }

    /// No next hops.
    pub fn empty() -> NextHops<'a> {
        NextHops::new(&[], 0, 0)
    }

    #[cold]
    fn fail(&mut self, kind: DecodeErrorKind) -> Option<Result<NextHopMsg<'a>>> {
        self.rest = &[];
        Some(Err(decode_err("rtnexthop", kind, self.offset)))
    }
}

impl<'a> Iterator for NextHops<'a> {
    type Item = Result<NextHopMsg<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        const RTNH_LEN: usize = 8;
        let rest = self.rest;
        if rest.is_empty() {
            return None;
        }
        let Some((hdr, _)) = rest.split_first_chunk::<RTNH_LEN>() else {
            return self.fail(DecodeErrorKind::Truncated {
                need: RTNH_LEN,
                remaining: rest.len(),
            });
        };
        let len = u16::from_ne_bytes([hdr[0], hdr[1]]) as usize;
        if len < RTNH_LEN {
            return self.fail(DecodeErrorKind::LengthTooSmall { len, min: RTNH_LEN });
        }
        let Some(body) = rest.get(RTNH_LEN..len) else {
            return self.fail(DecodeErrorKind::LengthTooLarge {
                len,
                remaining: rest.len(),
            });
        };
        let at = self.offset;
        let step = align(len).min(rest.len());
        self.rest = rest.get(step..).unwrap_or(&[]);
        self.offset += step;

        let attrs = Attrs::with_offset(body, at + RTNH_LEN);
        let mut nh = NextHopMsg {
            flags: NextHopFlags::from_bits_retain(hdr[2]),
            hops: hdr[3],
            ifindex: u32::from_ne_bytes([hdr[4], hdr[5], hdr[6], hdr[7]]),
            gateway: None,
            via: None,
            flow: None,
            encap_type: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut nh.errors;
        for a in attrs {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match a.kind() {
                RTA_GATEWAY => e.set(&mut nh.gateway, family_ip(self.family, &a)),
                RTA_VIA => e.set(&mut nh.via, Via::parse(&a)),
                RTA_FLOW => e.set(&mut nh.flow, a.u32()),
                RTA_ENCAP_TYPE => e.set(&mut nh.encap_type, a.u16()),
                _ => {}
            }
        }
        Some(Ok(nh))
    }
}

impl std::iter::FusedIterator for NextHops<'_> {}

impl fmt::Debug for NextHops<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// One next hop of a multipath route, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NextHop {
    /// `rtnh_flags`.
    pub flags: NextHopFlags,
    /// The weight, 1 to 256.
    pub weight: u16,
    /// The output interface (0: none).
    pub ifindex: u32,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`.
    pub via: Option<Via>,
    /// `RTA_FLOW`.
    pub flow: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<u16>,
}

impl NextHop {
    /// The gateway as an IP address: `RTA_GATEWAY`, else an IP `RTA_VIA`.
    pub fn gateway_ip(&self) -> Option<IpAddr> {
        self.gateway.or_else(|| self.via.and_then(|v| v.ip()))
    }
}

impl From<&NextHopMsg<'_>> for NextHop {
    fn from(v: &NextHopMsg<'_>) -> NextHop {
        v.to_owned()
    }
}

/// One next hop of a multipath route to add.
///
/// ```
/// use nlstack::route::NextHopRequest;
/// let nh = NextHopRequest::new().via("192.0.2.1".parse().unwrap()).dev(3).weight(5);
/// assert_eq!(nh.weight, 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NextHopRequest {
    /// The gateway (`RTA_GATEWAY`, or `RTA_VIA` when its family differs
    /// from the route's).
    pub gateway: Option<IpAddr>,
    /// The output interface.
    pub oif: Option<u32>,
    /// The weight, 1 to 256 (0 is taken as 1, above 256 as 256).
    pub weight: u16,
    /// `RTNH_F_*` (`ONLINK`).
    pub flags: NextHopFlags,
}

impl Default for NextHopRequest {
    fn default() -> NextHopRequest {
        NextHopRequest::new()
    }
}

impl NextHopRequest {
    /// A next hop of weight 1 with nothing else set.
    pub fn new() -> NextHopRequest {
        NextHopRequest {
            gateway: None,
            oif: None,
            weight: 1,
            flags: NextHopFlags::empty(),
        }
    }
    /// Through gateway `gw`.
    #[must_use]
    pub fn via(mut self, gw: IpAddr) -> NextHopRequest {
        self.gateway = Some(gw);
        self
    }
    /// Out of interface `ifindex`.
    #[must_use]
    pub fn dev(mut self, ifindex: u32) -> NextHopRequest {
        self.oif = Some(ifindex);
        self
    }
    /// With weight `w` (1 to 256).
    #[must_use]
    pub fn weight(mut self, w: u16) -> NextHopRequest {
        self.weight = w;
        self
    }
    /// `RTNH_F_ONLINK`: the gateway is on the link.
    #[must_use]
    pub fn onlink(mut self) -> NextHopRequest {
        self.flags |= NextHopFlags::ONLINK;
        self
    }

    /// The gateway attribute's bytes, header and padding included.
    fn gateway_len(&self, family: u8) -> usize {
        match self.gateway {
            None => 0,
            Some(gw) if family_of(gw) == family => align(NLA_HDRLEN + ip_len(gw)),
            Some(gw) => align(NLA_HDRLEN + Via::from(gw).value_len()),
        }
    }

    /// The next hop's bytes: `struct rtnexthop` and its gateway.
    pub(crate) fn len(&self, family: u8) -> usize {
        8 + self.gateway_len(family)
    }
}

fn ip_len(a: IpAddr) -> usize {
    match a {
        IpAddr::V4(_) => 4,
        IpAddr::V6(_) => 16,
    }
}

/// Puts `gw` as `RTA_GATEWAY` if it is of `family`, else as `RTA_VIA`.
pub(crate) fn put_gateway(e: &mut Encoder<'_>, family: u8, gw: IpAddr) {
    if family_of(gw) == family {
        e.put_ip(RTA_GATEWAY, gw);
    } else {
        Via::from(gw).write(e);
    }
}
