//! Both protocol and object modules glob-imported together resolve
//! without a name clash (issue 11 §3): `Route` is the protocol marker and
//! `RouteEntry` the owned route. This test fails by not compiling.

use nlstack::conn::*;
use nlstack::route::*;

#[test]
fn conn_and_route_globs_do_not_clash() {
    // `routes` on a connection of protocol `Route` lists `RouteEntry`s.
    type Listed = nlstack::Result<nlstack::wire::List<RouteEntry>>;
    let list: fn(&mut Conn<Route>, RouteFilter) -> Listed = Conn::<Route>::routes;
    let dev: fn(RouteFilter, IfIndex) -> RouteFilter = RouteFilter::dev;
    let _ = (list, dev, Config::default());
}
