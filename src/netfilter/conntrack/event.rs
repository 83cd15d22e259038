//! Conntrack events (`NFNLGRP_CONNTRACK_*`): what a monitor joined to the
//! conntrack groups hands out.

use crate::error::Result;
use crate::wire::{Flags, Message};

use super::entry::Entry;
use super::expect::Expect;
use super::msg::{
    IPCTNL_MSG_CT_DELETE, IPCTNL_MSG_CT_NEW, IPCTNL_MSG_EXP_DELETE, IPCTNL_MSG_EXP_NEW,
};

/// A conntrack or expectation event, borrowing the received message.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A new connection (`IPCTNL_MSG_CT_NEW` with `NLM_F_CREATE`).
    New(Entry<&'a [u8]>),
    /// A connection changed (`IPCTNL_MSG_CT_NEW` without it).
    Update(Entry<&'a [u8]>),
    /// A connection ended (`IPCTNL_MSG_CT_DELETE`).
    Destroy(Entry<&'a [u8]>),
    /// A new or changed expectation.
    NewExpect(Expect<&'a [u8]>),
    /// An expectation ended.
    DestroyExpect(Expect<&'a [u8]>),
    /// A message of another kind, as received.
    Other(Message<'a>),
}

impl<'a> Event<'a> {
    /// Decodes an event; an `nfgenmsg` cut short is an error.
    pub fn parse(m: &Message<'a>) -> Result<Event<'a>> {
        let p = m.payload();
        Ok(match m.kind() {
            k if k == IPCTNL_MSG_CT_NEW => {
                let e = Entry::parse(p)?;
                if m.flags().contains(Flags::CREATE) {
                    Event::New(e)
                } else {
                    Event::Update(e)
                }
            }
            k if k == IPCTNL_MSG_CT_DELETE => Event::Destroy(Entry::parse(p)?),
            k if k == IPCTNL_MSG_EXP_NEW => Event::NewExpect(Expect::parse(p)?),
            k if k == IPCTNL_MSG_EXP_DELETE => Event::DestroyExpect(Expect::parse(p)?),
            _ => Event::Other(*m),
        })
    }
}
