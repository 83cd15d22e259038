//! Classic BPF filters for netlink sockets.

use crate::sys::SockFilter;
use crate::wire::MsgType;

const BPF_LD: u16 = 0x00;
const BPF_H: u16 = 0x08;
const BPF_ABS: u16 = 0x20;
const BPF_JMP: u16 = 0x05;
const BPF_JEQ: u16 = 0x10;
const BPF_K: u16 = 0x00;
const BPF_RET: u16 = 0x06;

/// A classic BPF program for a netlink socket.
///
/// The kernel runs it on each datagram and sees the first message's
/// header; it cannot see the multicast group a datagram was sent to (to
/// pick groups, join only those). [`Filter::accept_types`] builds the
/// common case; [`Filter::from_program`] takes any program.
///
/// ```
/// use nlstack::conn::Filter;
/// use nlstack::wire::MsgType;
/// let f = Filter::accept_types(&[MsgType::RTM_NEWADDR, MsgType::RTM_DELADDR]);
/// assert!(!f.program().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    program: Vec<SockFilter>,
}

fn stmt(code: u16, k: u32) -> SockFilter {
    SockFilter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

impl Filter {
    /// Accepts datagrams whose first message is one of `kinds`, or a
    /// control message (`NLMSG_NOOP`, `ERROR`, `DONE`, `OVERRUN`: replies
    /// and acks must get through); drops the rest. At most 240 kinds.
    pub fn accept_types(kinds: &[MsgType]) -> Filter {
        const CONTROL: [MsgType; 4] = [
            MsgType::NLMSG_NOOP,
            MsgType::NLMSG_ERROR,
            MsgType::NLMSG_DONE,
            MsgType::NLMSG_OVERRUN,
        ];
        let all: Vec<MsgType> = CONTROL
            .iter()
            .chain(&kinds[..kinds.len().min(240)])
            .copied()
            .collect();
        // BPF half-word loads are big-endian; nlmsg_type is in host order.
        let wire = |k: MsgType| u16::from_be_bytes(k.0.to_ne_bytes()) as u32;
        let mut p = Vec::with_capacity(all.len() + 3);
        p.push(stmt(BPF_LD | BPF_H | BPF_ABS, 4)); // A = nlmsg_type
        for (i, &k) in all.iter().enumerate() {
            // On a match, jump over the remaining tests and the drop.
            let jt = (all.len() - i) as u8;
            p.push(SockFilter {
                code: BPF_JMP | BPF_JEQ | BPF_K,
                jt,
                jf: 0,
                k: wire(k),
            });
        }
        p.push(stmt(BPF_RET | BPF_K, 0)); // drop
        p.push(stmt(BPF_RET | BPF_K, u32::MAX)); // accept whole
        Filter { program: p }
    }

    /// Any classic BPF program.
    pub fn from_program(program: Vec<SockFilter>) -> Filter {
        Filter { program }
    }

    /// The instructions.
    pub fn program(&self) -> &[SockFilter] {
        &self.program
    }
}
