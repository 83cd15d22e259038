//! [`Metrics`]: a route's `RTAX_*` values (`RTA_METRICS`), a nested
//! table; [`MetricsSpec`] is its request form.

use crate::route::routes::consts::RTAX_MAX;
use crate::wire::{CStrBytes, attr_table};

attr_table! {
    /// `RTA_METRICS`: the route's `RTAX_*` values, read on demand from the
    /// message. `RTAX_CC_ALGO` is a name; the others are `u32`s.
    ///
    /// ```
    /// use nlstack::route::{MetricsSpec, RTAX_ADVMSS, RTAX_MTU};
    /// let m = MetricsSpec::new().mtu(1400).with(RTAX_ADVMSS, 1360);
    /// assert_eq!(m.mtu, Some(1400));
    /// assert_eq!(m.get(RTAX_ADVMSS), Some(1360));
    /// assert_eq!(m.iter().collect::<Vec<_>>(), [(RTAX_MTU, 1400), (RTAX_ADVMSS, 1360)]);
    /// ```
    pub struct Metrics / MetricsSpec;
    /// `RTAX_LOCK`: bitmask of metrics locked against path-MTU and
    /// congestion updates (bit `1 << RTAX_x`).
    RTAX_LOCK = 1 => lock: u32 => u32,
    /// `RTAX_MTU`: the path MTU.
    RTAX_MTU = 2 => mtu: u32 => u32,
    /// `RTAX_WINDOW`: the TCP window clamp.
    RTAX_WINDOW = 3 => window: u32 => u32,
    /// `RTAX_RTT`: the initial RTT estimate.
    RTAX_RTT = 4 => rtt: u32 => u32,
    /// `RTAX_RTTVAR`: the initial RTT variance.
    RTAX_RTTVAR = 5 => rttvar: u32 => u32,
    /// `RTAX_SSTHRESH`: the initial slow-start threshold.
    RTAX_SSTHRESH = 6 => ssthresh: u32 => u32,
    /// `RTAX_CWND`: the congestion window clamp.
    RTAX_CWND = 7 => cwnd: u32 => u32,
    /// `RTAX_ADVMSS`: the MSS to advertise.
    RTAX_ADVMSS = 8 => advmss: u32 => u32,
    /// `RTAX_REORDERING`: the initial reordering estimate.
    RTAX_REORDERING = 9 => reordering: u32 => u32,
    /// `RTAX_HOPLIMIT`: the hop limit (TTL).
    RTAX_HOPLIMIT = 10 => hoplimit: u32 => u32,
    /// `RTAX_INITCWND`: the initial congestion window.
    RTAX_INITCWND = 11 => initcwnd: u32 => u32,
    /// `RTAX_FEATURES`: `RTAX_FEATURE_*` bits (ECN...).
    RTAX_FEATURES = 12 => features: u32 => u32,
    /// `RTAX_RTO_MIN`: the minimal retransmission timeout.
    RTAX_RTO_MIN = 13 => rto_min: u32 => u32,
    /// `RTAX_INITRWND`: the initial receive window.
    RTAX_INITRWND = 14 => initrwnd: u32 => u32,
    /// `RTAX_QUICKACK`: quick acks.
    RTAX_QUICKACK = 15 => quickack: u32 => u32,
    /// `RTAX_CC_ALGO`: the congestion control algorithm, a name (bytes
    /// before the NUL).
    RTAX_CC_ALGO = 16 => cc_algo: CStrBytes => &'a [u8],
    /// `RTAX_FASTOPEN_NO_COOKIE`: TCP fast open without a cookie.
    RTAX_FASTOPEN_NO_COOKIE = 17 => fastopen_no_cookie: u32 => u32,
}

/// The numeric `RTAX_*` values present in `attrs`, by kind.
fn numeric<'m>(
    get: impl Fn(u16) -> Option<&'m [u8]> + 'm,
) -> impl Iterator<Item = (u16, u32)> + 'm {
    (1..=RTAX_MAX)
        .filter(|&k| k != RTAX_CC_ALGO)
        .filter_map(move |k| get(k).map(|v| (k, <u32 as crate::wire::Value>::decode(v))))
}

