//! A policy: `struct xfrm_userpolicy_info`, then `XFRMA_*` attributes, as
//! the kernel sends it in `XFRM_MSG_NEWPOLICY`; its request form.

use crate::error::Result;
use crate::wire::{Encoder, Message};

use super::layout::Field;
use super::parts::{Mark, PolicyType};
use super::policy_info::{PolicyInfo, PolicyInfoRef, Tmpl};
use super::selector::{Selector, SelectorRef};

#[allow(dead_code)]
mod table {
    use crate::wire::attr_table;
    super::super::attrs::xfrma_table! {
        /// A policy: `struct xfrm_userpolicy_info` (168 bytes, read with
        /// [`info`](Policy::info)), then `XFRMA_*` attributes.
        pub struct Policy / PolicyAttrs, header 168
    }
}
pub use table::{Policy, PolicyAttrs};

impl<T: AsRef<[u8]>> Policy<T> {
    /// The fixed part.
    pub fn info(&self) -> PolicyInfoRef<'_> {
        <PolicyInfo as Field>::view(self.as_bytes())
    }

    /// The selector.
    pub fn sel(&self) -> SelectorRef<'_> {
        self.info().sel()
    }

    /// The direction (`XFRM_POLICY_IN`, `_OUT`, `_FWD`).
    pub fn dir(&self) -> u8 {
        self.info().dir()
    }

    /// The kernel's index of the policy.
    pub fn index(&self) -> u32 {
        self.info().index()
    }

    /// The priority.
    pub fn priority(&self) -> u32 {
        self.info().priority()
    }

    /// The policy type (`XFRM_POLICY_TYPE_MAIN` when absent).
    pub fn kind(&self) -> u8 {
        self.as_view().policy_type().map_or(0, |t| t.kind())
    }
}

impl<'a> Policy<&'a [u8]> {
    /// The policy in `m` (`XFRM_MSG_NEWPOLICY`, `_UPDPOLICY`, or a
    /// `GETPOLICY` reply); an error when its payload is shorter than
    /// `xfrm_userpolicy_info`.
    pub fn from_message(m: &Message<'a>) -> Result<Policy<&'a [u8]>> {
        Policy::parse(m.payload())
    }
}

/// A policy to add or update: the fixed part and its attributes.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
#[must_use]
pub struct PolicyRequest {
    /// `xfrm_userpolicy_info`.
    pub info: PolicyInfo,
    /// The attributes.
    pub attrs: PolicyAttrs,
}

impl PolicyRequest {
    /// A policy for `sel` in direction `dir` (`XFRM_POLICY_*`), allowing,
    /// no limits, priority 0, no templates.
    pub fn new(sel: Selector, dir: u8) -> PolicyRequest {
        PolicyRequest {
            info: PolicyInfo::new(sel, dir),
            attrs: PolicyAttrs::new(),
        }
    }

    /// Sets the priority.
    pub fn priority(mut self, p: u32) -> PolicyRequest {
        self.info.priority = p;
        self
    }

    /// Sets the action (`XFRM_POLICY_ALLOW`, `_BLOCK`).
    pub fn action(mut self, a: u8) -> PolicyRequest {
        self.info.action = a;
        self
    }

    /// Sets the index (0: the kernel picks one).
    pub fn index(mut self, index: u32) -> PolicyRequest {
        self.info.index = index;
        self
    }

    /// Sets the flags (`XFRM_POLICY_LOCALOK`, `_ICMP`).
    pub fn flags(mut self, f: u8) -> PolicyRequest {
        self.info.flags = f;
        self
    }

    /// Adds a template (the state this policy requires).
    pub fn tmpl(mut self, t: Tmpl) -> PolicyRequest {
        self.attrs.tmpl.get_or_insert_with(Vec::new).push(t);
        self
    }

    /// Mark and mask (`XFRMA_MARK`).
    pub fn mark(mut self, v: u32, m: u32) -> PolicyRequest {
        self.attrs.mark = Some(Mark::new(v, m));
        self
    }

    /// The xfrm interface id (`XFRMA_IF_ID`).
    pub fn if_id(mut self, id: u32) -> PolicyRequest {
        self.attrs.if_id = Some(id);
        self
    }

    /// The policy type (`XFRMA_POLICY_TYPE`: main or sub).
    pub fn policy_type(mut self, kind: u8) -> PolicyRequest {
        self.attrs.policy_type = Some(PolicyType { kind });
        self
    }

    /// Writes the fixed part and the attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.raw(&self.info.to_bytes());
        self.attrs.encode(e);
    }
}
