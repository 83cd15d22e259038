//! Both protocol and object modules glob-imported together compile
//! without a name clash (issue 11 §3): the `Route` protocol marker and
//! the owned `RouteEntry` are distinct names.

use nlstack::conn::*;
use nlstack::route::*;

#[test]
fn conn_and_route_globs_do_not_clash() {
    let _cfg: Config = Config::default();
    let filter: RouteFilter = RouteFilter::all_tables();
    use std::any::TypeId;
    assert_ne!(TypeId::of::<Route>(), TypeId::of::<RouteEntry>());
    let _ = filter;
    let _: Option<IfIndex> = None;
}
