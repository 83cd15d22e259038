//! The mirror's rules against a model of the kernel: random link, address
//! and route changes, each making the notifications the kernel makes and
//! the removals it does silently (a deleted link's addresses and routes, a
//! downed link's IPv4 routes, a removed address's routes), with some
//! notifications lost. The mirror's objects apply what arrives, encoded and
//! decoded as on the wire, and list again after a loss; after every change
//! they must equal the model's.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use nlstack::monitor::{Event, Keep, Objects};
use nlstack::route::{AddrMsg, LinkMsg, RouteMsg};
use nlstack::wire::{Encoder, Flags, IfAddrMsg, IfInfoMsg, Message, MsgType, RtMsg};

#[derive(Arbitrary, Debug)]
enum Op {
    AddLink(u8),
    DelLink(u8),
    Up(u8),
    Down(u8),
    AddAddr {
        link: u8,
        host: u8,
        len: u8,
    },
    DelAddr {
        link: u8,
        host: u8,
        len: u8,
    },
    AddRoute {
        link: u8,
        net: u8,
    },
    DelRoute {
        link: u8,
        net: u8,
    },
    /// The next `n` notifications are lost (a full receive buffer).
    Lose(u8),
}

const AF_INET: u8 = 2;
const MAIN: u32 = 254;
const LOCAL: u32 = 255;
const RTN_UNICAST: u8 = 1;
const RTN_LOCAL: u8 = 2;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Rt {
    table: u32,
    dst: Ipv4Addr,
    len: u8,
    oif: i32,
    kind: u8,
    prefsrc: Option<Ipv4Addr>,
}

/// What the kernel holds.
#[derive(Default)]
struct Kernel {
    links: BTreeMap<i32, bool>,
    addrs: BTreeSet<(i32, Ipv4Addr, u8)>,
    routes: BTreeSet<Rt>,
}

fn net(a: Ipv4Addr, len: u8) -> Ipv4Addr {
    let m = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    Ipv4Addr::from(u32::from(a) & m)
}

fn link_msg(kind: MsgType, index: i32, up: bool) -> Vec<u8> {
    let mut b = Vec::new();
    let mut e = Encoder::new(&mut b, kind, Flags::empty(), 0, 0);
    e.header(&IfInfoMsg {
        index,
        flags: if up {
            1 /* IFF_UP */
        } else {
            0
        },
        ..Default::default()
    });
    e.put_str(3, &format!("l{index}"));
    e.finish().unwrap();
    b
}

fn addr_msg(kind: MsgType, (index, a, len): (i32, Ipv4Addr, u8)) -> Vec<u8> {
    let mut b = Vec::new();
    let mut e = Encoder::new(&mut b, kind, Flags::empty(), 0, 0);
    e.header(&IfAddrMsg {
        family: AF_INET,
        prefixlen: len,
        index: index as u32,
        ..Default::default()
    });
    e.put(1, &a.octets()).put(2, &a.octets());
    e.finish().unwrap();
    b
}

fn route_msg(kind: MsgType, r: &Rt) -> Vec<u8> {
    let mut b = Vec::new();
    let mut e = Encoder::new(&mut b, kind, Flags::empty(), 0, 0);
    e.header(&RtMsg {
        family: AF_INET,
        dst_len: r.len,
        table: r.table as u8,
        kind: r.kind,
        ..Default::default()
    });
    e.put(1, &r.dst.octets())
        .put_u32(4, r.oif as u32)
        .put_u32(15, r.table);
    if let Some(p) = r.prefsrc {
        e.put(7, &p.octets());
    }
    e.finish().unwrap();
    b
}

impl Kernel {
    fn implied(&self, (i, a, len): (i32, Ipv4Addr, u8)) -> Vec<Rt> {
        let mut v = vec![Rt {
            table: LOCAL,
            dst: a,
            len: 32,
            oif: i,
            kind: RTN_LOCAL,
            prefsrc: Some(a),
        }];
        if self.links.get(&i) == Some(&true) && len < 32 {
            v.push(Rt {
                table: MAIN,
                dst: net(a, len),
                len,
                oif: i,
                kind: RTN_UNICAST,
                prefsrc: Some(a),
            });
        }
        v
    }

    fn add_route(&mut self, r: Rt, out: &mut Vec<Vec<u8>>) {
        // One route per (table, destination, length): the first stays.
        if !self
            .routes
            .iter()
            .any(|x| (x.table, x.dst, x.len) == (r.table, r.dst, r.len))
        {
            self.routes.insert(r);
            out.push(route_msg(MsgType::RTM_NEWROUTE, &r));
        }
    }

