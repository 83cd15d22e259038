//! Which routes to ask for: [`RouteFilter`] (a dump) and [`RouteLookup`]
//! (`ip route get`).

use crate::route::table_id::{RT_TABLE_MAIN, RT_TABLE_UNSPEC};
use std::net::IpAddr;

use crate::route::family::{self, AddrFamily, INET, INET6};
use crate::route::prefix::Prefix;
use crate::route::routes::types::{RouteFlags, RouteProtocol, RouteType};
use crate::route::routes::view::*;
use crate::wire::{Encoder, RtMsg};

/// Which routes to list.
///
/// With strict checking (on by default) the kernel filters by family,
/// table, output interface, protocol and type; the result is filtered here
/// again either way, so older kernels give the same answer. Cached
/// (cloned) routes are never listed.
///
/// ```
/// use nlstack::route::{RouteFilter, RT_TABLE_MAIN};
/// assert_eq!(RouteFilter::default().table, Some(RT_TABLE_MAIN));
/// let all_v6 = RouteFilter::all_tables().family(nlstack::route::family::INET6);
/// assert_eq!(all_v6.table, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteFilter {
    /// Only this family (`AF_INET`, `AF_INET6`); `None`: both.
    pub family: Option<AddrFamily>,
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
    #[must_use]
    pub fn family(mut self, family: AddrFamily) -> RouteFilter {
        self.family = Some(family);
        self
    }
    /// Only IPv4.
    #[must_use]
    pub fn v4(self) -> RouteFilter {
        self.family(INET)
    }
    /// Only IPv6.
    #[must_use]
    pub fn v6(self) -> RouteFilter {
        self.family(INET6)
    }
    /// Only routes out of interface `ifindex`.
    #[must_use]
    pub fn dev(mut self, ifindex: u32) -> RouteFilter {
        self.oif = Some(ifindex);
        self
    }

    /// Only routes of `protocol` (`proto static`, ...).
    #[must_use]
    pub fn protocol(mut self, protocol: RouteProtocol) -> RouteFilter {
        self.protocol = Some(protocol);
        self
    }
    /// Only routes of type `kind` (`unicast`, `local`, ...).
    #[must_use]
    pub fn kind(mut self, kind: RouteType) -> RouteFilter {
        self.kind = Some(kind);
        self
    }

    /// True when `r` passes the filter.
    pub fn matches(&self, r: &RouteMsg<&[u8]>) -> bool {
        let family = r.family();
        let fam_ok = match self.family {
            Some(f) => f == family,
            None => family == INET || family == INET6,
        };
        let oif_ok = self.oif.is_none_or(|want| {
            r.oif() == Some(want)
                || r.nexthops()
                    .any(|nh| nh.is_ok_and(|nh| nh.ifindex() == want))
        });
        fam_ok
            && oif_ok
            && self.table.is_none_or(|t| t == r.table())
            && self.protocol.is_none_or(|p| p == r.protocol())
            && self.kind.is_none_or(|k| k == r.kind())
            && !r.flags().contains(RouteFlags::CLONED)
    }

    pub(crate) fn encode(&self, e: &mut Encoder<'_>) {
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
/// use nlstack::route::RouteLookup;
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
    #[must_use]
    pub fn src(mut self, a: IpAddr) -> RouteLookup {
        self.src = Some(a);
        self
    }
    /// Out of interface `ifindex`.
    #[must_use]
    pub fn dev(mut self, ifindex: u32) -> RouteLookup {
        self.oif = Some(ifindex);
        self
    }
    /// As if coming in on interface `ifindex`.
    #[must_use]
    pub fn iif(mut self, ifindex: u32) -> RouteLookup {
        self.iif = Some(ifindex);
        self
    }
    /// With firewall mark `m`.
    #[must_use]
    pub fn mark(mut self, m: u32) -> RouteLookup {
        self.mark = Some(m);
        self
    }
    /// For user `uid`.
    #[must_use]
    pub fn uid(mut self, uid: u32) -> RouteLookup {
        self.uid = Some(uid);
        self
    }
    /// Return the matching FIB entry (`ip route get ... fibmatch`).
    #[must_use]
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
            family: family::of(self.dst),
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
