#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ from the kernel replies recorded in
# tests/fixtures/*.bin (capture files: records of a little-endian u32 length
# and the datagram). Re-runnable: each target's corpus is cleared first.
#
#     bash fuzz/seed.sh
#
#   messages          one file per datagram of every fixture
#   attrs             the attributes after the family header of a selection
#                     of messages: every distinct attribute layout, topped up
#                     with evenly spaced messages, plus the error fixtures'
#                     requests whole
#   ext_ack           selector byte + payload of each error reply (see
#                     fuzz_targets/ext_ack.rs), and DONE / ACK / bare-TLV
#                     variants built from them
#   encode_roundtrip  a handful of small byte strings
#   link, addr,       whole messages of their kind from links.bin (and the
#   route, neigh,     error fixtures' requests), addrs.bin, routes4.bin and
#   rule              routes6.bin, neigh.bin, rules.bin: every distinct
#                     attribute layout, topped up with evenly spaced
#                     messages; the first messages of a dump as one
#                     datagram; and a few built here for what the fixtures
#                     lack (veth peers, vxlan, alternative names, metrics,
#                     RTA_VIA, FDB entries, namespace ids for `rule`)
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'EOF'
import glob, os, shutil, struct

FIX = "tests/fixtures"
OUT = "fuzz/corpus"
ATTRS_PER_FIXTURE = 45          # attrs: at most this many messages per dump
FAMILY_HDR = {16: 16, 17: 16, 18: 16, 19: 16,   # ifinfomsg
              20: 8, 21: 8, 22: 8,              # ifaddrmsg
              24: 12, 25: 12, 26: 12,           # rtmsg
              28: 12, 29: 12, 30: 12,           # ndmsg
              32: 12, 33: 12, 34: 12}           # fib_rule_hdr
ERROR, DONE = 2, 3
CAPPED, ACK_TLVS = 0x100, 0x200

def datagrams(path):
    b = open(path, "rb").read()
    pos = 0
    while pos < len(b):
        (n,) = struct.unpack_from("<I", b, pos)
        yield b[pos + 4:pos + 4 + n]
        pos += 4 + n

def messages(d):
    pos = 0
    while pos + 16 <= len(d):
        n, kind, flags, _, _ = struct.unpack_from("=IHHII", d, pos)
        if n < 16 or pos + n > len(d):
            return
        yield kind, flags, d[pos:pos + n]
        pos += (n + 3) & ~3

def attrs(b):
    pos = 0
    while pos + 4 <= len(b):
        n, kind = struct.unpack_from("=HH", b, pos)
        if n < 4 or pos + n > len(b):
            return
        yield kind, b[pos + 4:pos + n]
        pos += (n + 3) & ~3

def layout(b, depth=0):
    """The attribute kinds of b, nests (NLA_F_NESTED) expanded."""
    out = []
    for kind, v in attrs(b):
        if kind & 0x8000 and depth < 8:
            out.append((kind & 0x3fff, layout(v, depth + 1)))
        else:
            out.append(kind & 0x3fff)
    return tuple(out)

