//! Rule operations on a `Conn<Route>`: list (collected or streamed), add,
//! delete.

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::route::family::AddrFamily;
use crate::wire::{Encoder, FibRuleHdr, Flags, List, MsgType};

use super::action::RuleAction;
use super::msg::{Rule, RuleMsg};
use super::request::RuleRequest;

impl<T: Transport> Conn<Route, T> {
    /// Lists rules of one family (`None`: every family), through the dump
    /// consistency policy. The list keeps the received bytes and hands out
    /// views.
    pub fn rules(&mut self, family: Option<AddrFamily>) -> Result<List<Rule>> {
        self.rules_with(family, false)
    }

    /// [`rules`](Self::rules), strict: a rule with an attribute that did
    /// not decode is an error.
    pub fn rules_strict(&mut self, family: Option<AddrFamily>) -> Result<List<Rule>> {
        self.rules_with(family, true)
    }

    fn rules_with(&mut self, family: Option<AddrFamily>, strict: bool) -> Result<List<Rule>> {
        self.dump_fold(
            MsgType::RTM_GETRULE,
            Flags::empty(),
            |e| rule_dump(e, family),
            List::new,
            |list, m| {
                let r = RuleMsg::parse(m.payload())?;
                if strict {
                    r.check()?;
                }
                if family.is_none_or(|f| f == r.family()) {
                    list.push(&r);
                }
                Ok(())
            },
        )
    }

    /// Streams the rules of one family (`None`: every family): `each` sees
    /// every one as a borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn rules_each(
        &mut self,
        family: Option<AddrFamily>,
        mut each: impl FnMut(&RuleMsg<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETRULE,
            Flags::empty(),
            |e| rule_dump(e, family),
            |m| {
                let r = RuleMsg::parse(m.payload())?;
                if family.is_none_or(|f| f == r.family()) {
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
fn rule_dump(e: &mut Encoder<'_>, family: Option<AddrFamily>) {
    e.header(&FibRuleHdr {
        family: family.unwrap_or(0),
        ..Default::default()
    });
}
