//! The fixed-layout attribute values: NAT-T encapsulation
//! (`xfrm_encap_tmpl`), mark and mask (`xfrm_mark`), replay state
//! (`xfrm_replay_state`), offload (`xfrm_user_offload`), policy type
//! (`xfrm_userpolicy_type`), the dump address filter
//! (`xfrm_address_filter`), and the SAD/SPD counters.

use std::net::IpAddr;

use super::layout::{Address, Net16, fixed};
use super::selector::family_of;

/// `UDP_ENCAP_ESPINUDP_NON_IKE`: ESP in UDP with a non-IKE marker.
pub const UDP_ENCAP_ESPINUDP_NON_IKE: u16 = 1;
/// `UDP_ENCAP_ESPINUDP`: ESP in UDP (RFC 3948, "espinudp").
pub const UDP_ENCAP_ESPINUDP: u16 = 2;
/// `TCP_ENCAP_ESPINTCP`: ESP in TCP (RFC 8229).
pub const TCP_ENCAP_ESPINTCP: u16 = 7;

fixed! {
    /// `struct xfrm_encap_tmpl`: NAT traversal (`XFRMA_ENCAP`).
    Encap / EncapRef = "xfrm_encap_tmpl", 24 {
        /// `encap_type`: `UDP_ENCAP_ESPINUDP`, ...
        encap_type @ 0: u16,
        /// `encap_sport`, host order here.
        encap_sport @ 2: Net16 as u16,
        /// `encap_dport`, host order here.
        encap_dport @ 4: Net16 as u16,
        /// `encap_oa`: the original address (before NAT).
        encap_oa @ 8: Address,
    }
}

fixed! {
    /// `struct xfrm_mark`: a mark value and mask (`XFRMA_MARK`).
    Mark / MarkRef = "xfrm_mark", 8 {
        /// `v`: the value.
        v @ 0: u32,
        /// `m`: the mask.
        m @ 4: u32,
    }
}

impl Mark {
    /// Value `v` under mask `m`.
    pub fn new(v: u32, m: u32) -> Mark {
        Mark { v, m }
    }
}

fixed! {
    /// `struct xfrm_replay_state`: the replay counters of a state without
    /// ESN (`XFRMA_REPLAY_VAL`).
    ReplayState / ReplayStateRef = "xfrm_replay_state", 12 {
        /// `oseq`: the last sequence number sent.
        oseq @ 0: u32,
        /// `seq`: the last sequence number received.
        seq @ 4: u32,
        /// `bitmap`: the replay window.
        bitmap @ 8: u32,
    }
}

/// `XFRM_OFFLOAD_INBOUND`.
pub const XFRM_OFFLOAD_INBOUND: u8 = 2;
/// `XFRM_OFFLOAD_PACKET`: full packet offload.
pub const XFRM_OFFLOAD_PACKET: u8 = 4;

fixed! {
    /// `struct xfrm_user_offload`: hardware offload (`XFRMA_OFFLOAD_DEV`).
    Offload / OffloadRef = "xfrm_user_offload", 8 {
        /// `ifindex`: the device.
        ifindex @ 0: i32,
        /// `flags`: `XFRM_OFFLOAD_*`.
        flags @ 4: u8,
    }
}

fixed! {
    /// `struct xfrm_userpolicy_type`: the policy type
    /// (`XFRMA_POLICY_TYPE`), 6 bytes.
    PolicyType / PolicyTypeRef = "xfrm_userpolicy_type", 6 {
        /// `type`: `XFRM_POLICY_TYPE_MAIN` or `_SUB`.
        kind @ 0: u8,
    }
}

fixed! {
    /// `struct xfrm_address_filter`: which states a dump returns, by
    /// address prefix (`XFRMA_ADDRESS_FILTER`).
    AddressFilter / AddressFilterRef = "xfrm_address_filter", 36 {
        /// `saddr`.
        saddr @ 0: Address,
        /// `daddr`.
        daddr @ 16: Address,
        /// `family`.
        family @ 32: u16,
        /// `splen`: the source prefix length (0: any source).
        splen @ 34: u8,
        /// `dplen`: the destination prefix length (0: any destination).
        dplen @ 35: u8,
    }
}

impl AddressFilter {
    /// States whose source is in `src/splen` and destination in
    /// `dst/dplen` (both of one family).
    pub fn new(src: IpAddr, splen: u8, dst: IpAddr, dplen: u8) -> AddressFilter {
        AddressFilter {
            saddr: src.into(),
            daddr: dst.into(),
            family: family_of(dst),
            splen,
            dplen,
        }
    }
}

fixed! {
    /// `struct xfrmu_sadhinfo`: the SAD's hash table (`XFRMA_SAD_HINFO`).
    SadHinfo / SadHinfoRef = "xfrmu_sadhinfo", 8 {
        /// `sadhcnt`: current buckets.
        sadhcnt @ 0: u32,
        /// `sadhmcnt`: the most buckets allowed.
        sadhmcnt @ 4: u32,
    }
}

fixed! {
    /// `struct xfrmu_spdinfo`: policy counts (`XFRMA_SPD_INFO`).
    SpdCounts / SpdCountsRef = "xfrmu_spdinfo", 24 {
        /// `incnt`: inbound policies.
        incnt @ 0: u32,
        /// `outcnt`: outbound policies.
        outcnt @ 4: u32,
        /// `fwdcnt`: forward policies.
        fwdcnt @ 8: u32,
        /// `inscnt`: inbound socket policies.
        inscnt @ 12: u32,
        /// `outscnt`: outbound socket policies.
        outscnt @ 16: u32,
        /// `fwdscnt`: forward socket policies.
        fwdscnt @ 20: u32,
    }
}

fixed! {
    /// `struct xfrmu_spdhinfo`: the SPD's hash table (`XFRMA_SPD_HINFO`).
    SpdHinfo / SpdHinfoRef = "xfrmu_spdhinfo", 8 {
        /// `spdhcnt`: current buckets.
        spdhcnt @ 0: u32,
        /// `spdhmcnt`: the most buckets allowed.
        spdhmcnt @ 4: u32,
    }
}

fixed! {
    /// `struct xfrmu_spdhthresh`: prefix lengths hashed
    /// (`XFRMA_SPD_IPV4_HTHRESH`, `_IPV6_HTHRESH`).
    SpdHthresh / SpdHthreshRef = "xfrmu_spdhthresh", 2 {
        /// `lbits`: local prefix bits.
        lbits @ 0: u8,
        /// `rbits`: remote prefix bits.
        rbits @ 1: u8,
    }
}
