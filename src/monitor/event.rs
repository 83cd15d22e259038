//! A decoded rtnetlink notification: the same views the list operations
//! hand out, tagged new or deleted.

use crate::error::Result;
use crate::route::{AddrMsg, LinkMsg, NeighMsg, NetconfMsg, NsIdMsg, RouteMsg, RuleMsg};
use crate::wire::{Message, MsgType};

/// One rtnetlink notification. A new-link event and a dumped link are the
/// same view type ([`LinkMsg`]), and so on for every object.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Event<'a> {
    /// `RTM_NEWLINK`: a link appeared or changed.
    NewLink(LinkMsg<&'a [u8]>),
    /// `RTM_DELLINK`: a link is gone.
    DelLink(LinkMsg<&'a [u8]>),
    /// `RTM_DELLINK` with `IFLA_NEW_NETNSID`: the link moved to the
    /// namespace with that id (as this namespace numbers it). Not a
    /// deletion to those who follow it there.
    MovedLink {
        /// The link as it was here.
        link: LinkMsg<&'a [u8]>,
        /// The id of the namespace it moved to.
        new_nsid: i32,
    },
    /// `RTM_NEWADDR`.
    NewAddr(AddrMsg<&'a [u8]>),
    /// `RTM_DELADDR`.
    DelAddr(AddrMsg<&'a [u8]>),
    /// `RTM_NEWROUTE`.
    NewRoute(RouteMsg<&'a [u8]>),
    /// `RTM_DELROUTE`.
    DelRoute(RouteMsg<&'a [u8]>),
    /// `RTM_NEWNEIGH`.
    NewNeigh(NeighMsg<&'a [u8]>),
    /// `RTM_DELNEIGH`.
    DelNeigh(NeighMsg<&'a [u8]>),
    /// `RTM_NEWRULE`.
    NewRule(RuleMsg<&'a [u8]>),
    /// `RTM_DELRULE`.
    DelRule(RuleMsg<&'a [u8]>),
    /// `RTM_NEWNSID`.
    NewNsId(NsIdMsg<'a>),
    /// `RTM_DELNSID`.
    DelNsId(NsIdMsg<'a>),
    /// `RTM_NEWNETCONF`.
    NewNetconf(NetconfMsg<'a>),
    /// `RTM_DELNETCONF`.
    DelNetconf(NetconfMsg<'a>),
    /// Any other message (a kind this version does not decode): never an
    /// error.
    Unknown(Message<'a>),
}

impl<'a> Event<'a> {
    /// Decodes `msg`. Only a message of a known kind whose family header is
    /// cut short is an error; malformed attributes are recorded in the
    /// view, as in lists.
    pub fn parse(msg: &Message<'a>) -> Result<Event<'a>> {
        Ok(match msg.kind() {
            MsgType::RTM_NEWLINK => Event::NewLink(LinkMsg::parse(msg.payload())?),
            MsgType::RTM_DELLINK => {
                let link = LinkMsg::parse(msg.payload())?;
                match link.new_netnsid() {
                    Some(new_nsid) => Event::MovedLink { link, new_nsid },
                    None => Event::DelLink(link),
                }
            }
            MsgType::RTM_NEWADDR => Event::NewAddr(AddrMsg::parse(msg.payload())?),
            MsgType::RTM_DELADDR => Event::DelAddr(AddrMsg::parse(msg.payload())?),
            MsgType::RTM_NEWROUTE => Event::NewRoute(RouteMsg::parse(msg.payload())?),
            MsgType::RTM_DELROUTE => Event::DelRoute(RouteMsg::parse(msg.payload())?),
            MsgType::RTM_NEWNEIGH => Event::NewNeigh(NeighMsg::parse(msg.payload())?),
            MsgType::RTM_DELNEIGH => Event::DelNeigh(NeighMsg::parse(msg.payload())?),
            MsgType::RTM_NEWRULE => Event::NewRule(RuleMsg::parse(msg.payload())?),
            MsgType::RTM_DELRULE => Event::DelRule(RuleMsg::parse(msg.payload())?),
            MsgType::RTM_NEWNSID => Event::NewNsId(NsIdMsg::parse(msg)?),
            MsgType::RTM_DELNSID => Event::DelNsId(NsIdMsg::parse(msg)?),
            MsgType::RTM_NEWNETCONF => Event::NewNetconf(NetconfMsg::parse(msg)?),
            MsgType::RTM_DELNETCONF => Event::DelNetconf(NetconfMsg::parse(msg)?),
            _ => Event::Unknown(*msg),
        })
    }

    /// True for the removals (`Del*`; a move is not one).
    pub fn is_removal(&self) -> bool {
        matches!(
            self,
            Event::DelLink(_)
                | Event::DelAddr(_)
                | Event::DelRoute(_)
                | Event::DelNeigh(_)
                | Event::DelRule(_)
                | Event::DelNsId(_)
                | Event::DelNetconf(_)
        )
    }
}
