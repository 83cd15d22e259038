//! The fixed structs of policies: `xfrm_userpolicy_info` (a whole
//! policy), `xfrm_userpolicy_id` (which one) and `xfrm_user_tmpl` (one
//! template: the state a policy requires).

use std::net::IpAddr;

use super::layout::{Address, fixed};
use super::selector::{Id, LifetimeCfg, LifetimeCur, Selector, family_of};

/// `XFRM_POLICY_IN`.
pub const XFRM_POLICY_IN: u8 = 0;
/// `XFRM_POLICY_OUT`.
pub const XFRM_POLICY_OUT: u8 = 1;
/// `XFRM_POLICY_FWD`.
pub const XFRM_POLICY_FWD: u8 = 2;
/// `XFRM_POLICY_ALLOW`: the action that lets traffic through.
pub const XFRM_POLICY_ALLOW: u8 = 0;
/// `XFRM_POLICY_BLOCK`: the action that drops traffic.
pub const XFRM_POLICY_BLOCK: u8 = 1;
/// `XFRM_POLICY_LOCALOK`: a policy flag.
pub const XFRM_POLICY_LOCALOK: u8 = 1;
/// `XFRM_POLICY_ICMP`: a policy flag.
pub const XFRM_POLICY_ICMP: u8 = 2;
/// `XFRM_POLICY_TYPE_MAIN`.
pub const XFRM_POLICY_TYPE_MAIN: u8 = 0;
/// `XFRM_POLICY_TYPE_SUB`.
pub const XFRM_POLICY_TYPE_SUB: u8 = 1;
/// `XFRM_SHARE_ANY`.
pub const XFRM_SHARE_ANY: u8 = 0;
/// `XFRM_SHARE_SESSION`.
pub const XFRM_SHARE_SESSION: u8 = 1;
/// `XFRM_SHARE_USER`.
pub const XFRM_SHARE_USER: u8 = 2;
/// `XFRM_SHARE_UNIQUE`.
pub const XFRM_SHARE_UNIQUE: u8 = 3;

fixed! {
    /// `struct xfrm_userpolicy_info`: a policy, 168 bytes on x86_64.
    PolicyInfo / PolicyInfoRef = "xfrm_userpolicy_info", 168 {
        /// `sel`: the traffic it applies to.
        sel @ 0: Selector,
        /// `lft`: the limits.
        lft @ 56: LifetimeCfg,
        /// `curlft`: what it has used.
        curlft @ 120: LifetimeCur,
        /// `priority`: lower wins.
        priority @ 152: u32,
        /// `index`: the kernel's id of the policy (its low 3 bits are the
        /// direction).
        index @ 156: u32,
        /// `dir`: `XFRM_POLICY_IN`, `_OUT`, `_FWD`.
        dir @ 160: u8,
        /// `action`: `XFRM_POLICY_ALLOW` or `_BLOCK`.
        action @ 161: u8,
        /// `flags`: `XFRM_POLICY_LOCALOK`, `_ICMP`.
        flags @ 162: u8,
        /// `share`: `XFRM_SHARE_*`.
        share @ 163: u8,
    }
}

impl PolicyInfo {
    /// A policy for `sel` in direction `dir`, allowing, without limits.
    pub fn new(sel: Selector, dir: u8) -> PolicyInfo {
        PolicyInfo {
            sel,
            lft: LifetimeCfg::infinite(),
            dir,
            ..PolicyInfo::default()
        }
    }
}

fixed! {
    /// `struct xfrm_userpolicy_id`: which policy, by selector and
    /// direction, or by index (when `index` is not 0).
    PolicyId / PolicyIdRef = "xfrm_userpolicy_id", 64 {
        /// `sel`.
        sel @ 0: Selector,
        /// `index`.
        index @ 56: u32,
        /// `dir`.
        dir @ 60: u8,
    }
}

fixed! {
    /// `struct xfrm_user_tmpl`: a template, one state a policy requires
    /// (`XFRMA_TMPL` holds an array of them).
    Tmpl / TmplRef = "xfrm_user_tmpl", 64 {
        /// `id`: destination (tunnel end), SPI (0: any), protocol.
        id @ 0: Id,
        /// `family`: of the addresses.
        family @ 24: u16,
        /// `saddr`: the source (tunnel start).
        saddr @ 28: Address,
        /// `reqid`: 0 for any.
        reqid @ 44: u32,
        /// `mode`: `XFRM_MODE_*`.
        mode @ 48: u8,
        /// `share`: `XFRM_SHARE_*`.
        share @ 49: u8,
        /// `optional`: 1 when the state may be missing ("level use").
        optional @ 50: u8,
        /// `aalgos`: a bitmask of allowed authentication algorithms.
        aalgos @ 52: u32,
        /// `ealgos`: allowed encryption algorithms.
        ealgos @ 56: u32,
        /// `calgos`: allowed compression algorithms.
        calgos @ 60: u32,
    }
}

impl Tmpl {
    /// A template for protocol `proto` from `src` to `dst` (both
    /// unspecified addresses for transport mode) in `mode`, every
    /// algorithm allowed (as `ip xfrm policy ... tmpl` sends).
    pub fn new(src: IpAddr, dst: IpAddr, proto: u8, mode: u8) -> Tmpl {
        Tmpl {
            id: Id {
                daddr: dst.into(),
                spi: 0,
                proto,
            },
            family: family_of(dst),
            saddr: src.into(),
            mode,
            aalgos: !0,
            ealgos: !0,
            calgos: !0,
            ..Tmpl::default()
        }
    }
}

impl TmplRef<'_> {
    /// The source address, by the template's family.
    pub fn src(&self) -> IpAddr {
        self.saddr().ip(self.family())
    }

    /// The destination address, by the template's family.
    pub fn dst(&self) -> IpAddr {
        self.id().daddr().ip(self.family())
    }
}
