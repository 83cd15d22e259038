//! Routing policy rules: `RTM_NEWRULE`/`RTM_DELRULE`/`RTM_GETRULE`.
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::route::rule::{RuleAction, RuleRequest};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! // Packets marked 0x10/0xff look in table 100.
//! let r = RuleRequest::v4().priority(100).fwmark(0x10, 0xff).table(100);
//! conn.rule_add(&r)?;
//! // Anything from 192.0.2.0/24 is refused.
//! let deny = RuleRequest::v4()
//!     .priority(101)
//!     .from("192.0.2.0".parse().unwrap(), 24)
//!     .action(RuleAction::PROHIBIT);
//! conn.rule_add(&deny)?;
//! for r in conn.rules(Some(libc::AF_INET as u8))? {
//!     println!("{} {:?} table {}", r.priority, r.action, r.table);
//! }
//! conn.rule_del(&r)?;
//! # Ok::<(), nlstack::Error>(())
//! ```

use std::fmt;
use std::net::IpAddr;

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::route::decode::AttrErrors;
use crate::wire::{Attrs, Encoder, FamilyHeader, FibRuleHdr, Flags, Message, MsgType};

/// `FRA_DST`: the destination prefix.
pub const FRA_DST: u16 = 1;
/// `FRA_SRC`: the source prefix.
pub const FRA_SRC: u16 = 2;
/// `FRA_IIFNAME`: the input interface's name.
pub const FRA_IIFNAME: u16 = 3;
/// `FRA_GOTO`: the priority to jump to (`FR_ACT_GOTO`).
pub const FRA_GOTO: u16 = 4;
/// `FRA_PRIORITY`: the rule's priority (preference); absent means 0.
pub const FRA_PRIORITY: u16 = 6;
/// `FRA_FWMARK`: the firewall mark to match.
pub const FRA_FWMARK: u16 = 10;
/// `FRA_FLOW`: the realm (IPv4 only).
pub const FRA_FLOW: u16 = 11;
/// `FRA_TUN_ID`: the tunnel id (big-endian 64 bits).
pub const FRA_TUN_ID: u16 = 12;
/// `FRA_SUPPRESS_IFGROUP`: ignore routes out of this interface group.
pub const FRA_SUPPRESS_IFGROUP: u16 = 13;
/// `FRA_SUPPRESS_PREFIXLEN`: ignore routes with a prefix this long or
/// shorter.
pub const FRA_SUPPRESS_PREFIXLEN: u16 = 14;
/// `FRA_TABLE`: the 32-bit table id (over the header's 8 bits).
pub const FRA_TABLE: u16 = 15;
/// `FRA_FWMASK`: the mask for `FRA_FWMARK`.
pub const FRA_FWMASK: u16 = 16;
/// `FRA_OIFNAME`: the output interface's name.
pub const FRA_OIFNAME: u16 = 17;
/// `FRA_PAD`: padding for 64-bit attributes.
pub const FRA_PAD: u16 = 18;
/// `FRA_L3MDEV`: look in the table of the L3 master device.
pub const FRA_L3MDEV: u16 = 19;
/// `FRA_UID_RANGE`: `struct fib_rule_uid_range`.
pub const FRA_UID_RANGE: u16 = 20;
/// `FRA_PROTOCOL`: who added the rule (`RTPROT_*`).
pub const FRA_PROTOCOL: u16 = 21;
/// `FRA_IP_PROTO`: the IP protocol to match (`IPPROTO_*`).
pub const FRA_IP_PROTO: u16 = 22;
/// `FRA_SPORT_RANGE`: `struct fib_rule_port_range` of source ports.
pub const FRA_SPORT_RANGE: u16 = 23;
/// `FRA_DPORT_RANGE`: `struct fib_rule_port_range` of destination ports.
pub const FRA_DPORT_RANGE: u16 = 24;
/// `FRA_DSCP`: the DSCP to match (6 bits; kernel 6.12+).
pub const FRA_DSCP: u16 = 25;
/// `FRA_FLOWLABEL`: the IPv6 flow label to match (big-endian; 6.15+).
pub const FRA_FLOWLABEL: u16 = 26;
/// `FRA_FLOWLABEL_MASK`: the mask for `FRA_FLOWLABEL` (big-endian).
pub const FRA_FLOWLABEL_MASK: u16 = 27;
/// `FRA_SPORT_MASK`: a mask for a single source port (6.15+).
pub const FRA_SPORT_MASK: u16 = 28;
/// `FRA_DPORT_MASK`: a mask for a single destination port (6.15+).
pub const FRA_DPORT_MASK: u16 = 29;
/// `FRA_DSCP_MASK`: the mask for `FRA_DSCP` (6.15+).
pub const FRA_DSCP_MASK: u16 = 30;

