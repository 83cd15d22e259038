//! Conntrack operations on `Conn<Netfilter>`.

use crate::conn::{Conn, Netfilter, Transport};
use crate::error::{Error, Result};
use crate::netfilter::nfnl::header;
use crate::route::family::AddrFamily;
use crate::wire::{Encoder, Flags, MsgType, NLA_F_NESTED};

use super::entry::{CTA_ID, CTA_TUPLE_ORIG, CTA_ZONE, Entry, EntrySpec};
use super::expect::{Expect, ExpectSpec};
use super::filter::Filter;
use super::list::Entries;
use super::msg::*;
use super::query::{Query, Table};
use super::stats::{CpuStats, ExpStats, GlobalStats};
use super::status::Status;
use super::tuple::TupleSpec;

fn invalid(what: &str) -> Error {
    Error::Io(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        what.to_string(),
    ))
}

/// `spec` with `IPS_CONFIRMED` added to a status it sets.
fn confirmed(spec: &EntrySpec) -> std::borrow::Cow<'_, EntrySpec> {
    match spec.status {
        Some(s) if s & Status::CONFIRMED.bits() == 0 => std::borrow::Cow::Owned(EntrySpec {
            status: Some(s | Status::CONFIRMED.bits()),
            ..spec.clone()
        }),
        _ => std::borrow::Cow::Borrowed(spec),
    }
}

fn dump_kind(q: &Query) -> MsgType {
    match (q.table, q.zero) {
        (Table::Dying, _) => IPCTNL_MSG_CT_GET_DYING,
        (Table::Unconfirmed, _) => IPCTNL_MSG_CT_GET_UNCONFIRMED,
        (_, true) => IPCTNL_MSG_CT_GET_CTRZERO,
        (_, false) => IPCTNL_MSG_CT_GET,
    }
}

fn encode_query(q: &Query, e: &mut Encoder<'_>) {
    e.header(&header(q.family, 0));
    q.filter.encode(e);
}

impl<T: Transport> Conn<Netfilter, T> {
    /// Lists the entries `q` asks for, through the dump-consistency
    /// policy. The list keeps the received bytes and hands out views.
    pub fn conntrack_list(&mut self, q: &Query) -> Result<Entries> {
        self.dump_fold(
            dump_kind(q),
            Flags::empty(),
            |e| encode_query(q, e),
            Entries::new,
            |list, m| {
                if m.kind() == IPCTNL_MSG_CT_NEW {
                    list.push(&Entry::parse(m.payload())?);
                }
                Ok(())
            },
        )
    }

    /// [`conntrack_list`](Self::conntrack_list), strict: the first entry
    /// with an attribute that did not decode is an error.
    pub fn conntrack_list_strict(&mut self, q: &Query) -> Result<Entries> {
        let list = self.conntrack_list(q)?;
        for e in list.iter() {
            e.check()?;
        }
        Ok(list)
    }

    /// Streams the entries `q` asks for: `each` sees each one as a view as
    /// it arrives, nothing collected (an interrupted dump is reported, not
    /// retried: see [`Conn::dump_each`]).
    pub fn conntrack_each(
        &mut self,
        q: &Query,
        mut each: impl FnMut(&Entry<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            dump_kind(q),
            Flags::empty(),
            |e| encode_query(q, e),
            |m| {
                if m.kind() != IPCTNL_MSG_CT_NEW {
                    return Ok(());
                }
                each(&Entry::parse(m.payload())?)
            },
        )
        .map(drop)
    }

    /// The entry whose original tuple is `orig` (in `zone`, if given).
    /// A missing one is the kernel's `ENOENT`.
    pub fn conntrack_get(
        &mut self,
        family: AddrFamily,
        orig: &TupleSpec,
        zone: Option<u16>,
    ) -> Result<Entry> {
        let spec = EntrySpec {
            orig: Some(orig.clone()),
            zone,
            ..EntrySpec::default()
        };
        let m = self.request(IPCTNL_MSG_CT_GET, Flags::empty(), |e| {
            e.header(&header(family, 0));
            spec.encode(e);
        })?;
        Ok(Entry::parse(m.payload())?.owned())
    }

    /// Creates an entry (`EEXIST` if its tuple is taken). The kernel wants
    /// both tuples (or the original and NAT data), a timeout, and for TCP
    /// a state. A status set here gains `IPS_CONFIRMED`, which every entry
    /// in the table has: the kernel refuses to change that bit (`EBUSY`).
    pub fn conntrack_create(&mut self, family: AddrFamily, spec: &EntrySpec) -> Result<()> {
        let spec = confirmed(spec);
        self.ack(IPCTNL_MSG_CT_NEW, Flags::CREATE | Flags::EXCL, |e| {
            e.header(&header(family, 0));
            spec.encode(e);
        })
    }

    /// Changes the entry named by `spec`'s tuple: what else it sets (mark,
    /// timeout, labels, status bits the kernel lets change, protocol
    /// state). A missing entry is `ENOENT`. A status set here gains
    /// `IPS_CONFIRMED`, as in [`conntrack_create`](Self::conntrack_create).
    pub fn conntrack_update(&mut self, family: AddrFamily, spec: &EntrySpec) -> Result<()> {
        if spec.orig.is_none() && spec.reply.is_none() {
            return Err(invalid("a conntrack update needs a tuple"));
        }
        let spec = confirmed(spec);
        self.ack(IPCTNL_MSG_CT_NEW, Flags::empty(), |e| {
            e.header(&header(family, 0));
            spec.encode(e);
        })
    }