def fresh(target):
    d = os.path.join(OUT, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d

class Corpus:
    # strip: bytes dropped from the front of each seed (16: a target that
    # reads a message's payload gets the messages without their nlmsghdr).
    def __init__(self, target, strip=0):
        self.dir = fresh(target)
        self.seen = set()
        self.strip = strip
    def add(self, name, data):
        data = data[self.strip:]
        if data in self.seen:
            return
        self.seen.add(data)
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(data)

fixtures = sorted(glob.glob(os.path.join(FIX, "*.bin")))
names = [os.path.basename(f)[:-4] for f in fixtures]

# messages: every datagram.
c = Corpus("messages")
for f, name in zip(fixtures, names):
    for i, d in enumerate(datagrams(f)):
        c.add(f"{name}-{i:03}", d)

# attrs: per dump, the first message of each attribute layout, then evenly
# spaced ones up to the cap; the error fixtures' requests whole.
c = Corpus("attrs")
for f, name in zip(fixtures, names):
    if name.startswith("err-"):
        for kind, _, m in messages(next(datagrams(f))):
            c.add(f"{name}-request", m)
            c.add(f"{name}-request-attrs", m[16 + FAMILY_HDR.get(kind, 16):])
        continue
    msgs = [(k, m) for d in datagrams(f) for k, _, m in messages(d) if k in FAMILY_HDR]
    picked, layouts = [], set()
    for i, (k, m) in enumerate(msgs):
        sig = layout(m[16 + FAMILY_HDR[k]:])
        if sig not in layouts and len(picked) < ATTRS_PER_FIXTURE:
            layouts.add(sig)
            picked.append(i)
    step = max(1, len(msgs) // max(1, ATTRS_PER_FIXTURE - len(picked)))
    for i in range(0, len(msgs), step):
        if len(picked) >= ATTRS_PER_FIXTURE:
            break
        if i not in picked:
            picked.append(i)
    for i in sorted(picked):
        k, m = msgs[i]
        c.add(f"{name}-{i:04}", m[16 + FAMILY_HDR[k]:])

# ext_ack: selector byte (bit 0 DONE, bit 1 CAPPED, bit 2 ACK_TLVS, bit 3
# NOOP before, bits 4-7 low flags) and the payload.
def sel(kind, flags):
    s = 1 if kind == DONE else 0
    s |= 2 if flags & CAPPED else 0
    s |= 4 if flags & ACK_TLVS else 0
    return bytes([s | (flags & 0xf) << 4])

c = Corpus("ext_ack")
for f, name in zip(fixtures, names):
    if not name.startswith("err-"):
        for d in datagrams(f):
            for kind, flags, m in messages(d):
                if kind == DONE:
                    c.add(f"{name}-done", sel(kind, flags) + m[16:])
        continue
    for d in list(datagrams(f))[1:]:
        for kind, flags, m in messages(d):
            if kind != ERROR:
                continue
            p = m[16:]
            c.add(f"{name}-reply", sel(kind, flags) + p)
            c.add(f"{name}-reply-noop", bytes([sel(kind, flags)[0] | 8]) + p)
            # The TLVs after the echoed request.
            echoed = 16 if flags & CAPPED else struct.unpack_from("=I", p, 4)[0]
            tlvs = p[4 + ((echoed + 3) & ~3):]
            c.add(f"{name}-done-tlvs", sel(DONE, ACK_TLVS) + p[:4] + tlvs)
            c.add(f"{name}-ack", sel(ERROR, CAPPED | ACK_TLVS) + bytes(4) + p[4:20] + tlvs)
            c.add(f"{name}-tlvs", sel(ERROR, 0) + tlvs)
            # The policy nest's value on its own.
            for k, v in attrs(tlvs):
                if k & 0x3fff == 4:
                    c.add(f"{name}-policy", sel(DONE, 0) + v)

# encode_roundtrip: small byte strings for arbitrary to read a tree from.
c = Corpus("encode_roundtrip")
c.add("empty", b"")
c.add("zeros", bytes(32))
c.add("ones", b"\xff" * 48)
c.add("count", bytes(range(64)))
c.add("text", b"nlstack encode roundtrip: nests inside nests\x00")
c.add("steps", bytes((i * 37) & 0xff for i in range(128)))

# The rtnetlink view targets: whole messages.
VIEWS_PER_FIXTURE = 60          # at most this many messages per dump

def pick(msgs, cap):
    """Indices of msgs ((kind, message) pairs): the first message of each
    attribute layout, then evenly spaced ones, at most cap."""
    picked, layouts = [], set()
    for i, (k, m) in enumerate(msgs):
        sig = layout(m[16 + FAMILY_HDR[k]:])
        if sig not in layouts and len(picked) < cap:
            layouts.add(sig)
            picked.append(i)
    step = max(1, len(msgs) // max(1, cap - len(picked)))
    for i in range(0, len(msgs), step):
        if len(picked) >= cap:
            break
        if i not in picked:
            picked.append(i)
    return sorted(picked)

def view_corpus(target, fixture_names, kinds, cap=VIEWS_PER_FIXTURE, strip=0):
    c = Corpus(target, strip)
    for name in fixture_names:
        dgs = list(datagrams(os.path.join(FIX, name + ".bin")))
        msgs = [(k, m) for d in dgs for k, _, m in messages(d) if k in kinds]
        for i in pick(msgs, cap):
            c.add(f"{name}-{i:04}", msgs[i][1])
        # The first messages of the dump as one datagram.
        d = dgs[0]
        ends = [0]
        for _, _, m in messages(d):
            ends.append(ends[-1] + ((len(m) + 3) & ~3))
        c.add(f"{name}-datagram", d[:ends[min(3, len(ends) - 1)]])
    return c

def nla(kind, value):
    n = 4 + len(value)
    return struct.pack("=HH", n, kind) + value + bytes(-n % 4)

def nest(kind, *parts):
    return nla(kind | 0x8000, b"".join(parts))

def msg(kind, payload, flags=0x2, seq=1):
    return struct.pack("=IHHII", 16 + len(payload), kind, flags, seq, 0) + payload

def u8(v): return struct.pack("=B", v)
def u16(v): return struct.pack("=H", v)
def u32(v): return struct.pack("=I", v)
def i32(v): return struct.pack("=i", v)
def be16(v): return struct.pack(">H", v)
def be32(v): return struct.pack(">I", v)
def be64(v): return struct.pack(">Q", v)
def s(t): return t.encode() + b"\0"
def v4(t): return bytes(int(x) for x in t.split("."))
def v6(*words): return struct.pack(">8H", *words)
def ifinfo(index=0, flags=0): return struct.pack("=BBHiII", 0, 0, 1, index, flags, 0)

NEWLINK, NEWADDR, NEWROUTE, NEWNEIGH, NEWRULE, NEWNSID = 16, 20, 24, 28, 32, 88

# link: the fixtures, and a veth whose peer has a peer, vxlan, alternative
# names, a bridge port; as payloads (the target reads a link message's
# payload, as `LinkMsg::parse` does).
c = view_corpus("link", ["links"], {16, 17}, strip=16)
for f, name in zip(fixtures, names):
    if name.startswith("err-"):
        for kind, _, m in messages(next(datagrams(f))):
            c.add(f"{name}-request", m)
# The link-kind requests `ip link add` sends, recorded once with strace
# (tests/fixtures/link_kinds.sh): one seed a kind.
with open(os.path.join(FIX, "link_kinds.txt")) as kinds_file:
    for line in kinds_file:
        if line.strip() and not line.startswith("#"):
            kind, hexbytes = line.split()[:2]
            c.add(f"kind-{kind}", bytes.fromhex(hexbytes))
MAC = bytes([2, 0, 0, 0, 0, 1])
peer2 = ifinfo(0) + nla(3, s("ve2")) + nla(1, MAC)
peer1 = ifinfo(0) + nla(3, s("ve1")) + nla(4, u32(1400)) + nest(
    18, nla(1, s("veth")), nest(2, nla(1, peer2)))
c.add("veth-peers", msg(NEWLINK, ifinfo(0, 1) + nla(3, s("ve0")) + nest(
    18, nla(1, s("veth")), nest(2, nla(1, peer1)))))
c.add("vxlan", msg(NEWLINK, ifinfo(9, 0x11043) + nla(3, s("vx0")) + nla(4, u32(1450)) + nest(
    18, nla(1, s("vxlan")), nest(
        2, nla(1, u32(42)), nla(2, v4("239.1.1.1")), nla(3, u32(2)), nla(4, v4("10.0.0.1")),
        nla(5, u8(64)), nla(6, u8(0)), nla(7, u8(1)), nla(8, u32(300)), nla(9, u32(0)),
        nla(10, be16(1000) + be16(2000)), nla(11, u8(0)), nla(12, u8(0)), nla(13, u8(0)),
        nla(14, u8(0)), nla(15, be16(4789)), nla(16, v6(0xff05, 0, 0, 0, 0, 0, 0, 1)),
        nla(17, v6(0xfd00, 0, 0, 0, 0, 0, 0, 1)), nla(18, u8(1)), nla(25, u8(0)),
        nla(26, be32(0x12345)), nla(29, u8(1))))))
c.add("altnames", msg(NEWLINK, ifinfo(3, 0x1003) + nla(3, s("eth0")) + nest(
    52, nla(53, s("enp0s3")), nla(53, s("lan0"))) + nla(54, MAC) + nla(56, s("0000:00:03.0"))
    + nla(57, s("pci")) + nla(45, i32(4)) + nla(49, i32(12)) + nla(37, i32(1))
    + nla(20, s("uplink")) + nla(16, u8(6)) + nla(17, u8(0))))
c.add("bridge-port", msg(NEWLINK, ifinfo(4, 0x1103) + nla(3, s("va1")) + nla(10, u32(5))
    + nest(18, nla(1, s("veth")), nla(3, bytes(8)), nla(4, s("bridge")),
           nest(5, nla(1, u8(3)), nla(2, u16(32))))))

# addr: the fixture, and every attribute.
c = view_corpus("addr", ["addrs"], {20, 21}, 80, strip=16)
c.add("all-v4", msg(NEWADDR, struct.pack("=BBBBI", 2, 24, 0x80, 0, 3) + nla(1, v4("10.0.0.2"))
    + nla(2, v4("10.0.0.1")) + nla(3, s("eth0:1")) + nla(4, v4("10.0.0.255"))
    + nla(6, u32(0xffffffff) * 2 + u32(100) + u32(200)) + nla(8, u32(0x280))
    + nla(9, u32(100)) + nla(11, u8(4))))
c.add("all-v6", msg(NEWADDR, struct.pack("=BBBBI", 10, 64, 0, 0, 3)
    + nla(1, v6(0xfd00, 0, 0, 0, 0, 0, 0, 1)) + nla(5, v6(0xfd00, 0, 0, 0, 0, 0, 0, 0))
    + nla(7, v6(0xff02, 0, 0, 0, 0, 0, 0, 1)) + nla(8, u32(0x100))))

# route: the fixtures, and metrics, RTA_VIA, multipath with via.
c = view_corpus("route", ["routes4", "routes6"], {24, 25}, 50, strip=16)
rtmsg = lambda fam, dst_len, table=254, kind=1: struct.pack(
    "=BBBBBBBBI", fam, dst_len, 0, 0, table, 4, 0, kind, 0)
c.add("metrics-via", msg(NEWROUTE, rtmsg(2, 24, 252) + nla(15, u32(1000)) + nla(1, v4("10.9.0.0"))
    + nla(18, u16(10) + v6(0xfe80, 0, 0, 0, 0, 0, 0, 1)) + nla(4, u32(2)) + nla(3, u32(1))
    + nla(6, u32(10)) + nla(7, v4("10.0.0.1")) + nest(
        8, nla(2, u32(1400)), nla(8, u32(1360)), nla(10, u32(64)), nla(1, u32(4)),
        nla(11, u32(10)), nla(14, u32(20)), nla(12, u32(1)), nla(16, s("cubic")))
    + nla(11, u32(7)) + nla(12, bytes(32)) + nla(16, u32(0x10)) + nla(20, u8(1))
    + nla(21, u16(1)) + nla(23, u32(60)) + nla(25, u32(1000)) + nla(26, u8(1))
    + nla(30, u32(7))))
def rtnh(ifindex, hops, *attrs):
    body = b"".join(attrs)
    return struct.pack("=HBBI", 8 + len(body), 0x4, hops, ifindex) + body
c.add("multipath-via", msg(NEWROUTE, rtmsg(2, 24) + nla(1, v4("10.8.0.0")) + nla(9,
    rtnh(2, 0, nla(5, v4("10.0.0.3")), nla(11, u32(1)))
    + rtnh(3, 2, nla(18, u16(10) + v6(0xfe80, 0, 0, 0, 0, 0, 0, 2)), nla(21, u16(1)))
    + rtnh(4, 0))))

# neigh: the fixture, and a VXLAN FDB entry with every attribute.
c = view_corpus("neigh", ["neigh"], {28, 29}, 80)
c.add("fdb", msg(NEWNEIGH, struct.pack("=BBHiHBB", 7, 0, 0, 5, 0x80, 0x2, 0)
    + nla(2, MAC) + nla(1, v4("192.0.2.1")) + nla(3, u32(1) * 4) + nla(4, u32(3))
    + nla(5, u16(10)) + nla(6, be16(4789)) + nla(7, u32(42)) + nla(8, u32(2))
    + nla(9, u32(6)) + nla(10, i32(1)) + nla(11, u32(43)) + nla(12, u8(4))
    + nla(13, u32(9)) + nla(15, u32(1))))

# rule: the fixture, every attribute, and namespace ids.
c = view_corpus("rule", ["rules"], {32, 33})
c.add("all-v4", msg(NEWRULE, struct.pack("=BBBBBBBBI", 2, 24, 16, 0, 0, 0, 0, 1, 0x2)
    + nla(2, v4("192.0.2.0")) + nla(1, v4("198.51.100.0")) + nla(3, s("eth0"))
    + nla(17, s("eth1")) + nla(6, u32(100)) + nla(15, u32(1000)) + nla(10, u32(0x10))
    + nla(16, u32(0xff)) + nla(11, u32(3)) + nla(12, be64(77)) + nla(13, u32(0xffffffff))
    + nla(14, u32(0xffffffff)) + nla(19, u8(0)) + nla(20, u32(1000) + u32(2000))
    + nla(21, u8(4)) + nla(22, u8(6)) + nla(23, u16(1000) + u16(2000))
    + nla(24, u16(443) + u16(443)) + nla(25, u8(10)) + nla(30, u8(0x3f))))
c.add("goto-v6", msg(NEWRULE, struct.pack("=BBBBBBBBI", 10, 0, 0, 0, 0, 0, 0, 2, 0)
    + nla(4, u32(200)) + nla(6, u32(150)) + nla(26, be32(0x12345)) + nla(27, be32(0xfffff))
    + nla(28, u16(0xff00)) + nla(29, u16(0xfff0))))
rtgen = bytes(4)
c.add("nsid", msg(NEWNSID, rtgen + nla(1, i32(3)) + nla(2, u32(1)) + nla(3, u32(5))))
c.add("nsid-target", msg(NEWNSID, rtgen + nla(1, i32(-1)) + nla(4, i32(2)) + nla(5, i32(-1))))

# The conntrack targets. Real kernel replies, recorded on Linux 6.18 in a
# fresh namespace (accounting and timestamps on) with this library: entries
# it created (UDP with a mark, TCP established, TCP SYN_SENT in zone 5
# with a mark, UDP over IPv6, ICMP, ICMPv6, SCTP, UDP with labels), dumped
# with Conn<Netfilter>, each payload (nfgenmsg and CTA_* attributes) as
# received; per-CPU statistics and the global count the same way. Then
# what a namespace without helpers or NAT does not make, built here.
REAL_ENTRIES = [
    bytes.fromhex(
        "020000003400018014000180080001000a010005080002000a0100061c000280050001001100000006000200"
        "0fa5000006000300003500003400028014000180080001000a010006080002000a0100051c00028005000100"
        "110000000600020000350000060003000fa500000800030000000008080008000000000008000c005b346908"
        "08000b000000000108000700000000771c0009800c00010000000000000000000c0002000000000000000000"
        "1c000a800c00010000000000000000000c0002000000000000000000100014800c00010018edf61276682cf8"
        "1c001880080001000000000008000200000000000800030000000000"),
    bytes.fromhex(
        "0a000000540001802c00018014000300fd00000000000000000000000000000314000400fd00000000000000"
        "000000000000000424000280050001003a00000006000700004e000005000800800000000500090000000000"
        "540002802c00018014000300fd00000000000000000000000000000414000400fd0000000000000000000000"
        "0000000324000280050001003a00000006000700004e00000500080081000000050009000000000008000300"
        "00000008080008000000000008000c00f18b50d308000b0000000001080007000000001d1c0009800c000100"
        "00000000000000000c00020000000000000000001c000a800c00010000000000000000000c00020000000000"
        "00000000100014800c00010018edf6127667da1c1c0018800800010000000000080002000000000008000300"
        "00000000"),
    bytes.fromhex(
        "020000003c00018014000180080001000a020001080002000a02000224000280050001000100000006000400"
        "004d0000050005000800000005000600000000003c00028014000180080001000a020002080002000a020001"
        "24000280050001000100000006000400004d0000050005000000000005000600000000000800030000000008"
        "080008000000000008000c00ec977ac608000b0000000001080007000000001d1c0009800c00010000000000"
        "000000000c00020000000000000000001c000a800c00010000000000000000000c0002000000000000000000"
        "100014800c00010018edf6127667aced1c001880080001000000000008000200000000000800030000000000"),
    bytes.fromhex(
        "020000003400018014000180080001000a010001080002000a0100021c000280050001001100000006000200"
        "0fa0000006000300003500003400028014000180080001000a010002080002000a0100011c00028005000100"
        "110000000600020000350000060003000fa000000800030000000008080008000000000708000c00b24fd392"
        "08000b000000000108000700000000771c0009800c00010000000000000000000c0002000000000000000000"
        "1c000a800c00010000000000000000000c0002000000000000000000100014800c00010018edf61276667dbd"
        "1c001880080001000000000008000200000000000800030000000000"),
    bytes.fromhex(
        "0a0000004c0001802c00018014000300fd00000000000000000000000000000114000400fd00000000000000"
        "00000000000000021c000280050001001100000006000200138800000600030014e900004c0002802c000180"
        "14000300fd00000000000000000000000000000214000400fd0000000000000000000000000000011c000280"
        "05000100110000000600020014e9000006000300138800000800030000000008080008000000000008000c00"
        "83aa4d6208000b000000000108000700000000771c0009800c00010000000000000000000c00020000000000"
        "000000001c000a800c00010000000000000000000c0002000000000000000000100014800c00010018edf612"
        "766759851c001880080001000000000008000200000000000800030000000000"),
    bytes.fromhex(
        "020000003400018014000180080001000a010003080002000a0100041c000280050001000600000006000200"
        "0fa200000600030001bb00003400028014000180080001000a010004080002000a0100031c00028005000100"
        "060000000600020001bb0000060003000fa2000006001200000500000800030000000008080008000000dead"
        "08000c004fe76b3a08000b0000000001080007000000003b300004802c000180050001000100000005000200"
        "000000000500030000000000060004000000000006000500000000001c0009800c0001000000000000000000"
        "0c00020000000000000000001c000a800c00010000000000000000000c000200000000000000000010001480"
        "0c00010018edf61276672bf21c001880080001000000000008000200000000000800030000000000"),
    bytes.fromhex(
        "020000003400018014000180080001000a030001080002000a0300021c000280050001008400000006000200"
        "1b580000060003001b5900003400028014000180080001000a030002080002000a0300011c00028005000100"
        "84000000060002001b590000060003001b5800000800030000000008080008000000000008000c004f3627f3"
        "08000b0000000001080007000000001d200004801c0003800500010000000000080002000000000008000300"
        "000000001c0009800c00010000000000000000000c00020000000000000000001c000a800c00010000000000"
        "000000000c0002000000000000000000100014800c00010018edf612766802d61c0018800800010000000000"
        "08000200000000000800030000000000"),
    bytes.fromhex(
        "020000003400018014000180080001000a010001080002000a0100021c000280050001000600000006000200"
        "0fa1000006000300005000003400028014000180080001000a010002080002000a0100011c00028005000100"
        "060000000600020000500000060003000fa10000080003000000000e080008000000000008000c00502e33d2"
        "08000b0000000001080007000000012b300004802c0001800500010003000000050002000000000005000300"
        "00000000060004000000000006000500000000001c0009800c00010000000000000000000c00020000000000"
        "000000001c000a800c00010000000000000000000c0002000000000000000000100014800c00010018edf612"
        "7666fe7c1c001880080001000000000008000200000000000800030000000000"),
]
REAL_CPU_STATS = [
    bytes.fromhex(
        "00000000080002000000000008000400000000000800080000000008080009000000000008000a0000000000"
        "08000b000000000008000c000000000008000d000000000008000e000000000008000f0000000000"),
    bytes.fromhex(
        "00000001080002000000000008000400000000000800080000000000080009000000000008000a0000000000"
        "08000b000000000008000c000000000008000d000000000008000e000000000008000f0000000000"),
]
REAL_GLOBAL_STATS = bytes.fromhex("0000000008000100000000080800020000040000")

def nfgen(family, res_id=0):
    return struct.pack("=BB", family, 0) + be16(res_id)

def ct_tuple(src, dst, proto, sport=None, dport=None, zone=None):
    ip = (nla(1, v4(src)) + nla(2, v4(dst))) if "." in src else (
        nla(3, bytes.fromhex(src)) + nla(4, bytes.fromhex(dst)))
    p = nla(1, u8(proto))
    if sport is not None:
        p += nla(2, be16(sport)) + nla(3, be16(dport))
    t = nest(1, ip) + nest(2, p)
    if zone is not None:
        t += nla(3, be16(zone))
    return t

CT_NEW, CT_DELETE = 0x100, 0x102
EXP_NEW, EXP_DELETE = 0x200, 0x202
NLM_F_CREATE, NLM_F_EXCL, NLM_F_MULTI = 0x400, 0x200, 0x2

orig = ct_tuple("10.0.0.1", "10.0.0.2", 6, 1024, 21)
reply = ct_tuple("10.0.0.2", "10.0.0.1", 6, 21, 1024)
# An entry with every kind of attribute.
full = (nfgen(2) + nest(1, orig) + nest(2, reply) + nla(3, be32(0x1ba))
    + nest(4, nest(1, nla(1, u8(3)), nla(2, u8(7)), nla(3, u8(7)), nla(4, u16(0x2323)),
                   nla(5, u16(0x2323))))
    + nest(5, nla(1, s("ftp")), nla(2, bytes(8)))
    + nest(6, nla(1, v4("192.0.2.1")), nla(2, v4("192.0.2.9")),
           nest(3, nla(1, be16(1000)), nla(2, be16(2000))))
    + nla(7, be32(431999)) + nla(8, be32(0x10))
    + nest(9, nla(1, be64(12)), nla(2, be64(1400)))
    + nest(10, nla(3, be32(10)), nla(4, be32(900)))
    + nla(11, be32(1)) + nla(12, be32(0xabcdef))
    + nest(13, nla(4, v6(0xfd00, 0, 0, 0, 0, 0, 0, 1)), nla(5, v6(0xfd00, 0, 0, 0, 0, 0, 0, 9)))
    + nest(14, ct_tuple("10.0.0.1", "10.0.0.2", 6, 1023, 21, zone=2))
    + nest(15, nla(1, be32(100)), nla(2, be32(5)), nla(3, be32(7)))
    + nest(16, nla(1, be32(200)), nla(2, be32(0)), nla(3, be32(3)))
    + nla(17, be32(3)) + nla(18, be16(9))
    + nest(19, nla(1, s("system_u:object_r:unlabeled_t:s0")))
    + nest(20, nla(1, be64(1 << 60)), nla(2, be64((1 << 60) + 5)))
    + nla(21, be32(0xff)) + nla(22, u32(0x22) + bytes(12)) + nla(23, u32(0xff) + bytes(12))
    + nest(24, nla(1, be32(1)), nla(2, be32(2)), nla(3, be32(3)))
    + nest(25, nla(1, u32(0xf)), nla(2, u32(0x3))) + nla(26, be32(0x8)))
sctp = (nfgen(2) + nest(1, ct_tuple("10.3.0.1", "10.3.0.2", 132, 7000, 7001))
    + nest(4, nest(3, nla(1, u8(3)), nla(2, be32(0x1234)), nla(3, be32(0x5678))))
    + nla(7, be32(30)))
dccp = (nfgen(10) + nest(1, ct_tuple("fd00" + "0" * 27 + "1", "fd00" + "0" * 27 + "2", 33, 1, 2))
    + nest(4, nla(2, bytes(6))) + nla(7, be32(30)))
malformed = [
    # CTA_MARK of 2 bytes; the rest whole.
    ("mark-short", REAL_ENTRIES[0] + nla(8, u16(1))),
    # A good CTA_MARK, then a malformed duplicate.
    ("mark-dup", REAL_ENTRIES[0] + nla(8, be32(5)) + nla(8, bytes(3))),
    # The original tuple cut inside its proto nest.
    ("tuple-cut", nfgen(2) + struct.pack("=HH", 0x24, 0x8001) + orig[:32]),
    # A bad length ending the list after a good status.
    ("bad-len", nfgen(2) + nla(3, be32(8)) + struct.pack("=HH", 0x40, 7) + be32(1)),
    ("nfgenmsg-short", nfgen(2)[:3]),
    ("trailing", REAL_ENTRIES[1] + b"\x01\x02"),
]

c = Corpus("conntrack_entry")
for i, e in enumerate(REAL_ENTRIES):
    c.add(f"real-{i}", e)
c.add("full", full)
c.add("sctp", sctp)
c.add("dccp-v6", dccp)
for name, b in malformed:
    c.add(name, b)

# conntrack_event: datagrams of events (new, update, destroy of real
# entries; expectations), and one of each cut short.
expect = (nfgen(2) + nest(1, orig) + nest(2, ct_tuple("10.0.0.2", "10.0.0.1", 6, 0, 20))
    + nest(3, ct_tuple("255.255.255.255", "255.255.255.255", 255, 0, 0xffff))
    + nla(4, be32(300)) + nla(5, be32(0x1234)) + nla(6, s("ftp")) + nla(7, be16(0))
    + nla(8, be32(1)) + nla(9, be32(0))
    + nest(10, nla(1, be32(1)), nest(2, ct_tuple("192.0.2.1", "10.0.0.1", 6, 0, 20)))
    + nla(11, s("nf_nat_follow_master")))
c = Corpus("conntrack_event")
c.add("new-update-destroy", msg(CT_NEW, REAL_ENTRIES[0], NLM_F_CREATE | NLM_F_EXCL, 0)
    + msg(CT_NEW, REAL_ENTRIES[1], 0, 0) + msg(CT_DELETE, REAL_ENTRIES[2], 0, 0))
for i, e in enumerate(REAL_ENTRIES[3:], 3):
    c.add(f"new-{i}", msg(CT_NEW, e, NLM_F_CREATE, 0))
c.add("full-update", msg(CT_NEW, full, 0, 0))
c.add("expect-new-destroy", msg(EXP_NEW, expect, NLM_F_CREATE, 0) + msg(EXP_DELETE, expect, 0, 0))
c.add("short", msg(CT_NEW, nfgen(2)[:2], 0, 0) + msg(EXP_DELETE, b"", 0, 0))
c.add("dump-done", msg(CT_NEW, REAL_ENTRIES[4], NLM_F_MULTI, 9)
    + msg(DONE, u32(0), NLM_F_MULTI, 9))

# conntrack_expect: expectations, statistics.
c = Corpus("conntrack_expect")
c.add("expect", expect)
c.add("expect-v6", nfgen(10) + nest(1, ct_tuple("fd00" + "0" * 27 + "1", "fd00" + "0" * 27 + "2", 17, 5000, 69))
    + nest(2, ct_tuple("fd00" + "0" * 27 + "2", "fd00" + "0" * 27 + "1", 17, 0, 6000))
    + nla(4, be32(5)) + nla(6, s("tftp")))
for i, b in enumerate(REAL_CPU_STATS):
    c.add(f"cpu-stats-{i}", b)
c.add("global-stats", REAL_GLOBAL_STATS)
c.add("exp-stats", nfgen(0, 1) + nla(1, be32(3)) + nla(2, be32(4)) + nla(3, be32(5)))

for t in sorted(os.listdir(OUT)):
    files = os.listdir(os.path.join(OUT, t))
    size = sum(os.path.getsize(os.path.join(OUT, t, f)) for f in files)
    print(f"{t:18} {len(files):4} files {size:8} bytes")
EOF
