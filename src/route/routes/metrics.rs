//! [`Metrics`]: a route's `RTAX_*` values (`RTA_METRICS`).

use std::fmt;

use crate::route::decode::{AttrErrors, wrong_size};
use crate::route::routes::consts::*;
use crate::wire::{Attrs, Encoder};

/// `RTA_METRICS`: the route's `RTAX_*` values, inline (no allocation),
/// indexed by `RTAX_*` kind. `RTAX_CC_ALGO` is a name and kept apart.
///
/// ```
/// use nlstack::route::{Metrics, RTAX_ADVMSS, RTAX_MTU};
/// let m = Metrics::new().with(RTAX_MTU, 1400).with(RTAX_ADVMSS, 1360);
/// assert_eq!(m.mtu(), Some(1400));
/// assert_eq!(m.iter().collect::<Vec<_>>(), [(RTAX_MTU, 1400), (RTAX_ADVMSS, 1360)]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Metrics {
    values: [Option<u32>; RTAX_MAX as usize + 1],
    cc_algo: Option<CcName>,
}

/// A congestion-control name (`TCP_CA_NAME_MAX`: 15 bytes and a NUL).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CcName {
    len: u8,
    name: [u8; 15],
}

impl CcName {
    fn new(s: &str) -> Option<CcName> {
        let mut name = [0u8; 15];
        name.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(CcName {
            len: s.len() as u8,
            name,
        })
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.name[..self.len as usize]).unwrap_or("")
    }
}

impl Metrics {
    /// No metrics.
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// The value of `RTAX_*` `kind`, if set (`RTAX_CC_ALGO`: see
    /// [`cc_algo`](Self::cc_algo)).
    pub fn get(&self, kind: u16) -> Option<u32> {
        self.values.get(kind as usize).copied().flatten()
    }

    /// Sets `RTAX_*` `kind` to `value`; kinds this crate does not know
    /// (above [`RTAX_MAX`]), 0 and `RTAX_CC_ALGO` are ignored.
    pub fn set(&mut self, kind: u16, value: u32) -> &mut Self {
        if kind != RTAX_CC_ALGO && kind != 0 {
            if let Some(v) = self.values.get_mut(kind as usize) {
                *v = Some(value);
            }
        }
        self
    }

    /// [`set`](Self::set), by value, for chaining.
    #[must_use]
    pub fn with(mut self, kind: u16, value: u32) -> Metrics {
        self.set(kind, value);
        self
    }

    /// Unsets `RTAX_*` `kind`.
    pub fn remove(&mut self, kind: u16) {
        if kind == RTAX_CC_ALGO {
            self.cc_algo = None;
        } else if let Some(v) = self.values.get_mut(kind as usize) {
            *v = None;
        }
    }

    /// `RTAX_CC_ALGO`: the congestion control algorithm's name.
    pub fn cc_algo(&self) -> Option<&str> {
        self.cc_algo.as_ref().map(CcName::as_str)
    }

    /// Sets `RTAX_CC_ALGO`; false (and unchanged) for a name over 15 bytes.
    pub fn set_cc_algo(&mut self, name: &str) -> bool {
        match CcName::new(name) {
            Some(n) => {
                self.cc_algo = Some(n);
                true
            }
            None => false,
        }
    }

    /// The numeric values set, `(RTAX_*, value)`, by kind.
    pub fn iter(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        self.values
            .iter()
            .enumerate()
            .filter_map(|(k, v)| v.map(|v| (k as u16, v)))
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.cc_algo.is_none() && self.values.iter().all(Option::is_none)
    }

    /// `RTAX_MTU`.
    pub fn mtu(&self) -> Option<u32> {
        self.get(RTAX_MTU)
    }
    /// `RTAX_ADVMSS`.
    pub fn advmss(&self) -> Option<u32> {
        self.get(RTAX_ADVMSS)
    }
    /// `RTAX_HOPLIMIT`.
    pub fn hoplimit(&self) -> Option<u32> {
        self.get(RTAX_HOPLIMIT)
    }
    /// `RTAX_WINDOW`.
    pub fn window(&self) -> Option<u32> {
        self.get(RTAX_WINDOW)
    }
    /// `RTAX_INITCWND`.
    pub fn initcwnd(&self) -> Option<u32> {
        self.get(RTAX_INITCWND)
    }
    /// `RTAX_INITRWND`.
    pub fn initrwnd(&self) -> Option<u32> {
        self.get(RTAX_INITRWND)
    }
    /// `RTAX_LOCK`: which metrics are locked (`1 << RTAX_*`).
    pub fn lock(&self) -> Option<u32> {
        self.get(RTAX_LOCK)
    }
    /// `RTAX_FEATURES`.
    pub fn features(&self) -> Option<u32> {
        self.get(RTAX_FEATURES)
    }

    /// Decodes the nest, recording malformed entries in `e`.
    pub(crate) fn parse(attrs: Attrs<'_>, e: &mut AttrErrors) -> Metrics {
        let mut m = Metrics::default();
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                RTAX_CC_ALGO => {
                    if let Some(s) = e.take(at.str()) {
                        e.set(
                            &mut m.cc_algo,
                            CcName::new(s).ok_or_else(|| wrong_size(&at, &[16])),
                        );
                    }
                }
                k @ 1..=RTAX_MAX => {
                    if let Some(v) = e.take(at.u32()) {
                        m.values[k as usize] = Some(v);
                    }
                }
                _ => {}
            }
        }
        m
    }

    pub(crate) fn encode(&self, e: &mut Encoder<'_>) {
        let mut n = e.nest(RTA_METRICS);
        for (k, v) in self.iter() {
            n.put_u32(k, v);
        }
        if let Some(cc) = self.cc_algo() {
            n.put_str(RTAX_CC_ALGO, cc);
        }
    }
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; RTAX_MAX as usize + 1] = [
            "unspec",
            "lock",
            "mtu",
            "window",
            "rtt",
            "rttvar",
            "ssthresh",
            "cwnd",
            "advmss",
            "reordering",
            "hoplimit",
            "initcwnd",
            "features",
            "rto_min",
            "initrwnd",
            "quickack",
            "cc_algo",
            "fastopen_no_cookie",
        ];
        let mut m = f.debug_map();
        for (k, v) in self.iter() {
            m.entry(&NAMES[k as usize], &v);
        }
        if let Some(cc) = self.cc_algo() {
            m.entry(&"cc_algo", &cc);
        }
        m.finish()
    }
}
