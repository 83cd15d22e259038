//! nlstack: a Linux netlink protocol stack on `libc` and `bitflags` alone.
//!
//! Layers, bottom to top (each usable on its own):
//! - [`wire`]: zero-copy message and attribute views, the encoder, control
//!   messages with extended ack. Pure code over bytes.
//! - [`sys`]: the raw `AF_NETLINK` socket calls.
//! - [`netns`]: namespace handles and running work inside a namespace.
//! - [`conn`]: connections: requests, acks, dumps with a consistency
//!   policy, groups, options, BPF; [`testing`] has a scripted fake kernel.
//! - [`route`]: rtnetlink objects (views, owned values, requests) and
//!   their operations on a `Conn<Route>`.
//! - [`monitor`]: watching the kernel: events, loss as a resync, a mirror
//!   that converges, one watcher thread for many namespaces.
//! - [`ifaces`]: every interface of the host, in every namespace, as it
//!   comes and goes, and a registerer naming (index, MAC) from memory.
//!
//! See `docs/architecture.md` for what each layer owns and may import.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod conn;
mod error;
pub mod ifaces;
pub mod monitor;
pub mod netfilter;
pub mod netns;
pub mod route;
pub mod sys;
pub mod testing;
pub mod wire;
pub mod xfrm;

pub use error::{
    DecodeError, DecodeErrorKind, EncodeError, Error, Interrupted, KernelError, Result,
};

/// The README's example, compiled as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