/// `RT_TABLE_UNSPEC`.
pub const RT_TABLE_UNSPEC: u32 = 0;
/// `RT_TABLE_DEFAULT`.
pub const RT_TABLE_DEFAULT: u32 = 253;
/// `RT_TABLE_MAIN`.
pub const RT_TABLE_MAIN: u32 = 254;
/// `RT_TABLE_LOCAL`.
pub const RT_TABLE_LOCAL: u32 = 255;

/// What a rule does when it matches (`FR_ACT_*`, the header's `action`).
/// `Debug` prints the name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct RuleAction(pub u8);

impl RuleAction {
    /// `FR_ACT_UNSPEC`: none given (in a delete request: any).
    pub const UNSPEC: RuleAction = RuleAction(0);
    /// `FR_ACT_TO_TBL`: look the route up in the rule's table.
    pub const TO_TBL: RuleAction = RuleAction(1);
    /// `FR_ACT_GOTO`: jump to the rule with priority `goto`.
    pub const GOTO: RuleAction = RuleAction(2);
    /// `FR_ACT_NOP`: do nothing.
    pub const NOP: RuleAction = RuleAction(3);
    /// `FR_ACT_BLACKHOLE`: drop silently.
    pub const BLACKHOLE: RuleAction = RuleAction(6);
    /// `FR_ACT_UNREACHABLE`: drop with `ENETUNREACH`.
    pub const UNREACHABLE: RuleAction = RuleAction(7);
    /// `FR_ACT_PROHIBIT`: drop with `EACCES`.
    pub const PROHIBIT: RuleAction = RuleAction(8);

    /// The kernel's name without the prefix (`TO_TBL`, `PROHIBIT`...), if
    /// known.
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            RuleAction::UNSPEC => "UNSPEC",
            RuleAction::TO_TBL => "TO_TBL",
            RuleAction::GOTO => "GOTO",
            RuleAction::NOP => "NOP",
            RuleAction::BLACKHOLE => "BLACKHOLE",
            RuleAction::UNREACHABLE => "UNREACHABLE",
            RuleAction::PROHIBIT => "PROHIBIT",
            _ => return None,
        })
    }
}

impl fmt::Debug for RuleAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "RuleAction({})", self.0),
        }
    }
}

bitflags::bitflags! {
    /// `FIB_RULE_*`: the header's flags.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct RuleFlags: u32 {
        /// `FIB_RULE_PERMANENT`: cannot be deleted.
        const PERMANENT = 0x01;
        /// `FIB_RULE_INVERT`: the selector is negated (`ip rule add not`).
        const INVERT = 0x02;
        /// `FIB_RULE_UNRESOLVED`: a `goto` to a missing priority.
        const UNRESOLVED = 0x04;
        /// `FIB_RULE_IIF_DETACHED`: the input interface does not exist.
        const IIF_DETACHED = 0x08;
        /// `FIB_RULE_OIF_DETACHED`: the output interface does not exist.
        const OIF_DETACHED = 0x10;
        /// `FIB_RULE_FIND_SADDR`: find a source address in lookups.
        const FIND_SADDR = 0x10000;
    }
}

/// `struct fib_rule_uid_range`: matching user ids, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UidRange {
    /// The first uid.
    pub start: u32,
    /// The last uid.
    pub end: u32,
}

impl UidRange {
    fn parse(b: [u8; 8]) -> UidRange {
        UidRange {
            start: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
            end: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
        }
    }

    fn to_bytes(self) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&self.start.to_ne_bytes());
        b[4..].copy_from_slice(&self.end.to_ne_bytes());
        b
    }
}

/// `struct fib_rule_port_range`: matching ports, inclusive (host order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PortRange {
    /// The first port.
    pub start: u16,
    /// The last port.
    pub end: u16,
}

impl PortRange {
    /// The one port `p`.
    pub fn single(p: u16) -> PortRange {
        PortRange { start: p, end: p }
    }

