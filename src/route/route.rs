//! Routes: `RTM_NEWROUTE`/`RTM_DELROUTE`/`RTM_GETROUTE`.
//!
//! - [`RouteMsg`]: a route message decoded in one pass without allocating,
//!   with [`NextHops`], an allocation-free iterator over the next hops of a
//!   multipath route.
//! - [`Route`]: the owned value ([`RouteMsg::to_owned`]).
//! - [`RouteRequest`]: a route to add, replace, append or delete, built
//!   from a [`Prefix`]; [`RouteLookup`]: a lookup (`ip route get`).
//! - Operations on `Conn<Route>`: [`routes`](Conn::routes),
//!   [`route_get`](Conn::route_get), [`route_lookup`](Conn::route_lookup),
//!   [`route_add`](Conn::route_add), [`route_replace`](Conn::route_replace),
//!   [`route_append`](Conn::route_append), [`route_del`](Conn::route_del).
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::route::route::{NextHopRequest, RouteFilter, RouteRequest};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! // ip route add 10.1.0.0/16 via 192.0.2.1 dev <2> table 1000 metric 10
//! let req = RouteRequest::new("10.1.0.0/16".parse()?)
//!     .via("192.0.2.1".parse()?)
//!     .dev(2)
//!     .table(1000)
//!     .metric(10);
//! conn.route_add(&req)?;
//! // ip route add 10.2.0.0/16 nexthop via 192.0.2.1 weight 1 nexthop via 192.0.2.2 weight 3
//! let ecmp = RouteRequest::new("10.2.0.0/16".parse()?)
//!     .nexthop(NextHopRequest::new().via("192.0.2.1".parse()?))
//!     .nexthop(NextHopRequest::new().via("192.0.2.2".parse()?).weight(3));
//! conn.route_add(&ecmp)?;
//! for r in conn.routes(RouteFilter::table(1000))? {
//!     println!("{} via {:?} metric {:?}", r.dst_prefix(), r.gateway, r.priority);
//! }
//! println!("{:?}", conn.route_get("10.1.2.3".parse()?)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// `route::route`: the family's routes inside rtnetlink's `route` module.
#![allow(clippy::module_inception)]

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::conn::{Conn, Route as RouteProto, Transport};
use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::route::decode::AttrErrors;
use crate::wire::{
    Attr, Attrs, Encoder, FamilyHeader, Flags, Message, MsgType, NLA_HDRLEN, RtMsg, align,
};

/// `RTA_DST`: the destination prefix's address.
pub const RTA_DST: u16 = 1;
/// `RTA_SRC`: the source prefix's address (source routing, IPv6).
pub const RTA_SRC: u16 = 2;
/// `RTA_IIF`: the input interface (lookups, multicast).
pub const RTA_IIF: u16 = 3;
/// `RTA_OIF`: the output interface.
pub const RTA_OIF: u16 = 4;
/// `RTA_GATEWAY`: the gateway, of the route's family.
pub const RTA_GATEWAY: u16 = 5;
/// `RTA_PRIORITY`: the metric.
pub const RTA_PRIORITY: u16 = 6;
/// `RTA_PREFSRC`: the preferred source address.
pub const RTA_PREFSRC: u16 = 7;
/// `RTA_METRICS`: nested `RTAX_*` values.
pub const RTA_METRICS: u16 = 8;
/// `RTA_MULTIPATH`: a sequence of `struct rtnexthop`, each followed by
/// its attributes.
pub const RTA_MULTIPATH: u16 = 9;
/// `RTA_FLOW`: the realms.
pub const RTA_FLOW: u16 = 11;
/// `RTA_CACHEINFO`: `struct rta_cacheinfo`.
pub const RTA_CACHEINFO: u16 = 12;
/// `RTA_TABLE`: the 32-bit table id (over the 8-bit `rtm_table`).
pub const RTA_TABLE: u16 = 15;
/// `RTA_MARK`: the firewall mark of a lookup.
pub const RTA_MARK: u16 = 16;
/// `RTA_VIA`: a gateway of another family (`struct rtvia`).
pub const RTA_VIA: u16 = 18;
/// `RTA_NEWDST`: MPLS label rewrite.
pub const RTA_NEWDST: u16 = 19;
/// `RTA_PREF`: the IPv6 router preference.
pub const RTA_PREF: u16 = 20;
/// `RTA_ENCAP_TYPE`: the lightweight tunnel type (`LWTUNNEL_ENCAP_*`).
pub const RTA_ENCAP_TYPE: u16 = 21;
/// `RTA_ENCAP`: the lightweight tunnel's attributes.
pub const RTA_ENCAP: u16 = 22;
/// `RTA_EXPIRES`: lifetime in seconds (IPv6, when adding).
pub const RTA_EXPIRES: u16 = 23;
/// `RTA_PAD`: padding for 64-bit values.
pub const RTA_PAD: u16 = 24;
/// `RTA_UID`: the user id of a lookup.
pub const RTA_UID: u16 = 25;
/// `RTA_TTL_PROPAGATE`: MPLS TTL propagation.
pub const RTA_TTL_PROPAGATE: u16 = 26;
/// `RTA_IP_PROTO`: the IP protocol of a lookup.
pub const RTA_IP_PROTO: u16 = 27;
/// `RTA_SPORT`: the source port of a lookup.
pub const RTA_SPORT: u16 = 28;
/// `RTA_DPORT`: the destination port of a lookup.
pub const RTA_DPORT: u16 = 29;
/// `RTA_NH_ID`: the id of a nexthop object (`ip nexthop`).
pub const RTA_NH_ID: u16 = 30;

/// `RTAX_LOCK`: bitmask of metrics locked against path-MTU and
/// congestion updates (bit `1 << RTAX_x`).
pub const RTAX_LOCK: u16 = 1;
/// `RTAX_MTU`: the path MTU.
pub const RTAX_MTU: u16 = 2;
/// `RTAX_WINDOW`: the TCP window clamp.
pub const RTAX_WINDOW: u16 = 3;
/// `RTAX_RTT`: the initial RTT estimate.
pub const RTAX_RTT: u16 = 4;
/// `RTAX_RTTVAR`: the initial RTT variance.
pub const RTAX_RTTVAR: u16 = 5;
/// `RTAX_SSTHRESH`: the initial slow-start threshold.
pub const RTAX_SSTHRESH: u16 = 6;
/// `RTAX_CWND`: the congestion window clamp.
pub const RTAX_CWND: u16 = 7;
/// `RTAX_ADVMSS`: the MSS to advertise.
pub const RTAX_ADVMSS: u16 = 8;
/// `RTAX_REORDERING`: the initial reordering estimate.
pub const RTAX_REORDERING: u16 = 9;
/// `RTAX_HOPLIMIT`: the hop limit (TTL).
pub const RTAX_HOPLIMIT: u16 = 10;
/// `RTAX_INITCWND`: the initial congestion window.
pub const RTAX_INITCWND: u16 = 11;
/// `RTAX_FEATURES`: `RTAX_FEATURE_*` bits (ECN...).
pub const RTAX_FEATURES: u16 = 12;
/// `RTAX_RTO_MIN`: the minimal retransmission timeout.
pub const RTAX_RTO_MIN: u16 = 13;
/// `RTAX_INITRWND`: the initial receive window.
pub const RTAX_INITRWND: u16 = 14;
/// `RTAX_QUICKACK`: quick acks.
pub const RTAX_QUICKACK: u16 = 15;
/// `RTAX_CC_ALGO`: the congestion control algorithm, a name.
pub const RTAX_CC_ALGO: u16 = 16;
/// `RTAX_FASTOPEN_NO_COOKIE`: TCP fast open without a cookie.
pub const RTAX_FASTOPEN_NO_COOKIE: u16 = 17;
/// The highest `RTAX_*` this crate knows.
pub const RTAX_MAX: u16 = 17;

