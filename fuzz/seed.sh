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
    def __init__(self, target):
        self.dir = fresh(target)
        self.seen = set()
    def add(self, name, data):
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

for t in sorted(os.listdir(OUT)):
    files = os.listdir(os.path.join(OUT, t))
    size = sum(os.path.getsize(os.path.join(OUT, t, f)) for f in files)
    print(f"{t:18} {len(files):4} files {size:8} bytes")
EOF
