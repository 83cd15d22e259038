//! [`Filter`]: plain data that matches conntrack entries on the user's
//! side, for delete-by-filters (what moby's `ConntrackDeleteFilters` and
//! vishvananda's `ConntrackFilter` do).

use std::net::IpAddr;

use crate::route::Prefix;

use super::entry::Entry;
use super::labels;
use super::tuple::Tuple;

/// Conditions on an entry; an entry matches when every condition set
/// holds (a filter with nothing set matches everything). Build one by hand
/// or with the setters.
///
/// ```
/// use nlstack::netfilter::conntrack::Filter;
/// let f = Filter::new().protocol(17).orig_dst("10.0.0.0/24".parse().unwrap()).orig_dst_port(53);
/// assert_eq!(f.orig_dst_port, Some(53));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Filter {
    /// The layer-4 protocol number.
    pub protocol: Option<u8>,
    /// The original direction's source address is in this prefix.
    pub orig_src: Option<Prefix>,
    /// The original direction's destination address is in this prefix.
    pub orig_dst: Option<Prefix>,
    /// The reply direction's source address is in this prefix.
    pub reply_src: Option<Prefix>,
    /// The reply direction's destination address is in this prefix.
    pub reply_dst: Option<Prefix>,
    /// The original direction's source port.
    pub orig_src_port: Option<u16>,
    /// The original direction's destination port.
    pub orig_dst_port: Option<u16>,
    /// The reply direction's source port.
    pub reply_src_port: Option<u16>,
    /// The reply direction's destination port.
    pub reply_dst_port: Option<u16>,
    /// The mark, masked with the second value, equals the first.
    pub mark: Option<(u32, u32)>,
    /// The zone (an entry without one is in zone 0).
    pub zone: Option<u16>,
    /// The status bits, masked with the second value, equal the first.
    pub status: Option<(u32, u32)>,
    /// The original direction's ICMP or ICMPv6 type.
    pub icmp_type: Option<u8>,
    /// The original direction's ICMP or ICMPv6 code.
    pub icmp_code: Option<u8>,
    /// The original direction's ICMP or ICMPv6 id.
    pub icmp_id: Option<u16>,
    /// Every one of these labels is set.
    pub labels: Vec<u16>,
}

macro_rules! setters {
    ($($(#[$m:meta])* $f:ident: $t:ty;)*) => {$(
        $(#[$m])*
        #[must_use]
        pub fn $f(mut self, v: $t) -> Filter {
            self.$f = Some(v);
            self
        }
    )*};
}

impl Filter {
    /// Matches everything.
    pub fn new() -> Filter {
        Filter::default()
    }

    setters! {
        /// Sets [`protocol`](Filter::protocol).
        protocol: u8;
        /// Sets [`orig_src`](Filter::orig_src).
        orig_src: Prefix;
        /// Sets [`orig_dst`](Filter::orig_dst).
        orig_dst: Prefix;
        /// Sets [`reply_src`](Filter::reply_src).
        reply_src: Prefix;
        /// Sets [`reply_dst`](Filter::reply_dst).
        reply_dst: Prefix;
        /// Sets [`orig_src_port`](Filter::orig_src_port).
        orig_src_port: u16;
        /// Sets [`orig_dst_port`](Filter::orig_dst_port).
        orig_dst_port: u16;
        /// Sets [`reply_src_port`](Filter::reply_src_port).
        reply_src_port: u16;
        /// Sets [`reply_dst_port`](Filter::reply_dst_port).
        reply_dst_port: u16;
        /// Sets [`zone`](Filter::zone).
        zone: u16;
        /// Sets [`icmp_type`](Filter::icmp_type).
        icmp_type: u8;
        /// Sets [`icmp_code`](Filter::icmp_code).
        icmp_code: u8;
        /// Sets [`icmp_id`](Filter::icmp_id).
        icmp_id: u16;
    }

    /// Sets [`mark`](Filter::mark): `mark & mask == value & mask`.
    #[must_use]
    pub fn mark(mut self, value: u32, mask: u32) -> Filter {
        self.mark = Some((value & mask, mask));
        self
    }

    /// Sets [`status`](Filter::status): `status & mask == value & mask`.
    #[must_use]
    pub fn status(mut self, value: u32, mask: u32) -> Filter {
        self.status = Some((value & mask, mask));
        self
    }

    /// Adds a label that must be set.
    #[must_use]
    pub fn label(mut self, n: u16) -> Filter {
        self.labels.push(n);
        self
    }

    /// True when `e` meets every condition set.
    pub fn matches<T: AsRef<[u8]>>(&self, e: &Entry<T>) -> bool {
        let e = e.as_view();
        let orig = e.orig();
        let reply = e.reply();
        if self.protocol.is_some() && self.protocol != e.protocol() {
            return false;
        }
        let addr = |t: &Option<Tuple<&[u8]>>, src: bool, p: &Option<Prefix>| match p {
            None => true,
            Some(p) => t
                .as_ref()
                .and_then(|t| if src { t.src() } else { t.dst() })
                .is_some_and(|a: IpAddr| p.contains(a)),
        };
        let port = |t: &Option<Tuple<&[u8]>>, src: bool, want: Option<u16>| match want {
            None => true,
            Some(w) => {
                t.as_ref()
                    .and_then(|t| if src { t.src_port() } else { t.dst_port() })
                    == Some(w)
            }
        };
        if !(addr(&orig, true, &self.orig_src)
            && addr(&orig, false, &self.orig_dst)
            && addr(&reply, true, &self.reply_src)
            && addr(&reply, false, &self.reply_dst)
            && port(&orig, true, self.orig_src_port)
            && port(&orig, false, self.orig_dst_port)
            && port(&reply, true, self.reply_src_port)
            && port(&reply, false, self.reply_dst_port))
        {
            return false;
        }
        if let Some((value, mask)) = self.mark {
            if e.mark().unwrap_or(0) & mask != value {
                return false;
            }
        }
        if let Some(z) = self.zone {
            if e.zone().unwrap_or(0) != z {
                return false;
            }
        }
        if let Some((value, mask)) = self.status {
            if e.status().unwrap_or(0) & mask != value {
                return false;
            }
        }
        if self.icmp_type.is_some() || self.icmp_code.is_some() || self.icmp_id.is_some() {
            let Some(p) = orig.as_ref().and_then(|t| t.proto()) else {
                return false;
            };
            let (kind, code, id) = match (p.icmp_type(), p.icmpv6_type()) {
                (Some(t), _) => (Some(t), p.icmp_code(), p.icmp_id()),
                (None, Some(t)) => (Some(t), p.icmpv6_code(), p.icmpv6_id()),
                (None, None) => return false,
            };
            let same = |want: Option<u8>, got: Option<u8>| want.is_none() || want == got;
            if !same(self.icmp_type, kind)
                || !same(self.icmp_code, code)
                || (self.icmp_id.is_some() && self.icmp_id != id)
            {
                return false;
            }
        }
        let bitmap = e.labels().unwrap_or(&[]);
        self.labels.iter().all(|&n| labels::has(bitmap, n))
    }
}
