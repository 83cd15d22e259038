//! The variable-length attribute values: templates (an array of
//! `xfrm_user_tmpl`), the ESN replay state (`xfrm_replay_state_esn` and
//! its bitmap), and the security context (`xfrm_user_sec_ctx` and its
//! string).

use std::fmt;

use crate::wire::{Encoder, Value};

use super::layout::{Field, arr};
use super::policy_info::{Tmpl, TmplRef};

/// The templates of a policy (`XFRMA_TMPL`): whole 64-byte
/// `xfrm_user_tmpl`s; a trailing partial one is ignored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Tmpls<'a>(&'a [u8]);

impl<'a> Tmpls<'a> {
    /// How many.
    pub fn len(&self) -> usize {
        self.0.len() / Tmpl::LEN
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Template `i`.
    pub fn get(&self, i: usize) -> Option<TmplRef<'a>> {
        TmplRef::new(self.0.get(i * Tmpl::LEN..)?)
    }

    /// Each template in order.
    pub fn iter(&self) -> impl Iterator<Item = TmplRef<'a>> + 'a {
        self.0.chunks_exact(Tmpl::LEN).filter_map(TmplRef::new)
    }
}

impl fmt::Debug for Tmpls<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The codec of `XFRMA_TMPL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TmplList {}

impl Value for TmplList {
    type Out<'a> = Tmpls<'a>;
    type Owned = Vec<Tmpl>;
    const SIZES: &'static [usize] = &[];
    fn decode(v: &[u8]) -> Tmpls<'_> {
        Tmpls(v)
    }
    fn to_owned(v: Tmpls<'_>) -> Vec<Tmpl> {
        v.iter().map(|t| t.to_owned()).collect()
    }
    fn put(v: &Vec<Tmpl>, kind: u16, e: &mut Encoder<'_>) {
        let mut b = vec![0u8; v.len() * Tmpl::LEN];
        for (t, out) in v.iter().zip(b.chunks_exact_mut(Tmpl::LEN)) {
            <Tmpl as Field>::put(t, out);
        }
        e.put(kind, &b);
    }
}

/// A view of `struct xfrm_replay_state_esn` (`XFRMA_REPLAY_ESN_VAL`):
/// 24 bytes of counters, then `bmp_len` 32-bit words of bitmap.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ReplayEsnRef<'a>(&'a [u8]);

impl<'a> ReplayEsnRef<'a> {
    fn word(&self, i: usize) -> u32 {
        u32::from_ne_bytes(arr::<4>(self.0.get(i * 4..).unwrap_or(&[])))
    }
    /// `bmp_len`: bitmap words.
    pub fn bmp_len(&self) -> u32 {
        self.word(0)
    }
    /// `oseq`.
    pub fn oseq(&self) -> u32 {
        self.word(1)
    }
    /// `seq`.
    pub fn seq(&self) -> u32 {
        self.word(2)
    }
    /// `oseq_hi`.
    pub fn oseq_hi(&self) -> u32 {
        self.word(3)
    }
    /// `seq_hi`.
    pub fn seq_hi(&self) -> u32 {
        self.word(4)
    }
    /// `replay_window`: in packets.
    pub fn replay_window(&self) -> u32 {
        self.word(5)
    }
    /// The bitmap words present (at most `bmp_len`).
    pub fn bitmap(&self) -> impl Iterator<Item = u32> + 'a {
        let n = self.bmp_len() as usize;
        self.0
            .get(24..)
            .unwrap_or(&[])
            .chunks_exact(4)
            .take(n)
            .map(|w| u32::from_ne_bytes(arr::<4>(w)))
    }
}

impl fmt::Debug for ReplayEsnRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayEsn")
            .field("bmp_len", &self.bmp_len())
            .field("oseq", &self.oseq())
            .field("seq", &self.seq())
            .field("oseq_hi", &self.oseq_hi())
            .field("seq_hi", &self.seq_hi())
            .field("replay_window", &self.replay_window())
            .finish()
    }
}

/// `struct xfrm_replay_state_esn` in its owned form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ReplayEsn {
    /// `oseq`.
    pub oseq: u32,
    /// `seq`.
    pub seq: u32,
    /// `oseq_hi`.
    pub oseq_hi: u32,
    /// `seq_hi`.
    pub seq_hi: u32,
    /// `replay_window`.
    pub replay_window: u32,
    /// The bitmap (`bmp_len` is its length).
    pub bitmap: Vec<u32>,
}

impl ReplayEsn {
    /// A replay window of `window` packets, counters at zero, with the
    /// bitmap it needs (as `ip xfrm state ... replay-window N flag esn`).
    pub fn window(window: u32) -> ReplayEsn {
        ReplayEsn {
            replay_window: window,
            bitmap: vec![0; window.div_ceil(32) as usize],
            ..ReplayEsn::default()
        }
    }
}

/// The codec of `XFRMA_REPLAY_ESN_VAL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayEsnVal {}

