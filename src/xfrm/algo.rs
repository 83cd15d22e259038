//! Algorithms and their keys: `xfrm_algo` (`XFRMA_ALG_AUTH`,
//! `XFRMA_ALG_CRYPT`, `XFRMA_ALG_COMP`), `xfrm_algo_auth`
//! (`XFRMA_ALG_AUTH_TRUNC`) and `xfrm_algo_aead` (`XFRMA_ALG_AEAD`).
//!
//! Keys are secret: a [`Key`] zeroes its bytes when dropped, and nothing
//! here prints key bytes in `Debug` (only their length).

use std::fmt;

use crate::wire::{Encoder, Value};

use super::layout::arr;

/// Key material: zeroed when dropped, printed as its length only.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Key(Vec<u8>);

impl Key {
    /// A key holding a copy of `b`.
    pub fn new(b: &[u8]) -> Key {
        let mut v = Vec::with_capacity(b.len());
        v.extend_from_slice(b);
        Key(v)
    }

    /// The key bytes (for a caller that must show them, deliberately).
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True for an empty key (a null algorithm).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Overwrites `b` with zeros in a way the optimizer keeps.
pub(crate) fn wipe(b: &mut [u8]) {
    b.fill(0);
    std::hint::black_box(&b);
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

/// Bytes received that may hold keys (a state's message): zeroed when
/// dropped, the storage of the owned states this crate returns
/// (`State<Secret>`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<[u8]>);

impl Secret {
    /// A copy of `b`.
    pub fn new(b: &[u8]) -> Secret {
        Secret(b.into())
    }
}

impl AsRef<[u8]> for Secret {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

/// The name in a 64-byte `alg_name`: the bytes before the first NUL.
fn name_of(b: &[u8]) -> &[u8] {
    let n = b.get(..64).unwrap_or(b);
    match n.iter().position(|&c| c == 0) {
        Some(i) => &n[..i],
        None => n,
    }
}

/// The key after `hdr` bytes: `bits` bits, clamped to what is there.
fn key_of(b: &[u8], hdr: usize, bits: u32) -> &[u8] {
    let rest = b.get(hdr..).unwrap_or(&[]);
    let n = (bits as usize).div_ceil(8).min(rest.len());
    &rest[..n]
}

fn name_bytes(name: &[u8]) -> [u8; 64] {
    let mut a = [0u8; 64];
    let n = name.len().min(63);
    a[..n].copy_from_slice(&name[..n]);
    a
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(arr::<4>(b.get(at..).unwrap_or(&[])))
}

/// Encodes `alg_name[64]`, then the `u32`s, then the key, zeroing the
/// scratch copy afterwards.
fn put_algo(kind: u16, name: &[u8], words: &[u32], key: &[u8], e: &mut Encoder<'_>) {
    let mut v = Vec::with_capacity(64 + 4 * words.len() + key.len());
    v.extend_from_slice(&name_bytes(name));
    for w in words {
        v.extend_from_slice(&w.to_ne_bytes());
    }
    v.extend_from_slice(key);
    e.put(kind, &v);
    wipe(&mut v);
}

/// A view of a `struct xfrm_algo` (or the other two): name, key length,
/// key. `Debug` prints the key's length, never its bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AlgoRef<'a> {
    name: &'a [u8],
    key_bits: u32,
    extra: u32,
    key: &'a [u8],
}

impl<'a> AlgoRef<'a> {
    /// `alg_name`: the kernel's crypto name (`cbc(aes)`, `hmac(sha256)`,
    /// `rfc4106(gcm(aes))`).
    pub fn name(&self) -> &'a [u8] {
        self.name
    }

    /// `alg_key_len`: the key length in bits.
    pub fn key_bits(&self) -> u32 {
        self.key_bits
    }

    /// `alg_trunc_len` (auth-trunc) or `alg_icv_len` (AEAD) in bits; 0 for
    /// a plain `xfrm_algo`.
    pub fn trunc_bits(&self) -> u32 {
        self.extra
    }

    /// The key bytes: secret. Clamped to the bytes actually sent.
    pub fn key(&self) -> &'a [u8] {
        self.key
    }
}