/// `RT_TABLE_UNSPEC`: no table (in a dump request: every table).
pub const RT_TABLE_UNSPEC: u32 = 0;
/// `RT_TABLE_COMPAT`.
pub const RT_TABLE_COMPAT: u32 = 252;
/// `RT_TABLE_DEFAULT`.
pub const RT_TABLE_DEFAULT: u32 = 253;
/// `RT_TABLE_MAIN`: the table `ip route` shows and changes by default.
pub const RT_TABLE_MAIN: u32 = 254;
/// `RT_TABLE_LOCAL`: local and broadcast addresses, maintained by the kernel.
pub const RT_TABLE_LOCAL: u32 = 255;

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

macro_rules! named_u8 {
    ($(#[$m:meta])* $name:ident { $($(#[$cm:meta])* $c:ident = $v:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u8);

        impl $name {
            $($(#[$cm])* pub const $c: $name = $name($v);)*

            /// The kernel's name for the value, without its prefix; `None`
            /// for a number without one.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($v => Some(stringify!($c)),)*
                    _ => None,
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl From<u8> for $name {
            fn from(v: u8) -> $name {
                $name(v)
            }
        }

        impl From<$name> for u8 {
            fn from(v: $name) -> u8 {
                v.0
            }
        }
    };
}

named_u8! {
    /// `rtm_type`: what the route does (`RTN_*`).
    ///
    /// ```
    /// use nlstack::route::route::RouteType;
    /// assert_eq!(format!("{:?}", RouteType::BLACKHOLE), "BLACKHOLE");
    /// assert_eq!(format!("{:?}", RouteType(99)), "RouteType(99)");
    /// ```
    RouteType {
        /// `RTN_UNSPEC`: unknown; in a delete request, any type.
        UNSPEC = 0,
        /// `RTN_UNICAST`: a gateway or direct route.
        UNICAST = 1,
        /// `RTN_LOCAL`: accept locally.
        LOCAL = 2,
        /// `RTN_BROADCAST`: accept locally as broadcast, send as broadcast.
        BROADCAST = 3,
        /// `RTN_ANYCAST`: accept locally as broadcast, send as unicast.
        ANYCAST = 4,
        /// `RTN_MULTICAST`: a multicast route.
        MULTICAST = 5,
        /// `RTN_BLACKHOLE`: drop silently.
        BLACKHOLE = 6,
        /// `RTN_UNREACHABLE`: drop, destination unreachable.
        UNREACHABLE = 7,
        /// `RTN_PROHIBIT`: drop, administratively prohibited.
        PROHIBIT = 8,
        /// `RTN_THROW`: not in this table; continue the rule lookup.
        THROW = 9,
        /// `RTN_NAT`: translate this address.
        NAT = 10,
        /// `RTN_XRESOLVE`: use an external resolver.
        XRESOLVE = 11,
    }
}

named_u8! {
    /// `rtm_protocol`: who installed the route (`RTPROT_*`).
    RouteProtocol {
        /// `RTPROT_UNSPEC`: unknown; in a delete request, any.
        UNSPEC = 0,
        /// `RTPROT_REDIRECT`: an ICMP redirect.
        REDIRECT = 1,
        /// `RTPROT_KERNEL`: the kernel (routes of addresses).
        KERNEL = 2,
        /// `RTPROT_BOOT`: at boot; iproute2's default and this crate's.
        BOOT = 3,
        /// `RTPROT_STATIC`: the administrator.
        STATIC = 4,
        /// `RTPROT_GATED`.
        GATED = 8,
        /// `RTPROT_RA`: router advertisements.
        RA = 9,
        /// `RTPROT_MRT`.
        MRT = 10,
        /// `RTPROT_ZEBRA`.
        ZEBRA = 11,
        /// `RTPROT_BIRD`.
        BIRD = 12,
        /// `RTPROT_DNROUTED`.
        DNROUTED = 13,
        /// `RTPROT_XORP`.
        XORP = 14,
        /// `RTPROT_NTK`.
        NTK = 15,
        /// `RTPROT_DHCP`.
        DHCP = 16,
        /// `RTPROT_MROUTED`.
        MROUTED = 17,
        /// `RTPROT_KEEPALIVED`.
        KEEPALIVED = 18,
        /// `RTPROT_BABEL`.
        BABEL = 42,
        /// `RTPROT_OPENR`.
        OPENR = 99,
        /// `RTPROT_BGP`.
        BGP = 186,
        /// `RTPROT_ISIS`.
        ISIS = 187,
        /// `RTPROT_OSPF`.
        OSPF = 188,
        /// `RTPROT_RIP`.
        RIP = 189,
        /// `RTPROT_EIGRP`.
        EIGRP = 192,
    }
}

named_u8! {
    /// `rtm_scope`: how far the destination is (`RT_SCOPE_*`).
    RouteScope {
        /// `RT_SCOPE_UNIVERSE`: anywhere (iproute2 prints `global`).
        UNIVERSE = 0,
        /// `RT_SCOPE_SITE`.
        SITE = 200,
        /// `RT_SCOPE_LINK`: directly attached.
        LINK = 253,
        /// `RT_SCOPE_HOST`: this host.
        HOST = 254,
        /// `RT_SCOPE_NOWHERE`: no destination; in a delete request, any scope.
        NOWHERE = 255,
    }
}

named_u8! {
    /// `RTA_PREF`: the IPv6 router preference (`ICMPV6_ROUTER_PREF_*`).
    RoutePref {
        /// `ICMPV6_ROUTER_PREF_MEDIUM`.
        MEDIUM = 0,
        /// `ICMPV6_ROUTER_PREF_HIGH`.
        HIGH = 1,
        /// `ICMPV6_ROUTER_PREF_INVALID`.
        INVALID = 2,
        /// `ICMPV6_ROUTER_PREF_LOW`.
        LOW = 3,
    }
}

bitflags::bitflags! {
    /// `rtm_flags`: `RTM_F_*`, and in the low byte the `RTNH_F_*` flags of
    /// a single-path route's next hop.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct RouteFlags: u32 {
        /// `RTNH_F_DEAD`: the next hop is dead.
        const DEAD = 0x1;
        /// `RTNH_F_PERVASIVE`: recursive gateway lookup.
        const PERVASIVE = 0x2;
        /// `RTNH_F_ONLINK`: the gateway is on the link even without a
        /// matching subnet.
        const ONLINK = 0x4;
        /// `RTNH_F_OFFLOAD`: the next hop is offloaded.
        const NH_OFFLOAD = 0x8;
        /// `RTNH_F_LINKDOWN`: the next hop's carrier is down.
        const LINKDOWN = 0x10;
        /// `RTNH_F_UNRESOLVED`: unresolved (multicast routing).
        const UNRESOLVED = 0x20;
        /// `RTNH_F_TRAP`: the next hop traps packets.
        const NH_TRAP = 0x40;
        /// `RTM_F_NOTIFY`: notify the user of changes.
        const NOTIFY = 0x100;
        /// `RTM_F_CLONED`: a cached (cloned) route.
        const CLONED = 0x200;
        /// `RTM_F_EQUALIZE`: multipath equalizer (unused).
        const EQUALIZE = 0x400;
        /// `RTM_F_PREFIX`: a prefix route of an address.
        const PREFIX = 0x800;
        /// `RTM_F_LOOKUP_TABLE`: a lookup reports the table it matched in.
        const LOOKUP_TABLE = 0x1000;
        /// `RTM_F_FIB_MATCH`: a lookup returns the matching FIB entry.
        const FIB_MATCH = 0x2000;
        /// `RTM_F_OFFLOAD`: the route is offloaded.
        const OFFLOAD = 0x4000;
        /// `RTM_F_TRAP`: the route traps packets.
        const TRAP = 0x8000;
        /// `RTM_F_OFFLOAD_FAILED`: offloading failed.
        const OFFLOAD_FAILED = 0x2000_0000;
    }
}

bitflags::bitflags! {
    /// `rtnh_flags`: `RTNH_F_*` of one next hop.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct NextHopFlags: u8 {
        /// `RTNH_F_DEAD`.
        const DEAD = 0x1;
        /// `RTNH_F_PERVASIVE`.
        const PERVASIVE = 0x2;
        /// `RTNH_F_ONLINK`: the gateway is on the link.
        const ONLINK = 0x4;
        /// `RTNH_F_OFFLOAD`.
        const OFFLOAD = 0x8;
        /// `RTNH_F_LINKDOWN`.
        const LINKDOWN = 0x10;
        /// `RTNH_F_UNRESOLVED`.
        const UNRESOLVED = 0x20;
        /// `RTNH_F_TRAP`.
        const TRAP = 0x40;
    }
}

#[cold]
fn decode_err(what: &'static str, kind: DecodeErrorKind, offset: usize) -> Error {
    Error::Decode(DecodeError::new(what, kind, offset))
}

#[cold]
fn wrong_size(at: &Attr<'_>, want: &'static [usize]) -> Error {
    decode_err(
        "nlattr",
        DecodeErrorKind::WrongSize {
            attr: at.kind(),
            want,
            got: at.value().len(),
        },
        at.offset(),
    )
}

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

fn family_of(a: IpAddr) -> u8 {
    match a {
        IpAddr::V4(_) => AF_INET,
        IpAddr::V6(_) => AF_INET6,
    }
}

/// An IP prefix: an address and a prefix length.
///
/// Parses from `"10.1.0.0/16"`, `"2001:db8::/32"`, or a bare address (a
/// host prefix: /32 or /128); prints as `address/len`.
///
/// ```
/// use nlstack::route::route::Prefix;
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
    pub fn family(&self) -> u8 {
        family_of(self.addr)
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

/// `RTA_VIA` (`struct rtvia`): a gateway whose family may differ from the
/// route's (an IPv6 next hop for an IPv4 route), stored inline (up to 16
/// address bytes).
///
/// ```
/// use nlstack::route::route::Via;
/// let v = Via::from("2001:db8::1".parse::<std::net::IpAddr>().unwrap());
/// assert_eq!(v.family(), libc::AF_INET6 as u16);
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
    pub fn new(family: u16, addr: &[u8]) -> Option<Via> {
        let mut a = [0u8; 16];
        a.get_mut(..addr.len())?.copy_from_slice(addr);
        Some(Via {
            family,
            len: addr.len() as u8,
            addr: a,
        })
    }

    /// `rtvia_family` (`AF_INET`, `AF_INET6`, `AF_PACKET`...).
    pub fn family(&self) -> u16 {
        self.family
    }

    /// The address bytes.
    pub fn addr(&self) -> &[u8] {
        &self.addr[..self.len as usize]
    }

    /// The address as an IP address, for `AF_INET` and `AF_INET6`.
    pub fn ip(&self) -> Option<IpAddr> {
        match (self.family, self.addr()) {
            (f, &[a, b, c, d]) if f == AF_INET as u16 => Some(Ipv4Addr::new(a, b, c, d).into()),
            (f, b) if f == AF_INET6 as u16 => <[u8; 16]>::try_from(b)
                .ok()
                .map(|b| Ipv6Addr::from(b).into()),
            _ => None,
        }
    }

    #[inline]
    fn parse(at: &Attr<'_>) -> Result<Via> {
        let v = at.value();
        let Some((fam, addr)) = v.split_first_chunk::<2>() else {
            return Err(wrong_size(at, &[6, 18]));
        };
        let family = u16::from_ne_bytes(*fam);
        let ok = match family {
            f if f == AF_INET as u16 => addr.len() == 4,
            f if f == AF_INET6 as u16 => addr.len() == 16,
            _ => addr.len() <= 16,
        };
        match Via::new(family, addr) {
            Some(via) if ok => Ok(via),
            _ => Err(wrong_size(
                at,
                if family == AF_INET6 as u16 {
                    &[18]
                } else {
                    &[6]
                },
            )),
        }
    }

    /// Bytes of the attribute value: family then address.
    fn value_len(&self) -> usize {
        2 + self.len as usize
    }

    fn write(&self, e: &mut Encoder<'_>) {
        let mut v = [0u8; 18];
        v[..2].copy_from_slice(&self.family.to_ne_bytes());
        v[2..2 + self.len as usize].copy_from_slice(self.addr());
        e.put(RTA_VIA, &v[..self.value_len()]);
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
            family: family_of(a) as u16,
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

/// `RTA_METRICS`: the route's `RTAX_*` values, inline (no allocation),
/// indexed by `RTAX_*` kind. `RTAX_CC_ALGO` is a name and kept apart.
///
/// ```
/// use nlstack::route::route::{Metrics, RTAX_ADVMSS, RTAX_MTU};
/// let m = Metrics::new().with(RTAX_MTU, 1400).with(RTAX_ADVMSS, 1360);
/// assert_eq!(m.mtu(), Some(1400));
/// assert_eq!(m.iter().collect::<Vec<_>>(), [(RTAX_MTU, 1400), (RTAX_ADVMSS, 1360)]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Metrics {
    values: [Option<u32>; RTAX_MAX as usize + 1],
    cc_algo: Option<CcName>,
}

/// A congestion-control name (`TCP_CA_NAME_MAX`: 15 bytes and a NUL).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CcName {
    len: u8,
    name: [u8; 15],
}

impl CcName {
    fn new(s: &str) -> Option<CcName> {
        let mut name = [0u8; 15];
        name.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(CcName {
            len: s.len() as u8,
            name,
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.name[..self.len as usize]).unwrap_or("")
    }
}

impl Metrics {
    /// No metrics.
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// The value of `RTAX_*` `kind`, if set (`RTAX_CC_ALGO`: see
    /// [`cc_algo`](Self::cc_algo)).
    pub fn get(&self, kind: u16) -> Option<u32> {
        self.values.get(kind as usize).copied().flatten()
    }

    /// Sets `RTAX_*` `kind` to `value`; kinds this crate does not know
    /// (above [`RTAX_MAX`]), 0 and `RTAX_CC_ALGO` are ignored.
    pub fn set(&mut self, kind: u16, value: u32) -> &mut Self {
        if kind != RTAX_CC_ALGO && kind != 0 {
            if let Some(v) = self.values.get_mut(kind as usize) {
                *v = Some(value);
            }
        }
        self
    }

    /// [`set`](Self::set), by value, for chaining.
    pub fn with(mut self, kind: u16, value: u32) -> Metrics {
        self.set(kind, value);
        self
    }

    /// Unsets `RTAX_*` `kind`.
    pub fn remove(&mut self, kind: u16) {
        if kind == RTAX_CC_ALGO {
            self.cc_algo = None;
        } else if let Some(v) = self.values.get_mut(kind as usize) {
            *v = None;
        }
    }

    /// `RTAX_CC_ALGO`: the congestion control algorithm's name.
    pub fn cc_algo(&self) -> Option<&str> {
        self.cc_algo.as_ref().map(CcName::as_str)
    }

    /// Sets `RTAX_CC_ALGO`; false (and unchanged) for a name over 15 bytes.
    pub fn set_cc_algo(&mut self, name: &str) -> bool {
        match CcName::new(name) {
            Some(n) => {
                self.cc_algo = Some(n);
                true
            }
            None => false,
        }
    }

    /// The numeric values set, `(RTAX_*, value)`, by kind.
    pub fn iter(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        self.values
            .iter()
            .enumerate()
            .filter_map(|(k, v)| v.map(|v| (k as u16, v)))
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.cc_algo.is_none() && self.values.iter().all(Option::is_none)
    }

    /// `RTAX_MTU`.
    pub fn mtu(&self) -> Option<u32> {
        self.get(RTAX_MTU)
    }
    /// `RTAX_ADVMSS`.
    pub fn advmss(&self) -> Option<u32> {
        self.get(RTAX_ADVMSS)
    }
    /// `RTAX_HOPLIMIT`.
    pub fn hoplimit(&self) -> Option<u32> {
        self.get(RTAX_HOPLIMIT)
    }
    /// `RTAX_WINDOW`.
    pub fn window(&self) -> Option<u32> {
        self.get(RTAX_WINDOW)
    }
    /// `RTAX_INITCWND`.
    pub fn initcwnd(&self) -> Option<u32> {
        self.get(RTAX_INITCWND)
    }
    /// `RTAX_INITRWND`.
    pub fn initrwnd(&self) -> Option<u32> {
        self.get(RTAX_INITRWND)
    }
    /// `RTAX_LOCK`: which metrics are locked (`1 << RTAX_*`).
    pub fn lock(&self) -> Option<u32> {
        self.get(RTAX_LOCK)
    }
    /// `RTAX_FEATURES`.
    pub fn features(&self) -> Option<u32> {
        self.get(RTAX_FEATURES)
    }

    /// Decodes the nest, recording malformed entries in `e`.
    fn parse(attrs: Attrs<'_>, e: &mut AttrErrors) -> Metrics {
        let mut m = Metrics::default();
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                RTAX_CC_ALGO => {
                    if let Some(s) = e.take(at.str()) {
                        e.set(
                            &mut m.cc_algo,
                            CcName::new(s).ok_or_else(|| wrong_size(&at, &[16])),
                        );
                    }
                }
                k @ 1..=RTAX_MAX => {
                    if let Some(v) = e.take(at.u32()) {
                        m.values[k as usize] = Some(v);
                    }
                }
                _ => {}
            }
        }
        m
    }

    fn encode(&self, e: &mut Encoder<'_>) {
        let mut n = e.nest(RTA_METRICS);
        for (k, v) in self.iter() {
            n.put_u32(k, v);
        }
        if let Some(cc) = self.cc_algo() {
            n.put_str(RTAX_CC_ALGO, cc);
        }
    }
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; RTAX_MAX as usize + 1] = [
            "unspec",
            "lock",
            "mtu",
            "window",
            "rtt",
            "rttvar",
            "ssthresh",
            "cwnd",
            "advmss",
            "reordering",
            "hoplimit",
            "initcwnd",
            "features",
            "rto_min",
            "initrwnd",
            "quickack",
            "cc_algo",
            "fastopen_no_cookie",
        ];
        let mut m = f.debug_map();
        for (k, v) in self.iter() {
            m.entry(&NAMES[k as usize], &v);
        }
        if let Some(cc) = self.cc_algo() {
            m.entry(&"cc_algo", &cc);
        }
        m.finish()
    }
}

