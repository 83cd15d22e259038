//! Family headers: the fixed structs that precede a message's attributes
//! (`ifinfomsg`, `ifaddrmsg`, `rtmsg`, `ndmsg`, `fib_rule_hdr`, `rtgenmsg`,
//! `nfgenmsg`, `genlmsghdr`).
//!
//! Each is a `#[repr(C)]` struct laid out as in the kernel's headers, with
//! safe conversion to and from bytes field by field (no pointer casts, any
//! alignment of the source bytes).

use crate::error::{DecodeError, DecodeErrorKind, Result};

/// A fixed family header.
pub trait FamilyHeader: Sized + Copy {
    /// Size in bytes, as `sizeof` in C.
    const LEN: usize;
    /// The kernel's name of the struct, for error messages.
    const NAME: &'static str;
    /// Writes the header into `out`, which is exactly `LEN` bytes.
    fn write(&self, out: &mut [u8]);
    /// Reads the header from the first `LEN` bytes of `b`; a short `b` is
    /// an error at offset 0 (of `b`).
    fn parse(b: &[u8]) -> Result<Self> {
        Self::parse_at(b, 0)
    }
    /// Like [`parse`](Self::parse) for bytes that start `offset` bytes into
    /// a larger buffer: a short `b` is an error that says that offset.
    fn parse_at(b: &[u8], offset: usize) -> Result<Self>;
}

trait Field: Sized {
    const N: usize;
    fn get(b: &[u8]) -> Self;
    fn put(&self, b: &mut [u8]);
}

macro_rules! field {
    ($($t:ty),*) => {$(
        impl Field for $t {
            const N: usize = std::mem::size_of::<$t>();
            #[inline]
            fn get(b: &[u8]) -> Self {
                let mut a = [0u8; std::mem::size_of::<$t>()];
                a.copy_from_slice(&b[..Self::N]);
                <$t>::from_ne_bytes(a)
            }
            #[inline]
            fn put(&self, b: &mut [u8]) {
                b[..Self::N].copy_from_slice(&self.to_ne_bytes());
            }
        }
    )*};
}
field!(u8, u16, u32, i32);

macro_rules! family_header {
    ($(#[$m:meta])* $name:ident = $cname:literal, $len:literal {
        $($(#[$fm:meta])* $f:ident: $t:ty,)*
    }) => {
        $(#[$m])*
        #[repr(C)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
        }

        const _: () = assert!(std::mem::size_of::<$name>() == $len);

        impl FamilyHeader for $name {
            const LEN: usize = $len;
            const NAME: &'static str = $cname;
            #[inline]
            fn write(&self, out: &mut [u8]) {
                let mut _at = 0;
                $(self.$f.put(&mut out[_at..]); _at += <$t as Field>::N;)*
            }
            #[inline]
            fn parse_at(b: &[u8], offset: usize) -> Result<Self> {
                if b.len() < $len {
                    return Err(DecodeError::new(
                        $cname,
                        DecodeErrorKind::Truncated { need: $len, remaining: b.len() },
                        offset,
                    ).into());
                }
                let mut _at = 0;
                Ok($name {
                    $($f: { let v = <$t as Field>::get(&b[_at..]); _at += <$t as Field>::N; v },)*
                })
            }
        }
    };
}

family_header! {
    /// `struct ifinfomsg`: links (`RTM_*LINK`).
    IfInfoMsg = "ifinfomsg", 16 {
        /// `ifi_family` (`AF_UNSPEC` usually).
        family: u8,
        /// `__ifi_pad`.
        pad: u8,
        /// `ifi_type`: `ARPHRD_*`.
        link_type: u16,
        /// `ifi_index`.
        index: i32,
        /// `ifi_flags`: `IFF_*`.
        flags: u32,
        /// `ifi_change`: which flags a request changes.
        change: u32,
    }
}

family_header! {
    /// `struct ifaddrmsg`: addresses (`RTM_*ADDR`).
    IfAddrMsg = "ifaddrmsg", 8 {
        /// `ifa_family`.
        family: u8,
        /// `ifa_prefixlen`.
        prefixlen: u8,
        /// `ifa_flags` (low 8 bits of `IFA_F_*`).
        flags: u8,
        /// `ifa_scope`.
        scope: u8,
        /// `ifa_index`.
        index: u32,
    }
}

family_header! {
    /// `struct rtmsg`: routes (`RTM_*ROUTE`).
    RtMsg = "rtmsg", 12 {
        /// `rtm_family`.
        family: u8,
        /// `rtm_dst_len`.
        dst_len: u8,
        /// `rtm_src_len`.
        src_len: u8,
        /// `rtm_tos`.
        tos: u8,
        /// `rtm_table` (8 bits; `RTA_TABLE` holds the full id).
        table: u8,
        /// `rtm_protocol`: `RTPROT_*`.
        protocol: u8,
        /// `rtm_scope`: `RT_SCOPE_*`.
        scope: u8,
        /// `rtm_type`: `RTN_*`.
        kind: u8,
        /// `rtm_flags`: `RTM_F_*`.
        flags: u32,
    }
}

family_header! {
    /// `struct ndmsg`: neighbours (`RTM_*NEIGH`).
    NdMsg = "ndmsg", 12 {
        /// `ndm_family`.
        family: u8,
        /// `ndm_pad1`.
        pad1: u8,
        /// `ndm_pad2`.
        pad2: u16,
        /// `ndm_ifindex`.
        ifindex: i32,
        /// `ndm_state`: `NUD_*`.
        state: u16,
        /// `ndm_flags`: `NTF_*`.
        flags: u8,
        /// `ndm_type`.
        kind: u8,
    }
}

family_header! {
    /// `struct fib_rule_hdr`: rules (`RTM_*RULE`).
    FibRuleHdr = "fib_rule_hdr", 12 {
        /// `family`.
        family: u8,
        /// `dst_len`.
        dst_len: u8,
        /// `src_len`.
        src_len: u8,
        /// `tos`.
        tos: u8,
        /// `table` (8 bits; `FRA_TABLE` holds the full id).
        table: u8,
        /// `res1`.
        res1: u8,
        /// `res2`.
        res2: u8,
        /// `action`: `FR_ACT_*`.
        action: u8,
        /// `flags`.
        flags: u32,
    }
}

family_header! {
    /// `struct rtgenmsg`: a bare family, for dumps that take nothing else.
    RtGenMsg = "rtgenmsg", 1 {
        /// `rtgen_family`.
        family: u8,
    }
}

family_header! {
    /// `struct nfgenmsg`: netfilter messages.
    NfGenMsg = "nfgenmsg", 4 {
        /// `nfgen_family`.
        family: u8,
        /// `version`: `NFNETLINK_V0`.
        version: u8,
        /// `res_id`, big-endian on the wire: kept here as raw host bytes.
        res_id: u16,
    }
}

family_header! {
    /// `struct genlmsghdr`: generic netlink messages.
    GenlMsgHdr = "genlmsghdr", 4 {
        /// `cmd`.
        cmd: u8,
        /// `version`.
        version: u8,
        /// `reserved`.
        reserved: u16,
    }
}
