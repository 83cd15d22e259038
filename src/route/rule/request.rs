//! [`RuleRequest`]: a rule to add or delete, and the request that
//! deletes exactly a rule seen.

use crate::route::family::{self, AddrFamily};
use std::net::IpAddr;

use crate::wire::{Encoder, FibRuleHdr};

use super::action::{RuleAction, RuleFlags};
use super::msg::{
    FRA_DPORT_MASK, FRA_DPORT_RANGE, FRA_DSCP, FRA_DSCP_MASK, FRA_DST, FRA_FLOW, FRA_FLOWLABEL,
    FRA_FLOWLABEL_MASK, FRA_FWMARK, FRA_FWMASK, FRA_GOTO, FRA_IIFNAME, FRA_IP_PROTO, FRA_L3MDEV,
    FRA_OIFNAME, FRA_PRIORITY, FRA_PROTOCOL, FRA_SPORT_MASK, FRA_SPORT_RANGE, FRA_SRC,
    FRA_SUPPRESS_IFGROUP, FRA_SUPPRESS_PREFIXLEN, FRA_TABLE, FRA_TUN_ID, FRA_UID_RANGE, RuleMsg,
};
use super::ports::PortRange;
use super::uids::UidRange;
use crate::route::table_id::RT_TABLE_UNSPEC;

/// A rule to add or delete.
///
/// Setting a [`table`](Self::table) makes the action `FR_ACT_TO_TBL` and
/// a [`goto`](Self::goto) makes it `FR_ACT_GOTO`, unless an action was set
/// explicitly. A delete request matches every rule that agrees with each
/// field set (the kernel ignores fields left unset, and an `UNSPEC`
/// action).
///
/// ```
/// use nlstack::route::rule::{PortRange, RuleAction, RuleRequest};
/// let r = RuleRequest::v4()
///     .priority(104)
///     .ip_proto(6)
///     .sport(PortRange { start: 1000, end: 2000 })
///     .dport(PortRange::single(443))
///     .table(1000);
/// assert_eq!(r.action, RuleAction::TO_TBL);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleRequest {
    /// `AF_INET` or `AF_INET6`.
    pub family: AddrFamily,
    /// The source prefix and its length.
    pub src: Option<(IpAddr, u8)>,
    /// The destination prefix and its length.
    pub dst: Option<(IpAddr, u8)>,
    /// The TOS to match.
    pub tos: u8,
    /// The table (`FRA_TABLE`, and the header's 8 bits when it fits).
    pub table: Option<u32>,
    /// `FR_ACT_*`.
    pub action: RuleAction,
    /// `FIB_RULE_*` (`INVERT` for `not`).
    pub flags: RuleFlags,
    /// `FRA_PRIORITY` (`None`: the kernel picks one below the last rule).
    pub priority: Option<u32>,
    /// `FRA_IIFNAME`.
    pub iif: Option<Vec<u8>>,
    /// `FRA_OIFNAME`.
    pub oif: Option<Vec<u8>>,
    /// `FRA_GOTO`.
    pub goto: Option<u32>,
    /// `FRA_FWMARK`.
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`.
    pub fwmask: Option<u32>,
    /// `FRA_FLOW`.
    pub flow: Option<u32>,
    /// `FRA_TUN_ID`.
    pub tun_id: Option<u64>,
    /// `FRA_SUPPRESS_IFGROUP`.
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_SUPPRESS_PREFIXLEN`.
    pub suppress_prefixlen: Option<u32>,
    /// `FRA_L3MDEV`.
    pub l3mdev: Option<u8>,
    /// `FRA_UID_RANGE`.
    pub uid_range: Option<UidRange>,
    /// `FRA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `FRA_IP_PROTO`.
    pub ip_proto: Option<u8>,
    /// `FRA_SPORT_RANGE`.
    pub sport: Option<PortRange>,
    /// `FRA_DPORT_RANGE`.
    pub dport: Option<PortRange>,
    /// `FRA_SPORT_MASK`.
    pub sport_mask: Option<u16>,
    /// `FRA_DPORT_MASK`.
    pub dport_mask: Option<u16>,
    /// `FRA_DSCP`.
    pub dscp: Option<u8>,
    /// `FRA_DSCP_MASK`.
    pub dscp_mask: Option<u8>,
    /// `FRA_FLOWLABEL`.
    pub flowlabel: Option<u32>,
    /// `FRA_FLOWLABEL_MASK`.
    pub flowlabel_mask: Option<u32>,
}

impl RuleRequest {
    /// A rule of `family` with nothing set.
    pub fn new(family: AddrFamily) -> RuleRequest {
        RuleRequest {
            family,
            src: None,
            dst: None,
            tos: 0,
            table: None,
            action: RuleAction::UNSPEC,
            flags: RuleFlags::empty(),
            priority: None,
            iif: None,
            oif: None,
            goto: None,
            fwmark: None,
            fwmask: None,
            flow: None,
            tun_id: None,
            suppress_ifgroup: None,
            suppress_prefixlen: None,
            l3mdev: None,
            uid_range: None,
            protocol: None,
            ip_proto: None,
            sport: None,
            dport: None,
            sport_mask: None,
            dport_mask: None,
            dscp: None,
            dscp_mask: None,
            flowlabel: None,
            flowlabel_mask: None,
        }
    }

