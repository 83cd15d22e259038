//! The fixed structs of states: `xfrm_usersa_info` (a whole state),
//! `xfrm_usersa_id` (which one), `xfrm_userspi_info` (an SPI range to
//! allocate from), `xfrm_aevent_id` (replay and lifetime events),
//! `xfrm_usersa_flush`.

use std::net::IpAddr;

use super::layout::{Address, fixed};
use super::selector::{Id, LifetimeCfg, LifetimeCur, Selector, Stats, family_of};

/// `XFRM_MODE_TRANSPORT`.
pub const XFRM_MODE_TRANSPORT: u8 = 0;
/// `XFRM_MODE_TUNNEL`.
pub const XFRM_MODE_TUNNEL: u8 = 1;
/// `XFRM_MODE_ROUTEOPTIMIZATION`.
pub const XFRM_MODE_ROUTEOPTIMIZATION: u8 = 2;
/// `XFRM_MODE_IN_TRIGGER`.
pub const XFRM_MODE_IN_TRIGGER: u8 = 3;
/// `XFRM_MODE_BEET`.
pub const XFRM_MODE_BEET: u8 = 4;

/// `IPSEC_PROTO_ANY`: every protocol (a flush of all states).
pub const IPSEC_PROTO_ANY: u8 = 255;

bitflags::bitflags! {
    /// `XFRM_STATE_*`: the `flags` of `xfrm_usersa_info`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct StateFlags: u8 {
        /// `XFRM_STATE_NOECN`.
        const NOECN = 1;
        /// `XFRM_STATE_DECAP_DSCP`.
        const DECAP_DSCP = 2;
        /// `XFRM_STATE_NOPMTUDISC`.
        const NOPMTUDISC = 4;
        /// `XFRM_STATE_WILDRECV`.
        const WILDRECV = 8;
        /// `XFRM_STATE_ICMP`.
        const ICMP = 16;
        /// `XFRM_STATE_AF_UNSPEC`.
        const AF_UNSPEC = 32;
        /// `XFRM_STATE_ALIGN4`.
        const ALIGN4 = 64;
        /// `XFRM_STATE_ESN`.
        const ESN = 128;
    }
}

fixed! {
    /// `struct xfrm_usersa_info`: a state (security association), 224
    /// bytes on x86_64 (7 bytes of padding after `flags`).
    SaInfo / SaInfoRef = "xfrm_usersa_info", 224 {
        /// `sel`: the traffic it applies to.
        sel @ 0: Selector,
        /// `id`: destination, SPI, protocol.
        id @ 56: Id,
        /// `saddr`: the source address.
        saddr @ 80: Address,
        /// `lft`: the limits.
        lft @ 96: LifetimeCfg,
        /// `curlft`: what it has used.
        curlft @ 160: LifetimeCur,
        /// `stats`.
        stats @ 192: Stats,
        /// `seq`: the sequence number of the acquire that made it.
        seq @ 204: u32,
        /// `reqid`: ties it to policy templates.
        reqid @ 208: u32,
        /// `family`: of the addresses.
        family @ 212: u16,
        /// `mode`: `XFRM_MODE_*`.
        mode @ 214: u8,
        /// `replay_window`: the replay window in packets (up to 32; more
        /// goes in an ESN attribute).
        replay_window @ 215: u8,
        /// `flags`: `XFRM_STATE_*` ([`StateFlags`]).
        flags @ 216: u8,
    }
}

impl SaInfo {
    /// A state from `src` to `dst` (both of one family) for IP protocol
    /// `proto` with `spi`, in transport mode, without limits (as
    /// `ip xfrm state add` defaults).
    pub fn new(src: IpAddr, dst: IpAddr, proto: u8, spi: u32) -> SaInfo {
        SaInfo {
            id: Id {
                daddr: dst.into(),
                spi,
                proto,
            },
            saddr: src.into(),
            family: family_of(dst),
            lft: LifetimeCfg::infinite(),
            ..SaInfo::default()
        }
    }
}

impl SaInfoRef<'_> {
    /// The source address, by the state's family.
    pub fn src(&self) -> IpAddr {
        self.saddr().ip(self.family())
    }

    /// The destination address, by the state's family.
    pub fn dst(&self) -> IpAddr {
        self.id().daddr().ip(self.family())
    }

    /// The flags, as [`StateFlags`].
    pub fn state_flags(&self) -> StateFlags {
        StateFlags::from_bits_retain(self.flags())
    }
}

fixed! {
    /// `struct xfrm_usersa_id`: which state, for get and delete.
    SaId / SaIdRef = "xfrm_usersa_id", 24 {
        /// `daddr`.
        daddr @ 0: Address,
        /// `spi`, host order here.
        spi @ 16: super::layout::Net32 as u32,
        /// `family`.
        family @ 20: u16,
        /// `proto`.
        proto @ 22: u8,
    }
}

impl SaId {
    /// The state for `dst`, `proto`, `spi`.
    pub fn new(dst: IpAddr, proto: u8, spi: u32) -> SaId {
        SaId {
            daddr: dst.into(),
            spi,
            family: family_of(dst),
            proto,
        }
    }
}

impl SaIdRef<'_> {
    /// The destination address, by the family.
    pub fn dst(&self) -> IpAddr {
        self.daddr().ip(self.family())
    }
}

fixed! {
    /// `struct xfrm_userspi_info`: a state to make with an SPI the kernel
    /// picks in `min..=max` (`XFRM_MSG_ALLOCSPI`).
    SpiInfo / SpiInfoRef = "xfrm_userspi_info", 232 {
        /// `info`: the state (its `id.spi` ignored).
        info @ 0: SaInfo,
        /// `min`: the lowest SPI.
        min @ 224: u32,
        /// `max`: the highest SPI.
        max @ 228: u32,
    }
}

/// `XFRM_AE_RTHR`: replay threshold.
pub const XFRM_AE_RTHR: u32 = 1;
/// `XFRM_AE_RVAL`: replay value.
pub const XFRM_AE_RVAL: u32 = 2;
/// `XFRM_AE_LVAL`: lifetime value.
pub const XFRM_AE_LVAL: u32 = 4;
/// `XFRM_AE_ETHR`: expiry timer threshold.
pub const XFRM_AE_ETHR: u32 = 8;
/// `XFRM_AE_CR`: the event was caused by a replay update.
pub const XFRM_AE_CR: u32 = 16;
/// `XFRM_AE_CE`: the event was caused by timer expiry.
pub const XFRM_AE_CE: u32 = 32;
/// `XFRM_AE_CU`: the event was caused by a policy update.
pub const XFRM_AE_CU: u32 = 64;

fixed! {
    /// `struct xfrm_aevent_id`: which state an async event (replay,
    /// lifetime) is about (`XFRM_MSG_NEWAE`, `XFRM_MSG_GETAE`).
    AeventId / AeventIdRef = "xfrm_aevent_id", 48 {
        /// `sa_id`: the state.
        sa_id @ 0: SaId,
        /// `saddr`: its source address.
        saddr @ 24: Address,
        /// `flags`: `XFRM_AE_*`.
        flags @ 40: u32,
        /// `reqid`.
        reqid @ 44: u32,
    }
}

fixed! {
    /// `struct xfrm_usersa_flush`: the protocol whose states to flush
    /// ([`IPSEC_PROTO_ANY`]: all).
    SaFlush / SaFlushRef = "xfrm_usersa_flush", 1 {
        /// `proto`.
        proto @ 0: u8,
    }
}
