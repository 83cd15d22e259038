//! The state and flags of a neighbour entry: `NUD_*` (`ndm_state`),
//! `NTF_*` (`ndm_flags`) and the extended flags (`NDA_FLAGS_EXT`, with its
//! codec).

use crate::wire::{Encoder, Value};

bitflags::bitflags! {
    /// `NUD_*`: the state of a neighbour entry. No bit set is `NUD_NONE`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct NeighState: u16 {
        /// `NUD_INCOMPLETE`: resolution in progress.
        const INCOMPLETE = 0x01;
        /// `NUD_REACHABLE`: confirmed recently.
        const REACHABLE = 0x02;
        /// `NUD_STALE`: valid but unconfirmed.
        const STALE = 0x04;
        /// `NUD_DELAY`: stale and used, waiting before probing.
        const DELAY = 0x08;
        /// `NUD_PROBE`: being probed.
        const PROBE = 0x10;
        /// `NUD_FAILED`: resolution failed.
        const FAILED = 0x20;
        /// `NUD_NOARP`: needs no resolution (multicast, point-to-point).
        const NOARP = 0x40;
        /// `NUD_PERMANENT`: static, never expires.
        const PERMANENT = 0x80;
    }
}

bitflags::bitflags! {
    /// `NTF_*`: the flags of a neighbour entry (`ndm_flags`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct NeighFlags: u8 {
        /// `NTF_USE`: mark the entry used (requests only).
        const USE = 1 << 0;
        /// `NTF_SELF`: a FDB entry of the device itself.
        const SELF = 1 << 1;
        /// `NTF_MASTER`: a FDB entry of the master (bridge).
        const MASTER = 1 << 2;
        /// `NTF_PROXY`: a proxy ARP/NDP entry.
        const PROXY = 1 << 3;
        /// `NTF_EXT_LEARNED`: learned by an external party.
        const EXT_LEARNED = 1 << 4;
        /// `NTF_OFFLOADED`: offloaded to hardware.
        const OFFLOADED = 1 << 5;
        /// `NTF_STICKY`: a FDB entry that may not move.
        const STICKY = 1 << 6;
        /// `NTF_ROUTER`: the neighbour is an IPv6 router.
        const ROUTER = 1 << 7;
    }
}

bitflags::bitflags! {
    /// Extended flags (`NDA_FLAGS_EXT`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct NeighFlagsExt: u32 {
        /// `NTF_EXT_MANAGED`: the kernel keeps the entry reachable.
        const MANAGED = 1 << 0;
        /// `NTF_EXT_LOCKED`: a locked bridge port's FDB entry.
        const LOCKED = 1 << 1;
    }
}

/// `NDA_FLAGS_EXT`: a 32-bit word of flags, every bit kept.
impl Value for NeighFlagsExt {
    type Out<'a> = NeighFlagsExt;
    type Owned = NeighFlagsExt;
    const SIZES: &'static [usize] = &[4];
    #[inline]
    fn decode(v: &[u8]) -> NeighFlagsExt {
        NeighFlagsExt::from_bits_retain(<u32 as Value>::decode(v))
    }
    fn to_owned(v: NeighFlagsExt) -> NeighFlagsExt {
        v
    }
    fn put(v: &NeighFlagsExt, kind: u16, e: &mut Encoder<'_>) {
        e.put_u32(kind, v.bits());
    }
}