    fn parse(b: [u8; 4]) -> PortRange {
        PortRange {
            start: u16::from_ne_bytes([b[0], b[1]]),
            end: u16::from_ne_bytes([b[2], b[3]]),
        }
    }

    fn to_bytes(self) -> [u8; 4] {
        let mut b = [0u8; 4];
        b[..2].copy_from_slice(&self.start.to_ne_bytes());
        b[2..].copy_from_slice(&self.end.to_ne_bytes());
        b
    }
}

/// A rule message, decoded in one pass without allocating.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RuleMsg<'a> {
    /// The `fib_rule_hdr` header (family, prefix lengths, tos, 8-bit
    /// table, raw action and flags).
    pub header: FibRuleHdr,
    /// `FRA_TABLE` when present, else the header's 8 bits.
    pub table: u32,
    /// The header's action.
    pub action: RuleAction,
    /// The header's flags.
    pub flags: RuleFlags,
    /// `FRA_PRIORITY`; the kernel leaves it out for priority 0.
    pub priority: u32,
    /// `FRA_SRC` (its length is `header.src_len`).
    pub src: Option<IpAddr>,
    /// `FRA_DST` (its length is `header.dst_len`).
    pub dst: Option<IpAddr>,
    /// `FRA_IIFNAME`.
    pub iif: Option<&'a [u8]>,
    /// `FRA_OIFNAME`.
    pub oif: Option<&'a [u8]>,
    /// `FRA_GOTO`.
    pub goto: Option<u32>,
    /// `FRA_FWMARK`.
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`.
    pub fwmask: Option<u32>,
    /// `FRA_FLOW`.
    pub flow: Option<u32>,
    /// `FRA_TUN_ID` (host order).
    pub tun_id: Option<u64>,
    /// `FRA_SUPPRESS_IFGROUP` (`None` also for -1, the kernel's "unset").
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_SUPPRESS_PREFIXLEN` (`None` also for -1, which the kernel
    /// sends for "unset").
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
    /// `FRA_FLOWLABEL` (host order).
    pub flowlabel: Option<u32>,
    /// `FRA_FLOWLABEL_MASK` (host order).
    pub flowlabel_mask: Option<u32>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode.
    pub errors: AttrErrors,
}

impl<'a> RuleMsg<'a> {
    /// Decodes a rule message; a malformed attribute is recorded in
    /// `errors` and skipped. Only a header too short is an error.
    #[inline]
    pub fn parse(msg: &Message<'a>) -> Result<RuleMsg<'a>> {
        let header = msg.family_header::<FibRuleHdr>()?;
        let attrs = msg.attrs(FibRuleHdr::LEN)?;
        // The kernel sends -1 for "not set" (suppress_prefixlength always).
        let set = |v: &u32| *v != u32::MAX;
        let mut r = RuleMsg {
            header,
            table: header.table as u32,
            action: RuleAction(header.action),
            flags: RuleFlags::from_bits_retain(header.flags),
            priority: 0,
            src: None,
            dst: None,
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
                FRA_DST => e.ip(&mut r.dst, r.header.family, &at),
                FRA_SRC => e.ip(&mut r.src, r.header.family, &at),
                FRA_IIFNAME => e.set(&mut r.iif, at.text()),
                FRA_OIFNAME => e.set(&mut r.oif, at.text()),
                FRA_GOTO => e.set(&mut r.goto, at.u32()),
                FRA_PRIORITY => {
                    if let Some(p) = e.take(at.u32()) {
                        r.priority = p;
                    }
                }
                FRA_FWMARK => e.set(&mut r.fwmark, at.u32()),
                FRA_FWMASK => e.set(&mut r.fwmask, at.u32()),
                FRA_FLOW => e.set(&mut r.flow, at.u32()),
                FRA_TUN_ID => e.set(&mut r.tun_id, at.be64()),
                FRA_SUPPRESS_IFGROUP => {
                    if let Some(v) = e.take(at.u32()) {
                        r.suppress_ifgroup = Some(v).filter(set);
                    }
                }
                FRA_SUPPRESS_PREFIXLEN => {
                    if let Some(v) = e.take(at.u32()) {
                        r.suppress_prefixlen = Some(v).filter(set);
                    }
                }
                FRA_TABLE => {
                    if let Some(t) = e.take(at.u32()) {
                        r.table = t;
                    }
                }
                FRA_L3MDEV => e.set(&mut r.l3mdev, at.u8()),
                FRA_UID_RANGE => e.set(&mut r.uid_range, at.array().map(|b| UidRange::parse(*b))),
                FRA_PROTOCOL => e.set(&mut r.protocol, at.u8()),
                FRA_IP_PROTO => e.set(&mut r.ip_proto, at.u8()),
                FRA_SPORT_RANGE => e.set(&mut r.sport, at.array().map(|b| PortRange::parse(*b))),
                FRA_DPORT_RANGE => e.set(&mut r.dport, at.array().map(|b| PortRange::parse(*b))),
                FRA_SPORT_MASK => e.set(&mut r.sport_mask, at.u16()),
                FRA_DPORT_MASK => e.set(&mut r.dport_mask, at.u16()),
                FRA_DSCP => e.set(&mut r.dscp, at.u8()),
                FRA_DSCP_MASK => e.set(&mut r.dscp_mask, at.u8()),
                FRA_FLOWLABEL => e.set(&mut r.flowlabel, at.be32()),
                FRA_FLOWLABEL_MASK => e.set(&mut r.flowlabel_mask, at.be32()),
                _ => {}
            }
        }
        Ok(r)
    }

