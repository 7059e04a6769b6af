#!/usr/bin/env python3
"""Where the machine's CPU goes while a benchmark runs: every WINDOW seconds (default 10) for DURATION seconds
(default 300), one line per window with each service's CPU (100 % = one core; the four JVMs, PostgreSQL, RabbitMQ's
beam.smp, SIPp, the Python driver, HAProxy) and one line with the busiest thread groups (JVM threads by name with
their number stripped: "C2 CompilerThre" is the JIT, "vert.x-eventloo" the event loops, "call-engine" the lanes).
Read from /proc, so it costs nothing measurable; run it beside a benchmark:

    bench/cpu.py 200 10 > /tmp/cpu.txt & DURATION=20 WARMUP=0 bench/providercalls.py 20 20 20 20

`bench/cpu.py --ticks` prints each Java service's CPU seconds so far, once ("service seconds" lines), for a before and
after difference (bench/rpc.sh's CPU per request).
"""
import os,re,time,sys,collections
hz=os.sysconf('SC_CLK_TCK')
def svc(pid):
    try: c=open(f'/proc/{pid}/cmdline','rb').read().replace(b'\0',b' ').decode()
    except: return None
    for s in ('api-gateway','route-manager','call-manager','flow-manager'):
        if s in c and 'java' in c: return s
    try: comm=open(f'/proc/{pid}/comm').read().strip()
    except OSError: return None  # gone between the listing and the read
    if comm in ('beam.smp','postgres','sipp','python3','haproxy'): return comm
    return None
def snap():
    tot=collections.Counter()
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        s=svc(pid)
        if not s: continue
        try: tasks=os.listdir(f'/proc/{pid}/task')
        except: continue
        for t in tasks:
            try:
                st=open(f'/proc/{pid}/task/{t}/stat').read()
            except: continue
            name=st[st.index('(')+1:st.rindex(')')]
            f=st[st.rindex(')')+2:].split()
            cpu=(int(f[11])+int(f[12]))/hz
            g=re.sub(r'[-#_ ]?\d+$','',name)
            if s in ('postgres','beam.smp','sipp','python3','haproxy'): g=''
            tot[(s,g)]+=cpu
    return tot
if sys.argv[1:2]==['--ticks']:
    # one reading for a before/after difference (bench/rpc.sh): each Java service's CPU seconds so far, from the
    # process's own counters (which keep the time of its threads that have ended, unlike snap()'s per-thread sum)
    bysvc=collections.Counter()
    for pid in filter(str.isdigit, os.listdir('/proc')):
        s=svc(pid)
        if not s or not s.endswith(('-gateway','-manager')): continue
        try: st=open(f'/proc/{pid}/stat').read()
        except OSError: continue  # gone since the listing
        f=st[st.rindex(')')+2:].split()
        bysvc[s]+=(int(f[11])+int(f[12]))/hz
    for s,v in sorted(bysvc.items()): print(s, f'{v:.3f}')
    sys.exit(0)
prev=snap(); t0=time.time()
dur=int(sys.argv[1]) if len(sys.argv)>1 else 300; win=int(sys.argv[2]) if len(sys.argv)>2 else 10
while time.time()-t0<dur:
    time.sleep(win)
    cur=snap()
    d=collections.Counter({k:cur[k]-prev.get(k,0) for k in cur})
    bysvc=collections.Counter()
    for (s,g),v in d.items(): bysvc[s]+=v
    print(time.strftime('%H:%M:%S'),' '.join(f'{s}={v/win*100:.0f}%' for s,v in bysvc.most_common() if v>0.05), flush=True)
    top=[(k,v) for k,v in d.most_common(8) if v>0.1]
    print('    ', '; '.join(f'{s}/{g}={v/win*100:.0f}%' for (s,g),v in top), flush=True)
    prev=cur
