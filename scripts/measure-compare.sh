#!/usr/bin/env bash
# Reproduces the --compare figures in the issue notes: RUNS consecutive `dotnet run --project AppHost --no-build --
# --compare --duration D --rate R` (defaults 3, 60s, 200). Per run: exit code, wall time, the net saving by requests,
# the usage gross/added/net (average memory and CPU of the .NET stand-ins) and per mode rps, p50 and p99. Then
# min/median/max of the wall times. Build once first (`dotnet build`); run on a quiet machine. Reports go to
# /tmp/measure-compare/<run>/.
#
#   scripts/measure-compare.sh
#   RUNS=1 DURATION=10s RATE=100 scripts/measure-compare.sh
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
duration=${DURATION:-60s}
rate=${RATE:-200}
out=/tmp/measure-compare
rm -rf "$out" && mkdir -p "$out"

for i in $(seq 1 "$runs"); do
  dir="$out/$i"
  start=$(date +%s.%N)
  dotnet run --project AppHost --no-build -- --compare --duration "$duration" --rate "$rate" --output "$dir" > "$dir.log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  python3 - "$i" "$rc" "$(echo "$end - $start" | bc)" "$dir" <<'PY'
import json, os, sys
i, rc, wall, directory = sys.argv[1:]
path = os.path.join(directory, 'compare.json')
if not os.path.exists(path):
    print(f"run={i} exit={rc} wall={float(wall):.1f}s no compare.json (see {directory}.log)")
    sys.exit()
c = json.load(open(path))
by = {s['basis']: s for s in c['savings']}
mi = lambda b: f"{b / 2**20:.0f}Mi" if b is not None else "-"
m = lambda c: f"{c * 1000:.0f}m" if c is not None else "-"
req = by['requests']
usage = by['usage_avg']
line = (f"run={i} exit={rc} wall={float(wall):.1f}s net_requests={mi(req['net']['memoryBytes'])}/{m(req['net']['cpuCores'])} "
        f"usage_avg gross={mi(usage['gross']['memoryBytes'])}/{m(usage['gross']['cpuCores'])} "
        f"added={mi(usage['added']['memoryBytes'])}/{m(usage['added']['cpuCores'])} net={mi(usage['net']['memoryBytes'])}/{m(usage['net']['cpuCores'])}")
for d in c['load']:
    for side in ('before', 'after'):
        f = d[side]
        line += f" {d['scenario']}:{side} rps={f['rps']:.1f} p50={f['latency']['p50'] * 1000:.2f}ms p99={f['latency']['p99'] * 1000:.2f}ms"
print(line)
with open(os.path.join(os.path.dirname(directory), 'walls'), 'a') as walls:
    walls.write(f"{wall}\n")
PY
done

python3 - "$out/walls" <<'PY'
import statistics, sys
try:
    walls = sorted(float(l) for l in open(sys.argv[1]))
except FileNotFoundError:
    sys.exit("no run wrote compare.json")
print(f"--compare wall time over {len(walls)} runs: min {walls[0]:.1f}s median {statistics.median(walls):.1f}s max {walls[-1]:.1f}s")
PY