    /// Decodes, failing on the first malformed attribute.
    pub fn parse_strict(msg: &Message<'a>) -> Result<RuleMsg<'a>> {
        let r = RuleMsg::parse(msg)?;
        r.errors.check()?;
        Ok(r)
    }

    /// The family: `AF_INET`, `AF_INET6` (or `RTNL_FAMILY_IPMR`...).
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// An owned copy.
    pub fn to_owned(&self) -> Rule {
        Rule {
            malformed: self.errors.count,
            family: self.header.family,
            src_len: self.header.src_len,
            dst_len: self.header.dst_len,
            tos: self.header.tos,
            table: self.table,
            action: self.action,
            flags: self.flags,
            priority: self.priority,
            src: self.src,
            dst: self.dst,
            iif: self.iif.map(<[u8]>::to_vec),
            oif: self.oif.map(<[u8]>::to_vec),
            goto: self.goto,
            fwmark: self.fwmark,
            fwmask: self.fwmask,
            flow: self.flow,
            tun_id: self.tun_id,
            suppress_ifgroup: self.suppress_ifgroup,
            suppress_prefixlen: self.suppress_prefixlen,
            l3mdev: self.l3mdev,
            uid_range: self.uid_range,
            protocol: self.protocol,
            ip_proto: self.ip_proto,
            sport: self.sport,
            dport: self.dport,
            sport_mask: self.sport_mask,
            dport_mask: self.dport_mask,
            dscp: self.dscp,
            dscp_mask: self.dscp_mask,
            flowlabel: self.flowlabel,
            flowlabel_mask: self.flowlabel_mask,
        }
    }
}

/// A rule, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rule {
    /// How many attributes of the message did not decode (0 for a whole
    /// object): the fields they would have set are `None` (or empty). The
    /// strict lists fail instead.
    pub malformed: u16,
    /// `AF_INET`, `AF_INET6`...
    pub family: u8,
    /// The source prefix length.
    pub src_len: u8,
    /// The destination prefix length.
    pub dst_len: u8,
    /// The TOS to match.
    pub tos: u8,
    /// The table (32 bits).
    pub table: u32,
    /// `FR_ACT_*`.
    pub action: RuleAction,
    /// `FIB_RULE_*`.
    pub flags: RuleFlags,
    /// The priority (0 when the kernel left `FRA_PRIORITY` out).
    pub priority: u32,
    /// `FRA_SRC`.
    pub src: Option<IpAddr>,
    /// `FRA_DST`.
    pub dst: Option<IpAddr>,
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
    /// `FRA_SUPPRESS_IFGROUP` (`None` also for -1, the kernel's "unset").
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_SUPPRESS_PREFIXLEN` (`None` also for -1, which the kernel
    /// sends for "unset").
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

impl Rule {
    /// `FIB_RULE_INVERT` is set (`ip rule ... not ...`).
    pub fn is_inverted(&self) -> bool {
        self.flags.contains(RuleFlags::INVERT)
    }

    /// A request that deletes exactly this rule: every selector and the
    /// action, table and priority copied over.
    pub fn to_request(&self) -> RuleRequest {
        RuleRequest {
            family: self.family,
            src: self.src.map(|a| (a, self.src_len)),
            dst: self.dst.map(|a| (a, self.dst_len)),
            tos: self.tos,
            table: (self.table != RT_TABLE_UNSPEC).then_some(self.table),
            action: self.action,
            flags: self.flags
                & !(RuleFlags::UNRESOLVED | RuleFlags::IIF_DETACHED | RuleFlags::OIF_DETACHED),
            priority: Some(self.priority),
            iif: self.iif.clone(),
            oif: self.oif.clone(),
            goto: self.goto,
            fwmark: self.fwmark,
            fwmask: self.fwmask,
            flow: self.flow,
            tun_id: self.tun_id,
            suppress_ifgroup: self.suppress_ifgroup,
            suppress_prefixlen: self.suppress_prefixlen,
            l3mdev: self.l3mdev,
            uid_range: self.uid_range,
            protocol: self.protocol,
            ip_proto: self.ip_proto,
            sport: self.sport,
            dport: self.dport,
            sport_mask: self.sport_mask,
            dport_mask: self.dport_mask,
            dscp: self.dscp,
            dscp_mask: self.dscp_mask,
            flowlabel: self.flowlabel,
            flowlabel_mask: self.flowlabel_mask,
        }
    }
}

impl From<&RuleMsg<'_>> for Rule {
    fn from(v: &RuleMsg<'_>) -> Rule {
        v.to_owned()
    }
}

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
pub struct RuleRequest {
    /// `AF_INET` or `AF_INET6`.
    pub family: u8,
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
    pub fn new(family: u8) -> RuleRequest {
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
        RuleRequest::new(libc::AF_INET as u8)
    }

    /// An IPv6 rule with nothing set.
    pub fn v6() -> RuleRequest {
        RuleRequest::new(libc::AF_INET6 as u8)
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

    fn encode_as(&self, e: &mut Encoder<'_>, action: RuleAction) {
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

impl<T: Transport> Conn<Route, T> {
    /// Lists rules of one family (`None`: every family), through the dump
    /// consistency policy.
    pub fn rules(&mut self, family: Option<u8>) -> Result<Vec<Rule>> {
        self.rules_with(family, false)
    }

    /// [`rules`](Self::rules), strict: a rule with an attribute that did
    /// not decode is an error.
    pub fn rules_strict(&mut self, family: Option<u8>) -> Result<Vec<Rule>> {
        self.rules_with(family, true)
    }

    fn rules_with(&mut self, family: Option<u8>, strict: bool) -> Result<Vec<Rule>> {
        self.dump_collect(
            MsgType::RTM_GETRULE,
            Flags::empty(),
            |e| rule_dump(e, family),
            |m| {
                let r = RuleMsg::parse(&m)?;
                if strict {
                    r.errors.check()?;
                }
                let keep = family.is_none_or(|f| f == r.header.family);
                Ok(keep.then(|| r.to_owned()))
            },
        )
    }

    /// Streams the rules of one family (`None`: every family): `each` sees
    /// every one as a borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn rules_each(
        &mut self,
        family: Option<u8>,
        mut each: impl FnMut(&RuleMsg<'_>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETRULE,
            Flags::empty(),
            |e| rule_dump(e, family),
            |m| {
                let r = RuleMsg::parse(&m)?;
                if family.is_none_or(|f| f == r.header.family) {
                    each(&r)
                } else {
                    Ok(())
                }
            },
        )
        .map(drop)
    }

    /// Adds a rule; fails with `EEXIST` if an identical one exists. An
    /// `UNSPEC` action is sent as `TO_TBL`, as `ip rule add` does (the
    /// kernel would store a rule that fails every lookup).
    pub fn rule_add(&mut self, r: &RuleRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWRULE, Flags::CREATE | Flags::EXCL, |e| {
            if r.action == RuleAction::UNSPEC {
                r.encode_as(e, RuleAction::TO_TBL)
            } else {
                r.encode(e)
            }
        })
    }

    /// Deletes the first rule that matches every field set in `r`.
    pub fn rule_del(&mut self, r: &RuleRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELRULE, Flags::empty(), |e| r.encode(e))
    }
}

/// A rule dump request: every rule of `family` (0: all).
fn rule_dump(e: &mut Encoder<'_>, family: Option<u8>) {
    e.header(&FibRuleHdr {
        family: family.unwrap_or(0),
        ..Default::default()
    });
}
