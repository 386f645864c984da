#!/usr/bin/env python3
"""Largest import cycles among the engine's modules (issue 17): a module graph from every
`crate::` and `super::` path in crates/engine/src (tests and comments left out), and its
strongly connected components, largest first; then the imports that go upward across the tiers
(base < input < model < world < systems < readouts < the composition root: build, pipeline, sim,
batch, outcome, invariants), and any engine code that uses a crate-root re-export (`crate::units`) instead of the
real path (`crate::base::units`), which makes it exit 1. usage: scripts/import-cycles.py [N]"""
import os,re,sys
root='crates/engine/src'
files={}
for dp,dn,fn in os.walk(root):
    for f in fn:
        if f.endswith('.rs'):
            p=os.path.join(dp,f); rel=os.path.relpath(p,root)[:-3]
            mod=rel.replace('/mod','').replace('/','::')
            if mod=='lib': mod=''
            files[mod]=open(p).read()
mods=set(files)
def resolve(path):
    parts=path.split('::')
    for k in range(len(parts),0,-1):
        m='::'.join(parts[:k])
        if m in mods: return m
    return None
G={m:set() for m in mods}
# names re-exported at the crate root (`pub use tier::{a, b};`, `pub use a::{X, Y};`): engine code must not use them
lib=open(os.path.join(root,'lib.rs')).read()
root_names=set()
for grp in re.findall(r'^pub use [\w:]+::\{([^}]*)\};',lib,re.M)+[x for x in re.findall(r'^pub use [\w:]+::(\w+);',lib,re.M)]:
    root_names|={n.strip() for n in grp.split(',') if n.strip()}
root_names-={m for m in mods if '::' not in m}
root_uses=[]
for m,src in files.items():
    # strip tests
    src=src.split('#[cfg(test)]')[0]
    src='\n'.join(l.split('//')[0] for l in src.split('\n'))
    for n in sorted(set(re.findall(r'(?<![\w$])crate::(\w+)',files[m]))&root_names):
        root_uses.append((m,n))
    for ref in re.findall(r'crate::((?:\w+::)*\w+)',src):
        t=resolve(ref)
        if t is not None and t!=m and t!='': G[m].add(t)
    # super:: references
    for ref in re.findall(r'\bsuper::((?:\w+::)*\w+|\*)',src):
        parent='::'.join(m.split('::')[:-1]) if '::' in m else ''
        if m in files and os.path.exists(os.path.join(root,m.replace('::','/'),'mod.rs')):
            parent='::'.join(m.split('::')[:-1])
        t=resolve((parent+'::'+ref) if parent else ref) if ref!='*' else (parent or None)
        if t and t!=m: G[m].add(t)
# tarjan
sys.setrecursionlimit(10000)
idx={};low={};st=[];on=set();sccs=[];c=[0]
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in G[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        sccs.append(comp)
for v in G:
    if v not in idx: sc(v)
sccs.sort(key=len,reverse=True)
for s in sccs[:int(sys.argv[1]) if len(sys.argv) > 1 else 3]:
    print(len(s), " ".join(sorted(s)))
TIERS=['base','input','model','world','systems','readouts']
def rank(m):
    top=m.split('::')[0]
    return TIERS.index(top) if top in TIERS else len(TIERS)
up=sorted((a,b) for a in G for b in G[a] if rank(b)>rank(a) and a!='')
print(f"upward imports across tiers: {len(up)}")
for a,b in up: print(f"  {a} -> {b}")
if root_uses:
    print(f"engine code using crate-root re-exports (use the tier path): {len(root_uses)}")
    for a,n in root_uses: print(f"  {a}: crate::{n}")
    sys.exit(1)
