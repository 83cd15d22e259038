//! Conntrack message types: `IPCTNL_MSG_CT_*` in `NFNL_SUBSYS_CTNETLINK`
//! and `IPCTNL_MSG_EXP_*` in `NFNL_SUBSYS_CTNETLINK_EXP`.

use crate::netfilter::nfnl::{NFNL_SUBSYS_CTNETLINK, NFNL_SUBSYS_CTNETLINK_EXP, msg_type};
use crate::wire::MsgType;

/// `IPCTNL_MSG_CT_NEW`: an entry (create, update, dump reply, event).
pub const IPCTNL_MSG_CT_NEW: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 0);
/// `IPCTNL_MSG_CT_GET`: get or dump.
pub const IPCTNL_MSG_CT_GET: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 1);
/// `IPCTNL_MSG_CT_DELETE`: delete, flush, destroy event.
pub const IPCTNL_MSG_CT_DELETE: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 2);
/// `IPCTNL_MSG_CT_GET_CTRZERO`: get and zero counters.
pub const IPCTNL_MSG_CT_GET_CTRZERO: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 3);
/// `IPCTNL_MSG_CT_GET_STATS_CPU`: per-CPU statistics (a dump).
pub const IPCTNL_MSG_CT_GET_STATS_CPU: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 4);
/// `IPCTNL_MSG_CT_GET_STATS`: the table's size.
pub const IPCTNL_MSG_CT_GET_STATS: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 5);
/// `IPCTNL_MSG_CT_GET_DYING`: dump the dying list.
pub const IPCTNL_MSG_CT_GET_DYING: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 6);
/// `IPCTNL_MSG_CT_GET_UNCONFIRMED`: dump the unconfirmed list.
pub const IPCTNL_MSG_CT_GET_UNCONFIRMED: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK, 7);

/// `IPCTNL_MSG_EXP_NEW`: an expectation.
pub const IPCTNL_MSG_EXP_NEW: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK_EXP, 0);
/// `IPCTNL_MSG_EXP_GET`: get or dump expectations.
pub const IPCTNL_MSG_EXP_GET: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK_EXP, 1);
/// `IPCTNL_MSG_EXP_DELETE`: delete or flush expectations.
pub const IPCTNL_MSG_EXP_DELETE: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK_EXP, 2);
/// `IPCTNL_MSG_EXP_GET_STATS_CPU`: per-CPU expectation statistics.
pub const IPCTNL_MSG_EXP_GET_STATS_CPU: MsgType = msg_type(NFNL_SUBSYS_CTNETLINK_EXP, 3);
