#!/usr/bin/env python3
"""CPU a LocalMesh sidecar process costs until its /health answers, without Aspire.

usage: sidecar-start.py [--bin DIR] [--batch K] N [ENV=VALUE ...]
Starts N sidecar processes of the sidecar sample at once (as a sidecar gate does; --batch K: K at a time, each batch
once the previous one answers), waits until every /health answers, and prints the wall time, the CPU seconds of all
of them at that moment and 3 s later. Extra ENV=VALUE pairs go to every process (e.g. DOTNET_TieredPGO=0). Build first
(`dotnet build`); --bin defaults to LocalMesh/bin/Debug/net10.0. Repeat runs and compare medians: one run is noise.
"""
import argparse, os, random, shutil, subprocess, sys, tempfile, time, urllib.request

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument('--bin', default=os.path.join(repo, 'LocalMesh', 'bin', 'Debug', 'net10.0'))
parser.add_argument('--batch', type=int, default=0)
parser.add_argument('n', type=int)
parser.add_argument('env', nargs='*')
args = parser.parse_args()
extra = dict(a.split('=', 1) for a in args.env)
manifests = os.path.join(repo, 'samples', 'ecommerce', 'sidecar')
services = ['customer-service', 'order-service', 'payment-service', 'product-service', 'store-service', 'saga-tracker']
ca = tempfile.mkdtemp(prefix='ambientverify-meshca-')
# Below Linux's ephemeral range, like the AppHost's FreePort: no outgoing connection takes a port meanwhile.
next_port = [random.randrange(20000, 30000)]

def port():
    next_port[0] += 1
    return next_port[0]

def cpu(process):
    try:
        fields = open(f'/proc/{process.pid}/stat').read()
        fields = fields[fields.rfind(')') + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except FileNotFoundError:
        return 0.0

def healthy(admin):
    try:
        urllib.request.urlopen(admin + '/health', timeout=1).read()
        return True
    except Exception:
        return False

processes = []
try:
    started = time.time()
    for i in range(args.n):
        if args.batch and i and i % args.batch == 0:
            while not all(healthy(admin) for _, admin in processes[-args.batch:]):
                time.sleep(0.02)
        service, index = services[i % 6], (i // 6) % 3
        admin = f'http://127.0.0.1:{port()}'
        env = dict(os.environ, LocalMesh__Mode='sidecar', LocalMesh__Manifests=manifests, LocalMesh__MeshCa=ca,
                   LocalMesh__Sidecar__Workload=service, LocalMesh__Sidecar__Pod=f'{service}-{index}',
                   LocalMesh__Sidecar__Inbound=f'127.0.0.1:{port()}', LocalMesh__Sidecar__Admin=admin,
                   ASPNETCORE_URLS=admin, **{f'LocalMesh__Backends__{service}': 'http://127.0.0.1:9'}, **extra)
        # The project directory as working directory, as the AppHost starts it (its appsettings.json applies).
        processes.append((subprocess.Popen([os.path.join(args.bin, 'LocalMesh')], env=env, cwd=os.path.join(repo, 'LocalMesh'),
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), admin))
    pending = {admin for _, admin in processes}
    while pending and time.time() - started < 120:
        for process, admin in processes:
            if admin in pending and (process.poll() is not None or healthy(admin)):
                if process.poll() is not None:
                    print(f'a sidecar exited with {process.returncode}', file=sys.stderr)
                pending.discard(admin)
        time.sleep(0.05)
    wall = time.time() - started
    at_healthy = sum(cpu(p) for p, _ in processes)
    time.sleep(3)
    later = sum(cpu(p) for p, _ in processes)
    print(f'n={args.n} batch={args.batch} all-healthy={wall:.2f}s cpu={at_healthy:.2f}s ({at_healthy / args.n:.3f}/process) '
          f'cpu+3s={later:.2f}s {" ".join(args.env)}', flush=True)
finally:
    for process, _ in processes:
        if process.poll() is None:
            process.terminate()
    for process, _ in processes:
        process.wait()
    shutil.rmtree(ca, ignore_errors=True)
