//! What a minimal container runtime does to give a container a network,
//! with nlstack, and then uses it: a TCP connection from inside the
//! container to a listener on the host side, across a veth pair.
//!
//! ```text
//! sudo cargo run --example container
//! ```
//!
//! Both sides are fresh anonymous namespaces ("host" and "container"), so
//! the machine's real network is never touched and everything disappears
//! when the program ends.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use nlstack::conn::{Config, Conn, Route};
use nlstack::netns::NetNs;
use nlstack::route::{
    AddrRequest, LOOPBACK_IFINDEX, LinkChange, LinkRequest, Prefix, RouteRequest, VethPeer,
};

const HOST_IP: Ipv4Addr = Ipv4Addr::new(10, 200, 0, 1);
const CTR_IP: Ipv4Addr = Ipv4Addr::new(10, 200, 0, 2);

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("container: {e}");
            // SAFETY: geteuid takes no arguments and cannot fail.
            if unsafe { libc::geteuid() } != 0 {
                eprintln!("container: making network namespaces needs root (CAP_SYS_ADMIN)");
            }
            ExitCode::FAILURE
        }
    }
}

struct Clock(Instant);

impl Clock {
    fn step(&self, what: &str) {
        let t = self.0.elapsed();
        println!("[{:>8.3} ms] {what}", t.as_secs_f64() * 1e3);
    }
}

fn run() -> Res<()> {
    let clk = Clock(Instant::now());

    let host = NetNs::new_anonymous()?;
    let ctr = NetNs::new_anonymous()?;
    clk.step(&format!(
        "made two namespaces: host side {}, container {}",
        host.id(),
        ctr.id()
    ));

    let mut h = Conn::<Route>::dial(Config::default().netns(&host))?;
    let mut c = Conn::<Route>::dial(Config::default().netns(&ctr))?;
    clk.step("dialled rtnetlink in each namespace");

    // The kernel echoes the new link back (NLM_F_ECHO): its index, and in
    // IFLA_LINK the index of its peer inside the container. No lookups.
    let hl = h.link_add_echo(&LinkRequest::veth(
        "veth-host",
        VethPeer::new("eth0").netns(&ctr),
    ))?;
    let eth0 = hl.link().ok_or("the kernel did not say the peer's index")?;
    clk.step(&format!(
        "veth pair: veth-host ({}) on the host side, eth0 ({eth0}) born inside the container",
        hl.index()
    ));

    h.addr_add(&AddrRequest::new(hl.index(), IpAddr::V4(HOST_IP), 24))?;
    h.link_set(&LinkChange::new(hl.index()).up())?;
    h.link_set(&LinkChange::new(LOOPBACK_IFINDEX).up())?;
    clk.step(&format!("host side: {HOST_IP}/24 on veth-host, links up"));

    c.link_set(&LinkChange::new(LOOPBACK_IFINDEX).up())?;
    c.addr_add(&AddrRequest::new(eth0, IpAddr::V4(CTR_IP), 24))?;
    c.link_set(&LinkChange::new(eth0).up())?;
    c.route_add(&RouteRequest::new(Prefix::default_v4()).via(IpAddr::V4(HOST_IP)))?;
    clk.step(&format!(
        "container: lo up, {CTR_IP}/24 on eth0, eth0 up, default via {HOST_IP}"
    ));

    // A socket stays in the namespace it was made in: make the listener
    // inside the host side, then accept on any thread.
    let listener = host.run(|| TcpListener::bind(SocketAddr::new(IpAddr::V4(HOST_IP), 0)))??;
    let addr = listener.local_addr()?;
    clk.step(&format!("host side: listening on {addr}"));

    let server = std::thread::spawn(move || -> std::io::Result<SocketAddr> {
        let (mut s, peer) = listener.accept()?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut buf = [0u8; 4];
        s.read_exact(&mut buf)?;
        if &buf != b"ping" {
            return Err(std::io::Error::other("host side: unexpected request"));
        }
        s.write_all(b"pong")?;
        Ok(peer)
    });

    let reply = ctr.run(|| -> std::io::Result<[u8; 4]> {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        s.write_all(b"ping")?;
        let mut buf = [0u8; 4];
        s.read_exact(&mut buf)?;
        Ok(buf)
    })??;
    let peer = server
        .join()
        .map_err(|_| "host side: the accepting thread panicked")??;
    if &reply != b"pong" {
        return Err("container: unexpected reply".into());
    }
    if peer.ip() != IpAddr::V4(CTR_IP) {
        return Err(format!("host side: connection came from {peer}, not {CTR_IP}").into());
    }
    clk.step(&format!(
        "TCP: container {peer} -> host side {addr}: sent \"ping\", got \"pong\""
    ));

    drop((h, c));
    drop((host, ctr));
    clk.step("done; the namespaces and the veth pair are gone with their handles");
    println!("ok");
    Ok(())
}
