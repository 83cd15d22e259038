//! The fixed structs the kernel multicasts: `xfrm_user_expire`,
//! `xfrm_user_polexpire`, `xfrm_user_acquire`, `xfrm_user_mapping`,
//! `xfrm_user_report`.

use super::layout::{Address, Net16, fixed};
use super::policy_info::PolicyInfo;
use super::sa_info::{SaId, SaInfo};
use super::selector::{Id, Selector};

fixed! {
    /// `struct xfrm_user_expire`: a state reached a limit
    /// (`XFRM_MSG_EXPIRE`).
    Expire / ExpireRef = "xfrm_user_expire", 232 {
        /// `state`.
        state @ 0: SaInfo,
        /// `hard`: 1 for a hard limit (the state is gone), 0 for soft.
        hard @ 224: u8,
    }
}

fixed! {
    /// `struct xfrm_user_polexpire`: a policy reached a limit
    /// (`XFRM_MSG_POLEXPIRE`).
    PolExpire / PolExpireRef = "xfrm_user_polexpire", 176 {
        /// `pol`.
        pol @ 0: PolicyInfo,
        /// `hard`.
        hard @ 168: u8,
    }
}

fixed! {
    /// `struct xfrm_user_acquire`: traffic needs a state that does not
    /// exist (`XFRM_MSG_ACQUIRE`): a key manager should negotiate one.
    Acquire / AcquireRef = "xfrm_user_acquire", 280 {
        /// `id`: the state wanted.
        id @ 0: Id,
        /// `saddr`.
        saddr @ 24: Address,
        /// `sel`: the traffic.
        sel @ 40: Selector,
        /// `policy`: the policy that wants it.
        policy @ 96: PolicyInfo,
        /// `aalgos`.
        aalgos @ 264: u32,
        /// `ealgos`.
        ealgos @ 268: u32,
        /// `calgos`.
        calgos @ 272: u32,
        /// `seq`: to quote in the state that answers it.
        seq @ 276: u32,
    }
}

fixed! {
    /// `struct xfrm_user_mapping`: a NAT-T peer's address or port changed
    /// (`XFRM_MSG_MAPPING`).
    Mapping / MappingRef = "xfrm_user_mapping", 64 {
        /// `id`: the state.
        id @ 0: SaId,
        /// `reqid`.
        reqid @ 24: u32,
        /// `old_saddr`.
        old_saddr @ 28: Address,
        /// `new_saddr`.
        new_saddr @ 44: Address,
        /// `old_sport`, host order here.
        old_sport @ 60: Net16 as u16,
        /// `new_sport`, host order here.
        new_sport @ 62: Net16 as u16,
    }
}

fixed! {
    /// `struct xfrm_user_report`: a report for a protocol and selector
    /// (`XFRM_MSG_REPORT`).
    Report / ReportRef = "xfrm_user_report", 60 {
        /// `proto`.
        proto @ 0: u8,
        /// `sel`.
        sel @ 4: Selector,
    }
}
