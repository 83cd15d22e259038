//! State and policy operations on `Conn<Xfrm>`.

use std::sync::Arc;

use crate::conn::{Conn, Transport, Xfrm};
use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::wire::{Encoder, Flags};

use super::algo::Secret;
use super::attrs::{XFRMA_ADDRESS_FILTER, XFRMA_MARK, XFRMA_PROTO, XfrmAttrs, XfrmAttrsSpec};
use super::info::{SadInfo, SpdInfo};
use super::layout::Field;
use super::msg::*;
use super::parts::{AddressFilter, Mark};
use super::policy::{Policy, PolicyRequest};
use super::policy_info::PolicyId;
use super::sa_info::{AeventId, SaFlush, SaId, SpiInfo};
use super::shared::Shared;
use super::state::{State, StateAttrs, StateRequest};

/// Which states a list returns: by protocol, by address prefixes (both
/// applied by the kernel).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
#[must_use]
pub struct StateFilter {
    /// Only states of this IP protocol (`XFRMA_PROTO`).
    pub proto: Option<u8>,
    /// Only states whose addresses are in these prefixes
    /// (`XFRMA_ADDRESS_FILTER`).
    pub address: Option<AddressFilter>,
}

impl StateFilter {
    /// Every state.
    pub fn all() -> StateFilter {
        StateFilter::default()
    }

    /// Only states of IP protocol `proto`.
    pub fn proto(mut self, proto: u8) -> StateFilter {
        self.proto = Some(proto);
        self
    }

    /// Only states whose addresses match `f`.
    pub fn address(mut self, f: AddressFilter) -> StateFilter {
        self.address = Some(f);
        self
    }

    fn encode(&self, e: &mut Encoder<'_>) {
        if let Some(a) = &self.address {
            e.put(XFRMA_ADDRESS_FILTER, &a.to_bytes());
        }
        if let Some(p) = self.proto {
            e.put_u8(XFRMA_PROTO, p);
        }
    }
}

/// Replay and lifetime values of a state (`XFRM_MSG_NEWAE`): which state,
/// then `XFRMA_REPLAY_VAL` or `XFRMA_REPLAY_ESN_VAL`, `XFRMA_LTIME_VAL`,
/// the thresholds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Aevent {
    /// The state and the `XFRM_AE_*` flags.
    pub id: AeventId,
    /// The values.
    pub attrs: XfrmAttrs,
}

fn short(what: &'static str, need: usize, got: usize) -> Error {
    Error::Decode(DecodeError::new(
        what,
        DecodeErrorKind::Truncated {
            need,
            remaining: got,
        },
        0,
    ))
}

/// The attributes after a fixed struct of `hdr` bytes.
pub(crate) fn attrs_after(payload: &[u8], hdr: usize) -> Result<XfrmAttrs<&[u8]>> {
    XfrmAttrs::parse(payload.get(crate::wire::align(hdr)..).unwrap_or(&[]))
}

impl<T: Transport> Conn<Xfrm, T> {
    /// Lists every state (`XFRM_MSG_GETSA` dump) through the dump
    /// consistency policy. Their bytes hold keys: [`Secret`] zeroes them
    /// when a state is dropped.
    pub fn states(&mut self) -> Result<Vec<State<Secret>>> {
        self.states_with(&StateFilter::all())
    }

    /// Lists the states that `filter` selects (the kernel filters).
    pub fn states_with(&mut self, filter: &StateFilter) -> Result<Vec<State<Secret>>> {
        self.dump_collect(
            XFRM_MSG_GETSA,
            Flags::empty(),
            |e| filter.encode(e),
            |m| {
                if m.kind() != XFRM_MSG_NEWSA {
                    return Ok(None);
                }
                Ok(Some(State::from_message(&m)?.to_secret()))
            },
        )
    }

    /// Streams the states that `filter` selects: `each` sees every one as a
    /// borrowed view (see [`Conn::dump_each`] for what an inconsistent dump
    /// does then).
    pub fn states_each(
        &mut self,
        filter: &StateFilter,
        mut each: impl FnMut(&State<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            XFRM_MSG_GETSA,
            Flags::empty(),
            |e| filter.encode(e),
            |m| {
                if m.kind() != XFRM_MSG_NEWSA {
                    return Ok(());
                }
                each(&State::from_message(&m)?)
            },
        )
        .map(drop)
    }

    /// The state `id` (a missing one is the kernel's `ESRCH`,
    /// [`is_not_found`](crate::Error::is_not_found)).
    pub fn state_get(&mut self, id: &SaId) -> Result<State<Secret>> {
        self.state_get_with(id, &XfrmAttrsSpec::new())
    }

