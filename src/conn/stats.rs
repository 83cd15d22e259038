//! What a connection counted instead of delivering, and how its dumps went.

/// Counters a connection keeps: what it dropped instead of delivering, and
/// how its dumps went under the consistency policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Stats {
    /// Datagrams whose sender was not the kernel (`nl_pid != 0`).
    pub foreign: u64,
    /// Messages from the kernel with another sequence number or port: late
    /// replies to earlier requests, or not ours.
    pub stale: u64,
    /// Multicast datagrams that arrived on the request path.
    pub multicast: u64,
    /// Messages of an exchange the caller abandoned (a dump dropped before
    /// its end), discarded when they arrived.
    pub discarded: u64,
    /// `NLMSG_OVERRUN` messages and `ENOBUFS` errors: replies were lost.
    pub overruns: u64,
    /// Dumps repeated because the kernel flagged them inconsistent.
    pub dump_retries: u64,
    /// Dumps that stayed inconsistent and were accepted as such
    /// ([`OnInconsistent::Accept`](crate::conn::OnInconsistent::Accept)).
    pub dumps_inconsistent: u64,
}

impl Stats {
    /// Foreign and stale messages together: everything refused.
    pub fn dropped(&self) -> u64 {
        self.foreign + self.stale
    }
}
