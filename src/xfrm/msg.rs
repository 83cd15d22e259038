//! The XFRM message kinds (`XFRM_MSG_*`) and multicast groups
//! (`XFRMNLGRP_*`).

use crate::wire::MsgType;

/// `XFRM_MSG_NEWSA`: add a state; a new state (event, dump).
pub const XFRM_MSG_NEWSA: MsgType = MsgType(0x10);
/// `XFRM_MSG_DELSA`: delete a state; a deleted state (event).
pub const XFRM_MSG_DELSA: MsgType = MsgType(0x11);
/// `XFRM_MSG_GETSA`: get or dump states.
pub const XFRM_MSG_GETSA: MsgType = MsgType(0x12);
/// `XFRM_MSG_NEWPOLICY`: add a policy; a new policy.
pub const XFRM_MSG_NEWPOLICY: MsgType = MsgType(0x13);
/// `XFRM_MSG_DELPOLICY`: delete a policy; a deleted policy.
pub const XFRM_MSG_DELPOLICY: MsgType = MsgType(0x14);
/// `XFRM_MSG_GETPOLICY`: get or dump policies.
pub const XFRM_MSG_GETPOLICY: MsgType = MsgType(0x15);
/// `XFRM_MSG_ALLOCSPI`: make a larval state with a fresh SPI.
pub const XFRM_MSG_ALLOCSPI: MsgType = MsgType(0x16);
/// `XFRM_MSG_ACQUIRE`: the kernel needs a state (event).
pub const XFRM_MSG_ACQUIRE: MsgType = MsgType(0x17);
/// `XFRM_MSG_EXPIRE`: a state reached a limit (event).
pub const XFRM_MSG_EXPIRE: MsgType = MsgType(0x18);
/// `XFRM_MSG_UPDPOLICY`: add or replace a policy.
pub const XFRM_MSG_UPDPOLICY: MsgType = MsgType(0x19);
/// `XFRM_MSG_UPDSA`: replace a state.
pub const XFRM_MSG_UPDSA: MsgType = MsgType(0x1a);
/// `XFRM_MSG_POLEXPIRE`: a policy reached a limit (event).
pub const XFRM_MSG_POLEXPIRE: MsgType = MsgType(0x1b);
/// `XFRM_MSG_FLUSHSA`: delete the states of a protocol.
pub const XFRM_MSG_FLUSHSA: MsgType = MsgType(0x1c);
/// `XFRM_MSG_FLUSHPOLICY`: delete every policy (of a type).
pub const XFRM_MSG_FLUSHPOLICY: MsgType = MsgType(0x1d);
/// `XFRM_MSG_NEWAE`: set replay and lifetime values; their event.
pub const XFRM_MSG_NEWAE: MsgType = MsgType(0x1e);
/// `XFRM_MSG_GETAE`: get replay and lifetime values.
pub const XFRM_MSG_GETAE: MsgType = MsgType(0x1f);
/// `XFRM_MSG_REPORT`: a report (event).
pub const XFRM_MSG_REPORT: MsgType = MsgType(0x20);
/// `XFRM_MSG_MIGRATE`: move states and policies to new addresses.
pub const XFRM_MSG_MIGRATE: MsgType = MsgType(0x21);
/// `XFRM_MSG_NEWSADINFO`: the answer to `GETSADINFO`.
pub const XFRM_MSG_NEWSADINFO: MsgType = MsgType(0x22);
/// `XFRM_MSG_GETSADINFO`: state counts.
pub const XFRM_MSG_GETSADINFO: MsgType = MsgType(0x23);
/// `XFRM_MSG_NEWSPDINFO`: the answer to `GETSPDINFO`; sets thresholds.
pub const XFRM_MSG_NEWSPDINFO: MsgType = MsgType(0x24);
/// `XFRM_MSG_GETSPDINFO`: policy counts.
pub const XFRM_MSG_GETSPDINFO: MsgType = MsgType(0x25);
/// `XFRM_MSG_MAPPING`: a NAT-T mapping changed (event).
pub const XFRM_MSG_MAPPING: MsgType = MsgType(0x26);
/// `XFRM_MSG_SETDEFAULT`: set the default policy actions.
pub const XFRM_MSG_SETDEFAULT: MsgType = MsgType(0x27);
/// `XFRM_MSG_GETDEFAULT`: get the default policy actions.
pub const XFRM_MSG_GETDEFAULT: MsgType = MsgType(0x28);

/// The kernel's name of an `XFRM_MSG_*` kind.
pub fn msg_name(kind: MsgType) -> Option<&'static str> {
    const NAMES: [&str; 25] = [
        "XFRM_MSG_NEWSA",
        "XFRM_MSG_DELSA",
        "XFRM_MSG_GETSA",
        "XFRM_MSG_NEWPOLICY",
        "XFRM_MSG_DELPOLICY",
        "XFRM_MSG_GETPOLICY",
        "XFRM_MSG_ALLOCSPI",
        "XFRM_MSG_ACQUIRE",
        "XFRM_MSG_EXPIRE",
        "XFRM_MSG_UPDPOLICY",
        "XFRM_MSG_UPDSA",
        "XFRM_MSG_POLEXPIRE",
        "XFRM_MSG_FLUSHSA",
        "XFRM_MSG_FLUSHPOLICY",
        "XFRM_MSG_NEWAE",
        "XFRM_MSG_GETAE",
        "XFRM_MSG_REPORT",
        "XFRM_MSG_MIGRATE",
        "XFRM_MSG_NEWSADINFO",
        "XFRM_MSG_GETSADINFO",
        "XFRM_MSG_NEWSPDINFO",
        "XFRM_MSG_GETSPDINFO",
        "XFRM_MSG_MAPPING",
        "XFRM_MSG_SETDEFAULT",
        "XFRM_MSG_GETDEFAULT",
    ];
    NAMES.get((kind.0 as usize).checked_sub(0x10)?).copied()
}

/// `XFRMNLGRP_ACQUIRE`: acquires.
pub const XFRMNLGRP_ACQUIRE: u32 = 1;
/// `XFRMNLGRP_EXPIRE`: state and policy expiries.
pub const XFRMNLGRP_EXPIRE: u32 = 2;
/// `XFRMNLGRP_SA`: states added, updated, deleted, flushed.
pub const XFRMNLGRP_SA: u32 = 3;
/// `XFRMNLGRP_POLICY`: policies added, updated, deleted, flushed.
pub const XFRMNLGRP_POLICY: u32 = 4;
/// `XFRMNLGRP_AEVENTS`: replay and lifetime events.
pub const XFRMNLGRP_AEVENTS: u32 = 5;
/// `XFRMNLGRP_REPORT`: reports.
pub const XFRMNLGRP_REPORT: u32 = 6;
/// `XFRMNLGRP_MIGRATE`: migrations.
pub const XFRMNLGRP_MIGRATE: u32 = 7;
/// `XFRMNLGRP_MAPPING`: NAT-T mapping changes.
pub const XFRMNLGRP_MAPPING: u32 = 8;
/// Every XFRM group (what `ip xfrm monitor` joins).
pub const XFRMNLGRP_ALL: [u32; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