impl Value for ReplayEsnVal {
    type Out<'a> = ReplayEsnRef<'a>;
    type Owned = ReplayEsn;
    const SIZES: &'static [usize] = &[];
    const MIN: usize = 24;
    fn decode(v: &[u8]) -> ReplayEsnRef<'_> {
        ReplayEsnRef(v)
    }
    fn to_owned(v: ReplayEsnRef<'_>) -> ReplayEsn {
        ReplayEsn {
            oseq: v.oseq(),
            seq: v.seq(),
            oseq_hi: v.oseq_hi(),
            seq_hi: v.seq_hi(),
            replay_window: v.replay_window(),
            bitmap: v.bitmap().collect(),
        }
    }
    fn put(v: &ReplayEsn, kind: u16, e: &mut Encoder<'_>) {
        let mut b = Vec::with_capacity(24 + 4 * v.bitmap.len());
        for w in [
            v.bitmap.len() as u32,
            v.oseq,
            v.seq,
            v.oseq_hi,
            v.seq_hi,
            v.replay_window,
        ]
        .into_iter()
        .chain(v.bitmap.iter().copied())
        {
            b.extend_from_slice(&w.to_ne_bytes());
        }
        e.put(kind, &b);
    }
}

/// `XFRM_SC_DOI_LSM`.
pub const XFRM_SC_DOI_LSM: u8 = 1;
/// `XFRM_SC_ALG_SELINUX`.
pub const XFRM_SC_ALG_SELINUX: u8 = 1;

/// A view of `struct xfrm_user_sec_ctx` and its context string
/// (`XFRMA_SEC_CTX`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SecCtxRef<'a>(&'a [u8]);

impl<'a> SecCtxRef<'a> {
    /// `ctx_alg`.
    pub fn alg(&self) -> u8 {
        self.0.get(4).copied().unwrap_or(0)
    }
    /// `ctx_doi`.
    pub fn doi(&self) -> u8 {
        self.0.get(5).copied().unwrap_or(0)
    }
    /// The context (`ctx_len` bytes after the header, clamped to what is
    /// there).
    pub fn context(&self) -> &'a [u8] {
        let n = u16::from_ne_bytes(arr::<2>(self.0.get(6..).unwrap_or(&[]))) as usize;
        let rest = self.0.get(8..).unwrap_or(&[]);
        &rest[..n.min(rest.len())]
    }
}

impl fmt::Debug for SecCtxRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecCtx")
            .field("alg", &self.alg())
            .field("doi", &self.doi())
            .field("context", &String::from_utf8_lossy(self.context()))
            .finish()
    }
}

/// A security context in its owned form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SecCtx {
    /// `ctx_alg`: `XFRM_SC_ALG_SELINUX`.
    pub alg: u8,
    /// `ctx_doi`: `XFRM_SC_DOI_LSM`.
    pub doi: u8,
    /// The context string.
    pub context: Vec<u8>,
}

/// The codec of `XFRMA_SEC_CTX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecCtxVal {}

impl Value for SecCtxVal {
    type Out<'a> = SecCtxRef<'a>;
    type Owned = SecCtx;
    const SIZES: &'static [usize] = &[];
    const MIN: usize = 8;
    fn decode(v: &[u8]) -> SecCtxRef<'_> {
        SecCtxRef(v)
    }
    fn to_owned(v: SecCtxRef<'_>) -> SecCtx {
        SecCtx {
            alg: v.alg(),
            doi: v.doi(),
            context: v.context().to_vec(),
        }
    }
    fn put(v: &SecCtx, kind: u16, e: &mut Encoder<'_>) {
        let n = v.context.len().min(u16::MAX as usize - 8);
        let mut b = Vec::with_capacity(8 + n);
        b.extend_from_slice(&((8 + n) as u16).to_ne_bytes());
        b.extend_from_slice(&kind.to_ne_bytes());
        b.push(v.alg);
        b.push(v.doi);
        b.extend_from_slice(&(n as u16).to_ne_bytes());
        b.extend_from_slice(&v.context[..n]);
        e.put(kind, &b);
    }
}