/// `struct rta_cacheinfo`: times in clock ticks (`USER_HZ`, hundredths of
/// seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RouteCacheInfo {
    /// `rta_clntref`: references.
    pub clntref: u32,
    /// `rta_lastuse`: ticks since last use.
    pub lastuse: u32,
    /// `rta_expires`: ticks until the route expires (0: never).
    pub expires: i32,
    /// `rta_error`: the route's error.
    pub error: u32,
    /// `rta_used`.
    pub used: u32,
    /// `rta_id`.
    pub id: u32,
    /// `rta_ts`.
    pub ts: u32,
    /// `rta_tsage`.
    pub tsage: u32,
}

impl RouteCacheInfo {
    /// Decodes the 32-byte struct (or its older 20-byte form).
    #[inline]
    fn parse(at: &Attr<'_>) -> Result<RouteCacheInfo> {
        let b = at.value();
        if b.len() != 32 && b.len() != 20 {
            return Err(wrong_size(at, &[32, 20]));
        }
        let w = |i: usize| {
            b.get(i * 4..i * 4 + 4)
                .and_then(|s| <[u8; 4]>::try_from(s).ok())
                .map_or(0, u32::from_ne_bytes)
        };
        Ok(RouteCacheInfo {
            clntref: w(0),
            lastuse: w(1),
            expires: w(2) as i32,
            error: w(3),
            used: w(4),
            id: w(5),
            ts: w(6),
            tsage: w(7),
        })
    }
}

