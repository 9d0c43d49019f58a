#!/usr/bin/env bash
# Reproduces the figures in the issue notes: wall time of one gate per sample (dotnet run, incl. the build check),
# then 10 consecutive gates on the ambient sample: exit code, wall time, a hash of all verdicts, and the observed
# request-timeout error in ms (min,max over the six routes). Run from anywhere; reports go to /tmp/m-*.
cd "$(dirname "$0")/.."
for s in ambient sidecar ambient-as-planned; do
  start=$(date +%s.%N)
  dotnet run --project AppHost -- --gate --sample $s --output /tmp/m-$s > /tmp/m-$s.log 2>&1
  rc=$?
  end=$(date +%s.%N)
  echo "sample=$s exit=$rc wall=$(echo "$end - $start" | bc)s $(python3 -c "import json;r=json.load(open('/tmp/m-$s/report.json'));print(r['counts'])")"
done
for i in $(seq 1 10); do
  start=$(date +%s.%N)
  dotnet run --project AppHost --no-build -- --gate --sample ambient --output /tmp/m10-$i > /tmp/m10-$i.log 2>&1
  rc=$?
  end=$(date +%s.%N)
  python3 - $i $rc $(echo "$end - $start" | bc) <<'PY'
import json,sys
i,rc,wall=sys.argv[1:]
r=json.load(open(f'/tmp/m10-{i}/report.json'))
v=sorted((c['route'],c['case'],c['verdict']) for c in r['results'])
import hashlib
h=hashlib.sha1(repr(v).encode()).hexdigest()[:10]
t=[c['observed']['elapsedSeconds'] for c in r['results'] if c['case']=='a stalled request ends at the request timeout']
print(f"run={i} exit={rc} wall={wall}s verdicts={h} counts={r['counts']} timeout_err_ms=[{min(t)*1000-30000:.0f},{max(t)*1000-30000:.0f}]")
PY
done
