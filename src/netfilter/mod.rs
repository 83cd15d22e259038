//! Netfilter over nfnetlink (`NETLINK_NETFILTER`): the nfnetlink basics
//! ([`nfnl`]) and connection tracking ([`conntrack`]) on
//! [`Conn<Netfilter>`](crate::conn::Netfilter).
//!
//! Attributes are declared once per object, in tables (see
//! `docs/netfilter.md`): each object is one type over its storage, a view
//! over `&[u8]` or an owned value over `Box<[u8]>`, with a getter per
//! attribute and a request form of the same attributes.

pub mod conntrack;
pub mod nfnl;