/// Adds `src`'s errors to `dst`.
fn merge(dst: &mut AttrErrors, src: &AttrErrors) {
    if src.count == 0 {
        return;
    }
    if dst.first.is_none() {
        dst.first = src.first;
    }
    dst.count = dst.count.saturating_add(src.count);
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

/// A route message, decoded in one pass without allocating.
///
/// ```
/// use nlstack::route::route::{RouteMsg, RouteRequest};
/// use nlstack::wire::{Encoder, Flags, Message, MsgType};
///
/// let mut buf = Vec::new();
/// let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWROUTE, Flags::empty(), 1, 0);
/// RouteRequest::new("10.1.0.0/16".parse()?).via("192.0.2.1".parse()?).table(1000).encode(&mut e);
/// e.finish()?;
/// let r = RouteMsg::parse_strict(&Message::parse(&buf)?)?;
/// assert_eq!(r.table, 1000);
/// assert_eq!(r.dst_prefix().unwrap().to_string(), "10.1.0.0/16");
/// assert_eq!(r.gateway, Some("192.0.2.1".parse()?));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct RouteMsg<'a> {
    /// The `rtmsg` header (family, prefix lengths, tos, 8-bit table,
    /// protocol, scope, type, flags).
    pub header: RtMsg,
    /// `RTA_TABLE` when present, else the header's 8-bit `rtm_table`.
    pub table: u32,
    /// `RTA_DST`: absent for a default route.
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`.
    pub via: Option<Via>,
    /// `RTA_OIF`: the output interface.
    pub oif: Option<u32>,
    /// `RTA_IIF`: the input interface.
    pub iif: Option<u32>,
    /// `RTA_PRIORITY`: the metric.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`: the preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_METRICS`.
    pub metrics: Option<Metrics>,
    /// `RTA_MULTIPATH`: the next hops (see [`nexthops`](Self::nexthops)).
    pub multipath: Option<NextHops<'a>>,
    /// `RTA_PREF`.
    pub pref: Option<RoutePref>,
    /// `RTA_EXPIRES`: seconds.
    pub expires: Option<u32>,
    /// `RTA_CACHEINFO`.
    pub cache_info: Option<RouteCacheInfo>,
    /// `RTA_FLOW`: realms.
    pub flow: Option<u32>,
    /// `RTA_MARK`.
    pub mark: Option<u32>,
    /// `RTA_UID`.
    pub uid: Option<u32>,
    /// `RTA_NH_ID`: the nexthop object used.
    pub nh_id: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<u16>,
    /// `RTA_TTL_PROPAGATE`.
    pub ttl_propagate: Option<u8>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode, next hops' included.
    pub errors: AttrErrors,
}

impl<'a> RouteMsg<'a> {
    /// Decodes a route message; a malformed attribute (or next hop) is
    /// recorded in `errors` and skipped. Only a header too short is an
    /// error.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Result<RouteMsg<'a>> {
        let header = RtMsg::parse(msg.payload())?;
        let attrs = msg.attrs(RtMsg::LEN)?;
        let family = header.family;
        let mut r = RouteMsg {
            header,
            table: header.table as u32,
            dst: None,
            src: None,
            gateway: None,
            via: None,
            oif: None,
            iif: None,
            priority: None,
            prefsrc: None,
            metrics: None,
            multipath: None,
            pref: None,
            expires: None,
            cache_info: None,
            flow: None,
            mark: None,
            uid: None,
            nh_id: None,
            encap_type: None,
            ttl_propagate: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut r.errors;
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                RTA_DST => e.ip(&mut r.dst, family, &at),
                RTA_SRC => e.ip(&mut r.src, family, &at),
                RTA_IIF => e.set(&mut r.iif, at.u32()),
                RTA_OIF => e.set(&mut r.oif, at.u32()),
                RTA_GATEWAY => e.ip(&mut r.gateway, family, &at),
                RTA_PRIORITY => e.set(&mut r.priority, at.u32()),
                RTA_PREFSRC => e.ip(&mut r.prefsrc, family, &at),
                RTA_METRICS => r.metrics = Some(Metrics::parse(at.nested(), e)),
                RTA_MULTIPATH => {
                    let hops = NextHops::new(at.value(), family, at.offset() + NLA_HDRLEN);
                    for nh in hops.clone() {
                        match nh {
                            Ok(nh) => merge(e, &nh.errors),
                            Err(err) => e.record(err),
                        }
                    }
                    r.multipath = Some(hops);
                }
                RTA_FLOW => e.set(&mut r.flow, at.u32()),
                RTA_CACHEINFO => e.set(&mut r.cache_info, RouteCacheInfo::parse(&at)),
                RTA_TABLE => {
                    if let Some(t) = e.take(at.u32()) {
                        r.table = t;
                    }
                }
                RTA_MARK => e.set(&mut r.mark, at.u32()),
                RTA_VIA => e.set(&mut r.via, Via::parse(&at)),
                RTA_PREF => e.set(&mut r.pref, at.u8().map(RoutePref)),
                RTA_ENCAP_TYPE => e.set(&mut r.encap_type, at.u16()),
                RTA_EXPIRES => e.set(&mut r.expires, at.u32()),
                RTA_UID => e.set(&mut r.uid, at.u32()),
                RTA_TTL_PROPAGATE => e.set(&mut r.ttl_propagate, at.u8()),
                RTA_NH_ID => e.set(&mut r.nh_id, at.u32()),
                _ => {}
            }
        }
        Ok(r)
    }

    /// Decodes, failing on the first malformed attribute or next hop.
    pub fn parse_strict(msg: &Message<'a>) -> Result<RouteMsg<'a>> {
        let r = RouteMsg::parse(msg)?;
        r.errors.check()?;
        Ok(r)
    }

    /// `rtm_family`.
    pub fn family(&self) -> u8 {
        self.header.family
    }
    /// `rtm_type`.
    pub fn kind(&self) -> RouteType {
        RouteType(self.header.kind)
    }
    /// `rtm_protocol`.
    pub fn protocol(&self) -> RouteProtocol {
        RouteProtocol(self.header.protocol)
    }
    /// `rtm_scope`.
    pub fn scope(&self) -> RouteScope {
        RouteScope(self.header.scope)
    }
    /// `rtm_flags`.
    pub fn flags(&self) -> RouteFlags {
        RouteFlags::from_bits_retain(self.header.flags)
    }

    /// The destination as a prefix (`0.0.0.0/0` or `::/0` for a default
    /// route); `None` for a family other than IPv4 and IPv6.
    pub fn dst_prefix(&self) -> Option<Prefix> {
        dst_prefix(self.header.family, self.dst, self.header.dst_len)
    }

    /// The next hops of a multipath route (empty otherwise); a malformed
    /// tail ends the walk with an error item (already counted in
    /// `errors`).
    pub fn nexthops(&self) -> NextHops<'a> {
        self.multipath.clone().unwrap_or_else(NextHops::empty)
    }

    /// An owned copy (next hops up to the first malformed one).
    pub fn to_owned(&self) -> Route {
        Route {
            family: self.header.family,
            dst_len: self.header.dst_len,
            src_len: self.header.src_len,
            tos: self.header.tos,
            table: self.table,
            protocol: self.protocol(),
            scope: self.scope(),
            kind: self.kind(),
            flags: self.flags(),
            dst: self.dst,
            src: self.src,
            gateway: self.gateway,
            via: self.via,
            oif: self.oif,
            iif: self.iif,
            priority: self.priority,
            prefsrc: self.prefsrc,
            metrics: self.metrics,
            nexthops: self
                .nexthops()
                .map_while(|nh| nh.ok())
                .map(|nh| nh.to_owned())
                .collect(),
            pref: self.pref,
            expires: self.expires,
            cache_info: self.cache_info,
            flow: self.flow,
            mark: self.mark,
            uid: self.uid,
            nh_id: self.nh_id,
            encap_type: self.encap_type,
            ttl_propagate: self.ttl_propagate,
        }
    }
}

fn dst_prefix(family: u8, dst: Option<IpAddr>, len: u8) -> Option<Prefix> {
    let addr = match (dst, family) {
        (Some(a), _) => a,
        (None, AF_INET) => Ipv4Addr::UNSPECIFIED.into(),
        (None, AF_INET6) => Ipv6Addr::UNSPECIFIED.into(),
        (None, _) => return None,
    };
    Some(Prefix::new(addr, len))
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

/// A route, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `AF_INET` or `AF_INET6` (or another rtnetlink family).
    pub family: u8,
    /// Destination prefix length.
    pub dst_len: u8,
    /// Source prefix length.
    pub src_len: u8,
    /// `rtm_tos`.
    pub tos: u8,
    /// The table id (`RTA_TABLE`, else `rtm_table`).
    pub table: u32,
    /// Who installed it.
    pub protocol: RouteProtocol,
    /// Its scope.
    pub scope: RouteScope,
    /// Its type.
    pub kind: RouteType,
    /// `rtm_flags`.
    pub flags: RouteFlags,
    /// `RTA_DST` (`None`: default route).
    pub dst: Option<IpAddr>,
    /// `RTA_SRC`.
    pub src: Option<IpAddr>,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_VIA`.
    pub via: Option<Via>,
    /// `RTA_OIF`.
    pub oif: Option<u32>,
    /// `RTA_IIF`.
    pub iif: Option<u32>,
    /// `RTA_PRIORITY`: the metric.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_METRICS`.
    pub metrics: Option<Metrics>,
    /// `RTA_MULTIPATH` (empty for a single-path route).
    pub nexthops: Vec<NextHop>,
    /// `RTA_PREF`.
    pub pref: Option<RoutePref>,
    /// `RTA_EXPIRES`.
    pub expires: Option<u32>,
    /// `RTA_CACHEINFO`.
    pub cache_info: Option<RouteCacheInfo>,
    /// `RTA_FLOW`.
    pub flow: Option<u32>,
    /// `RTA_MARK`.
    pub mark: Option<u32>,
    /// `RTA_UID`.
    pub uid: Option<u32>,
    /// `RTA_NH_ID`.
    pub nh_id: Option<u32>,
    /// `RTA_ENCAP_TYPE`.
    pub encap_type: Option<u16>,
    /// `RTA_TTL_PROPAGATE`.
    pub ttl_propagate: Option<u8>,
}

