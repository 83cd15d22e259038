"""File-level import cycles in a Rust crate: `use` paths (crate::, super::,
self::, and child modules from a mod.rs) resolved to the file that defines
the item; a mod.rs's `pub use` re-exports are a facade, followed, not edges."""
import os,re,sys
root=sys.argv[1] if len(sys.argv)>1 else 'src'
files={}
for d,_,fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'):
            p=os.path.join(d,f); rel=os.path.relpath(p,root)[:-3]
            parts=rel.split('/')
            if parts[-1] in('mod','lib','main'): parts=parts[:-1]
            files[tuple(parts)]=p
isdir=lambda m: files[m].endswith(('mod.rs','lib.rs','main.rs'))
def clean(src):
    src=re.sub(r'//[^\n]*','',src)
    return src
srcs={m:clean(open(p).read()) for m,p in files.items()}
USE=re.compile(r'\b(pub(?:\([a-z]+\))?\s+)?use\s+([^;]+);',re.S)
def expand(tree):
    # expand a use tree "a::b::{c, d::e}" into lists of segments
    tree=re.sub(r'\s+','',tree)
    out=[]
    def rec(prefix,t):
        if '{' in t and (t.index('{')< (t.index(',') if ',' in t else 10**9)):
            i=t.index('{'); head=t[:i].rstrip(':'); body=t[i+1:t.rindex('}')]
            pre=prefix+[x for x in head.split('::') if x]
            depth=0;cur=''
            for ch in body:
                if ch=='{':depth+=1
                if ch=='}':depth-=1
                if ch==',' and depth==0: rec(pre,cur);cur=''
                else: cur+=ch
            if cur: rec(pre,cur)
        else:
            t=t.split('as')[0] if False else re.sub(r'as[A-Za-z_0-9]+$','',t)
            segs=[x for x in t.split('::') if x]
            if segs and segs[-1]=='self': segs=segs[:-1]
            out.append(prefix+segs)
    rec([],tree)
    return out
def absolute(mod,segs):
    if not segs: return None
    if segs[0]=='crate': return segs[1:]
    if segs[0]=='super':
        base=list(mod) if isdir(mod) else list(mod[:-1])
        while segs and segs[0]=='super':
            base=base[:-1]; segs=segs[1:]
        return base+segs
    if segs[0]=='self':
        base=list(mod) if isdir(mod) else list(mod[:-1])
        return base+segs[1:]
    if isdir(mod) and tuple(list(mod)+[segs[0]]) in files:
        return list(mod)+segs
    return None
# re-export maps: mod -> name -> absolute segs
reexp={}
for m,s in srcs.items():
    if not isdir(m): continue
    mp={}
    for u in USE.finditer(s):
        if not u.group(1): continue
        for segs in expand(u.group(2)):
            a=absolute(m,segs)
            if a is None: continue
            if segs[-1]=='*':
                continue
            mp[segs[-1]]=a
    reexp[m]=mp
def resolve(segs,seen=0):
    if seen>20: return None
    segs=[x for x in segs if x!='*']
    for n in range(len(segs),-1,-1):
        m=tuple(segs[:n])
        if m in files:
            rest=segs[n:]
            if rest and m in reexp and rest[0] in reexp[m]:
                t=reexp[m][rest[0]]
                if tuple(t)!=m: return resolve(t+rest[1:],seen+1)
            return m
    return None
edges={m:set() for m in files}
for m,s in srcs.items():
    body=USE.sub('',s)
    for u in USE.finditer(s):
        facade=bool(u.group(1)) and isdir(m)
        for segs in expand(u.group(2)):
            # A mod.rs's `pub use` is a facade, not an edge, unless the
            # mod.rs itself uses the name.
            if facade and (not segs or segs[-1]=='*' or not re.search(r'\b%s\b'%re.escape(segs[-1]),body)):
                continue
            a=absolute(m,segs)
            if a is None: continue
            r=resolve(a)
            if r is not None and r!=m: edges[m].add(r)
    # inline paths crate::x::y in code
    for x in re.finditer(r'\bcrate((?:::[A-Za-z_][A-Za-z0-9_]*)+)',s):
        r=resolve([y for y in x.group(1).split('::') if y])
        if r is not None and r!=m: edges[m].add(r)
sys.setrecursionlimit(10000)
index={};low={};st=[];on=set();sccs=[];c=[0]
def sc(v):
    index[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in edges.get(v,()):
        if w not in index: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],index[w])
    if low[v]==index[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: sccs.append(comp)
for v in edges:
    if v not in index: sc(v)
name=lambda x:'/'.join(x) or 'lib'
for comp in sccs:
    print('CYCLE:', ' '.join(name(x) for x in sorted(comp)))
    for a in comp:
        for b in sorted(edges[a]):
            if b in comp: print('   ',name(a),'->',name(b))
sys.exit(1 if sccs else 0)
