//! A state (security association): `struct xfrm_usersa_info`, then
//! `XFRMA_*` attributes, as the kernel sends it in `XFRM_MSG_NEWSA`; its
//! request form.

use std::net::IpAddr;

use crate::error::Result;
use crate::wire::{Encoder, Message, MsgType};

use super::algo::Algo;
use super::layout::Field;
use super::msg::{XFRM_MSG_NEWSA, XFRM_MSG_UPDSA};
use super::parts::{Encap, Mark};
use super::sa_info::{SaInfo, SaInfoRef};

#[allow(dead_code)]
mod table {
    use crate::wire::attr_table;
    super::super::attrs::xfrma_table! {
        /// A state: `struct xfrm_usersa_info` (224 bytes, read with
        /// [`info`](State::info)), then `XFRMA_*` attributes. Owned states
        /// returned by this crate are `State<Secret>`: their bytes (keys
        /// among them) are zeroed when dropped.
        pub struct State / StateAttrs, header 224
    }

    impl<T: AsRef<[u8]>> State<T> {
        /// An owned copy whose bytes are zeroed when dropped (the index
        /// kept: no second walk).
        pub fn to_secret(&self) -> State<crate::xfrm::Secret> {
            State {
                buf: crate::xfrm::Secret::new(self.buf.as_ref()),
                index: self.index,
            }
        }
    }
}
pub use table::{State, StateAttrs};

impl<T: AsRef<[u8]>> State<T> {
    /// The fixed part.
    pub fn info(&self) -> SaInfoRef<'_> {
        <SaInfo as Field>::view(self.as_bytes())
    }

    /// The source address.
    pub fn src(&self) -> IpAddr {
        self.info().src()
    }

    /// The destination address.
    pub fn dst(&self) -> IpAddr {
        self.info().dst()
    }

    /// The SPI, host order.
    pub fn spi(&self) -> u32 {
        self.info().id().spi()
    }

    /// The IP protocol (`IPPROTO_ESP` 50, `IPPROTO_AH` 51, `IPPROTO_COMP`
    /// 108).
    pub fn proto(&self) -> u8 {
        self.info().id().proto()
    }
}

impl<'a> State<&'a [u8]> {
    /// The state in `m` (`XFRM_MSG_NEWSA`, `_UPDSA`, or a `GETSA` reply);
    /// an error when its payload is shorter than `xfrm_usersa_info`.
    pub fn from_message(m: &Message<'a>) -> Result<State<&'a [u8]>> {
        State::parse(m.payload())
    }
}

/// A state to add or update: the fixed part and its attributes.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
#[must_use]
pub struct StateRequest {
    /// `xfrm_usersa_info`.
    pub info: SaInfo,
    /// The attributes.
    pub attrs: StateAttrs,
}

impl StateRequest {
    /// A state from `src` to `dst` for protocol `proto` with `spi`,
    /// transport mode, no limits; its selector left empty (any traffic),
    /// as `ip xfrm state add` sends it.
    pub fn new(src: IpAddr, dst: IpAddr, proto: u8, spi: u32) -> StateRequest {
        StateRequest {
            info: SaInfo::new(src, dst, proto, spi),
            attrs: StateAttrs::new(),
        }
    }

    /// Sets the mode (`XFRM_MODE_*`).
    pub fn mode(mut self, mode: u8) -> StateRequest {
        self.info.mode = mode;
        self
    }

    /// Sets the request id.
    pub fn reqid(mut self, reqid: u32) -> StateRequest {
        self.info.reqid = reqid;
        self
    }

    /// Sets the replay window (packets, up to 32 without ESN).
    pub fn replay_window(mut self, n: u8) -> StateRequest {
        self.info.replay_window = n;
        self
    }

    /// Sets the flags (`XFRM_STATE_*`).
    pub fn flags(mut self, flags: super::StateFlags) -> StateRequest {
        self.info.flags = flags.bits();
        self
    }

    /// Sets the selector.
    pub fn selector(mut self, sel: super::Selector) -> StateRequest {
        self.info.sel = sel;
        self
    }

    /// Authentication (`XFRMA_ALG_AUTH`).
    pub fn auth(mut self, a: Algo) -> StateRequest {
        self.attrs.auth = Some(a);
        self
    }

    /// Truncated authentication (`XFRMA_ALG_AUTH_TRUNC`).
    pub fn auth_trunc(mut self, a: Algo) -> StateRequest {
        self.attrs.auth_trunc = Some(a);
        self
    }

    /// Encryption (`XFRMA_ALG_CRYPT`).
    pub fn crypt(mut self, a: Algo) -> StateRequest {
        self.attrs.crypt = Some(a);
        self
    }

    /// AEAD (`XFRMA_ALG_AEAD`).
    pub fn aead(mut self, a: Algo) -> StateRequest {
        self.attrs.aead = Some(a);
        self
    }

    /// Compression (`XFRMA_ALG_COMP`).
    pub fn comp(mut self, a: Algo) -> StateRequest {
        self.attrs.comp = Some(a);
        self
    }

    /// NAT traversal (`XFRMA_ENCAP`).
    pub fn encap(mut self, e: Encap) -> StateRequest {
        self.attrs.encap = Some(e);
        self
    }

    /// Mark and mask (`XFRMA_MARK`).
    pub fn mark(mut self, v: u32, m: u32) -> StateRequest {
        self.attrs.mark = Some(Mark::new(v, m));
        self
    }

    /// The xfrm interface id (`XFRMA_IF_ID`).
    pub fn if_id(mut self, id: u32) -> StateRequest {
        self.attrs.if_id = Some(id);
        self
    }

    /// Writes the fixed part and the attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.raw(&self.info.to_bytes());
        self.attrs.encode(e);
    }

    /// The message kind: `XFRM_MSG_NEWSA` to add, `_UPDSA` to update.
    pub(crate) fn kind(update: bool) -> MsgType {
        if update {
            XFRM_MSG_UPDSA
        } else {
            XFRM_MSG_NEWSA
        }
    }
}
