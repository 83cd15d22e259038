//! The values of a route's header: type, protocol, scope (named `u8`s),
//! the IPv6 router preference, and the route and next-hop flags.

use std::fmt;

macro_rules! named_u8 {
    ($(#[$m:meta])* $name:ident { $($(#[$cm:meta])* $c:ident = $v:literal,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u8);

        impl $name {
            $($(#[$cm])* pub const $c: $name = $name($v);)*

            /// The kernel's name for the value, without its prefix; `None`
            /// for a number without one.
            #[must_use]
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
    /// use nlstack::route::RouteType;
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

/// `RTA_PREF`: one byte.
impl crate::wire::Value for RoutePref {
    type Out<'a> = RoutePref;
    type Owned = RoutePref;
    const SIZES: &'static [usize] = &[1];

    #[inline]
    fn decode(v: &[u8]) -> RoutePref {
        RoutePref(v.first().copied().unwrap_or(0))
    }

    fn to_owned(v: RoutePref) -> RoutePref {
        v
    }

    fn put(v: &RoutePref, kind: u16, e: &mut crate::wire::Encoder<'_>) {
        e.put_u8(kind, v.0);
    }
}
