//! What the kernel multicasts on the `XFRMNLGRP_*` groups, decoded:
//! [`Event`], one borrowed view per message.

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::wire::{Message, MsgType};

use super::attrs::XfrmAttrs;
use super::msg::*;
use super::notify::{AcquireRef, ExpireRef, MappingRef, PolExpireRef, ReportRef};
use super::ops::attrs_after;
use super::policy::Policy;
use super::policy_info::PolicyIdRef;
use super::sa_info::{AeventIdRef, SaIdRef};
use super::state::State;

/// One XFRM event, borrowing its message.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Event<'a> {
    /// `XFRM_MSG_NEWSA`: a state was added.
    NewSa(State<&'a [u8]>),
    /// `XFRM_MSG_UPDSA`: a state was replaced.
    UpdSa(State<&'a [u8]>),
    /// `XFRM_MSG_DELSA`: a state was deleted; the state itself is in
    /// `attrs.sa()`.
    DelSa {
        /// Which state.
        id: SaIdRef<'a>,
        /// `XFRMA_SA` and the state's other attributes.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_EXPIRE`: a state reached a soft or hard limit.
    Expire {
        /// The state and whether the limit was hard.
        expire: ExpireRef<'a>,
        /// The state's attributes.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_ACQUIRE`: traffic needs a state that does not exist.
    Acquire {
        /// What is wanted.
        acquire: AcquireRef<'a>,
        /// The templates and the rest.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_NEWPOLICY`: a policy was added.
    NewPolicy(Policy<&'a [u8]>),
    /// `XFRM_MSG_UPDPOLICY`: a policy was replaced.
    UpdPolicy(Policy<&'a [u8]>),
    /// `XFRM_MSG_DELPOLICY`: a policy was deleted; the policy itself is in
    /// `attrs.policy()`.
    DelPolicy {
        /// Which policy.
        id: PolicyIdRef<'a>,
        /// `XFRMA_POLICY` and the policy's other attributes.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_POLEXPIRE`: a policy reached a limit.
    PolExpire {
        /// The policy and whether the limit was hard.
        expire: PolExpireRef<'a>,
        /// The policy's attributes.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_FLUSHSA`: the states of a protocol were flushed.
    FlushSa {
        /// The protocol (`IPSEC_PROTO_ANY`: all).
        proto: u8,
    },
    /// `XFRM_MSG_FLUSHPOLICY`: the policies (of a type) were flushed.
    FlushPolicy {
        /// `XFRMA_POLICY_TYPE`, if given.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_NEWAE`: replay or lifetime values changed.
    Aevent {
        /// Which state, and the `XFRM_AE_*` cause.
        id: AeventIdRef<'a>,
        /// The values.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_REPORT`.
    Report {
        /// The protocol and selector.
        report: ReportRef<'a>,
        /// The addresses (`XFRMA_COADDR`).
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// `XFRM_MSG_MAPPING`: a NAT-T mapping changed.
    Mapping(MappingRef<'a>),
    /// `XFRM_MSG_MIGRATE`: states and policies moved.
    Migrate {
        /// The policy.
        id: PolicyIdRef<'a>,
        /// `XFRMA_MIGRATE` and the rest.
        attrs: XfrmAttrs<&'a [u8]>,
    },
    /// A kind this crate does not decode.
    Other(MsgType),
}

fn fixed<'a, V>(
    p: &'a [u8],
    len: usize,
    name: &'static str,
    view: impl Fn(&'a [u8]) -> Option<V>,
) -> Result<V> {
    view(p).ok_or_else(|| {
        Error::Decode(DecodeError::new(
            name,
            DecodeErrorKind::Truncated {
                need: len,
                remaining: p.len(),
            },
            0,
        ))
    })
}

impl<'a> Event<'a> {
    /// Decodes the event in `m`; an error when its payload is shorter than
    /// its kind's fixed struct. A malformed attribute spoils only itself
    /// (see the views' `malformed`).
    pub fn parse(m: &Message<'a>) -> Result<Event<'a>> {
        let p = m.payload();
        Ok(match m.kind() {
            XFRM_MSG_NEWSA => Event::NewSa(State::parse(p)?),
            XFRM_MSG_UPDSA => Event::UpdSa(State::parse(p)?),
            XFRM_MSG_DELSA => Event::DelSa {
                id: fixed(p, 24, "xfrm_usersa_id", SaIdRef::new)?,
                attrs: attrs_after(p, 24)?,
            },
            XFRM_MSG_EXPIRE => Event::Expire {
                expire: fixed(p, 232, "xfrm_user_expire", ExpireRef::new)?,
                attrs: attrs_after(p, 232)?,
            },
            XFRM_MSG_ACQUIRE => Event::Acquire {
                acquire: fixed(p, 280, "xfrm_user_acquire", AcquireRef::new)?,
                attrs: attrs_after(p, 280)?,
            },
            XFRM_MSG_NEWPOLICY => Event::NewPolicy(Policy::parse(p)?),
            XFRM_MSG_UPDPOLICY => Event::UpdPolicy(Policy::parse(p)?),
            XFRM_MSG_DELPOLICY => Event::DelPolicy {
                id: fixed(p, 64, "xfrm_userpolicy_id", PolicyIdRef::new)?,
                attrs: attrs_after(p, 64)?,
            },
            XFRM_MSG_POLEXPIRE => Event::PolExpire {
                expire: fixed(p, 176, "xfrm_user_polexpire", PolExpireRef::new)?,
                attrs: attrs_after(p, 176)?,
            },
            XFRM_MSG_FLUSHSA => Event::FlushSa {
                proto: fixed(p, 1, "xfrm_usersa_flush", |b: &[u8]| b.first().copied())?,
            },
            XFRM_MSG_FLUSHPOLICY => Event::FlushPolicy {
                attrs: attrs_after(p, 0)?,
            },
            XFRM_MSG_NEWAE => Event::Aevent {
                id: fixed(p, 48, "xfrm_aevent_id", AeventIdRef::new)?,
                attrs: attrs_after(p, 48)?,
            },
            XFRM_MSG_REPORT => Event::Report {
                report: fixed(p, 60, "xfrm_user_report", ReportRef::new)?,
                attrs: attrs_after(p, 60)?,
            },
            XFRM_MSG_MAPPING => Event::Mapping(fixed(p, 64, "xfrm_user_mapping", MappingRef::new)?),
            XFRM_MSG_MIGRATE => Event::Migrate {
                id: fixed(p, 64, "xfrm_userpolicy_id", PolicyIdRef::new)?,
                attrs: attrs_after(p, 64)?,
            },
            k => Event::Other(k),
        })
    }
}
