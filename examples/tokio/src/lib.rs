//! Driving a non-blocking nlstack connection from tokio.
//!
//! [`AsyncRoute`] wraps a non-blocking `Conn<Route>` in tokio's
//! [`AsyncFd`] and runs nlstack's resumable exchanges on it: a link dump
//! (`dump_start` / `dump_next`), a change with an acknowledgement
//! (`ack_start` / `ack_finish`) and a request with one reply
//! (`request_start` / `request_finish`). Whenever a call reports
//! would-block, the exchange stays pending in the connection: the task
//! waits for the fd to become readable, clears tokio's readiness, and
//! calls again, which continues exactly where the last call stopped.
//!
//! [`netns_with_veths`] and [`ip_link_count`] set up and check the scene
//! with `ip` inside a fresh anonymous namespace, so nothing outside it is
//! touched.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::LinkFlags;
use nlstack::route::link::IFLA_IFNAME;
use nlstack::wire::{Encoder, FamilyHeader, Flags, IfInfoMsg, Message, MsgType};
use tokio::io::unix::AsyncFd;

/// Any error of this example.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One link as the dump or the request reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    /// `ifi_index`.
    pub index: i32,
    /// `IFLA_IFNAME`.
    pub name: String,
    /// `ifi_flags`.
    pub flags: u32,
}

impl LinkInfo {
    /// Reads an `RTM_NEWLINK` message: the `ifinfomsg` and the name.
    pub fn parse(msg: &Message<'_>) -> nlstack::Result<LinkInfo> {
        let hdr = IfInfoMsg::parse(msg.payload())?;
        let name = match msg.attrs(IfInfoMsg::LEN)?.find(IFLA_IFNAME)? {
            Some(a) => a.str()?.to_owned(),
            None => String::new(),
        };
        Ok(LinkInfo {
            index: hdr.index,
            name,
            flags: hdr.flags,
        })
    }

    /// `IFF_UP` is set.
    pub fn is_up(&self) -> bool {
        self.flags & LinkFlags::UP.bits() != 0
    }
}

/// How often each exchange had to wait for the fd (a would-block answer).
/// rtnetlink usually queues its answer inside `sendmsg`, so these are often
/// zero; the loops handle them all the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waits {
    /// Would-blocks while sending a request.
    pub send: u32,
    /// Would-blocks while reading replies.
    pub recv: u32,
}

/// A non-blocking `Conn<Route>` registered with tokio's reactor.
pub struct AsyncRoute {
    fd: AsyncFd<Conn<Route>>,
    waits: Waits,
}

impl AsyncRoute {
    /// Dials a non-blocking route connection inside `ns` and registers it
    /// with the current tokio runtime (call from inside one).
    pub fn dial(ns: &NetNs) -> Result<AsyncRoute, BoxError> {
        let conn = Conn::<Route>::dial(Config::default().netns(ns).nonblocking(true))?;
        Ok(AsyncRoute::new(conn)?)
    }

    /// Registers `conn` with the current tokio runtime; switches it to
    /// non-blocking first (tokio's readiness is edge-triggered: a blocking
    /// read would stall the whole runtime thread).
    pub fn new(mut conn: Conn<Route>) -> io::Result<AsyncRoute> {
        conn.set_nonblocking(true).map_err(io::Error::other)?;
        // SAFETY: the fd is the socket `conn` owns: it stays open, and
        // `as_raw_fd` keeps returning it, for as long as `conn` lives (a
        // `Conn<_, Socket>` cannot swap its socket: `transport_mut` is only
        // for scripted transports).
        let fd = unsafe { AsyncFd::register(conn)? };
        Ok(AsyncRoute {
            fd,
            waits: Waits::default(),
        })
    }

    /// The connection, for its stats and settings.
    pub fn conn(&self) -> &Conn<Route> {
        self.fd.get_ref()
    }

    /// How often the exchanges so far waited for the fd.
    pub fn waits(&self) -> Waits {
        self.waits
    }

    /// Runs `start` (one of the `*_start` calls) until the socket takes
    /// the request. A send that would block sent nothing and left no
    /// exchange, so `start` is simply called again once the fd is
    /// writable; it must be callable more than once (it encodes the
    /// request afresh each time).
    async fn start(
        &mut self,
        mut start: impl FnMut(&mut Conn<Route>) -> nlstack::Result<u32>,
    ) -> nlstack::Result<u32> {
        loop {
            let mut guard = self.fd.writable_mut().await?;
            match start(guard.get_inner_mut()) {
                Err(e) if e.is_would_block() => {
                    self.waits.send += 1;
                    guard.clear_ready();
                }
                r => return r,
            }
        }
    }

