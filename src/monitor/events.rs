//! [`Events`]: a protocol whose multicast messages decode into events, so
//! one [`Monitor`](crate::monitor::Monitor) serves rtnetlink, conntrack,
//! xfrm and whatever family comes next, with the same loss handling.

use std::fmt::Debug;

use crate::conn::{Netfilter, Protocol, Route, Xfrm};
use crate::error::Result;
use crate::wire::Message;

/// A protocol whose notifications a monitor decodes.
pub trait Events: Protocol {
    /// An event, borrowing the received message.
    type Event<'a>: Debug + Clone;
    /// Decodes a notification (not a control message).
    fn parse_event<'a>(m: &Message<'a>) -> Result<Self::Event<'a>>;
}

impl Events for Route {
    type Event<'a> = crate::monitor::Event<'a>;
    fn parse_event<'a>(m: &Message<'a>) -> Result<Self::Event<'a>> {
        crate::monitor::Event::parse(m)
    }
}

impl Events for Netfilter {
    type Event<'a> = crate::netfilter::conntrack::Event<'a>;
    fn parse_event<'a>(m: &Message<'a>) -> Result<Self::Event<'a>> {
        crate::netfilter::conntrack::Event::parse(m)
    }
}

impl Events for Xfrm {
    type Event<'a> = crate::xfrm::Event<'a>;
    fn parse_event<'a>(m: &Message<'a>) -> Result<Self::Event<'a>> {
        crate::xfrm::Event::parse(m)
    }
}