    /// The state `id`, with lookup attributes (`mark`, `srcaddr`).
    pub fn state_get_with(&mut self, id: &SaId, extra: &XfrmAttrsSpec) -> Result<State<Secret>> {
        let m = self.request(XFRM_MSG_GETSA, Flags::empty(), |e| {
            e.raw(&id.to_bytes());
            extra.encode(e);
        })?;
        Ok(State::from_message(&m)?.to_secret())
    }

    /// Adds a state; `EEXIST` if it is there.
    pub fn state_add(&mut self, req: &StateRequest) -> Result<()> {
        self.ack(StateRequest::kind(false), Flags::empty(), |e| req.encode(e))
    }

    /// Replaces a state (`XFRM_MSG_UPDSA`); `ESRCH` if it is missing.
    pub fn state_update(&mut self, req: &StateRequest) -> Result<()> {
        self.ack(StateRequest::kind(true), Flags::empty(), |e| req.encode(e))
    }

    /// Deletes the state `id`.
    pub fn state_delete(&mut self, id: &SaId) -> Result<()> {
        self.state_delete_with(id, &XfrmAttrsSpec::new())
    }

    /// Deletes the state `id`, with lookup attributes (`mark`, `srcaddr`).
    pub fn state_delete_with(&mut self, id: &SaId, extra: &XfrmAttrsSpec) -> Result<()> {
        self.ack(XFRM_MSG_DELSA, Flags::empty(), |e| {
            e.raw(&id.to_bytes());
            extra.encode(e);
        })
    }

    /// Deletes every state of IP protocol `proto`
    /// ([`IPSEC_PROTO_ANY`](super::IPSEC_PROTO_ANY): all).
    pub fn state_flush(&mut self, proto: u8) -> Result<()> {
        self.ack(XFRM_MSG_FLUSHSA, Flags::empty(), |e| {
            e.raw(&SaFlush { proto }.to_bytes());
        })
    }

    /// Makes a larval state with an SPI the kernel picks in
    /// `spi.min..=spi.max` (`XFRM_MSG_ALLOCSPI`), and returns it.
    pub fn state_alloc_spi(&mut self, spi: &SpiInfo, extra: &StateAttrs) -> Result<State<Secret>> {
        let m = self.request(XFRM_MSG_ALLOCSPI, Flags::empty(), |e| {
            e.raw(&spi.to_bytes());
            extra.encode(e);
        })?;
        Ok(State::from_message(&m)?.to_secret())
    }

    /// The replay and lifetime values of a state (`XFRM_MSG_GETAE`):
    /// `id.sa_id` says which; `id.flags` asks for `XFRM_AE_*` values.
    pub fn state_ae(&mut self, id: &AeventId, mark: Option<Mark>) -> Result<Aevent> {
        let m = self.request(XFRM_MSG_GETAE, Flags::empty(), |e| {
            e.raw(&id.to_bytes());
            if let Some(mark) = mark {
                e.put(XFRMA_MARK, &mark.to_bytes());
            }
        })?;
        let p = m.payload();
        let fixed = AeventId::parse(p).ok_or_else(|| short("xfrm_aevent_id", 48, p.len()))?;
        Ok(Aevent {
            id: fixed,
            attrs: attrs_after(p, AeventId::LEN)?.owned(),
        })
    }

    /// Sets replay and lifetime values (`XFRM_MSG_NEWAE`): `attrs` holds
    /// `replay_val` or `replay_esn`, `ltime_val`, thresholds.
    pub fn state_set_ae(&mut self, id: &AeventId, attrs: &XfrmAttrsSpec) -> Result<()> {
        self.ack(XFRM_MSG_NEWAE, Flags::REPLACE, |e| {
            e.raw(&id.to_bytes());
            attrs.encode(e);
        })
    }

    /// The state database's counts (`XFRM_MSG_GETSADINFO`).
    pub fn sad_info(&mut self) -> Result<SadInfo> {
        let m = self.request(XFRM_MSG_GETSADINFO, Flags::empty(), |e| {
            e.raw(&u32::MAX.to_ne_bytes());
        })?;
        Ok(SadInfo::parse(m.payload())?.owned())
    }

    /// Lists every policy (`XFRM_MSG_GETPOLICY` dump) through the dump
    /// consistency policy. The policies' bytes are kept in one buffer they
    /// share ([`Shared`]): one allocation for the list, not one per policy.
    pub fn policies(&mut self) -> Result<Vec<Policy<Shared>>> {
        // The bytes received, back to back, and each policy's span in them.
        type Collected = (Vec<u8>, Vec<Policy<(usize, usize)>>);
        // Each attempt starts afresh: a retried dump leaves nothing behind.
        let (bytes, found) = self.dump_fold(
            XFRM_MSG_GETPOLICY,
            Flags::empty(),
            |_| {},
            || (Vec::new(), Vec::new()),
            |(bytes, found): &mut Collected, m| {
                if m.kind() == XFRM_MSG_NEWPOLICY {
                    let p = Policy::from_message(&m)?;
                    let start = bytes.len();
                    bytes.extend_from_slice(p.as_bytes());
                    found.push(p.rebind((start, bytes.len())));
                }
                Ok(())
            },
        )?;
        let buf: Arc<[u8]> = bytes.into();
        Ok(found
            .iter()
            .map(|p| {
                let (start, end) = *p.storage();
                p.rebind(Shared::new(buf.clone(), start, end))
            })
            .collect())
    }

