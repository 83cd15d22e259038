//! The wire layer: netlink messages and attributes as zero-copy views over
//! bytes, an encoder into a caller's buffer, and control messages.
//!
//! Pure functions over `&[u8]` and `&mut Vec<u8>`: no syscalls, no
//! allocation on the decode path, no panics on any input. Every malformed
//! input is an [`Error::Decode`](crate::Error::Decode) naming what was
//! wrong and at which byte.
//!
//! ```
//! use nlstack::wire::{Encoder, Flags, Messages, MsgType, RtGenMsg};
//!
//! // Encode a link dump request...
//! let mut buf = Vec::new();
//! let mut enc = Encoder::new(&mut buf, MsgType::RTM_GETLINK, Flags::REQUEST | Flags::DUMP, 1, 0);
//! enc.header(&RtGenMsg { family: 0 });
//! enc.finish()?;
//!
//! // ...and walk it back.
//! for msg in Messages::new(&buf) {
//!     let msg = msg?;
//!     assert_eq!(msg.kind(), MsgType::RTM_GETLINK);
//!     assert!(msg.flags().contains(Flags::DUMP));
//! }
//! # Ok::<(), nlstack::Error>(())
//! ```

mod align;
mod attr;
pub mod capture;
mod control;
mod encode;
mod headers;
mod index;
mod list;
mod message;
mod table;
mod value;

pub use crate::error::{AttrPath, Policy};
pub use align::{NLMSG_ALIGNTO, align};
pub(crate) use attr::without_nul;
pub use attr::{Attr, Attrs, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK};
pub use control::{
    Ack, Control, Done, ErrorMsg, ExtAck, NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_NEST,
    NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_POLICY,
};
pub use encode::{Encoder, Nest};
pub use headers::{
    FamilyHeader, FibRuleHdr, GenlMsgHdr, IfAddrMsg, IfInfoMsg, NdMsg, NfGenMsg, RtGenMsg, RtMsg,
};
pub use index::{AttrIndex, Slot};
pub use list::{Iter, List, Listed};
pub use message::{FlagContext, Flags, Header, Message, Messages, MsgType, NLMSG_HDRLEN};
pub(crate) use table::attr_table;
pub use table::{AttrSpec, OwnedBytes, guessed, kinds_len};
pub(crate) use value::arr;
pub use value::{Be16, Be32, Be64, Bool, Bytes, CStrBytes, Flag, Limit, Limits, Value};
