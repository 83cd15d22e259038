//! What a connection talks through: the real socket, or a fake kernel.

use std::os::fd::AsFd;
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
    /// Receives one datagram into `buf` without first asking its size: a
    /// datagram larger than `buf` can hold (at least 32 KiB) is lost and
    /// reported as [`Error::Truncated`](crate::Error::Truncated). For
    /// streams of small datagrams, where asking costs a system call each.
    fn recv_unpeeked(&mut self, buf: &mut Vec<u8>) -> Result<RecvMeta> {
        self.recv(buf)
    }
    /// Waits up to `timeout` for a datagram; `Ok(false)` if none came.
    fn wait(&mut self, timeout: Duration) -> Result<bool>;
    /// Waits up to `timeout` until a datagram can be sent; `Ok(false)` if
    /// it could not. Always ready unless the transport says otherwise.
    fn wait_writable(&mut self, timeout: Duration) -> Result<bool> {
        let _ = timeout;
        Ok(true)
    }
    /// The largest datagram a send may carry (for splitting batches).
    fn send_limit(&self) -> usize {
        64 << 10
    }
    /// The receive buffer in bytes (a batch sends no more requests at once
    /// than their acknowledgements fit in).
    fn recv_limit(&self) -> usize {
        208 << 10
    }
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
    #[inline]
    fn recv_unpeeked(&mut self, buf: &mut Vec<u8>) -> Result<RecvMeta> {
        self.recv_meta_unpeeked(buf)
    }
    fn wait(&mut self, timeout: Duration) -> Result<bool> {
        Ok(sys::poll(self.as_fd(), libc::POLLIN, millis(timeout))? != 0)
    }
    fn wait_writable(&mut self, timeout: Duration) -> Result<bool> {
        Ok(sys::poll(self.as_fd(), libc::POLLOUT, millis(timeout))? != 0)
    }
    fn send_limit(&self) -> usize {
        // netlink_sendmsg refuses a datagram over sk_sndbuf - 32.
        let buf = self.option(libc::SOL_SOCKET, libc::SO_SNDBUF).unwrap_or(0);
        (buf.max(0) as usize).saturating_sub(32).max(4096)
    }
    fn recv_limit(&self) -> usize {
        let buf = self.option(libc::SOL_SOCKET, libc::SO_RCVBUF).unwrap_or(0);
        (buf.max(0) as usize).max(4096)
    }
}

fn millis(t: Duration) -> i32 {
    // Round up: a wait of 0.5 ms must not become a poll that returns at once.
    t.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32
}