    /// Streams every policy: `each` sees every one as a borrowed view.
    pub fn policies_each(
        &mut self,
        mut each: impl FnMut(&Policy<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            XFRM_MSG_GETPOLICY,
            Flags::empty(),
            |_| {},
            |m| {
                if m.kind() != XFRM_MSG_NEWPOLICY {
                    return Ok(());
                }
                each(&Policy::from_message(&m)?)
            },
        )
        .map(drop)
    }

    /// The policy `id`: by selector and direction, or by index when
    /// `id.index` is not 0 (a missing one is `ENOENT`).
    pub fn policy_get(&mut self, id: &PolicyId) -> Result<Policy> {
        self.policy_get_with(id, &XfrmAttrsSpec::new())
    }

    /// The policy `id`, with lookup attributes (`mark`, `if_id`,
    /// `policy_type`, `sec_ctx`).
    pub fn policy_get_with(&mut self, id: &PolicyId, extra: &XfrmAttrsSpec) -> Result<Policy> {
        let m = self.request(XFRM_MSG_GETPOLICY, Flags::empty(), |e| {
            e.raw(&id.to_bytes());
            extra.encode(e);
        })?;
        Ok(Policy::from_message(&m)?.owned())
    }

    /// Adds a policy; `EEXIST` if one has its selector and direction.
    pub fn policy_add(&mut self, req: &PolicyRequest) -> Result<()> {
        self.ack(XFRM_MSG_NEWPOLICY, Flags::empty(), |e| req.encode(e))
    }

    /// Adds or replaces a policy (`XFRM_MSG_UPDPOLICY`).
    pub fn policy_update(&mut self, req: &PolicyRequest) -> Result<()> {
        self.ack(XFRM_MSG_UPDPOLICY, Flags::empty(), |e| req.encode(e))
    }

    /// Deletes the policy `id` (by selector and direction, or by index).
    pub fn policy_delete(&mut self, id: &PolicyId) -> Result<()> {
        self.policy_delete_with(id, &XfrmAttrsSpec::new())
    }

    /// Deletes the policy `id`, with lookup attributes.
    pub fn policy_delete_with(&mut self, id: &PolicyId, extra: &XfrmAttrsSpec) -> Result<()> {
        self.ack(XFRM_MSG_DELPOLICY, Flags::empty(), |e| {
            e.raw(&id.to_bytes());
            extra.encode(e);
        })
    }

    /// Deletes every policy of the main type (`XFRM_MSG_FLUSHPOLICY`).
    pub fn policy_flush(&mut self) -> Result<()> {
        self.ack(XFRM_MSG_FLUSHPOLICY, Flags::empty(), |_| {})
    }

    /// Deletes every policy of type `kind` (`XFRM_POLICY_TYPE_*`).
    pub fn policy_flush_type(&mut self, kind: u8) -> Result<()> {
        let extra = XfrmAttrsSpec::new().policy_type(super::PolicyType { kind });
        self.ack(XFRM_MSG_FLUSHPOLICY, Flags::empty(), |e| extra.encode(e))
    }

    /// The policy database's counts (`XFRM_MSG_GETSPDINFO`).
    pub fn spd_info(&mut self) -> Result<SpdInfo> {
        let m = self.request(XFRM_MSG_GETSPDINFO, Flags::empty(), |e| {
            e.raw(&u32::MAX.to_ne_bytes());
        })?;
        Ok(SpdInfo::parse(m.payload())?.owned())
    }
}

/// The state id of a state's view: what [`Conn::state_get`] and
/// [`Conn::state_delete`] take.
pub fn sa_id_of<S: AsRef<[u8]>>(s: &State<S>) -> SaId {
    let i = s.info();
    SaId {
        daddr: i.id().daddr(),
        spi: i.id().spi(),
        family: i.family(),
        proto: i.id().proto(),
    }
}

/// The policy id of a policy's view (by selector and direction).
pub fn policy_id_of<S: AsRef<[u8]>>(p: &Policy<S>) -> PolicyId {
    PolicyId {
        sel: <super::Selector as Field>::owned(p.sel()),
        index: 0,
        dir: p.dir(),
    }
}
