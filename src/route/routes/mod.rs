//! Routes: `RTM_NEWROUTE`/`RTM_DELROUTE`/`RTM_GETROUTE`.
//!
//! - [`RouteMsg`]: a route message, declared once as a table: `RouteMsg<&[u8]>`
//!   is a view (indexed in one pass, no allocation), with [`NextHops`], an
//!   allocation-free iterator over the next hops of a multipath route, and
//!   [`Metrics`], the nested `RTAX_*` table.
//! - [`RouteEntry`]: the owned value (`RouteMsg` over its own bytes,
//!   [`RouteMsg::owned`]).
//! - [`RouteRequest`]: a route to add, replace, append or delete, built
//!   from a [`Prefix`](crate::route::Prefix); [`RouteLookup`]: a lookup (`ip route get`).
//! - Operations on `Conn<Route>`: [`routes`](crate::conn::Conn::routes),
//!   [`route_get`](crate::conn::Conn::route_get), [`route_lookup`](crate::conn::Conn::route_lookup),
//!   [`route_add`](crate::conn::Conn::route_add), [`route_replace`](crate::conn::Conn::route_replace),
//!   [`route_append`](crate::conn::Conn::route_append), [`route_del`](crate::conn::Conn::route_del).
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::route::{NextHopRequest, RouteFilter, RouteRequest};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! // ip route add 10.1.0.0/16 via 192.0.2.1 dev <2> table 1000 metric 10
//! let req = RouteRequest::new("10.1.0.0/16".parse()?)
//!     .via("192.0.2.1".parse()?)
//!     .dev(2)
//!     .table(1000)
//!     .metric(10);
//! conn.route_add(&req)?;
//! // ip route add 10.2.0.0/16 nexthop via 192.0.2.1 weight 1 nexthop via 192.0.2.2 weight 3
//! let ecmp = RouteRequest::new("10.2.0.0/16".parse()?)
//!     .nexthop(NextHopRequest::new().via("192.0.2.1".parse()?))
//!     .nexthop(NextHopRequest::new().via("192.0.2.2".parse()?).weight(3));
//! conn.route_add(&ecmp)?;
//! for r in &conn.routes(RouteFilter::table(1000))? {
//!     println!("{:?} via {:?} metric {:?}", r.dst_prefix(), r.gateway(), r.priority());
//! }
//! println!("{:?}", conn.route_get("10.1.2.3".parse()?)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cacheinfo;
mod consts;
mod metrics;
mod nexthop;
mod nexthop_attrs;
mod ops;
mod owned;
mod query;
mod request;
mod types;
mod via;
mod view;

pub use cacheinfo::RouteCacheInfo;
pub use consts::*;
pub use metrics::*;
pub use nexthop::{Multipath, NextHop, NextHopMsg, NextHopRequest, NextHops};
pub use owned::RouteEntry;
pub use query::{RouteFilter, RouteLookup};
pub use request::RouteRequest;
pub use types::{NextHopFlags, RouteFlags, RoutePref, RouteProtocol, RouteScope, RouteType};
pub use via::Via;
pub use view::*;
