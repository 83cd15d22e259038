//! [`Pending`]: the exchange a connection is in the middle of, kept as
//! state (see `exchange.rs` for how it moves).

/// The kind of exchange a connection is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Exchange {
    /// A request with one reply ([`Conn::request`](crate::conn::Conn::request)).
    Request,
    /// A change waiting for its acknowledgement ([`Conn::ack`](crate::conn::Conn::ack)).
    Ack,
    /// A dump reading to its `NLMSG_DONE` ([`Conn::dump`](crate::conn::Conn::dump)).
    Dump,
}

/// The exchange a connection is in the middle of: what it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pending {
    /// The sequence number the replies carry.
    pub seq: u32,
    /// What kind of exchange.
    pub kind: Exchange,
}
