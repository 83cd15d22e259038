//! The `XFRMA_*` attributes, declared once: every XFRM message that
//! carries attributes draws them from this one table (the kernel has one
//! `xfrma_policy` for all of them). `xfrma_table!` expands it for each
//! message's fixed header: [`State`](super::State) (after
//! `xfrm_usersa_info`), [`Policy`](super::Policy) (after
//! `xfrm_userpolicy_info`), and here [`XfrmAttrs`] with no header, for the
//! attributes of any other message (events, `NEWAE`), parsed from the
//! bytes after its fixed struct.

/// Expands `attr_table!` with every `XFRMA_*` attribute, for the view
/// named in `$head` (`pub struct X / XSpec[, header N]`).
macro_rules! xfrma_table {
    ($($head:tt)*) => {
        attr_table! {
            $($head)*;
            /// `XFRMA_ALG_AUTH`: the authentication algorithm and key
            /// (`xfrm_algo`; the kernel's answer has `XFRMA_ALG_AUTH_TRUNC`
            /// too).
            XFRMA_ALG_AUTH = 1 => auth: crate::xfrm::XfrmAlgo => crate::xfrm::AlgoRef<'a>,
            /// `XFRMA_ALG_CRYPT`: the encryption algorithm and key.
            XFRMA_ALG_CRYPT = 2 => crypt: crate::xfrm::XfrmAlgo => crate::xfrm::AlgoRef<'a>,
            /// `XFRMA_ALG_COMP`: the compression algorithm.
            XFRMA_ALG_COMP = 3 => comp: crate::xfrm::XfrmAlgo => crate::xfrm::AlgoRef<'a>,
            /// `XFRMA_ENCAP`: NAT traversal (`xfrm_encap_tmpl`).
            XFRMA_ENCAP = 4 => encap: crate::xfrm::Encap => crate::xfrm::EncapRef<'a>,
            /// `XFRMA_TMPL`: a policy's templates (`xfrm_user_tmpl`s).
            XFRMA_TMPL = 5 => tmpl: crate::xfrm::TmplList => crate::xfrm::Tmpls<'a>,
            /// `XFRMA_SA`: a state (`xfrm_usersa_info`), in a deleted
            /// state's event.
            XFRMA_SA = 6 => sa: crate::xfrm::SaInfo => crate::xfrm::SaInfoRef<'a>,
            /// `XFRMA_POLICY`: a policy (`xfrm_userpolicy_info`), in a
            /// deleted policy's event.
            XFRMA_POLICY = 7 => policy: crate::xfrm::PolicyInfo => crate::xfrm::PolicyInfoRef<'a>,
            /// `XFRMA_SEC_CTX`: the security context.
            XFRMA_SEC_CTX = 8 => sec_ctx: crate::xfrm::SecCtxVal => crate::xfrm::SecCtxRef<'a>,
            /// `XFRMA_LTIME_VAL`: lifetime values (`xfrm_lifetime_cur`).
            XFRMA_LTIME_VAL = 9 => ltime_val: crate::xfrm::LifetimeCur => crate::xfrm::LifetimeCurRef<'a>,
            /// `XFRMA_REPLAY_VAL`: replay state (`xfrm_replay_state`).
            XFRMA_REPLAY_VAL = 10 => replay_val: crate::xfrm::ReplayState => crate::xfrm::ReplayStateRef<'a>,
            /// `XFRMA_REPLAY_THRESH`: replay events every this many packets.
            XFRMA_REPLAY_THRESH = 11 => replay_thresh: u32 => u32,
            /// `XFRMA_ETIMER_THRESH`: replay events at most this often
            /// (tenths of a second).
            XFRMA_ETIMER_THRESH = 12 => etimer_thresh: u32 => u32,
            /// `XFRMA_SRCADDR`: a source address (`xfrm_address_t`).
            XFRMA_SRCADDR = 13 => srcaddr: crate::xfrm::Address => crate::xfrm::Address,
            /// `XFRMA_COADDR`: a care-of address (mobile IPv6).
            XFRMA_COADDR = 14 => coaddr: crate::xfrm::Address => crate::xfrm::Address,
            /// `XFRMA_LASTUSED`: seconds since the epoch of last use.
            XFRMA_LASTUSED = 15 => lastused: u64 => u64,
            /// `XFRMA_POLICY_TYPE`: main or sub (`xfrm_userpolicy_type`).
            XFRMA_POLICY_TYPE = 16 => policy_type: crate::xfrm::PolicyType => crate::xfrm::PolicyTypeRef<'a>,
            /// `XFRMA_MIGRATE`: `xfrm_user_migrate`s, as sent.
            XFRMA_MIGRATE = 17 => migrate: crate::wire::Bytes => &'a [u8],
            /// `XFRMA_ALG_AEAD`: the AEAD algorithm, key and ICV length
            /// (`xfrm_algo_aead`).
            XFRMA_ALG_AEAD = 18 => aead: crate::xfrm::XfrmAlgoTrunc => crate::xfrm::AlgoRef<'a>,
            /// `XFRMA_KMADDRESS`: `xfrm_user_kmaddress`, as sent.
            XFRMA_KMADDRESS = 19 => kmaddress: crate::wire::Bytes => &'a [u8],
            /// `XFRMA_ALG_AUTH_TRUNC`: authentication with a truncation
            /// length (`xfrm_algo_auth`).
            XFRMA_ALG_AUTH_TRUNC = 20 => auth_trunc: crate::xfrm::XfrmAlgoTrunc => crate::xfrm::AlgoRef<'a>,
            /// `XFRMA_MARK`: mark and mask (`xfrm_mark`).
            XFRMA_MARK = 21 => mark: crate::xfrm::Mark => crate::xfrm::MarkRef<'a>,
            /// `XFRMA_TFCPAD`: traffic-flow-confidentiality padding.
            XFRMA_TFCPAD = 22 => tfcpad: u32 => u32,
            /// `XFRMA_REPLAY_ESN_VAL`: replay state with ESN.
            XFRMA_REPLAY_ESN_VAL = 23 => replay_esn: crate::xfrm::ReplayEsnVal => crate::xfrm::ReplayEsnRef<'a>,
            /// `XFRMA_SA_EXTRA_FLAGS`: `XFRM_SA_XFLAG_*`.
            XFRMA_SA_EXTRA_FLAGS = 24 => extra_flags: u32 => u32,
            /// `XFRMA_PROTO`: in a state dump request, the protocol to
            /// list.
            XFRMA_PROTO = 25 => filter_proto: u8 => u8,
            /// `XFRMA_ADDRESS_FILTER`: in a state dump request, the
            /// addresses to list (`xfrm_address_filter`).
            XFRMA_ADDRESS_FILTER = 26 => address_filter: crate::xfrm::AddressFilter => crate::xfrm::AddressFilterRef<'a>,
            /// `XFRMA_OFFLOAD_DEV`: hardware offload (`xfrm_user_offload`).
            XFRMA_OFFLOAD_DEV = 28 => offload: crate::xfrm::Offload => crate::xfrm::OffloadRef<'a>,
            /// `XFRMA_SET_MARK`: the mark set on packets after the
            /// transformation ("output-mark").
            XFRMA_SET_MARK = 29 => set_mark: u32 => u32,
            /// `XFRMA_SET_MARK_MASK`.
            XFRMA_SET_MARK_MASK = 30 => set_mark_mask: u32 => u32,
            /// `XFRMA_IF_ID`: the xfrm interface id.
            XFRMA_IF_ID = 31 => if_id: u32 => u32,
            /// `XFRMA_MTIMER_THRESH`: seconds (input states, NAT-T).
            XFRMA_MTIMER_THRESH = 32 => mtimer_thresh: u32 => u32,
            /// `XFRMA_SA_DIR`: the state's direction (`XFRM_SA_DIR_IN`
            /// 1, `_OUT` 2; kernels from 6.10).
            XFRMA_SA_DIR = 33 => sa_dir: u8 => u8,
            /// `XFRMA_NAT_KEEPALIVE_INTERVAL`: seconds (kernels from 6.10).
            XFRMA_NAT_KEEPALIVE_INTERVAL = 34 => nat_keepalive_interval: u32 => u32,
            /// `XFRMA_SA_PCPU`: the CPU of a per-CPU state (kernels from
            /// 6.13).
            XFRMA_SA_PCPU = 35 => sa_pcpu: u32 => u32,
        }
    };
}

pub(crate) use xfrma_table;

use crate::wire::attr_table;

/// `XFRMA_PAD`: padding before 64-bit values (never a value).
pub const XFRMA_PAD: u16 = 27;
/// `XFRM_SA_DIR_IN`.
pub const XFRM_SA_DIR_IN: u8 = 1;
/// `XFRM_SA_DIR_OUT`.
pub const XFRM_SA_DIR_OUT: u8 = 2;
/// `XFRM_SA_XFLAG_DONT_ENCAP_DSCP`.
pub const XFRM_SA_XFLAG_DONT_ENCAP_DSCP: u32 = 1;
/// `XFRM_SA_XFLAG_OSEQ_MAY_WRAP`.
pub const XFRM_SA_XFLAG_OSEQ_MAY_WRAP: u32 = 2;

xfrma_table! {
    /// The `XFRMA_*` attributes of any XFRM message, parsed from the bytes
    /// after its fixed struct (events, `NEWAE`).
    pub struct XfrmAttrs / XfrmAttrsSpec
}
