//! Link statistics (`IFLA_STATS64`).

use crate::wire::{Encoder, Value};

/// `struct rtnl_link_stats64` (`IFLA_STATS64`).
///
/// The first 23 counters exist on every kernel that sends the attribute;
/// `rx_nohandler` (4.6) and `rx_otherhost_dropped` (5.19) read 0 when the
/// kernel's struct is shorter. Longer structs from newer kernels are
/// accepted and their extra counters ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LinkStats64 {
    /// Packets received.
    pub rx_packets: u64,
    /// Packets sent.
    pub tx_packets: u64,
    /// Bytes received.
    pub rx_bytes: u64,
    /// Bytes sent.
    pub tx_bytes: u64,
    /// Receive errors.
    pub rx_errors: u64,
    /// Transmit errors.
    pub tx_errors: u64,
    /// Received packets dropped.
    pub rx_dropped: u64,
    /// Packets dropped on transmit.
    pub tx_dropped: u64,
    /// Multicast packets received.
    pub multicast: u64,
    /// Collisions.
    pub collisions: u64,
    /// `rx_length_errors`.
    pub rx_length_errors: u64,
    /// `rx_over_errors`: receiver ring overruns.
    pub rx_over_errors: u64,
    /// `rx_crc_errors`.
    pub rx_crc_errors: u64,
    /// `rx_frame_errors`.
    pub rx_frame_errors: u64,
    /// `rx_fifo_errors`.
    pub rx_fifo_errors: u64,
    /// `rx_missed_errors`.
    pub rx_missed_errors: u64,
    /// `tx_aborted_errors`.
    pub tx_aborted_errors: u64,
    /// `tx_carrier_errors`.
    pub tx_carrier_errors: u64,
    /// `tx_fifo_errors`.
    pub tx_fifo_errors: u64,
    /// `tx_heartbeat_errors`.
    pub tx_heartbeat_errors: u64,
    /// `tx_window_errors`.
    pub tx_window_errors: u64,
    /// `rx_compressed`.
    pub rx_compressed: u64,
    /// `tx_compressed`.
    pub tx_compressed: u64,
    /// `rx_nohandler` (0 on kernels before 4.6).
    pub rx_nohandler: u64,
    /// `rx_otherhost_dropped` (0 on kernels before 5.19).
    pub rx_otherhost_dropped: u64,
}

impl LinkStats64 {
    /// The smallest `struct rtnl_link_stats64` accepted: 23 counters.
    pub const MIN_LEN: usize = 23 * 8;

    /// Decodes the struct from `b`: at least [`MIN_LEN`](Self::MIN_LEN)
    /// bytes, extra bytes ignored. `None` if `b` is shorter.
    pub fn parse(b: &[u8]) -> Option<LinkStats64> {
        (b.len() >= Self::MIN_LEN).then(|| LinkStats64::read(b))
    }

    /// The counters in `b`, 0 for each one `b` is too short to hold. Built
    /// in place, with no `Option` on the way (the codec's `decode`, after
    /// the walk checked the size: a view's getter returns the struct by
    /// value, so each copy of it counts).
    #[inline]
    fn read(b: &[u8]) -> LinkStats64 {
        // A whole struct (every kernel since 5.19) is read with no check
        // per counter.
        if let Some(all) = b.first_chunk::<200>() {
            return LinkStats64::from_words(|i| word(all, i));
        }
        LinkStats64::from_words(|i| word(b, i))
    }

    /// The counters from `w(0)` to `w(24)`, in the kernel's order.
    #[inline(always)]
    fn from_words(w: impl Fn(usize) -> u64) -> LinkStats64 {
        LinkStats64 {
            rx_packets: w(0),
            tx_packets: w(1),
            rx_bytes: w(2),
            tx_bytes: w(3),
            rx_errors: w(4),
            tx_errors: w(5),
            rx_dropped: w(6),
            tx_dropped: w(7),
            multicast: w(8),
            collisions: w(9),
            rx_length_errors: w(10),
            rx_over_errors: w(11),
            rx_crc_errors: w(12),
            rx_frame_errors: w(13),
            rx_fifo_errors: w(14),
            rx_missed_errors: w(15),
            tx_aborted_errors: w(16),
            tx_carrier_errors: w(17),
            tx_fifo_errors: w(18),
            tx_heartbeat_errors: w(19),
            tx_window_errors: w(20),
            rx_compressed: w(21),
            tx_compressed: w(22),
            rx_nohandler: w(23),
            rx_otherhost_dropped: w(24),
        }
    }

    /// The 25 counters in the kernel's order, as the kernel lays them out.
    pub fn to_bytes(&self) -> [u8; 200] {
        let w = [
            self.rx_packets,
            self.tx_packets,
            self.rx_bytes,
            self.tx_bytes,
            self.rx_errors,
            self.tx_errors,
            self.rx_dropped,
            self.tx_dropped,
            self.multicast,
            self.collisions,
            self.rx_length_errors,
            self.rx_over_errors,
            self.rx_crc_errors,
            self.rx_frame_errors,
            self.rx_fifo_errors,
            self.rx_missed_errors,
            self.tx_aborted_errors,
            self.tx_carrier_errors,
            self.tx_fifo_errors,
            self.tx_heartbeat_errors,
            self.tx_window_errors,
            self.rx_compressed,
            self.tx_compressed,
            self.rx_nohandler,
            self.rx_otherhost_dropped,
        ];
        let mut out = [0u8; 200];
        for (v, o) in w.iter().zip(out.chunks_exact_mut(8)) {
            o.copy_from_slice(&v.to_ne_bytes());
        }
        out
    }
}

/// The codec of `IFLA_STATS64`: a fixed struct of at least
/// [`MIN_LEN`](LinkStats64::MIN_LEN) bytes (longer ones accepted).
impl Value for LinkStats64 {
    type Out<'a> = LinkStats64;
    type Owned = LinkStats64;
    const SIZES: &'static [usize] = &[];
    const MIN: usize = LinkStats64::MIN_LEN;
    #[inline]
    fn decode(v: &[u8]) -> LinkStats64 {
        LinkStats64::read(v)
    }
    fn to_owned(v: LinkStats64) -> LinkStats64 {
        v
    }
    fn put(v: &LinkStats64, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, &v.to_bytes());
    }
}

/// Counter `i` of `b`: 0 when `b` is too short to hold it.
#[inline(always)]
fn word(b: &[u8], i: usize) -> u64 {
    match b.get(i * 8..i * 8 + 8) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_ne_bytes([a, b, c, d, e, f, g, h]),
        _ => 0,
    }
}
