//! Addresses: `RTM_NEWADDR`/`RTM_DELADDR`/`RTM_GETADDR`.

mod cacheinfo;
mod filter;
mod flags;
mod msg;
mod ops;
mod request;

pub use cacheinfo::CacheInfo;
pub use filter::AddrFilter;
pub use flags::AddrFlags;
pub use msg::*;
pub use request::AddrRequest;