    /// Deletes the entry named by `spec`'s original (or reply) tuple, in
    /// its zone; with an id set too, only if the entry has that id. A
    /// missing entry is `ENOENT`. A spec with no tuple is refused here:
    /// the kernel would take it as a flush.
    pub fn conntrack_delete(&mut self, family: AddrFamily, spec: &EntrySpec) -> Result<()> {
        if spec.orig.is_none() && spec.reply.is_none() {
            return Err(invalid(
                "a conntrack delete needs a tuple (an id alone would flush)",
            ));
        }
        self.ack(IPCTNL_MSG_CT_DELETE, Flags::empty(), |e| {
            e.header(&header(family, 0));
            spec.encode(e);
        })
    }

    /// Deletes every entry of `family` (`AF_UNSPEC`, 0: of both).
    pub fn conntrack_flush(&mut self, family: AddrFamily) -> Result<()> {
        self.ack(IPCTNL_MSG_CT_DELETE, Flags::empty(), |e| {
            // Version 1 asks the kernel to flush one family only; version 0
            // flushes all whatever the family says.
            let mut h = header(family, 0);
            h.version = u8::from(family != 0);
            e.header(&h);
        })
    }

    /// Deletes every entry of `family` (0: both) that matches any of
    /// `filters`: one dump, the match, then the deletes, batched. Returns
    /// how many were deleted; an entry gone in between is not counted and
    /// not an error. Each delete names the entry's tuple, zone and id, so
    /// a new connection that reused the tuple is left alone.
    pub fn conntrack_delete_matching(
        &mut self,
        family: AddrFamily,
        filters: &[Filter],
    ) -> Result<usize> {
        let mut doomed = Entries::new();
        self.conntrack_each(&Query::new().family(family), |e| {
            if filters.iter().any(|f| f.matches(e)) {
                doomed.push(e);
            }
            Ok(())
        })?;
        let mut deleted = 0;
        let ids: Vec<usize> = (0..doomed.len()).collect();
        for chunk in ids.chunks(4096) {
            let mut batch = self.batch();
            for &i in chunk {
                let Some(e) = doomed.get(i) else { continue };
                let Some(orig) = e.attr(CTA_TUPLE_ORIG) else {
                    continue;
                };
                batch.add(IPCTNL_MSG_CT_DELETE, Flags::empty(), |enc| {
                    enc.header(&header(e.family(), 0));
                    enc.put(CTA_TUPLE_ORIG | NLA_F_NESTED, orig);
                    if let Some(z) = e.zone() {
                        enc.put_be16(CTA_ZONE, z);
                    }
                    if let Some(id) = e.id() {
                        enc.put_be32(CTA_ID, id);
                    }
                })?;
            }
            for r in batch.run()? {
                match r {
                    Ok(()) => deleted += 1,
                    Err(e) if e.is_not_found() => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(deleted)
    }

    /// How many entries the table holds, and its limit
    /// (`IPCTNL_MSG_CT_GET_STATS`).
    pub fn conntrack_count(&mut self) -> Result<GlobalStats> {
        let m = self.request(IPCTNL_MSG_CT_GET_STATS, Flags::empty(), |e| {
            e.header(&header(0, 0));
        })?;
        Ok(GlobalStats::parse(m.payload())?.owned())
    }

    /// Each CPU's conntrack counters.
    pub fn conntrack_stats(&mut self) -> Result<Vec<CpuStats>> {
        self.dump_collect(
            IPCTNL_MSG_CT_GET_STATS_CPU,
            Flags::empty(),
            |e| {
                e.header(&header(0, 0));
            },
            |m| {
                if m.kind() != IPCTNL_MSG_CT_GET_STATS_CPU {
                    return Ok(None);
                }
                Ok(Some(CpuStats::parse(m.payload())?.owned()))
            },
        )
    }

    /// Lists the expectations of `family` (0: both).
    pub fn expect_list(&mut self, family: AddrFamily) -> Result<Vec<Expect>> {
        self.dump_collect(
            IPCTNL_MSG_EXP_GET,
            Flags::empty(),
            |e| {
                e.header(&header(family, 0));
            },
            |m| {
                if m.kind() != IPCTNL_MSG_EXP_NEW {
                    return Ok(None);
                }
                Ok(Some(Expect::parse(m.payload())?.owned()))
            },
        )
    }

    /// Deletes the expectation named by `spec`'s tuple (and id, if set);
    /// with none, every expectation of `family`, or of one helper if
    /// `spec` names it.
    pub fn expect_delete(&mut self, family: AddrFamily, spec: &ExpectSpec) -> Result<()> {
        self.ack(IPCTNL_MSG_EXP_DELETE, Flags::empty(), |e| {
            e.header(&header(family, 0));
            spec.encode(e);
        })
    }

    /// Each CPU's expectation counters.
    pub fn expect_stats(&mut self) -> Result<Vec<ExpStats>> {
        self.dump_collect(
            IPCTNL_MSG_EXP_GET_STATS_CPU,
            Flags::empty(),
            |e| {
                e.header(&header(0, 0));
            },
            |m| {
                if m.kind() != IPCTNL_MSG_EXP_GET_STATS_CPU {
                    return Ok(None);
                }
                Ok(Some(ExpStats::parse(m.payload())?.owned()))
            },
        )
    }
}
