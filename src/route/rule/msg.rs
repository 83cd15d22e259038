//! A rule message (`RTM_NEWRULE`): `struct fib_rule_hdr`, then `FRA_*`
//! attributes, declared once. [`RuleMsg<&[u8]>`](RuleMsg) is the view,
//! [`Rule`] (`RuleMsg<Box<[u8]>>`) the owned value.

use crate::route::family::AddrFamily;
use std::net::IpAddr;

use crate::wire::{Be32, Be64, Bytes, FibRuleHdr, attr_table};

use super::action::{RuleAction, RuleFlags};
use super::names::RuleIfName;
use super::ports::PortRange;
use super::uids::UidRange;

attr_table! {
    /// A routing policy rule: `struct fib_rule_hdr` (12 bytes), then
    /// `FRA_*` attributes.
    pub struct RuleMsg / RuleSpec, family_header FibRuleHdr, guess [8];
    /// `FRA_DST`: the destination prefix (its length is
    /// [`dst_len`](RuleMsg::dst_len)).
    FRA_DST = 1 => dst: IpAddr => IpAddr,
    /// `FRA_SRC`: the source prefix (its length is
    /// [`src_len`](RuleMsg::src_len)).
    FRA_SRC = 2 => src: IpAddr => IpAddr,
    /// `FRA_IIFNAME`: the input interface's name, as bytes (before a NUL;
    /// over 16 bytes is malformed).
    FRA_IIFNAME = 3 => iif: RuleIfName => &'a [u8],
    /// `FRA_GOTO`: the priority to jump to (`FR_ACT_GOTO`).
    FRA_GOTO = 4 => goto: u32 => u32,
    /// `FRA_PRIORITY`: the rule's priority (preference); the kernel
    /// leaves it out for priority 0 (see [`RuleMsg::pref`]).
    FRA_PRIORITY = 6 => priority: u32 => u32,
    /// `FRA_FWMARK`: the firewall mark to match.
    FRA_FWMARK = 10 => fwmark: u32 => u32,
    /// `FRA_FLOW`: the realm (IPv4 only).
    FRA_FLOW = 11 => flow: u32 => u32,
    /// `FRA_TUN_ID`: the tunnel id (host order here).
    FRA_TUN_ID = 12 => tun_id: Be64 => u64,
    /// `FRA_SUPPRESS_IFGROUP`: ignore routes out of this interface group,
    /// as sent (-1: unset; see [`RuleMsg::suppress_ifgroup`]).
    FRA_SUPPRESS_IFGROUP = 13 => suppress_ifgroup_raw: u32 => u32,
    /// `FRA_SUPPRESS_PREFIXLEN`: ignore routes with a prefix this long or
    /// shorter, as sent (-1: unset; see [`RuleMsg::suppress_prefixlen`]).
    FRA_SUPPRESS_PREFIXLEN = 14 => suppress_prefixlen_raw: u32 => u32,
    /// `FRA_TABLE`: the 32-bit table id (see [`RuleMsg::table`]).
    FRA_TABLE = 15 => table_id: u32 => u32,
    /// `FRA_FWMASK`: the mask for `FRA_FWMARK`.
    FRA_FWMASK = 16 => fwmask: u32 => u32,
    /// `FRA_OIFNAME`: the output interface's name, as bytes (before a NUL;
    /// over 16 bytes is malformed).
    FRA_OIFNAME = 17 => oif: RuleIfName => &'a [u8],
    /// `FRA_PAD`: padding for 64-bit attributes.
    FRA_PAD = 18 => pad: Bytes => &'a [u8],
    /// `FRA_L3MDEV`: look in the table of the L3 master device.
    FRA_L3MDEV = 19 => l3mdev: u8 => u8,
    /// `FRA_UID_RANGE`: `struct fib_rule_uid_range`.
    FRA_UID_RANGE = 20 => uid_range: UidRange => UidRange,
    /// `FRA_PROTOCOL`: who added the rule (`RTPROT_*`).
    FRA_PROTOCOL = 21 => protocol: u8 => u8,
    /// `FRA_IP_PROTO`: the IP protocol to match (`IPPROTO_*`).
    FRA_IP_PROTO = 22 => ip_proto: u8 => u8,
    /// `FRA_SPORT_RANGE`: `struct fib_rule_port_range` of source ports.
    FRA_SPORT_RANGE = 23 => sport: PortRange => PortRange,
    /// `FRA_DPORT_RANGE`: `struct fib_rule_port_range` of destination
    /// ports.
    FRA_DPORT_RANGE = 24 => dport: PortRange => PortRange,
    /// `FRA_DSCP`: the DSCP to match (6 bits; kernel 6.12+).
    FRA_DSCP = 25 => dscp: u8 => u8,
    /// `FRA_FLOWLABEL`: the IPv6 flow label to match (host order here;
    /// 6.15+).
    FRA_FLOWLABEL = 26 => flowlabel: Be32 => u32,
    /// `FRA_FLOWLABEL_MASK`: the mask for `FRA_FLOWLABEL` (host order
    /// here).
    FRA_FLOWLABEL_MASK = 27 => flowlabel_mask: Be32 => u32,
    /// `FRA_SPORT_MASK`: a mask for a single source port (6.15+).
    FRA_SPORT_MASK = 28 => sport_mask: u16 => u16,
    /// `FRA_DPORT_MASK`: a mask for a single destination port (6.15+).
    FRA_DPORT_MASK = 29 => dport_mask: u16 => u16,
    /// `FRA_DSCP_MASK`: the mask for `FRA_DSCP` (6.15+).
    FRA_DSCP_MASK = 30 => dscp_mask: u8 => u8,
}

