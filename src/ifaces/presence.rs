//! Which links count as present interfaces: one stated rule, the same for
//! the poller and the watcher.

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::ifaces::{Interface, Netns};
use crate::route::{LinkFlags, LinkMsg};

/// Which links the informer reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Presence {
    /// Every link but loopback.
    #[default]
    All,
    /// Links with a 6-byte MAC address (Ethernet-like: what a flow agent
    /// can see in a frame), loopback aside.
    WithMac,
    /// Links that are up and running (`IFF_UP` and `IFF_RUNNING`), loopback
    /// aside.
    UpAndRunning,
}

impl Presence {
    /// Whether `l` counts.
    pub fn counts<B: AsRef<[u8]>>(self, l: &LinkMsg<B>) -> bool {
        let flags = l.flags();
        if flags.contains(LinkFlags::LOOPBACK) {
            return false;
        }
        match self {
            Presence::All => true,
            Presence::WithMac => l.as_view().address().is_some_and(|a| a.mac().is_some()),
            Presence::UpAndRunning => flags.contains(LinkFlags::UP | LinkFlags::RUNNING),
        }
    }

    /// The interface `l` makes in `netns`, if it counts.
    pub fn interface<B: AsRef<[u8]>>(self, l: &LinkMsg<B>, netns: &Netns) -> Option<Interface> {
        let v = l.as_view();
        self.counts(&v).then(|| Interface {
            index: v.index(),
            name: v.name(),
            mac: v.address().and_then(|a| a.mac()),
            netns: netns.clone(),
            parent: v.link().filter(|&p| p > 0 && p != v.index()),
        })
    }

    /// The same for a link event's view.
    pub fn interface_of_view(self, l: &LinkMsg<&[u8]>, netns: &Netns) -> Option<Interface> {
        self.interface(l, netns)
    }

    /// Every present interface of the namespace `conn` was dialled in.
    pub fn list<T: Transport>(
        self,
        conn: &mut Conn<Route, T>,
        netns: &Netns,
    ) -> Result<Vec<Interface>> {
        Ok(conn
            .links()?
            .iter()
            .filter_map(|l| self.interface(&l, netns))
            .collect())
    }
}
