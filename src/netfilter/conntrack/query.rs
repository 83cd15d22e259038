//! [`Query`]: what a conntrack dump asks for: the family, the table, and
//! the filters the kernel applies itself.

use super::entry::EntrySpec;
use super::parts::FilterFlagsSpec;
use super::tuple::TupleSpec;
use crate::route::family::{self, AddrFamily};

/// Which table a dump reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Table {
    /// The connection table (`IPCTNL_MSG_CT_GET`).
    #[default]
    Conntrack,
    /// Entries being destroyed (`IPCTNL_MSG_CT_GET_DYING`).
    Dying,
    /// Entries not yet confirmed (`IPCTNL_MSG_CT_GET_UNCONFIRMED`).
    Unconfirmed,
}

/// `CTA_FILTER_FLAG_*` (kernel-internal bits of `CTA_FILTER`): which
/// fields of a tuple a filtered dump compares.
pub mod filter_flag {
    /// The source address.
    pub const IP_SRC: u32 = 1 << 0;
    /// The destination address.
    pub const IP_DST: u32 = 1 << 1;
    /// The tuple's zone.
    pub const TUPLE_ZONE: u32 = 1 << 2;
    /// The protocol number.
    pub const PROTO_NUM: u32 = 1 << 3;
    /// The source port.
    pub const PROTO_SRC_PORT: u32 = 1 << 4;
    /// The destination port.
    pub const PROTO_DST_PORT: u32 = 1 << 5;
    /// The ICMP type.
    pub const ICMP_TYPE: u32 = 1 << 6;
    /// The ICMP code.
    pub const ICMP_CODE: u32 = 1 << 7;
    /// The ICMP id.
    pub const ICMP_ID: u32 = 1 << 8;
    /// The ICMPv6 type.
    pub const ICMPV6_TYPE: u32 = 1 << 9;
    /// The ICMPv6 code.
    pub const ICMPV6_CODE: u32 = 1 << 10;
    /// The ICMPv6 id.
    pub const ICMPV6_ID: u32 = 1 << 11;
}

/// A conntrack dump: family, table, whether to zero counters as they are
/// read, and the kernel-side filters (an [`EntrySpec`] sent with the dump:
/// mark and mask, zone, status and mask, tuples with `CTA_FILTER`).
///
/// ```
/// use nlstack::netfilter::conntrack::{Query, TupleSpec};
/// let q = Query::new().ipv4().mark(0x10, 0xff).zone(3);
/// assert_eq!(q.family, nlstack::route::family::INET);
/// assert_eq!(q.filter.mark, Some(0x10));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Query {
    /// `AF_INET`, `AF_INET6`, or `AF_UNSPEC` (0) for both.
    pub family: AddrFamily,
    /// The table.
    pub table: Table,
    /// Zero the counters of what is read (`IPCTNL_MSG_CT_GET_CTRZERO`).
    pub zero: bool,
    /// The filters, sent with the dump request.
    pub filter: EntrySpec,
}

impl Query {
    /// Every entry of both families in the connection table.
    pub fn new() -> Query {
        Query::default()
    }

    /// Only `family` (`AF_INET`, `AF_INET6`; 0 for both).
    #[must_use]
    pub fn family(mut self, family: AddrFamily) -> Query {
        self.family = family;
        self
    }

    /// Only IPv4 (what `conntrack -L` lists by default).
    #[must_use]
    pub fn ipv4(self) -> Query {
        self.family(family::INET)
    }

    /// Only IPv6.
    #[must_use]
    pub fn ipv6(self) -> Query {
        self.family(family::INET6)
    }

    /// Reads `table`.
    #[must_use]
    pub fn table(mut self, table: Table) -> Query {
        self.table = table;
        self
    }

    /// Zeroes the counters of what is read.
    #[must_use]
    pub fn zero_counters(mut self) -> Query {
        self.zero = true;
        self
    }

    /// Only entries whose mark, masked with `mask`, is `mark`.
    #[must_use]
    pub fn mark(mut self, mark: u32, mask: u32) -> Query {
        self.filter.mark = Some(mark);
        self.filter.mark_mask = Some(mask);
        self
    }

    /// Only entries in `zone`.
    #[must_use]
    pub fn zone(mut self, zone: u16) -> Query {
        self.filter.zone = Some(zone);
        self
    }

    /// Only entries whose status, masked with `mask`, is `status`.
    #[must_use]
    pub fn status(mut self, status: u32, mask: u32) -> Query {
        self.filter.status = Some(status);
        self.filter.status_mask = Some(mask);
        self
    }

    /// Only entries whose original tuple matches what `t` sets
    /// (addresses, protocol, ports, ICMP fields, zone): `CTA_FILTER`.
    #[must_use]
    pub fn orig(mut self, t: TupleSpec) -> Query {
        let f = self.filter.filter.take().unwrap_or_default();
        self.filter.filter = Some(FilterFlagsSpec {
            orig: Some(tuple_flags(&t)),
            ..f
        });
        self.filter.orig = Some(t);
        self
    }

    /// Only entries whose reply tuple matches what `t` sets.
    #[must_use]
    pub fn reply(mut self, t: TupleSpec) -> Query {
        let f = self.filter.filter.take().unwrap_or_default();
        self.filter.filter = Some(FilterFlagsSpec {
            reply: Some(tuple_flags(&t)),
            ..f
        });
        self.filter.reply = Some(t);
        self
    }
}

/// The `CTA_FILTER` flags for the fields `t` sets.
pub fn tuple_flags(t: &TupleSpec) -> u32 {
    use filter_flag::*;
    let mut f = 0;
    if let Some(ip) = &t.ip {
        if ip.v4_src.is_some() || ip.v6_src.is_some() {
            f |= IP_SRC;
        }
        if ip.v4_dst.is_some() || ip.v6_dst.is_some() {
            f |= IP_DST;
        }
    }
    if t.zone.is_some() {
        f |= TUPLE_ZONE;
    }
    if let Some(p) = &t.proto {
        let bits = [
            (p.num.is_some(), PROTO_NUM),
            (p.src_port.is_some(), PROTO_SRC_PORT),
            (p.dst_port.is_some(), PROTO_DST_PORT),
            (p.icmp_type.is_some(), ICMP_TYPE),
            (p.icmp_code.is_some(), ICMP_CODE),
            (p.icmp_id.is_some(), ICMP_ID),
            (p.icmpv6_type.is_some(), ICMPV6_TYPE),
            (p.icmpv6_code.is_some(), ICMPV6_CODE),
            (p.icmpv6_id.is_some(), ICMPV6_ID),
        ];
        for (set, bit) in bits {
            if set {
                f |= bit;
            }
        }
    }
    f
}
