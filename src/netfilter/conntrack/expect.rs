//! Conntrack expectations (`CTA_EXPECT_*`): connections a helper expects
//! (an FTP data channel), as views and owned values declared once.

use crate::route::family::AddrFamily;
use crate::wire::{Be16, Be32, CStrBytes, attr_table};

use super::tuple::Tuple;

attr_table! {
    /// The NAT part of an expectation (`CTA_EXPECT_NAT`).
    pub struct ExpectNat / ExpectNatSpec;
    /// `CTA_EXPECT_NAT_DIR`.
    CTA_EXPECT_NAT_DIR = 1 => dir: Be32 => u32,
    /// `CTA_EXPECT_NAT_TUPLE`.
    CTA_EXPECT_NAT_TUPLE = 2 => tuple: Tuple => Tuple<&'a [u8]>,
}

attr_table! {
    /// An expectation: `struct nfgenmsg`, then `CTA_EXPECT_*` attributes.
    pub struct Expect / ExpectSpec, header 4;
    /// `CTA_EXPECT_MASTER`: the master connection's original tuple.
    CTA_EXPECT_MASTER = 1 => master: Tuple => Tuple<&'a [u8]>,
    /// `CTA_EXPECT_TUPLE`: the expected connection.
    CTA_EXPECT_TUPLE = 2 => tuple: Tuple => Tuple<&'a [u8]>,
    /// `CTA_EXPECT_MASK`: which parts of the tuple must match.
    CTA_EXPECT_MASK = 3 => mask: Tuple => Tuple<&'a [u8]>,
    /// `CTA_EXPECT_TIMEOUT`: seconds left.
    CTA_EXPECT_TIMEOUT = 4 => timeout: Be32 => u32,
    /// `CTA_EXPECT_ID`.
    CTA_EXPECT_ID = 5 => id: Be32 => u32,
    /// `CTA_EXPECT_HELP_NAME`: the helper, as bytes.
    CTA_EXPECT_HELP_NAME = 6 => helper: CStrBytes => &'a [u8],
    /// `CTA_EXPECT_ZONE`.
    CTA_EXPECT_ZONE = 7 => zone: Be16 => u16,
    /// `CTA_EXPECT_FLAGS`: `NF_CT_EXPECT_*`.
    CTA_EXPECT_FLAGS = 8 => flags: Be32 => u32,
    /// `CTA_EXPECT_CLASS`.
    CTA_EXPECT_CLASS = 9 => class: Be32 => u32,
    /// `CTA_EXPECT_NAT`.
    CTA_EXPECT_NAT = 10 => nat: ExpectNat => ExpectNat<&'a [u8]>,
    /// `CTA_EXPECT_FN`: the expect function's name, as bytes.
    CTA_EXPECT_FN = 11 => function: CStrBytes => &'a [u8],
}

impl<T: AsRef<[u8]>> Expect<T> {
    /// The layer-3 family.
    pub fn family(&self) -> AddrFamily {
        self.as_bytes().first().copied().unwrap_or(0)
    }
}
