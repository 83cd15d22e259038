//! A conntrack entry (`CTA_*`): the view and owned value of an
//! `IPCTNL_MSG_CT_NEW` message, its request form, declared once.

use crate::route::family::AddrFamily;
use crate::wire::{Be16, Be32, Bytes, NfGenMsg, attr_table};

use super::parts::{Counters, Help, Nat, ProtoInfo, SecCtx, SeqAdj, Synproxy, Timestamp};
use super::status::Status;
use super::tuple::Tuple;

attr_table! {
    /// A conntrack entry: `struct nfgenmsg`, then `CTA_*` attributes.
    pub struct Entry / EntrySpec, header 4;
    /// `CTA_TUPLE_ORIG`: the original direction.
    CTA_TUPLE_ORIG = 1 => orig: Tuple => Tuple<&'a [u8]>,
    /// `CTA_TUPLE_REPLY`: the reply direction.
    CTA_TUPLE_REPLY = 2 => reply: Tuple => Tuple<&'a [u8]>,
    /// `CTA_STATUS`: `IPS_*` bits (see [`Entry::status_flags`]).
    CTA_STATUS = 3 => status: Be32 => u32,
    /// `CTA_PROTOINFO`: protocol state.
    CTA_PROTOINFO = 4 => protoinfo: ProtoInfo => ProtoInfo<&'a [u8]>,
    /// `CTA_HELP`: the helper.
    CTA_HELP = 5 => help: Help => Help<&'a [u8]>,
    /// `CTA_NAT_SRC`: source NAT (requests).
    CTA_NAT_SRC = 6 => nat_src: Nat => Nat<&'a [u8]>,
    /// `CTA_TIMEOUT`: seconds left.
    CTA_TIMEOUT = 7 => timeout: Be32 => u32,
    /// `CTA_MARK`.
    CTA_MARK = 8 => mark: Be32 => u32,
    /// `CTA_COUNTERS_ORIG`.
    CTA_COUNTERS_ORIG = 9 => counters_orig: Counters => Counters<&'a [u8]>,
    /// `CTA_COUNTERS_REPLY`.
    CTA_COUNTERS_REPLY = 10 => counters_reply: Counters => Counters<&'a [u8]>,
    /// `CTA_USE`: the reference count.
    CTA_USE = 11 => use_count: Be32 => u32,
    /// `CTA_ID`: the entry's id.
    CTA_ID = 12 => id: Be32 => u32,
    /// `CTA_NAT_DST`: destination NAT (requests).
    CTA_NAT_DST = 13 => nat_dst: Nat => Nat<&'a [u8]>,
    /// `CTA_TUPLE_MASTER`: the master connection of an expected one.
    CTA_TUPLE_MASTER = 14 => master: Tuple => Tuple<&'a [u8]>,
    /// `CTA_SEQ_ADJ_ORIG`: sequence adjustment, original direction.
    CTA_SEQ_ADJ_ORIG = 15 => seq_adj_orig: SeqAdj => SeqAdj<&'a [u8]>,
    /// `CTA_SEQ_ADJ_REPLY`: sequence adjustment, reply direction.
    CTA_SEQ_ADJ_REPLY = 16 => seq_adj_reply: SeqAdj => SeqAdj<&'a [u8]>,
    /// `CTA_SECMARK` (obsolete).
    CTA_SECMARK = 17 => secmark: Be32 => u32,
    /// `CTA_ZONE`.
    CTA_ZONE = 18 => zone: Be16 => u16,
    /// `CTA_SECCTX`: the security context.
    CTA_SECCTX = 19 => secctx: SecCtx => SecCtx<&'a [u8]>,
    /// `CTA_TIMESTAMP`.
    CTA_TIMESTAMP = 20 => timestamp: Timestamp => Timestamp<&'a [u8]>,
    /// `CTA_MARK_MASK`: in requests, which mark bits to match or set.
    CTA_MARK_MASK = 21 => mark_mask: Be32 => u32,
    /// `CTA_LABELS`: the label bitmap (label `n` is bit `n % 32` of
    /// 32-bit word `n / 32`, host order).
    CTA_LABELS = 22 => labels: Bytes => &'a [u8],
    /// `CTA_LABELS_MASK`: in requests, which labels to change.
    CTA_LABELS_MASK = 23 => labels_mask: Bytes => &'a [u8],
    /// `CTA_SYNPROXY`.
    CTA_SYNPROXY = 24 => synproxy: Synproxy => Synproxy<&'a [u8]>,
    /// `CTA_FILTER`: in dump requests, what the tuples filter on.
    CTA_FILTER = 25 => filter: super::parts::FilterFlags => super::parts::FilterFlags<&'a [u8]>,
    /// `CTA_STATUS_MASK`: in dump requests, which status bits to match.
    CTA_STATUS_MASK = 26 => status_mask: Be32 => u32,
}

impl<T: AsRef<[u8]>> Entry<T> {
    /// The `struct nfgenmsg` before the attributes.
    pub fn nfgenmsg(&self) -> NfGenMsg {
        // `parse` checked the 4 bytes are there.
        let [family, version, r0, r1] = *self.as_bytes().first_chunk::<4>().unwrap_or(&[0; 4]);
        NfGenMsg {
            family,
            version,
            res_id: u16::from_ne_bytes([r0, r1]),
        }
    }

    /// The layer-3 family (`AF_INET` or `AF_INET6`).
    pub fn family(&self) -> AddrFamily {
        self.nfgenmsg().family
    }

    /// The status as flags.
    pub fn status_flags(&self) -> Option<Status> {
        self.as_view().status().map(Status::from_bits_retain)
    }

    /// The layer-4 protocol number of the original direction.
    pub fn protocol(&self) -> Option<u8> {
        self.as_view().orig()?.protocol()
    }

    /// The TCP state, if this is a TCP entry.
    pub fn tcp_state(&self) -> Option<u8> {
        self.as_view().protoinfo()?.tcp()?.state()
    }

    /// True when label `n` is set.
    pub fn has_label(&self, n: u16) -> bool {
        super::labels::has(self.as_view().labels().unwrap_or(&[]), n)
    }
}
