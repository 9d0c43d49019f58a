#!/usr/bin/env python3
"""CPU seconds per component of a local gate, sampled every second from /proc.

usage: cpu-timeline.py SECONDS OUT [SUMMARY]  (env MARK=x: only processes started with MARK=x)
Writes one line per second to OUT with each component's cumulative CPU (user+system) seconds, and, at the end,
the total per component (processes that already exited included) to SUMMARY (default: stdout).
Components: sidecar / ztunnel / gateway (LocalMesh by mode), FaultTarget, Probes, AppHost, dcp, dotnet-run
(the `dotnet run` that started the AppHost). Set PER_PROCESS=1 to list every process too.
"""
import os, sys, time

dur = float(sys.argv[1]); out = sys.argv[2]
summary = open(sys.argv[3], 'w') if len(sys.argv) > 3 else sys.stdout
keys = ['sidecar', 'ztunnel', 'gateway', 'FaultTarget', 'Probes', 'AppHost', 'dcp', 'dotnet-run']
tick = os.sysconf('SC_CLK_TCK')
seen = {}   # pid -> (component, start time, max ticks): an exited process keeps its last reading
rows = []
t0 = time.time()

mark = os.environ.get('MARK')

def ours(env):
    # Other worktrees may run gates at the same time: with MARK set, only processes that inherited
    # MARK=<value> from the gate's command line are counted (Aspire's dcp and what it starts inherit it).
    return mark is None or f'MARK={mark}'.encode() in env.split(b'\0')

def component(pid):
    env = open(f'/proc/{pid}/environ', 'rb').read()
    if not ours(env): return None
    exe = open(f'/proc/{pid}/cmdline', 'rb').read().split(b'\0')
    names = [a.decode(errors='replace').split('/')[-1] for a in exe[:2]]
    if 'LocalMesh' in names or 'LocalMesh.dll' in names:
        if b'LocalMesh__Mode=sidecar' in env: return 'sidecar'
        if b'LocalMesh__Mode=ztunnel' in env: return 'ztunnel'
        return 'gateway'
    if names[0] == 'dotnet' and len(exe) > 1 and exe[1] == b'run': return 'dotnet-run'
    for k in ('FaultTarget', 'Probes', 'AppHost', 'dcp'):
        if k in names or k + '.dll' in names: return k
    return None

stop = False
import signal
def _stop(*_):
    global stop; stop = True
signal.signal(signal.SIGINT, _stop)
signal.signal(signal.SIGTERM, _stop)
while time.time() - t0 < dur and not stop:
    now = time.time() - t0
    for pid in os.listdir('/proc'):
        if not pid.isdigit(): continue
        try:
            st = open(f'/proc/{pid}/stat').read()
            f = st[st.rfind(')') + 2:].split()
            start = f[19]
            key = (pid, start)
            # Classified on every sample: a child seen between fork and exec still looks like its parent.
            c = component(pid)
            if c is None: continue
            if key not in seen or seen[key][0] != c:
                args = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode(errors='replace')
                seen[key] = [c, 0, 0, args[:160]]
            seen[key][1] = max(seen[key][1], int(f[11]) + int(f[12]))
            seen[key][2] = max(seen[key][2], int(f[21]) * os.sysconf('SC_PAGE_SIZE'))
        except Exception:
            continue
    tot = {}
    for v in seen.values():
        tot[v[0]] = tot.get(v[0], 0) + v[1]
    rows.append((now, tot))
    time.sleep(1)

with open(out, 'w') as o:
    o.write('    t ' + ' '.join(f'{k:>11}' for k in keys) + '\n')
    for t, tot in rows:
        o.write(f'{t:5.1f} ' + ' '.join(f'{tot.get(k, 0) / tick:11.1f}' for k in keys) + '\n')
final = rows[-1][1] if rows else {}
counts = {}
for v in seen.values():
    counts[v[0]] = counts.get(v[0], 0) + 1
summary.write(' '.join(f'{k}={final.get(k, 0) / tick:.1f}s/{counts.get(k, 0)}' for k in keys)
              + f' total={sum(final.values()) / tick:.1f}s\n')
if os.environ.get('PER_PROCESS'):
    for v in sorted(seen.values(), key=lambda v: -v[1]):
        summary.write(f'{v[1] / tick:6.2f}s {v[2] / 1e6:6.0f}MB {v[0]:<11} {v[3]}\n')
