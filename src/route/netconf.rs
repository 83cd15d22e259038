//! Per-device IP configuration (`RTM_NEWNETCONF`, `struct netconfmsg`):
//! what the kernel announces when forwarding, `rp_filter` and the like
//! change on a device, or for all devices.

use crate::error::Result;
use crate::route::AttrErrors;
use crate::route::family::AddrFamily;
use crate::wire::{Attrs, Message};

/// `NETCONFA_IFINDEX`: the device, or one of the two special values.
pub const NETCONFA_IFINDEX: u16 = 1;
/// `NETCONFA_FORWARDING`.
pub const NETCONFA_FORWARDING: u16 = 2;
/// `NETCONFA_RP_FILTER`.
pub const NETCONFA_RP_FILTER: u16 = 3;
/// `NETCONFA_MC_FORWARDING`.
pub const NETCONFA_MC_FORWARDING: u16 = 4;
/// `NETCONFA_PROXY_NEIGH`.
pub const NETCONFA_PROXY_NEIGH: u16 = 5;
/// `NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN`.
pub const NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN: u16 = 6;
/// `NETCONFA_INPUT`.
pub const NETCONFA_INPUT: u16 = 7;
/// `NETCONFA_BC_FORWARDING`.
pub const NETCONFA_BC_FORWARDING: u16 = 8;
/// `NETCONFA_IFINDEX_ALL`: the `all` settings.
pub const NETCONFA_IFINDEX_ALL: i32 = -1;
/// `NETCONFA_IFINDEX_DEFAULT`: the `default` settings for new devices.
pub const NETCONFA_IFINDEX_DEFAULT: i32 = -2;

/// A netconf message, borrowed. Absent attributes are `None`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NetconfMsg<'a> {
    /// `ncm_family`: `AF_INET`, `AF_INET6` or `AF_MPLS`.
    pub family: AddrFamily,
    /// `NETCONFA_IFINDEX`: a device index, or `NETCONFA_IFINDEX_ALL` /
    /// `NETCONFA_IFINDEX_DEFAULT`.
    pub ifindex: Option<i32>,
    /// `NETCONFA_FORWARDING`.
    pub forwarding: Option<i32>,
    /// `NETCONFA_RP_FILTER`.
    pub rp_filter: Option<i32>,
    /// `NETCONFA_MC_FORWARDING`.
    pub mc_forwarding: Option<i32>,
    /// `NETCONFA_PROXY_NEIGH`.
    pub proxy_neigh: Option<i32>,
    /// `NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN`.
    pub ignore_routes_with_linkdown: Option<i32>,
    /// `NETCONFA_INPUT`.
    pub input: Option<i32>,
    /// `NETCONFA_BC_FORWARDING`.
    pub bc_forwarding: Option<i32>,
    /// Every attribute.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode.
    pub errors: AttrErrors,
}

impl<'a> NetconfMsg<'a> {
    /// Decodes a netconf message; a malformed attribute is recorded in
    /// `errors` and skipped. Only an empty payload is an error.
    pub fn parse(msg: &Message<'a>) -> Result<NetconfMsg<'a>> {
        let family = msg.family_header::<crate::wire::RtGenMsg>()?.family;
        let attrs = msg.attrs(1)?;
        let mut n = NetconfMsg {
            family,
            ifindex: None,
            forwarding: None,
            rp_filter: None,
            mc_forwarding: None,
            proxy_neigh: None,
            ignore_routes_with_linkdown: None,
            input: None,
            bc_forwarding: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut n.errors;
        for a in attrs {
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            let slot = match a.kind() {
                NETCONFA_IFINDEX => &mut n.ifindex,
                NETCONFA_FORWARDING => &mut n.forwarding,
                NETCONFA_RP_FILTER => &mut n.rp_filter,
                NETCONFA_MC_FORWARDING => &mut n.mc_forwarding,
                NETCONFA_PROXY_NEIGH => &mut n.proxy_neigh,
                NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN => &mut n.ignore_routes_with_linkdown,
                NETCONFA_INPUT => &mut n.input,
                NETCONFA_BC_FORWARDING => &mut n.bc_forwarding,
                _ => continue,
            };
            e.set(slot, a.i32());
        }
        Ok(n)
    }
}
