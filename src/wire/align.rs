//! Netlink's 4-byte alignment, shared by messages and attributes.

/// Netlink's alignment for messages and attributes.
pub const NLMSG_ALIGNTO: usize = 4;

/// Rounds `len` up to netlink's 4-byte alignment (`NLMSG_ALIGN`, `NLA_ALIGN`).
///
/// ```
/// assert_eq!(nlstack::wire::align(5), 8);
/// assert_eq!(nlstack::wire::align(8), 8);
/// ```
#[inline]
pub const fn align(len: usize) -> usize {
    (len + NLMSG_ALIGNTO - 1) & !(NLMSG_ALIGNTO - 1)
}
