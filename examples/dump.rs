//! Dumps kernel tables over a raw netlink socket, prints a line per object,
//! and optionally records the reply datagrams to a capture file.
//!
//! ```text
//! cargo run --example dump -- links
//! cargo run --example dump -- --out routes4.bin routes4
//! cargo run --example dump -- --out err.bin bad-newlink [--cap]
//! cargo run --example dump -- --out err.bin bad-mtu|bad-nested [--cap]
//! ```
//!
//! Tables: links, addrs, routes4, routes6, neigh, rules. `bad-newlink`
//! sends an `RTM_NEWLINK` with a link kind the kernel does not know and
//! records the request and the kernel's extended-ack error reply;
//! `bad-mtu` and `bad-nested` break the attribute policy at the top level
//! and inside `IFLA_LINKINFO`, so the reply points at an attribute.

use std::fs::File;
use std::io::Write;
use std::process::ExitCode;

use nlstack::route::neigh::{NDA_DST, NDA_LLADDR};
use nlstack::route::rule::{FRA_PRIORITY, FRA_TABLE};
use nlstack::sys::{self, Socket};
use nlstack::wire::{
    Control, Encoder, FamilyHeader, Flags, IfAddrMsg, IfInfoMsg, Messages, MsgType, NdMsg,
    RtGenMsg, RtMsg, capture,
};

const IFLA_ADDRESS: u16 = 1;
const IFLA_IFNAME: u16 = 3;
const IFLA_MTU: u16 = 4;
const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const VETH_INFO_PEER: u16 = 1;
const IFA_ADDRESS: u16 = 1;
const IFA_LOCAL: u16 = 2;
const RTA_DST: u16 = 1;
const RTA_OIF: u16 = 4;
const RTA_GATEWAY: u16 = 5;
const RTA_TABLE: u16 = 15;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dump: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = None;
    if let Some(i) = args.iter().position(|a| a == "--out") {
        if i + 1 >= args.len() {
            return Err("--out needs a file".into());
        }
        out = Some(File::create(&args[i + 1])?);
        args.drain(i..i + 2);
    }
    let cap = args.iter().any(|a| a == "--cap");
    args.retain(|a| a != "--cap");
    if args.is_empty() {
        args.push("links".into());
    }

    let sock = Socket::new(sys::NETLINK_ROUTE)?;
    sock.bind(0, 0)?;
    sock.set_option(sys::SOL_NETLINK, sys::NETLINK_EXT_ACK, 1)?;
    sock.set_option(sys::SOL_NETLINK, sys::NETLINK_CAP_ACK, cap as i32)?;
    let port = sock.local_addr()?.port;

    let mut req = Vec::with_capacity(256);
    let mut rx = Vec::new();
    for (seq, table) in (1u32..).zip(args.iter()) {
        req.clear();
        let dump = Flags::REQUEST | Flags::DUMP;
        match table.as_str() {
            "links" => {
                let mut e = Encoder::new(&mut req, MsgType::RTM_GETLINK, dump, seq, 0);
                e.header(&IfInfoMsg::default());
                e.finish()?;
            }
            "addrs" => {
                let mut e = Encoder::new(&mut req, MsgType::RTM_GETADDR, dump, seq, 0);
                e.header(&IfAddrMsg::default());
                e.finish()?;
            }
            "routes4" | "routes6" => {
                let family = if table == "routes4" {
                    libc::AF_INET
                } else {
                    libc::AF_INET6
                };
                let mut e = Encoder::new(&mut req, MsgType::RTM_GETROUTE, dump, seq, 0);
                e.header(&RtMsg {
                    family: family as u8,
                    ..Default::default()
                });
                e.finish()?;
            }
            "neigh" => {
                let mut e = Encoder::new(&mut req, MsgType::RTM_GETNEIGH, dump, seq, 0);
                e.header(&NdMsg::default());
                e.finish()?;
            }
            "rules" => {
                let mut e = Encoder::new(&mut req, MsgType::RTM_GETRULE, dump, seq, 0);
                e.header(&RtGenMsg { family: 0 });
                e.finish()?;
            }
            "bad-newlink" | "bad-mtu" | "bad-nested" => {
                let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
                let mut e = Encoder::new(&mut req, MsgType::RTM_NEWLINK, flags, seq, 0);
                e.header(&IfInfoMsg::default());
                e.put_str(IFLA_IFNAME, "nlstack-bad0");
                if table == "bad-mtu" {
                    // IFLA_MTU must be 4 bytes: fails policy validation.
                    e.put_u16(IFLA_MTU, 1500);
                }
                {
                    let mut info = e.nest(IFLA_LINKINFO);
                    match table.as_str() {
                        // VETH_INFO_PEER needs a whole ifinfomsg: two bytes fail
                        // veth's policy, deep inside IFLA_LINKINFO/IFLA_INFO_DATA.
                        "bad-nested" => {
                            info.put_str(IFLA_INFO_KIND, "veth");
                            let mut data = info.nest(IFLA_INFO_DATA);
                            data.put_u16(VETH_INFO_PEER, 0);
                        }
                        "bad-mtu" => _ = info.put_str(IFLA_INFO_KIND, "veth"),
                        _ => _ = info.put_str(IFLA_INFO_KIND, "no-such-kind"),
                    }
                }
                e.finish()?;
                if let Some(f) = out.as_mut() {
                    capture::write(f, &req)?;
                }
            }
            other => return Err(format!("unknown table {other:?}").into()),
        }
        sock.send(&req)?;
        'dump: loop {
            let from = sock.recv(&mut rx)?;
            if from.port != 0 {
                continue;
            }
            if let Some(f) = out.as_mut() {
                capture::write(f, &rx)?;
            }
            for msg in Messages::new(&rx) {
                let msg = msg?;
                if msg.seq() != seq || (msg.port() != port && msg.port() != 0) {
                    continue;
                }
                match msg.control()? {
                    Some(Control::Done(d)) if d.errno == 0 => break 'dump,
                    Some(Control::Done(d)) => {
                        return Err(d.ext.to_kernel_error(d.errno, None).into());
                    }
                    Some(Control::Error(e)) => {
                        let err = e.to_kernel_error(Some(&req), IfInfoMsg::LEN);
                        if table.starts_with("bad-") {
                            println!("{err}");
                            break 'dump;
                        }
                        return Err(err.into());
                    }
                    Some(Control::Ack(_)) => break 'dump,
                    Some(_) => {}
                    None => print_object(table, &msg)?,
                }
            }
        }
    }
    if let Some(mut f) = out {
        f.flush()?;
    }
    Ok(())
}