impl Route {
    /// The destination as a prefix (`0.0.0.0/0` or `::/0` for a default
    /// route).
    ///
    /// Falls back to an IPv4 prefix for families other than IPv4 and IPv6
    /// without `RTA_DST`.
    pub fn dst_prefix(&self) -> Prefix {
        dst_prefix(self.family, self.dst, self.dst_len)
            .unwrap_or_else(|| Prefix::new(Ipv4Addr::UNSPECIFIED.into(), self.dst_len))
    }

    /// The gateway as an IP address: `RTA_GATEWAY`, else an IP `RTA_VIA`.
    pub fn gateway_ip(&self) -> Option<IpAddr> {
        self.gateway.or_else(|| self.via.and_then(|v| v.ip()))
    }

    /// A request that names this route exactly (destination, table, type,
    /// protocol, scope, tos, metric, gateway, device, next hops, ...):
    /// pass it to [`route_del`](Conn::route_del) to delete the route, or
    /// change it and [`route_replace`](Conn::route_replace) it.
    pub fn to_request(&self) -> RouteRequest {
        let mut r = RouteRequest::new(self.dst_prefix());
        r.src = self.src.map(|a| Prefix::new(a, self.src_len));
        r.tos = self.tos;
        r.table = Some(self.table);
        r.protocol = Some(self.protocol);
        r.scope = Some(self.scope);
        r.kind = Some(self.kind);
        r.flags = self.flags & RouteFlags::ONLINK;
        r.gateway = self.gateway_ip();
        r.oif = self.oif;
        r.priority = self.priority;
        r.prefsrc = self.prefsrc;
        r.metrics = self.metrics.unwrap_or_default();
        r.nexthops = self
            .nexthops
            .iter()
            .map(|nh| NextHopRequest {
                gateway: nh.gateway_ip(),
                oif: (nh.ifindex != 0).then_some(nh.ifindex),
                weight: nh.weight,
                flags: nh.flags & NextHopFlags::ONLINK,
            })
            .collect();
        r.pref = self.pref;
        r.nh_id = self.nh_id;
        r
    }
}