/// A rule, owned: one copy of the message's bytes and its index (what the
/// lists hand out as views).
pub type Rule = RuleMsg;

impl<T: AsRef<[u8]>> RuleMsg<T> {
    /// The family: `AF_INET`, `AF_INET6` (or `RTNL_FAMILY_IPMR`...).
    pub fn family(&self) -> AddrFamily {
        self.header().family
    }

    /// The source prefix length.
    pub fn src_len(&self) -> u8 {
        self.header().src_len
    }

    /// The destination prefix length.
    pub fn dst_len(&self) -> u8 {
        self.header().dst_len
    }

    /// The TOS to match.
    pub fn tos(&self) -> u8 {
        self.header().tos
    }

    /// The header's action.
    pub fn action(&self) -> RuleAction {
        RuleAction(self.header().action)
    }

    /// The header's flags.
    pub fn flags(&self) -> RuleFlags {
        RuleFlags::from_bits_retain(self.header().flags)
    }

    /// The table: `FRA_TABLE` when present, else the header's 8 bits.
    pub fn table(&self) -> u32 {
        match self.as_view().table_id() {
            Some(t) => t,
            None => self.header().table as u32,
        }
    }

    /// The priority: `FRA_PRIORITY`, 0 when the kernel left it out.
    pub fn pref(&self) -> u32 {
        self.as_view().priority().unwrap_or(0)
    }

    /// `FRA_SUPPRESS_IFGROUP`, `None` also for -1 (the kernel's "unset").
    pub fn suppress_ifgroup(&self) -> Option<u32> {
        self.as_view()
            .suppress_ifgroup_raw()
            .filter(|&v| v != u32::MAX)
    }

    /// `FRA_SUPPRESS_PREFIXLEN`, `None` also for -1, which the kernel
    /// sends for "unset".
    pub fn suppress_prefixlen(&self) -> Option<u32> {
        self.as_view()
            .suppress_prefixlen_raw()
            .filter(|&v| v != u32::MAX)
    }

    /// `FIB_RULE_INVERT` is set (`ip rule ... not ...`).
    pub fn is_inverted(&self) -> bool {
        self.flags().contains(RuleFlags::INVERT)
    }
}