impl fmt::Debug for AlgoRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Algo");
        d.field("name", &String::from_utf8_lossy(self.name))
            .field("key_bits", &self.key_bits);
        if self.extra != 0 {
            d.field("trunc_bits", &self.extra);
        }
        d.field("key", &format_args!("<{} bytes>", self.key.len()))
            .finish()
    }
}

/// An algorithm in its owned form: name, key, and (auth-trunc, AEAD) the
/// truncation or ICV length in bits. The key is zeroed on drop.
#[derive(Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Algo {
    /// The kernel's crypto name (at most 63 bytes are sent).
    pub name: Vec<u8>,
    /// The key; its length in bits goes in `alg_key_len`.
    pub key: Key,
    /// `alg_trunc_len` / `alg_icv_len` in bits (unused by `xfrm_algo`).
    pub trunc_bits: u32,
}

impl Algo {
    /// Algorithm `name` with `key`.
    pub fn new(name: &str, key: &[u8]) -> Algo {
        Algo {
            name: name.as_bytes().to_vec(),
            key: Key::new(key),
            trunc_bits: 0,
        }
    }

    /// With a truncation (auth-trunc) or ICV (AEAD) length in bits.
    #[must_use]
    pub fn trunc(mut self, bits: u32) -> Algo {
        self.trunc_bits = bits;
        self
    }

    fn of(v: AlgoRef<'_>) -> Algo {
        Algo {
            name: v.name.to_vec(),
            key: Key::new(v.key),
            trunc_bits: v.extra,
        }
    }

    fn key_bits(&self) -> u32 {
        (self.key.len() as u32).saturating_mul(8)
    }
}

impl fmt::Debug for Algo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Algo");
        d.field("name", &String::from_utf8_lossy(&self.name));
        if self.trunc_bits != 0 {
            d.field("trunc_bits", &self.trunc_bits);
        }
        d.field("key", &self.key).finish()
    }
}

/// The codec of `struct xfrm_algo`: 64-byte name, key length in bits, key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XfrmAlgo {}

impl Value for XfrmAlgo {
    type Out<'a> = AlgoRef<'a>;
    type Owned = Algo;
    const SIZES: &'static [usize] = &[];
    const MIN: usize = 68;
    fn decode(v: &[u8]) -> AlgoRef<'_> {
        let key_bits = u32_at(v, 64);
        AlgoRef {
            name: name_of(v),
            key_bits,
            extra: 0,
            key: key_of(v, 68, key_bits),
        }
    }
    fn to_owned(v: AlgoRef<'_>) -> Algo {
        Algo::of(v)
    }
    fn put(v: &Algo, kind: u16, e: &mut Encoder<'_>) {
        put_algo(kind, &v.name, &[v.key_bits()], v.key.expose(), e);
    }
}

/// The codec of `struct xfrm_algo_auth` (truncated authentication) and of
/// `struct xfrm_algo_aead`: 64-byte name, key length, truncation or ICV
/// length (bits), key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XfrmAlgoTrunc {}

impl Value for XfrmAlgoTrunc {
    type Out<'a> = AlgoRef<'a>;
    type Owned = Algo;
    const SIZES: &'static [usize] = &[];
    const MIN: usize = 72;
    fn decode(v: &[u8]) -> AlgoRef<'_> {
        let key_bits = u32_at(v, 64);
        AlgoRef {
            name: name_of(v),
            key_bits,
            extra: u32_at(v, 68),
            key: key_of(v, 72, key_bits),
        }
    }
    fn to_owned(v: AlgoRef<'_>) -> Algo {
        Algo::of(v)
    }
    fn put(v: &Algo, kind: u16, e: &mut Encoder<'_>) {
        put_algo(
            kind,
            &v.name,
            &[v.key_bits(), v.trunc_bits],
            v.key.expose(),
            e,
        );
    }
}

impl crate::wire::OwnedBytes for Secret {}
