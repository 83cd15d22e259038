//! nfnetlink basics: message types split into a subsystem and an
//! operation, `struct nfgenmsg` with its big-endian resource id, the
//! multicast groups, and the batch begin/end messages that enclose
//! transactional requests (nftables).

use crate::route::family::AddrFamily;
use crate::wire::{MsgType, NfGenMsg};

/// `NFNETLINK_V0`: the only version.
pub const NFNETLINK_V0: u8 = 0;

/// `NFNL_SUBSYS_CTNETLINK`: connection tracking.
pub const NFNL_SUBSYS_CTNETLINK: u8 = 1;
/// `NFNL_SUBSYS_CTNETLINK_EXP`: conntrack expectations.
pub const NFNL_SUBSYS_CTNETLINK_EXP: u8 = 2;
/// `NFNL_SUBSYS_NFTABLES`: nftables.
pub const NFNL_SUBSYS_NFTABLES: u8 = 10;

/// `NFNL_MSG_BATCH_BEGIN`: opens a batch (`res_id`: the subsystem).
pub const NFNL_MSG_BATCH_BEGIN: MsgType = MsgType(libc::NLMSG_MIN_TYPE as u16);
/// `NFNL_MSG_BATCH_END`: commits a batch.
pub const NFNL_MSG_BATCH_END: MsgType = MsgType(libc::NLMSG_MIN_TYPE as u16 + 1);
/// `NFNL_BATCH_GENID`: the ruleset generation a batch expects (u32, in
/// network order).
pub const NFNL_BATCH_GENID: u16 = 1;

/// `NFNLGRP_CONNTRACK_NEW`: new connections.
pub const NFNLGRP_CONNTRACK_NEW: u32 = 1;
/// `NFNLGRP_CONNTRACK_UPDATE`: changed connections.
pub const NFNLGRP_CONNTRACK_UPDATE: u32 = 2;
/// `NFNLGRP_CONNTRACK_DESTROY`: ended connections.
pub const NFNLGRP_CONNTRACK_DESTROY: u32 = 3;
/// `NFNLGRP_CONNTRACK_EXP_NEW`: new expectations.
pub const NFNLGRP_CONNTRACK_EXP_NEW: u32 = 4;
/// `NFNLGRP_CONNTRACK_EXP_UPDATE`: changed expectations.
pub const NFNLGRP_CONNTRACK_EXP_UPDATE: u32 = 5;
/// `NFNLGRP_CONNTRACK_EXP_DESTROY`: ended expectations.
pub const NFNLGRP_CONNTRACK_EXP_DESTROY: u32 = 6;

/// The message type of operation `op` in subsystem `subsys`.
pub const fn msg_type(subsys: u8, op: u8) -> MsgType {
    MsgType(((subsys as u16) << 8) | op as u16)
}

/// The subsystem of a message type (`NFNL_SUBSYS_ID`).
pub const fn subsys(kind: MsgType) -> u8 {
    (kind.0 >> 8) as u8
}

/// The operation of a message type (`NFNL_MSG_TYPE`).
pub const fn op(kind: MsgType) -> u8 {
    kind.0 as u8
}

/// A `struct nfgenmsg` for `family` with resource id `res_id` (in host
/// order here; it goes out big-endian).
pub fn header(family: AddrFamily, res_id: u16) -> NfGenMsg {
    NfGenMsg {
        family,
        version: NFNETLINK_V0,
        res_id: u16::from_ne_bytes(res_id.to_be_bytes()),
    }
}

/// The resource id of a header, in host order.
pub fn res_id(h: &NfGenMsg) -> u16 {
    u16::from_be_bytes(h.res_id.to_ne_bytes())
}

/// Writes the body of an `NFNL_MSG_BATCH_BEGIN` or `NFNL_MSG_BATCH_END`
/// for subsystem `subsys`: an `nfgenmsg` whose resource id names it.
///
/// A transaction is a [`Batch`](crate::conn::Batch) of the subsystem's
/// requests run with [`run_in`](crate::conn::Batch::run_in) between a begin
/// and an end: one datagram, each request answered, all applied or none.
///
/// ```no_run
/// use nlstack::conn::{Config, Conn, Netfilter};
/// use nlstack::netfilter::nfnl::*;
/// use nlstack::wire::Flags;
/// let mut conn = Conn::<Netfilter>::dial(Config::default())?;
/// let mut b = conn.batch();
/// b.add(msg_type(NFNL_SUBSYS_NFTABLES, 0), Flags::CREATE, |e| {
///     e.header(&header(libc::AF_INET as u8, 0));
///     e.put_cstr(1, b"filter"); // NFTA_TABLE_NAME
/// })?;
/// let answers = b.run_in(NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, |e| {
///     batch_marker(e, NFNL_SUBSYS_NFTABLES)
/// })?;
/// # Ok::<(), nlstack::Error>(())
/// ```
pub fn batch_marker(e: &mut crate::wire::Encoder<'_>, subsys: u8) {
    e.header(&header(libc::AF_UNSPEC as u8, u16::from(subsys)));
}