    /// An IPv4 rule with nothing set.
    pub fn v4() -> RuleRequest {
        RuleRequest::new(family::INET)
    }

    /// An IPv6 rule with nothing set.
    pub fn v6() -> RuleRequest {
        RuleRequest::new(family::INET6)
    }

    /// Sets the priority.
    #[must_use]
    pub fn priority(mut self, p: u32) -> Self {
        self.priority = Some(p);
        self
    }
    /// Matches a source prefix.
    #[must_use]
    pub fn from(mut self, addr: IpAddr, len: u8) -> Self {
        self.src = Some((addr, len));
        self
    }
    /// Matches a destination prefix.
    #[must_use]
    pub fn to(mut self, addr: IpAddr, len: u8) -> Self {
        self.dst = Some((addr, len));
        self
    }
    /// Matches a TOS.
    #[must_use]
    pub fn tos(mut self, tos: u8) -> Self {
        self.tos = tos;
        self
    }
    /// Looks in `table` (and makes the action `TO_TBL` if none was set).
    #[must_use]
    pub fn table(mut self, table: u32) -> Self {
        self.table = Some(table);
        if self.action == RuleAction::UNSPEC {
            self.action = RuleAction::TO_TBL;
        }
        self
    }
    /// Jumps to the rule with priority `target` (and makes the action
    /// `GOTO` if none was set).
    #[must_use]
    pub fn goto(mut self, target: u32) -> Self {
        self.goto = Some(target);
        if self.action == RuleAction::UNSPEC {
            self.action = RuleAction::GOTO;
        }
        self
    }
    /// Sets the action.
    #[must_use]
    pub fn action(mut self, action: RuleAction) -> Self {
        self.action = action;
        self
    }
    /// Negates the selector (`ip rule add not ...`).
    #[must_use]
    pub fn invert(mut self) -> Self {
        self.flags |= RuleFlags::INVERT;
        self
    }
    /// Matches packets whose mark, masked with `mask`, is `mark`.
    #[must_use]
    pub fn fwmark(mut self, mark: u32, mask: u32) -> Self {
        self.fwmark = Some(mark);
        self.fwmask = Some(mask);
        self
    }
    /// Matches the input interface.
    #[must_use]
    pub fn iif(mut self, name: impl AsRef<[u8]>) -> Self {
        self.iif = Some(name.as_ref().to_vec());
        self
    }
    /// Matches the output interface.
    #[must_use]
    pub fn oif(mut self, name: impl AsRef<[u8]>) -> Self {
        self.oif = Some(name.as_ref().to_vec());
        self
    }
    /// Matches the user ids `start..=end`.
    #[must_use]
    pub fn uid_range(mut self, start: u32, end: u32) -> Self {
        self.uid_range = Some(UidRange { start, end });
        self
    }
    /// Matches an IP protocol (`IPPROTO_*`).
    #[must_use]
    pub fn ip_proto(mut self, proto: u8) -> Self {
        self.ip_proto = Some(proto);
        self
    }
    /// Matches source ports.
    #[must_use]
    pub fn sport(mut self, ports: PortRange) -> Self {
        self.sport = Some(ports);
        self
    }
    /// Matches destination ports.
    #[must_use]
    pub fn dport(mut self, ports: PortRange) -> Self {
        self.dport = Some(ports);
        self
    }
    /// Ignores routes with a prefix of `len` or shorter.
    #[must_use]
    pub fn suppress_prefixlen(mut self, len: u32) -> Self {
        self.suppress_prefixlen = Some(len);
        self
    }
    /// Ignores routes out of interface group `group`.
    #[must_use]
    pub fn suppress_ifgroup(mut self, group: u32) -> Self {
        self.suppress_ifgroup = Some(group);
        self
    }
    /// Looks in the table of the L3 master device (VRF); makes the
    /// action `TO_TBL` if none was set.
    #[must_use]
    pub fn l3mdev(mut self) -> Self {
        self.l3mdev = Some(1);
        if self.action == RuleAction::UNSPEC {
            self.action = RuleAction::TO_TBL;
        }
        self
    }
    /// Sets who added the rule (`RTPROT_*`).
    #[must_use]
    pub fn protocol(mut self, proto: u8) -> Self {
        self.protocol = Some(proto);
        self
    }
    /// Matches a DSCP (6 bits).
    #[must_use]
    pub fn dscp(mut self, dscp: u8) -> Self {
        self.dscp = Some(dscp);
        self
    }
    /// Matches an IPv6 flow label under `mask`.
    #[must_use]
    pub fn flowlabel(mut self, label: u32, mask: u32) -> Self {
        self.flowlabel = Some(label);
        self.flowlabel_mask = Some(mask);
        self
    }