    /// Carries out `op`, appending the notifications it makes.
    fn apply(&mut self, op: &Op, out: &mut Vec<Vec<u8>>) {
        let link = |l: u8| i32::from(l % 6) + 2;
        let v4 = |h: u8| Ipv4Addr::new(10, 0, h % 4, 1 + h / 64);
        match *op {
            Op::AddLink(l) => {
                let i = link(l);
                if !self.links.contains_key(&i) {
                    self.links.insert(i, false);
                    out.push(link_msg(MsgType::RTM_NEWLINK, i, false));
                }
            }
            Op::DelLink(l) => {
                let i = link(l);
                if self.links.remove(&i).is_some() {
                    out.push(link_msg(MsgType::RTM_DELLINK, i, false));
                    self.addrs.retain(|a| a.0 != i);
                    self.routes.retain(|r| r.oif != i);
                }
            }
            Op::Up(l) => {
                let i = link(l);
                if self.links.get(&i) == Some(&false) {
                    self.links.insert(i, true);
                    out.push(link_msg(MsgType::RTM_NEWLINK, i, true));
                    let mine: Vec<_> = self.addrs.iter().filter(|a| a.0 == i).copied().collect();
                    for a in mine {
                        for r in self.implied(a) {
                            self.add_route(r, out);
                        }
                    }
                }
            }
            Op::Down(l) => {
                let i = link(l);
                if self.links.get(&i) == Some(&true) {
                    self.links.insert(i, false);
                    out.push(link_msg(MsgType::RTM_NEWLINK, i, false));
                    self.routes.retain(|r| r.oif != i || r.kind == RTN_LOCAL);
                }
            }
            Op::AddAddr { link: l, host, len } => {
                let a = (link(l), v4(host), 8 + len % 25);
                let taken = self.addrs.iter().any(|x| x.1 == a.1);
                if self.links.contains_key(&a.0) && !taken {
                    self.addrs.insert(a);
                    out.push(addr_msg(MsgType::RTM_NEWADDR, a));
                    for r in self.implied(a) {
                        self.add_route(r, out);
                    }
                }
            }
            Op::DelAddr { link: l, host, len } => {
                let a = (link(l), v4(host), 8 + len % 25);
                if self.addrs.remove(&a) {
                    out.push(addr_msg(MsgType::RTM_DELADDR, a));
                    // The address is local nowhere else (one per IP here):
                    // every route preferring it as source goes.
                    self.routes.retain(|r| r.prefsrc != Some(a.1));
                }
            }
            Op::AddRoute { link: l, net: n } => {
                let i = link(l);
                if self.links.get(&i) == Some(&true) {
                    let r = Rt {
                        table: MAIN,
                        dst: Ipv4Addr::new(192, 168, n, 0),
                        len: 24,
                        oif: i,
                        kind: RTN_UNICAST,
                        prefsrc: None,
                    };
                    self.add_route(r, out);
                }
            }
            Op::DelRoute { link: l, net: n } => {
                let dst = Ipv4Addr::new(192, 168, n, 0);
                let i = link(l);
                let found = self
                    .routes
                    .iter()
                    .find(|r| r.table == MAIN && r.dst == dst && r.len == 24 && r.oif == i)
                    .copied();
                if let Some(r) = found {
                    self.routes.remove(&r);
                    out.push(route_msg(MsgType::RTM_DELROUTE, &r));
                }
            }
            Op::Lose(_) => {}
        }
    }

    /// What a fresh listing shows.
    fn listing(&self) -> Objects {
        let mut o = Objects::new(Keep::all());
        for (&i, &up) in &self.links {
            let b = link_msg(MsgType::RTM_NEWLINK, i, up);
            o.insert_link(&LinkMsg::parse(Message::parse(&b).unwrap().payload()).unwrap());
        }
        for &a in &self.addrs {
            let b = addr_msg(MsgType::RTM_NEWADDR, a);
            o.insert_addr(
                AddrMsg::parse(Message::parse(&b).unwrap().payload())
                    .unwrap()
                    .owned(),
            );
        }
        for r in &self.routes {
            let b = route_msg(MsgType::RTM_NEWROUTE, r);
            o.insert_route(
                RouteMsg::parse(Message::parse(&b).unwrap().payload())
                    .unwrap()
                    .owned(),
            );
        }
        o
    }
}

type Keys = (
    BTreeSet<u32>,
    BTreeSet<(u32, Option<IpAddr>, u8)>,
    BTreeSet<(u32, Option<IpAddr>, u8, Option<u32>)>,
);

fn keys(o: &Objects) -> Keys {
    (
        o.links().map(|l| l.index()).collect(),
        o.addresses()
            .map(|a| (a.index(), a.local(), a.prefixlen()))
            .collect(),
        o.routes()
            .map(|r| (r.table(), r.dst(), r.dst_len(), r.oif()))
            .collect(),
    )
}

fuzz_target!(|ops: Vec<Op>| {
    let mut kernel = Kernel::default();
    let mut mirror = Objects::new(Keep::all());
    let mut changes = Vec::new();
    let mut lose = 0usize;
    for op in ops.iter().take(200) {
        if let Op::Lose(n) = op {
            lose += usize::from(*n % 8) + 1;
            continue;
        }
        let mut notes = Vec::new();
        kernel.apply(op, &mut notes);
        let mut lost = false;
        for b in &notes {
            if lose > 0 {
                lose -= 1;
                lost = true;
                continue;
            }
            let m = Message::parse(b).unwrap();
            mirror.apply(&Event::parse(&m).unwrap(), &mut changes);
        }
        if lost {
            // The monitor reports the loss; the mirror lists again.
            mirror.replace(kernel.listing(), &mut changes);
        }
        assert_eq!(keys(&mirror), keys(&kernel.listing()), "after {op:?}");
        changes.clear();
    }
});