fn print_object(table: &str, msg: &nlstack::wire::Message<'_>) -> nlstack::Result<()> {
    let mut line = String::new();
    use std::fmt::Write as _;
    match table {
        "links" => {
            let h = IfInfoMsg::parse(msg.payload())?;
            let _ = write!(line, "{}:", h.index);
            for a in msg.attrs(IfInfoMsg::LEN)? {
                let a = a?;
                match a.kind() {
                    IFLA_IFNAME => _ = write!(line, " {}", a.str()?),
                    IFLA_MTU => _ = write!(line, " mtu {}", a.u32()?),
                    IFLA_ADDRESS if a.value().len() == 6 => {
                        let m = a.mac()?;
                        let _ = write!(
                            line,
                            " link/ether {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                            m[0], m[1], m[2], m[3], m[4], m[5]
                        );
                    }
                    IFLA_LINKINFO => {
                        if let Some(k) = a.nested().find(IFLA_INFO_KIND)? {
                            let _ = write!(line, " kind {}", k.str()?);
                        }
                    }
                    _ => {}
                }
            }
        }
        "addrs" => {
            let h = IfAddrMsg::parse(msg.payload())?;
            let mut addr = None;
            for a in msg.attrs(IfAddrMsg::LEN)? {
                let a = a?;
                match a.kind() {
                    IFA_LOCAL => addr = Some(a.ip()?),
                    IFA_ADDRESS if addr.is_none() => addr = Some(a.ip()?),
                    _ => {}
                }
            }
            if let Some(a) = addr {
                let _ = write!(line, "{}: {a}/{}", h.index, h.prefixlen);
            }
        }
        "routes4" | "routes6" => {
            let h = RtMsg::parse(msg.payload())?;
            let mut table = h.table as u32;
            let (mut dst, mut gw, mut oif) = (None, None, None);
            for a in msg.attrs(RtMsg::LEN)? {
                let a = a?;
                match a.kind() {
                    RTA_DST => dst = Some(a.ip()?),
                    RTA_GATEWAY => gw = Some(a.ip()?),
                    RTA_OIF => oif = Some(a.u32()?),
                    RTA_TABLE => table = a.u32()?,
                    _ => {}
                }
            }
            match dst {
                Some(d) => _ = write!(line, "{d}/{}", h.dst_len),
                None => line.push_str("default"),
            }
            if let Some(g) = gw {
                let _ = write!(line, " via {g}");
            }
            if let Some(o) = oif {
                let _ = write!(line, " oif {o}");
            }
            let _ = write!(line, " table {table}");
        }
        "neigh" => {
            let h = NdMsg::parse(msg.payload())?;
            let _ = write!(line, "{}:", h.ifindex);
            for a in msg.attrs(NdMsg::LEN)? {
                let a = a?;
                match a.kind() {
                    NDA_DST => _ = write!(line, " {}", a.ip()?),
                    NDA_LLADDR => _ = write!(line, " lladdr {:02x?}", a.value()),
                    _ => {}
                }
            }
            let _ = write!(line, " state {:#x}", h.state);
        }
        "rules" => {
            let h = nlstack::wire::FibRuleHdr::parse(msg.payload())?;
            let mut table = h.table as u32;
            let mut prio = 0;
            for a in msg.attrs(nlstack::wire::FibRuleHdr::LEN)? {
                let a = a?;
                match a.kind() {
                    FRA_PRIORITY => prio = a.u32()?,
                    FRA_TABLE => table = a.u32()?,
                    _ => {}
                }
            }
            let _ = write!(line, "{prio}: family {} lookup {table}", h.family);
        }
        _ => {}
    }
    if !line.is_empty() {
        println!("{line}");
    }
    Ok(())
}