    /// Encodes the `fib_rule_hdr` and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        self.encode_as(e, self.action)
    }

    pub(super) fn encode_as(&self, e: &mut Encoder<'_>, action: RuleAction) {
        let table = self.table.unwrap_or(RT_TABLE_UNSPEC);
        e.header(&FibRuleHdr {
            family: self.family,
            dst_len: self.dst.map_or(0, |d| d.1),
            src_len: self.src.map_or(0, |s| s.1),
            tos: self.tos,
            table: u8::try_from(table).unwrap_or(0),
            action: action.0,
            flags: self.flags.bits(),
            ..Default::default()
        });
        if let Some((a, _)) = self.src {
            e.put_ip(FRA_SRC, a);
        }
        if let Some((a, _)) = self.dst {
            e.put_ip(FRA_DST, a);
        }
        if let Some(p) = self.priority {
            e.put_u32(FRA_PRIORITY, p);
        }
        if let Some(t) = self.table {
            e.put_u32(FRA_TABLE, t);
        }
        if let Some(n) = &self.iif {
            e.put_cstr(FRA_IIFNAME, n);
        }
        if let Some(n) = &self.oif {
            e.put_cstr(FRA_OIFNAME, n);
        }
        if let Some(g) = self.goto {
            e.put_u32(FRA_GOTO, g);
        }
        if let Some(m) = self.fwmark {
            e.put_u32(FRA_FWMARK, m);
        }
        if let Some(m) = self.fwmask {
            e.put_u32(FRA_FWMASK, m);
        }
        if let Some(f) = self.flow {
            e.put_u32(FRA_FLOW, f);
        }
        if let Some(t) = self.tun_id {
            e.put_be64(FRA_TUN_ID, t);
        }
        if let Some(g) = self.suppress_ifgroup {
            e.put_u32(FRA_SUPPRESS_IFGROUP, g);
        }
        if let Some(l) = self.suppress_prefixlen {
            e.put_u32(FRA_SUPPRESS_PREFIXLEN, l);
        }
        if let Some(l) = self.l3mdev {
            e.put_u8(FRA_L3MDEV, l);
        }
        if let Some(u) = self.uid_range {
            e.put(FRA_UID_RANGE, &u.to_bytes());
        }
        if let Some(p) = self.protocol {
            e.put_u8(FRA_PROTOCOL, p);
        }
        if let Some(p) = self.ip_proto {
            e.put_u8(FRA_IP_PROTO, p);
        }
        if let Some(p) = self.sport {
            e.put(FRA_SPORT_RANGE, &p.to_bytes());
        }
        if let Some(p) = self.dport {
            e.put(FRA_DPORT_RANGE, &p.to_bytes());
        }
        if let Some(m) = self.sport_mask {
            e.put_u16(FRA_SPORT_MASK, m);
        }
        if let Some(m) = self.dport_mask {
            e.put_u16(FRA_DPORT_MASK, m);
        }
        if let Some(d) = self.dscp {
            e.put_u8(FRA_DSCP, d);
        }
        if let Some(m) = self.dscp_mask {
            e.put_u8(FRA_DSCP_MASK, m);
        }
        if let Some(l) = self.flowlabel {
            e.put_be32(FRA_FLOWLABEL, l);
        }
        if let Some(m) = self.flowlabel_mask {
            e.put_be32(FRA_FLOWLABEL_MASK, m);
        }
    }
}

impl<T: AsRef<[u8]>> RuleMsg<T> {
    /// A request that deletes exactly this rule: every selector and the
    /// action, table and priority copied over.
    pub fn to_request(&self) -> RuleRequest {
        let v = self.as_view();
        let table = self.table();
        let mut r = RuleRequest::new(self.family());
        r.src = v.src().map(|a| (a, self.src_len()));
        r.dst = v.dst().map(|a| (a, self.dst_len()));
        r.tos = self.tos();
        r.table = (table != RT_TABLE_UNSPEC).then_some(table);
        r.action = self.action();
        r.flags = self.flags()
            & !(RuleFlags::UNRESOLVED | RuleFlags::IIF_DETACHED | RuleFlags::OIF_DETACHED);
        r.priority = Some(self.pref());
        r.iif = v.iif().map(<[u8]>::to_vec);
        r.oif = v.oif().map(<[u8]>::to_vec);
        r.goto = v.goto();
        r.fwmark = v.fwmark();
        r.fwmask = v.fwmask();
        r.flow = v.flow();
        r.tun_id = v.tun_id();
        r.suppress_ifgroup = self.suppress_ifgroup();
        r.suppress_prefixlen = self.suppress_prefixlen();
        r.l3mdev = v.l3mdev();
        r.uid_range = v.uid_range();
        r.protocol = v.protocol();
        r.ip_proto = v.ip_proto();
        r.sport = v.sport();
        r.dport = v.dport();
        r.sport_mask = v.sport_mask();
        r.dport_mask = v.dport_mask();
        r.dscp = v.dscp();
        r.dscp_mask = v.dscp_mask();
        r.flowlabel = v.flowlabel();
        r.flowlabel_mask = v.flowlabel_mask();
        r
    }
}
