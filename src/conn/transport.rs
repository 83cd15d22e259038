//! What a connection talks through: the real socket, or a fake kernel.

use std::time::Duration;

use crate::error::Result;
use crate::sys::{self, RecvMeta, Socket};

/// Sends and receives whole datagrams. [`Socket`] is the real one;
/// [`crate::testing::FakeKernel`] a scripted one.
pub trait Transport {
    /// Sends one datagram to the kernel.
    fn send(&mut self, datagram: &[u8]) -> Result<()>;
    /// Receives one datagram into `buf` (cleared, resized to fit).
    fn recv(&mut self, buf: &mut Vec<u8>) -> Result<RecvMeta>;
    /// Waits up to `timeout` for a datagram; `Ok(false)` if none came.
    fn wait(&mut self, timeout: Duration) -> Result<bool>;
}

impl Transport for Socket {
    #[inline]
    fn send(&mut self, datagram: &[u8]) -> Result<()> {
        Socket::send(self, datagram)?;
        Ok(())
    }
    #[inline]
    fn recv(&mut self, buf: &mut Vec<u8>) -> Result<RecvMeta> {
        self.recv_meta(buf)
    }
    fn wait(&mut self, timeout: Duration) -> Result<bool> {
        use std::os::fd::AsFd;
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        Ok(sys::poll(self.as_fd(), libc::POLLIN, ms)? != 0)
    }
}
