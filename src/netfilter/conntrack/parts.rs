//! The nested parts of a conntrack entry other than its tuples: protocol
//! state, counters, timestamps, helper, NAT, sequence adjustment, security
//! context and synproxy data.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::wire::{Be16, Be32, Be64, Bytes, CStrBytes, attr_table};

attr_table! {
    /// TCP state (`CTA_PROTOINFO_TCP`).
    pub struct ProtoInfoTcp / ProtoInfoTcpSpec;
    /// `CTA_PROTOINFO_TCP_STATE`: `TCP_CONNTRACK_*` (see
    /// [`tcp_state_name`](super::tcp_state_name)).
    CTA_PROTOINFO_TCP_STATE = 1 => state: u8 => u8,
    /// `CTA_PROTOINFO_TCP_WSCALE_ORIGINAL`: the original direction's window
    /// scale.
    CTA_PROTOINFO_TCP_WSCALE_ORIGINAL = 2 => wscale_original: u8 => u8,
    /// `CTA_PROTOINFO_TCP_WSCALE_REPLY`.
    CTA_PROTOINFO_TCP_WSCALE_REPLY = 3 => wscale_reply: u8 => u8,
    /// `CTA_PROTOINFO_TCP_FLAGS_ORIGINAL`: `struct nf_ct_tcp_flags` (flags,
    /// mask), 2 bytes.
    CTA_PROTOINFO_TCP_FLAGS_ORIGINAL = 4 => flags_original: u16 => u16,
    /// `CTA_PROTOINFO_TCP_FLAGS_REPLY`.
    CTA_PROTOINFO_TCP_FLAGS_REPLY = 5 => flags_reply: u16 => u16,
}

attr_table! {
    /// SCTP state (`CTA_PROTOINFO_SCTP`).
    pub struct ProtoInfoSctp / ProtoInfoSctpSpec;
    /// `CTA_PROTOINFO_SCTP_STATE`.
    CTA_PROTOINFO_SCTP_STATE = 1 => state: u8 => u8,
    /// `CTA_PROTOINFO_SCTP_VTAG_ORIGINAL`.
    CTA_PROTOINFO_SCTP_VTAG_ORIGINAL = 2 => vtag_original: Be32 => u32,
    /// `CTA_PROTOINFO_SCTP_VTAG_REPLY`.
    CTA_PROTOINFO_SCTP_VTAG_REPLY = 3 => vtag_reply: Be32 => u32,
}

attr_table! {
    /// Protocol state (`CTA_PROTOINFO`).
    pub struct ProtoInfo / ProtoInfoSpec;
    /// `CTA_PROTOINFO_TCP`.
    CTA_PROTOINFO_TCP = 1 => tcp: ProtoInfoTcp => ProtoInfoTcp<&'a [u8]>,
    /// `CTA_PROTOINFO_DCCP`, as sent.
    CTA_PROTOINFO_DCCP = 2 => dccp: Bytes => &'a [u8],
    /// `CTA_PROTOINFO_SCTP`.
    CTA_PROTOINFO_SCTP = 3 => sctp: ProtoInfoSctp => ProtoInfoSctp<&'a [u8]>,
}

attr_table! {
    /// One direction's counters (`CTA_COUNTERS_ORIG`, `CTA_COUNTERS_REPLY`),
    /// present when accounting is on (`net.netfilter.nf_conntrack_acct`).
    pub struct Counters / CountersSpec;
    /// `CTA_COUNTERS_PACKETS`.
    CTA_COUNTERS_PACKETS = 1 => packets: Be64 => u64,
    /// `CTA_COUNTERS_BYTES`.
    CTA_COUNTERS_BYTES = 2 => bytes: Be64 => u64,
    /// `CTA_COUNTERS32_PACKETS` (old kernels).
    CTA_COUNTERS32_PACKETS = 3 => packets32: Be32 => u32,
    /// `CTA_COUNTERS32_BYTES` (old kernels).
    CTA_COUNTERS32_BYTES = 4 => bytes32: Be32 => u32,
}