impl From<&RouteMsg<'_>> for Route {
    fn from(v: &RouteMsg<'_>) -> Route {
        v.to_owned()
    }
}

/// One next hop of a multipath route to add.
///
/// ```
/// use nlstack::route::route::NextHopRequest;
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
    pub fn via(mut self, gw: IpAddr) -> NextHopRequest {
        self.gateway = Some(gw);
        self
    }
    /// Out of interface `ifindex`.
    pub fn dev(mut self, ifindex: u32) -> NextHopRequest {
        self.oif = Some(ifindex);
        self
    }
    /// With weight `w` (1 to 256).
    pub fn weight(mut self, w: u16) -> NextHopRequest {
        self.weight = w;
        self
    }
    /// `RTNH_F_ONLINK`: the gateway is on the link.
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

    fn len(&self, family: u8) -> usize {
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
fn put_gateway(e: &mut Encoder<'_>, family: u8, gw: IpAddr) {
    if family_of(gw) == family {
        e.put_ip(RTA_GATEWAY, gw);
    } else {
        Via::from(gw).write(e);
    }
}

/// What a request is for: the defaults differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    New,
    Del,
}

/// A route to add, replace, append or delete.
///
/// Build it from the destination prefix and chain the rest; what is left
/// unset gets iproute2's defaults: table main, protocol `BOOT`, type
/// `UNICAST`, and a scope of `LINK` for a unicast route without a gateway
/// (`HOST` for local and NAT routes, `LINK` for broadcast, multicast and
/// anycast, `UNIVERSE` otherwise). For a delete, unset type, protocol and
/// scope match any route.
///
/// ```
/// use nlstack::route::route::{RouteRequest, RouteType, RouteProtocol};
/// let r = RouteRequest::new("10.1.0.0/16".parse()?)
///     .via("192.0.2.1".parse()?)
///     .dev(2)
///     .table(1000)
///     .metric(10)
///     .mtu(1400)
///     .protocol(RouteProtocol::STATIC);
/// assert_eq!(r.table, Some(1000));
/// let b = RouteRequest::new("2001:db8:dead::/48".parse()?).kind(RouteType::BLACKHOLE);
/// assert_eq!(b.kind, Some(RouteType::BLACKHOLE));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRequest {
    /// The destination; its family is the route's.
    pub dst: Prefix,
    /// The source prefix (IPv6 source routing).
    pub src: Option<Prefix>,
    /// `rtm_tos`.
    pub tos: u8,
    /// The table (`None`: main).
    pub table: Option<u32>,
    /// `rtm_protocol` (`None`: `BOOT`; any for a delete).
    pub protocol: Option<RouteProtocol>,
    /// `rtm_scope` (`None`: chosen as iproute2 does; any for a delete).
    pub scope: Option<RouteScope>,
    /// `rtm_type` (`None`: `UNICAST`; any for a delete).
    pub kind: Option<RouteType>,
    /// `rtm_flags` (`ONLINK`...).
    pub flags: RouteFlags,
    /// The gateway (`RTA_GATEWAY`, or `RTA_VIA` when its family differs
    /// from the route's).
    pub gateway: Option<IpAddr>,
    /// The output interface.
    pub oif: Option<u32>,
    /// The metric (`RTA_PRIORITY`).
    pub priority: Option<u32>,
    /// The preferred source address.
    pub prefsrc: Option<IpAddr>,
    /// `RTA_METRICS` (sent when not empty).
    pub metrics: Metrics,
    /// `RTA_MULTIPATH` (sent when not empty).
    pub nexthops: Vec<NextHopRequest>,
    /// `RTA_PREF` (IPv6).
    pub pref: Option<RoutePref>,
    /// `RTA_EXPIRES`: lifetime in seconds (IPv6).
    pub expires: Option<u32>,
    /// `RTA_NH_ID`: use a nexthop object.
    pub nh_id: Option<u32>,
}

impl RouteRequest {
    /// A route to `dst`, nothing else set.
    pub fn new(dst: Prefix) -> RouteRequest {
        RouteRequest {
            dst,
            src: None,
            tos: 0,
            table: None,
            protocol: None,
            scope: None,
            kind: None,
            flags: RouteFlags::empty(),
            gateway: None,
            oif: None,
            priority: None,
            prefsrc: None,
            metrics: Metrics::new(),
            nexthops: Vec::new(),
            pref: None,
            expires: None,
            nh_id: None,
        }
    }

    /// Through gateway `gw` (of either family).
    pub fn via(mut self, gw: IpAddr) -> RouteRequest {
        self.gateway = Some(gw);
        self
    }
    /// Out of interface `ifindex`.
    pub fn dev(mut self, ifindex: u32) -> RouteRequest {
        self.oif = Some(ifindex);
        self
    }
    /// In table `id` (any 32-bit id; above 255 goes in `RTA_TABLE`).
    pub fn table(mut self, id: u32) -> RouteRequest {
        self.table = Some(id);
        self
    }
    /// With metric `m` (`RTA_PRIORITY`).
    pub fn metric(mut self, m: u32) -> RouteRequest {
        self.priority = Some(m);
        self
    }
    /// With scope `s`.
    pub fn scope(mut self, s: RouteScope) -> RouteRequest {
        self.scope = Some(s);
        self
    }
    /// Installed by protocol `p`.
    pub fn protocol(mut self, p: RouteProtocol) -> RouteRequest {
        self.protocol = Some(p);
        self
    }
    /// Of type `t` (`BLACKHOLE`, `UNREACHABLE`, `PROHIBIT`, `LOCAL`...).
    pub fn kind(mut self, t: RouteType) -> RouteRequest {
        self.kind = Some(t);
        self
    }
    /// With preferred source address `a`.
    pub fn prefsrc(mut self, a: IpAddr) -> RouteRequest {
        self.prefsrc = Some(a);
        self
    }
    /// From source prefix `p` (IPv6 source routing).
    pub fn src(mut self, p: Prefix) -> RouteRequest {
        self.src = Some(p);
        self
    }
    /// With type of service `tos`.
    pub fn tos(mut self, tos: u8) -> RouteRequest {
        self.tos = tos;
        self
    }
    /// `RTNH_F_ONLINK`: the gateway is on the link.
    pub fn onlink(mut self) -> RouteRequest {
        self.flags |= RouteFlags::ONLINK;
        self
    }
    /// With path MTU `mtu` (`RTAX_MTU`).
    pub fn mtu(mut self, mtu: u32) -> RouteRequest {
        self.metrics.set(RTAX_MTU, mtu);
        self
    }
    /// With `RTAX_*` metric `kind` set to `value`.
    pub fn rtax(mut self, kind: u16, value: u32) -> RouteRequest {
        self.metrics.set(kind, value);
        self
    }
    /// With these metrics, replacing any set before.
    pub fn metrics(mut self, m: Metrics) -> RouteRequest {
        self.metrics = m;
        self
    }
    /// Adds a next hop (making the route multipath).
    pub fn nexthop(mut self, nh: NextHopRequest) -> RouteRequest {
        self.nexthops.push(nh);
        self
    }
    /// With IPv6 router preference `p`.
    pub fn pref(mut self, p: RoutePref) -> RouteRequest {
        self.pref = Some(p);
        self
    }
    /// Expiring after `secs` seconds (IPv6).
    pub fn expires(mut self, secs: u32) -> RouteRequest {
        self.expires = Some(secs);
        self
    }
    /// Using nexthop object `id`.
    pub fn nh_id(mut self, id: u32) -> RouteRequest {
        self.nh_id = Some(id);
        self
    }

