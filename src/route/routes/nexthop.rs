//! Next hops of a multipath route (`RTA_MULTIPATH`): the small view
//! [`NextHopMsg`] (its `struct rtnexthop`; its attributes are read in
//! `nexthop_attrs`), walked by [`NextHops`] without allocating; the owned
//! [`NextHop`]; the [`NextHopRequest`] of a route to add; the
//! [`Multipath`] codec's type.

use crate::route::family::AddrFamily;
use std::fmt;
use std::net::IpAddr;

use crate::error::{DecodeError, DecodeErrorKind, Result};
use crate::route::family;
use crate::route::routes::types::NextHopFlags;
use crate::route::routes::via::Via;
use crate::wire::{Attrs, Encoder, NLA_HDRLEN, align};

/// One next hop of a multipath route: its `struct rtnexthop` and its
/// attributes, read on demand from the message (no allocation, 32 bytes).
///
/// Each getter finds its attribute's last occurrence of an accepted size
/// (4 or 16 bytes for a gateway); one of a wrong size is counted in
/// [`malformed`](Self::malformed) and leaves an earlier good one readable.
#[derive(Clone, Copy)]
pub struct NextHopMsg<'a> {
    hdr: [u8; 8],
    attrs: &'a [u8],
    offset: usize,
}

impl<'a> NextHopMsg<'a> {
    /// `rtnh_flags`.
    pub fn flags(&self) -> NextHopFlags {
        NextHopFlags::from_bits_retain(self.hdr[2])
    }
    /// `rtnh_hops`: the weight minus one.
    pub fn hops(&self) -> u8 {
        self.hdr[3]
    }
    /// The weight, 1 to 256 (`rtnh_hops + 1`).
    pub fn weight(&self) -> u16 {
        self.hdr[3] as u16 + 1
    }
    /// `rtnh_ifindex`: the output interface (0: none).
    pub fn ifindex(&self) -> u32 {
        u32::from_ne_bytes([self.hdr[4], self.hdr[5], self.hdr[6], self.hdr[7]])
    }
    /// The next hop's attributes, offsets counted as in the route's
    /// [`check`](crate::route::RouteMsg::check).
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs::with_offset(self.attrs, self.offset + 8)
    }
    /// Where this `struct rtnexthop` starts, counted as in the route's
    /// [`check`](crate::route::RouteMsg::check).
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// The next hops of `RTA_MULTIPATH`: an allocation-free iterator.
///
/// Each item is a [`NextHopMsg`] or, once, the error that ended the walk:
/// fewer than 8 bytes left for a `struct rtnexthop`, an `rtnh_len` below 8
/// or past the end. A malformed attribute inside a next hop is that next
/// hop's ([`NextHopMsg::malformed`]), not here. Never panics, on any bytes.
#[derive(Clone, Copy, Default)]
pub struct NextHops<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> NextHops<'a> {
    /// Walks `bytes` (the value of an `RTA_MULTIPATH` attribute); `offset`
    /// is where `bytes` starts in the outer buffer.
    pub fn new(bytes: &'a [u8], offset: usize) -> NextHops<'a> {
        NextHops {
            rest: bytes,
            offset,
        }
    }

    /// No next hops.
    pub fn empty() -> NextHops<'a> {
        NextHops::default()
    }

    #[cold]
    fn fail(&mut self, kind: DecodeErrorKind) -> Option<Result<NextHopMsg<'a>>> {
        self.rest = &[];
        Some(Err(DecodeError::new("rtnexthop", kind, self.offset).into()))
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
        Some(Ok(NextHopMsg {
            hdr: *hdr,
            attrs: body,
            offset: at,
        }))
    }
}

impl std::iter::FusedIterator for NextHops<'_> {}

impl fmt::Debug for NextHops<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(*self).finish()
    }
}

/// One next hop of a multipath route, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
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

impl NextHop {
    /// Its bytes: `struct rtnexthop` and its attributes.
    pub(crate) fn len(&self) -> usize {
        8 + self.gateway.map_or(0, |g| align(NLA_HDRLEN + ip_len(g)))
            + self.via.map_or(0, |v| align(NLA_HDRLEN + v.value_len()))
            + self.flow.map_or(0, |_| 8)
            + self.encap_type.map_or(0, |_| 8)
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
#[non_exhaustive]
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
    fn gateway_len(&self, family: AddrFamily) -> usize {
        match self.gateway {
            None => 0,
            Some(gw) if family::of(gw) == family => align(NLA_HDRLEN + ip_len(gw)),
            Some(gw) => align(NLA_HDRLEN + Via::from(gw).value_len()),
        }
    }

    /// The next hop's bytes: `struct rtnexthop` and its gateway.
    pub(crate) fn len(&self, family: AddrFamily) -> usize {
        8 + self.gateway_len(family)
    }
}

fn ip_len(a: IpAddr) -> usize {
    match a {
        IpAddr::V4(_) => 4,
        IpAddr::V6(_) => 16,
    }
}

/// Writes attribute `kind` holding `body` bytes of `struct rtnexthop`s
/// that `each` writes: a plain attribute (no `NLA_F_NESTED`), as iproute2
/// sends it. Every length is known up front, so it goes straight into the
/// message.
pub(crate) fn put_multipath(
    e: &mut Encoder<'_>,
    kind: u16,
    body: usize,
    each: impl FnOnce(&mut Encoder<'_>),
) {
    match u16::try_from(NLA_HDRLEN + body) {
        Ok(total) => {
            let mut hdr = [0u8; NLA_HDRLEN];
            hdr[..2].copy_from_slice(&total.to_ne_bytes());
            hdr[2..].copy_from_slice(&kind.to_ne_bytes());
            e.raw(&hdr);
            each(e);
        }
        // Too large for nla_len: a nest records the error when it
        // closes, and the message then fails in `finish`.
        Err(_) => each(&mut e.nest(kind)),
    }
}

/// Writes one `struct rtnexthop` of `len` bytes (its attributes follow).
pub(crate) fn put_rtnh(
    e: &mut Encoder<'_>,
    len: usize,
    flags: NextHopFlags,
    weight: u16,
    ifindex: u32,
) {
    let mut rtnh = [0u8; 8];
    rtnh[..2].copy_from_slice(&(len.min(u16::MAX as usize) as u16).to_ne_bytes());
    rtnh[2] = flags.bits();
    rtnh[3] = (weight.clamp(1, 256) - 1) as u8;
    rtnh[4..].copy_from_slice(&ifindex.to_ne_bytes());
    e.raw(&rtnh);
}

/// The codec of `RTA_MULTIPATH`: a sequence of `struct rtnexthop`, each
/// followed by its attributes. A view reads it as [`NextHops`]; its owned
/// form is the list of [`NextHop`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multipath {}