impl<'a> Metrics<&'a [u8]> {
    /// The value of numeric `RTAX_*` `kind`, if present (`None` for
    /// `RTAX_CC_ALGO`: see [`cc_algo`](Self::cc_algo)).
    pub fn get(&self, kind: u16) -> Option<u32> {
        if kind == RTAX_CC_ALGO {
            return None;
        }
        self.attr_of(kind).map(<u32 as crate::wire::Value>::decode)
    }

    /// The numeric values present, `(RTAX_*, value)`, by kind.
    pub fn iter(&self) -> impl Iterator<Item = (u16, u32)> + 'a {
        let m = *self;
        numeric(move |k| m.attr_of(k))
    }
}

/// `$f!(self, kind)`: the field of numeric `RTAX_*` `kind`, by `&` or
/// `&mut`.
macro_rules! slot {
    ($s:expr, $kind:expr, $($r:tt)*) => {
        match $kind {
            RTAX_LOCK => Some($($r)* $s.lock),
            RTAX_MTU => Some($($r)* $s.mtu),
            RTAX_WINDOW => Some($($r)* $s.window),
            RTAX_RTT => Some($($r)* $s.rtt),
            RTAX_RTTVAR => Some($($r)* $s.rttvar),
            RTAX_SSTHRESH => Some($($r)* $s.ssthresh),
            RTAX_CWND => Some($($r)* $s.cwnd),
            RTAX_ADVMSS => Some($($r)* $s.advmss),
            RTAX_REORDERING => Some($($r)* $s.reordering),
            RTAX_HOPLIMIT => Some($($r)* $s.hoplimit),
            RTAX_INITCWND => Some($($r)* $s.initcwnd),
            RTAX_FEATURES => Some($($r)* $s.features),
            RTAX_RTO_MIN => Some($($r)* $s.rto_min),
            RTAX_INITRWND => Some($($r)* $s.initrwnd),
            RTAX_QUICKACK => Some($($r)* $s.quickack),
            RTAX_FASTOPEN_NO_COOKIE => Some($($r)* $s.fastopen_no_cookie),
            _ => None,
        }
    };
}

impl MetricsSpec {
    fn slot(&mut self, kind: u16) -> Option<&mut Option<u32>> {
        slot!(self, kind, &mut)
    }

    /// The value of numeric `RTAX_*` `kind`, if set.
    pub fn get(&self, kind: u16) -> Option<u32> {
        slot!(self, kind, &).and_then(|v| *v)
    }

    /// Sets numeric `RTAX_*` `kind` to `value`; kinds this crate does not
    /// know (above [`RTAX_MAX`]), 0 and `RTAX_CC_ALGO` are ignored.
    pub fn set(&mut self, kind: u16, value: u32) -> &mut Self {
        if let Some(v) = self.slot(kind) {
            *v = Some(value);
        }
        self
    }

    /// [`set`](Self::set), by value, for chaining.
    #[must_use]
    pub fn with(mut self, kind: u16, value: u32) -> MetricsSpec {
        self.set(kind, value);
        self
    }

    /// Unsets `RTAX_*` `kind` (`RTAX_CC_ALGO` included).
    pub fn remove(&mut self, kind: u16) {
        if kind == RTAX_CC_ALGO {
            self.cc_algo = None;
        } else if let Some(v) = self.slot(kind) {
            *v = None;
        }
    }

    /// The numeric values set, `(RTAX_*, value)`, by kind.
    pub fn iter(&self) -> impl Iterator<Item = (u16, u32)> + '_ {
        (1..=RTAX_MAX).filter_map(move |k| self.get(k).map(|v| (k, v)))
    }

    /// Sets `RTAX_CC_ALGO`; false (and unchanged) for a name over 15
    /// bytes (`TCP_CA_NAME_MAX` is 16 with the NUL).
    pub fn set_cc_algo(&mut self, name: &[u8]) -> bool {
        if name.len() > 15 {
            return false;
        }
        self.cc_algo = Some(name.to_vec());
        true
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        *self == MetricsSpec::default()
    }
}