    /// The scope sent for an add when none is set, as iproute2 chooses it.
    fn default_scope(&self, kind: RouteType) -> RouteScope {
        match kind {
            RouteType::LOCAL | RouteType::NAT => RouteScope::HOST,
            RouteType::BROADCAST | RouteType::MULTICAST | RouteType::ANYCAST => RouteScope::LINK,
            RouteType::UNICAST | RouteType::UNSPEC
                if self.gateway.is_none() && self.nexthops.is_empty() && self.nh_id.is_none() =>
            {
                RouteScope::LINK
            }
            _ => RouteScope::UNIVERSE,
        }
    }

    /// Encodes the `rtmsg` and attributes as for an add, replace or append.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        self.encode_for(e, Op::New)
    }

    /// Encodes the `rtmsg` and attributes as for a delete: unset type,
    /// protocol and scope match any route.
    pub fn encode_delete(&self, e: &mut Encoder<'_>) {
        self.encode_for(e, Op::Del)
    }

    fn encode_for(&self, e: &mut Encoder<'_>, op: Op) {
        let family = self.dst.family();
        let table = self.table.unwrap_or(RT_TABLE_MAIN);
        let (kind, protocol, scope) = match op {
            Op::New => {
                let kind = self.kind.unwrap_or(RouteType::UNICAST);
                (
                    kind,
                    self.protocol.unwrap_or(RouteProtocol::BOOT),
                    self.scope.unwrap_or_else(|| self.default_scope(kind)),
                )
            }
            Op::Del => (
                self.kind.unwrap_or(RouteType::UNSPEC),
                self.protocol.unwrap_or(RouteProtocol::UNSPEC),
                self.scope.unwrap_or(RouteScope::NOWHERE),
            ),
        };
        e.header(&RtMsg {
            family,
            dst_len: self.dst.len(),
            src_len: self.src.map_or(0, |s| s.len()),
            tos: self.tos,
            table: u8::try_from(table).unwrap_or(RT_TABLE_UNSPEC as u8),
            protocol: protocol.0,
            scope: scope.0,
            kind: kind.0,
            flags: self.flags.bits(),
        });
        e.put_u32(RTA_TABLE, table);
        if self.dst.len() > 0 {
            e.put_ip(RTA_DST, self.dst.addr());
        }
        if let Some(s) = self.src {
            e.put_ip(RTA_SRC, s.addr());
        }
        if let Some(gw) = self.gateway {
            put_gateway(e, family, gw);
        }
        if let Some(i) = self.oif {
            e.put_u32(RTA_OIF, i);
        }
        if let Some(p) = self.priority {
            e.put_u32(RTA_PRIORITY, p);
        }
        if let Some(a) = self.prefsrc {
            e.put_ip(RTA_PREFSRC, a);
        }
        if !self.metrics.is_empty() {
            self.metrics.encode(e);
        }
        if !self.nexthops.is_empty() {
            self.encode_multipath(e, family);
        }
        if let Some(p) = self.pref {
            e.put_u8(RTA_PREF, p.0);
        }
        if let Some(x) = self.expires {
            e.put_u32(RTA_EXPIRES, x);
        }
        if let Some(id) = self.nh_id {
            e.put_u32(RTA_NH_ID, id);
        }
    }

    /// `RTA_MULTIPATH` is a plain attribute (no `NLA_F_NESTED`) holding
    /// `struct rtnexthop`s, each followed by its own attributes. Every
    /// length is known up front, so it is written straight into the
    /// message without a scratch buffer.
    fn encode_multipath(&self, e: &mut Encoder<'_>, family: u8) {
        let body: usize = self.nexthops.iter().map(|nh| nh.len(family)).sum();
        match u16::try_from(NLA_HDRLEN + body) {
            Ok(total) => {
                let mut hdr = [0u8; NLA_HDRLEN];
                hdr[..2].copy_from_slice(&total.to_ne_bytes());
                hdr[2..].copy_from_slice(&RTA_MULTIPATH.to_ne_bytes());
                e.raw(&hdr);
                self.encode_nexthops(e, family);
            }
            // Too large for nla_len: a nest records the error when it
            // closes, and the message then fails in `finish`.
            Err(_) => self.encode_nexthops(&mut e.nest(RTA_MULTIPATH), family),
        }
    }

    fn encode_nexthops(&self, e: &mut Encoder<'_>, family: u8) {
        for nh in &self.nexthops {
            let mut rtnh = [0u8; 8];
            // A next hop is at most 8 + 24 bytes.
            rtnh[..2].copy_from_slice(&(nh.len(family) as u16).to_ne_bytes());
            rtnh[2] = nh.flags.bits();
            rtnh[3] = (nh.weight.clamp(1, 256) - 1) as u8;
            rtnh[4..].copy_from_slice(&nh.oif.unwrap_or(0).to_ne_bytes());
            e.raw(&rtnh);
            if let Some(gw) = nh.gateway {
                put_gateway(e, family, gw);
            }
        }
    }
}

/// Which routes to list.
///
/// With strict checking (on by default) the kernel filters by family,
/// table, output interface, protocol and type; the result is filtered here
/// again either way, so older kernels give the same answer. Cached
/// (cloned) routes are never listed.
///
/// ```
/// use nlstack::route::route::{RouteFilter, RT_TABLE_MAIN};
/// assert_eq!(RouteFilter::default().table, Some(RT_TABLE_MAIN));
/// let all_v6 = RouteFilter::all_tables().family(libc::AF_INET6 as u8);
/// assert_eq!(all_v6.table, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteFilter {
    /// Only this family (`AF_INET`, `AF_INET6`); `None`: both.
    pub family: Option<u8>,
    /// Only this table; `None`: every table.
    pub table: Option<u32>,
    /// Only routes out of this interface (`RTA_OIF`).
    pub oif: Option<u32>,
    /// Only routes installed by this protocol.
    pub protocol: Option<RouteProtocol>,
    /// Only routes of this type.
    pub kind: Option<RouteType>,
}

impl Default for RouteFilter {
    /// The main table, both families.
    fn default() -> RouteFilter {
        RouteFilter::table(RT_TABLE_MAIN)
    }
}