attr_table! {
    /// Start and stop times (`CTA_TIMESTAMP`), present when timestamping is
    /// on (`net.netfilter.nf_conntrack_timestamp`).
    pub struct Timestamp / TimestampSpec;
    /// `CTA_TIMESTAMP_START`: nanoseconds since the epoch.
    CTA_TIMESTAMP_START = 1 => start: Be64 => u64,
    /// `CTA_TIMESTAMP_STOP`: nanoseconds since the epoch (destroy events).
    CTA_TIMESTAMP_STOP = 2 => stop: Be64 => u64,
}

attr_table! {
    /// The helper (`CTA_HELP`).
    pub struct Help / HelpSpec;
    /// `CTA_HELP_NAME`: bytes, as the kernel keeps them.
    CTA_HELP_NAME = 1 => name: CStrBytes => &'a [u8],
    /// `CTA_HELP_INFO`, as sent.
    CTA_HELP_INFO = 2 => info: Bytes => &'a [u8],
}

attr_table! {
    /// A NAT port range (`CTA_NAT_PROTO`).
    pub struct NatProto / NatProtoSpec;
    /// `CTA_PROTONAT_PORT_MIN`.
    CTA_PROTONAT_PORT_MIN = 1 => port_min: Be16 => u16,
    /// `CTA_PROTONAT_PORT_MAX`.
    CTA_PROTONAT_PORT_MAX = 2 => port_max: Be16 => u16,
}

attr_table! {
    /// A NAT range (`CTA_NAT_SRC`, `CTA_NAT_DST`).
    pub struct Nat / NatSpec;
    /// `CTA_NAT_V4_MINIP`.
    CTA_NAT_V4_MINIP = 1 => v4_min: Ipv4Addr => Ipv4Addr,
    /// `CTA_NAT_V4_MAXIP`.
    CTA_NAT_V4_MAXIP = 2 => v4_max: Ipv4Addr => Ipv4Addr,
    /// `CTA_NAT_PROTO`.
    CTA_NAT_PROTO = 3 => proto: NatProto => NatProto<&'a [u8]>,
    /// `CTA_NAT_V6_MINIP`.
    CTA_NAT_V6_MINIP = 4 => v6_min: Ipv6Addr => Ipv6Addr,
    /// `CTA_NAT_V6_MAXIP`.
    CTA_NAT_V6_MAXIP = 5 => v6_max: Ipv6Addr => Ipv6Addr,
}

attr_table! {
    /// Sequence-number adjustment of one direction (`CTA_SEQ_ADJ_ORIG`,
    /// `CTA_SEQ_ADJ_REPLY`).
    pub struct SeqAdj / SeqAdjSpec;
    /// `CTA_SEQADJ_CORRECTION_POS`.
    CTA_SEQADJ_CORRECTION_POS = 1 => correction_pos: Be32 => u32,
    /// `CTA_SEQADJ_OFFSET_BEFORE`.
    CTA_SEQADJ_OFFSET_BEFORE = 2 => offset_before: Be32 => u32,
    /// `CTA_SEQADJ_OFFSET_AFTER`.
    CTA_SEQADJ_OFFSET_AFTER = 3 => offset_after: Be32 => u32,
}

attr_table! {
    /// The security context (`CTA_SECCTX`).
    pub struct SecCtx / SecCtxSpec;
    /// `CTA_SECCTX_NAME`: bytes, as the LSM gives them.
    CTA_SECCTX_NAME = 1 => name: CStrBytes => &'a [u8],
}

attr_table! {
    /// Synproxy state (`CTA_SYNPROXY`).
    pub struct Synproxy / SynproxySpec;
    /// `CTA_SYNPROXY_ISN`.
    CTA_SYNPROXY_ISN = 1 => isn: Be32 => u32,
    /// `CTA_SYNPROXY_ITS`.
    CTA_SYNPROXY_ITS = 2 => its: Be32 => u32,
    /// `CTA_SYNPROXY_TSOFF`.
    CTA_SYNPROXY_TSOFF = 3 => tsoff: Be32 => u32,
}

attr_table! {
    /// What a filtered dump compares (`CTA_FILTER`): `CTA_FILTER_FLAG_*`
    /// bits per direction.
    pub struct FilterFlags / FilterFlagsSpec;
    /// `CTA_FILTER_ORIG_FLAGS`.
    CTA_FILTER_ORIG_FLAGS = 1 => orig: u32 => u32,
    /// `CTA_FILTER_REPLY_FLAGS`.
    CTA_FILTER_REPLY_FLAGS = 2 => reply: u32 => u32,
}