    /// Starts a dump of every link (`RTM_GETLINK` with `NLM_F_DUMP`);
    /// [`next_link`](Self::next_link) reads it.
    pub async fn start_link_dump(&mut self) -> nlstack::Result<()> {
        let build = |e: &mut Encoder<'_>| {
            e.header(&IfInfoMsg::default());
        };
        self.start(|c| c.dump_start(MsgType::RTM_GETLINK, Flags::empty(), build))
            .await?;
        Ok(())
    }

    /// The next link of the dump in progress; `None` at its end. Calls
    /// `dump_next`, and whenever it reports would-block waits for the fd
    /// to be readable and calls it again: the dump goes on with the next
    /// message. The dump stays in progress between calls, so other tasks
    /// can run meanwhile.
    pub async fn next_link(&mut self) -> Option<nlstack::Result<LinkInfo>> {
        loop {
            let mut guard = match self.fd.readable_mut().await {
                Ok(g) => g,
                Err(e) => return Some(Err(e.into())),
            };
            match guard.get_inner_mut().dump_next() {
                None => return None,
                Some(Ok(msg)) => {
                    let link = LinkInfo::parse(&msg);
                    if link.is_err() {
                        // Stop reading: the rest of the dump is discarded
                        // when the connection next reads, without blocking
                        // now.
                        guard.get_inner_mut().abandon();
                    }
                    return Some(link);
                }
                Some(Err(e)) if e.is_would_block() => {
                    self.waits.recv += 1;
                    guard.clear_ready();
                }
                Some(Err(e)) => return Some(Err(e)),
            }
        }
    }

    /// Dumps every link.
    pub async fn dump_links(&mut self) -> nlstack::Result<Vec<LinkInfo>> {
        self.start_link_dump().await?;
        let mut links = Vec::new();
        while let Some(link) = self.next_link().await {
            links.push(link?);
        }
        if self.fd.get_ref().dump_interrupted() {
            // A real program would retry (see DumpPolicy); the example
            // reports it.
            eprintln!("link dump was interrupted (NLM_F_DUMP_INTR): it may be inconsistent");
        }
        Ok(links)
    }

    /// Calls `finish` (one of the `*_finish` calls, or `dump_next`
    /// mapped to a result) until it answers something other than
    /// would-block, waiting for the fd to be readable in between. The
    /// exchange stays pending in the connection across the waits, so this
    /// future can be dropped (a timeout, a `select!`) at any await and
    /// the exchange resumed or abandoned later.
    async fn finish<R>(
        &mut self,
        mut finish: impl FnMut(&mut Conn<Route>) -> nlstack::Result<R>,
    ) -> nlstack::Result<R> {
        loop {
            let mut guard = self.fd.readable_mut().await?;
            match finish(guard.get_inner_mut()) {
                Err(e) if e.is_would_block() => {
                    self.waits.recv += 1;
                    guard.clear_ready();
                }
                r => return r,
            }
        }
    }

    /// Sets link `index` up (`RTM_NEWLINK`, `ifi_flags`/`ifi_change`
    /// `IFF_UP`) and waits for the kernel's acknowledgement.
    pub async fn set_up(&mut self, index: i32) -> nlstack::Result<()> {
        let up = LinkFlags::UP.bits();
        let hdr = IfInfoMsg {
            index,
            flags: up,
            change: up,
            ..IfInfoMsg::default()
        };
        self.start(|c| {
            c.ack_start(MsgType::RTM_NEWLINK, Flags::empty(), |e| {
                e.header(&hdr);
            })
        })
        .await?;
        self.finish(|c| c.ack_finish()).await
    }

    /// Sends a link request (`kind` with the header `hdr` and no
    /// attributes) that expects one reply, without waiting for it; see
    /// [`request_finish`](Self::request_finish).
    pub async fn request_start(&mut self, kind: MsgType, hdr: IfInfoMsg) -> nlstack::Result<u32> {
        self.start(|c| {
            c.request_start(kind, Flags::empty(), |e| {
                e.header(&hdr);
            })
        })
        .await
    }

    /// Waits for the reply to the request in progress and reads it as a
    /// link. Cancel-safe: dropped while waiting, the request stays pending
    /// and a later call goes on waiting for it.
    pub async fn request_finish(&mut self) -> nlstack::Result<LinkInfo> {
        self.finish(|c| c.request_finish().and_then(|m| LinkInfo::parse(&m)))
            .await
    }

    /// Asks for link `index` alone (`RTM_GETLINK` without `NLM_F_DUMP`) and
    /// returns its one reply.
    pub async fn get_link(&mut self, index: i32) -> nlstack::Result<LinkInfo> {
        let hdr = IfInfoMsg {
            index,
            ..IfInfoMsg::default()
        };
        self.request_start(MsgType::RTM_GETLINK, hdr).await?;
        self.request_finish().await
    }

    /// Abandons the exchange in progress without blocking: what still
    /// arrives for it is discarded when the connection next reads.
    pub fn abandon(&mut self) {
        self.fd.get_mut().abandon();
    }
}

/// A fresh anonymous network namespace holding `pairs` veth pairs
/// (`va0`/`vb0`, `va1`/`vb1`, ...), made with one `ip -batch -` run
/// inside it. Blocking: call it before the runtime starts, or through
/// `spawn_blocking`.
pub fn netns_with_veths(pairs: usize) -> Result<NetNs, BoxError> {
    let ns = NetNs::new_anonymous()?;
    let mut batch = String::new();
    for i in 0..pairs {
        batch.push_str(&format!("link add va{i} type veth peer name vb{i}\n"));
    }
    let out = ns.run(|| -> io::Result<std::process::Output> {
        let mut child = Command::new("ip")
            .args(["-batch", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(batch.as_bytes())?;
        child.wait_with_output()
    })??;
    if !out.status.success() {
        return Err(format!(
            "ip -batch failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(ns)
}

/// How many links `ip -j link` sees inside `ns` (counted as the `ifname`
/// keys of its JSON, which needs no JSON parser). Blocking.
pub fn ip_link_count(ns: &NetNs) -> Result<usize, BoxError> {
    let out = ns.run(|| Command::new("ip").args(["-j", "link", "show"]).output())??;
    if !out.status.success() {
        return Err(format!(
            "ip -j link failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .matches("\"ifname\":")
        .count())
}
