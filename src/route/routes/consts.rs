//! Route table ids (`RT_TABLE_*`) and the highest metric kind. The
//! attribute numbers (`RTA_*`, `RTAX_*`) are declared with their tables
//! ([`RouteMsg`](super::RouteMsg), [`Metrics`](super::Metrics)).

/// The highest `RTAX_*` this crate knows.
pub const RTAX_MAX: u16 = 17;

/// `RT_TABLE_UNSPEC`: no table (in a dump request: every table).
pub const RT_TABLE_UNSPEC: u32 = 0;
/// `RT_TABLE_COMPAT`.
pub const RT_TABLE_COMPAT: u32 = 252;
/// `RT_TABLE_DEFAULT`.
pub const RT_TABLE_DEFAULT: u32 = 253;
/// `RT_TABLE_MAIN`: the table `ip route` shows and changes by default.
pub const RT_TABLE_MAIN: u32 = 254;
/// `RT_TABLE_LOCAL`: local and broadcast addresses, maintained by the kernel.
pub const RT_TABLE_LOCAL: u32 = 255;