impl RouteFilter {
    /// The main table, both families (the default).
    pub fn main() -> RouteFilter {
        RouteFilter::default()
    }
    /// Table `id`, both families.
    pub fn table(id: u32) -> RouteFilter {
        RouteFilter {
            family: None,
            table: Some(id),
            oif: None,
            protocol: None,
            kind: None,
        }
    }
    /// Every table, both families.
    pub fn all_tables() -> RouteFilter {
        RouteFilter {
            table: None,
            ..RouteFilter::default()
        }
    }
    /// Only `family` (`AF_INET`, `AF_INET6`).
    pub fn family(mut self, family: u8) -> RouteFilter {
        self.family = Some(family);
        self
    }
    /// Only IPv4.
    pub fn v4(self) -> RouteFilter {
        self.family(AF_INET)
    }
    /// Only IPv6.
    pub fn v6(self) -> RouteFilter {
        self.family(AF_INET6)
    }
    /// Only routes out of interface `ifindex`.
    pub fn dev(mut self, ifindex: u32) -> RouteFilter {
        self.oif = Some(ifindex);
        self
    }

    /// True when `r` passes the filter.
    pub fn matches(&self, r: &RouteMsg<'_>) -> bool {
        let family = r.family();
        let fam_ok = match self.family {
            Some(f) => f == family,
            None => family == AF_INET || family == AF_INET6,
        };
        let oif_ok = self.oif.is_none_or(|want| {
            r.oif == Some(want) || r.nexthops().any(|nh| nh.is_ok_and(|nh| nh.ifindex == want))
        });
        fam_ok
            && oif_ok
            && self.table.is_none_or(|t| t == r.table)
            && self.protocol.is_none_or(|p| p == r.protocol())
            && self.kind.is_none_or(|k| k == r.kind())
            && !r.flags().contains(RouteFlags::CLONED)
    }

    fn encode(&self, e: &mut Encoder<'_>) {
        let table = self.table.unwrap_or(RT_TABLE_UNSPEC);
        e.header(&RtMsg {
            family: self.family.unwrap_or(0),
            table: u8::try_from(table).unwrap_or(RT_TABLE_UNSPEC as u8),
            protocol: self.protocol.map_or(0, |p| p.0),
            kind: self.kind.map_or(0, |k| k.0),
            ..Default::default()
        });
        if table > 255 {
            e.put_u32(RTA_TABLE, table);
        }
        if let Some(i) = self.oif {
            e.put_u32(RTA_OIF, i);
        }
    }
}

/// A route lookup, as `ip route get`: which route the kernel would use to
/// reach `dst`.
///
/// ```
/// use nlstack::route::route::RouteLookup;
/// let q = RouteLookup::new("192.0.2.7".parse().unwrap()).dev(3).mark(0x10);
/// assert_eq!(q.oif, Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteLookup {
    /// The destination address.
    pub dst: IpAddr,
    /// The source address.
    pub src: Option<IpAddr>,
    /// As if the packet came in on this interface.
    pub iif: Option<u32>,
    /// Out of this interface.
    pub oif: Option<u32>,
    /// With this firewall mark.
    pub mark: Option<u32>,
    /// For this user id.
    pub uid: Option<u32>,
    /// `RTM_F_FIB_MATCH`: return the matching FIB entry (prefix, table,
    /// next hops) rather than the resolved destination.
    pub fib_match: bool,
}

impl RouteLookup {
    /// A lookup of `dst`, nothing else set.
    pub fn new(dst: IpAddr) -> RouteLookup {
        RouteLookup {
            dst,
            src: None,
            iif: None,
            oif: None,
            mark: None,
            uid: None,
            fib_match: false,
        }
    }
    /// From source address `a`.
    pub fn src(mut self, a: IpAddr) -> RouteLookup {
        self.src = Some(a);
        self
    }
    /// Out of interface `ifindex`.
    pub fn dev(mut self, ifindex: u32) -> RouteLookup {
        self.oif = Some(ifindex);
        self
    }
    /// As if coming in on interface `ifindex`.
    pub fn iif(mut self, ifindex: u32) -> RouteLookup {
        self.iif = Some(ifindex);
        self
    }
    /// With firewall mark `m`.
    pub fn mark(mut self, m: u32) -> RouteLookup {
        self.mark = Some(m);
        self
    }
    /// For user `uid`.
    pub fn uid(mut self, uid: u32) -> RouteLookup {
        self.uid = Some(uid);
        self
    }
    /// Return the matching FIB entry (`ip route get ... fibmatch`).
    pub fn fib_match(mut self) -> RouteLookup {
        self.fib_match = true;
        self
    }

    /// Encodes the `rtmsg` and attributes of the `RTM_GETROUTE` request.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        let full = Prefix::host(self.dst).len();
        let flags = if self.fib_match {
            RouteFlags::FIB_MATCH
        } else {
            RouteFlags::empty()
        };
        e.header(&RtMsg {
            family: family_of(self.dst),
            dst_len: full,
            src_len: self.src.map_or(0, |a| Prefix::host(a).len()),
            flags: flags.bits(),
            ..Default::default()
        });
        e.put_ip(RTA_DST, self.dst);
        if let Some(a) = self.src {
            e.put_ip(RTA_SRC, a);
        }
        if let Some(i) = self.iif {
            e.put_u32(RTA_IIF, i);
        }
        if let Some(i) = self.oif {
            e.put_u32(RTA_OIF, i);
        }
        if let Some(m) = self.mark {
            e.put_u32(RTA_MARK, m);
        }
        if let Some(u) = self.uid {
            e.put_u32(RTA_UID, u);
        }
    }
}

impl<T: Transport> Conn<RouteProto, T> {
    /// Lists routes (one table, by default main, or all; one family or
    /// both), through the dump consistency policy.
    ///
    /// Listing a table that does not exist gives an empty list (the
    /// kernel answers `ENOENT` when a family is given).
    pub fn routes(&mut self, filter: RouteFilter) -> Result<Vec<Route>> {
        let listed = self.dump_collect(
            MsgType::RTM_GETROUTE,
            Flags::empty(),
            |e| filter.encode(e),
            |m| {
                let r = RouteMsg::parse(&m)?;
                Ok(filter.matches(&r).then(|| r.to_owned()))
            },
        );
        match listed {
            Err(e) if filter.table.is_some() && e.errno() == Some(libc::ENOENT) => Ok(Vec::new()),
            other => other,
        }
    }

    /// Looks up the route to `dst`, as `ip route get DST`.
    pub fn route_get(&mut self, dst: IpAddr) -> Result<Route> {
        self.route_lookup(&RouteLookup::new(dst))
    }

    /// Looks up a route with the lookup's keys (source, interfaces, mark,
    /// uid), as `ip route get`.
    pub fn route_lookup(&mut self, q: &RouteLookup) -> Result<Route> {
        let m = self.request(MsgType::RTM_GETROUTE, Flags::empty(), |e| q.encode(e))?;
        Ok(RouteMsg::parse(&m)?.to_owned())
    }

    /// Adds a route; fails with `EEXIST` if it is there already
    /// (`ip route add`).
    pub fn route_add(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::EXCL, |e| {
            r.encode(e)
        })
    }

    /// Adds a route or replaces the one with the same destination, table,
    /// tos and (IPv4) metric (`ip route replace`).
    pub fn route_replace(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::REPLACE, |e| {
            r.encode(e)
        })
    }

    /// Adds a route after those with the same key (`ip route append`); for
    /// IPv6 the next hops join the existing route's.
    pub fn route_append(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::APPEND, |e| {
            r.encode(e)
        })
    }

    /// Deletes the first route that matches what the request sets
    /// (`ip route del`).
    pub fn route_del(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELROUTE, Flags::empty(), |e| {
            r.encode_delete(e)
        })
    }
}
