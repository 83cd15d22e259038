//! The `dummy` link kind ([`DummyInfo`]): a link that drops what it is
//! sent.

use crate::route::link::kind::macros::kind_info;

kind_info! {
    /// `dummy`: a link that drops what it is sent.
    DummyInfo = "dummy" {
    }
}
