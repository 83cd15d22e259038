//! The highest metric kind (table ids are in `route::table_id`). The
//! attribute numbers (`RTA_*`, `RTAX_*`) are declared with their tables
//! ([`RouteMsg`](super::RouteMsg), [`Metrics`](super::Metrics)).

/// The highest `RTAX_*` this crate knows.
pub const RTAX_MAX: u16 = 17;
