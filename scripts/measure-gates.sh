#!/usr/bin/env bash
# Reproduces the gate figures in the issue notes: RUNS consecutive gates per sample (default 5; samples default
# "ambient sidecar"), each as `dotnet run --project AppHost --no-build -- --gate --sample S`. Per run: exit code,
# wall time, a hash of all verdicts (equal hashes = the same verdicts), and the observed request-timeout error in ms
# (min,max over the routes). Then min/median/max of the wall times per sample. Build once first (`dotnet build`);
# run on a quiet machine. Reports go to /tmp/measure-gates/<sample>-<run>/.
#
#   scripts/measure-gates.sh                 # 5 x ambient, 5 x sidecar
#   RUNS=3 scripts/measure-gates.sh ambient  # 3 x ambient
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
samples=("$@")
[ ${#samples[@]} -eq 0 ] && samples=(ambient sidecar)
out=/tmp/measure-gates
rm -rf "$out" && mkdir -p "$out"

for sample in "${samples[@]}"; do
  for i in $(seq 1 "$runs"); do
    dir="$out/$sample-$i"
    start=$(date +%s.%N)
    dotnet run --project AppHost --no-build -- --gate --sample "$sample" --output "$dir" > "$dir.log" 2>&1
    rc=$?
    end=$(date +%s.%N)
    python3 - "$sample" "$i" "$rc" "$(echo "$end - $start" | bc)" "$dir" <<'PY'
import hashlib, json, os, sys
sample, i, rc, wall, directory = sys.argv[1:]
report = os.path.join(directory, 'report.json')
if not os.path.exists(report):
    print(f"sample={sample} run={i} exit={rc} wall={float(wall):.1f}s no report.json (see {directory}.log)")
    sys.exit()
r = json.load(open(report))
verdicts = sorted((c.get('caseId', ''), c['route'], c['verdict']) for c in r['results'])
digest = hashlib.sha1(repr(verdicts).encode()).hexdigest()[:10]
timeouts = [c['observed']['elapsedSeconds'] for c in r['results']
            if c.get('caseId') == 'stalled-request-ends-at-request-timeout' and c.get('observed', {}).get('elapsedSeconds')]
error = f"[{min(timeouts) * 1000 - 30000:.0f},{max(timeouts) * 1000 - 30000:.0f}]" if timeouts else "[]"
print(f"sample={sample} run={i} exit={rc} wall={float(wall):.1f}s verdicts={digest} counts={r['counts']} timeout_err_ms={error}")
with open(os.path.join(os.path.dirname(directory), f'{sample}.walls'), 'a') as walls:
    walls.write(f"{wall}\n")
PY
  done
  python3 - "$sample" "$out/$sample.walls" <<'PY'
import statistics, sys
sample, path = sys.argv[1:]
try:
    walls = sorted(float(line) for line in open(path))
except FileNotFoundError:
    walls = []
if walls:
    print(f"sample={sample} runs={len(walls)} wall min/median/max = {walls[0]:.1f} / {statistics.median(walls):.1f} / {walls[-1]:.1f} s")
PY
done
