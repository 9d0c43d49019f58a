#!/usr/bin/env bash
# Benchmarks LoadTests against hey and wrk on one loopback endpoint (LoadTests' own `target`: 200 "ok" to anything).
#   closed model: LoadTests --model closed --copies C  vs  hey -c C -z Ds  vs  wrk -c C -t 2 -d Ds  (rps, ratios)
#   open model:   LoadTests --rate R for R in 100 1000 5000: achieved rps and its error against R
#   footprint:    LoadTests at 1000 rps under /usr/bin/time -v: peak RSS, CPU (user+sys) / wall
# Each figure is taken REPS times and printed as min / median / max. Client and server share the machine's cores,
# so read the ratios, not the absolute rates. Not part of `dotnet test`.
#   usage: scripts/bench-loadtests.sh            (DURATION=10 REPS=3 CONCURRENCY=50 PORT=18080 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
REPS=${REPS:-3}
C=${CONCURRENCY:-50}
PORT=${PORT:-18080}
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill "$TARGET_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build LoadTests -c Release -v q -nologo >/dev/null
DLL=LoadTests/bin/Release/net10.0/LoadTests.dll
dotnet "$DLL" target --port "$PORT" >"$WORK/target.log" 2>&1 &
TARGET_PID=$!
for _ in $(seq 50); do curl -fs "$URL/" >/dev/null 2>&1 && break; sleep 0.2; done

loadtests() { # extra args...; prints the measured rps of the single scenario
  dotnet "$DLL" --gateway "$URL" --output "$WORK/out" --duration "${DURATION}s" --warmup 1s "$@" >"$WORK/load.log" 2>&1 || true
  jq '.scenarios[0].requestsPerSecond' "$WORK/out/load.json"
}
hey_rps() { hey -c "$C" -z "${DURATION}s" "$URL/" | awk '/Requests\/sec/ {print $2}'; }
wrk_rps() { wrk -c "$C" -t 2 -d "${DURATION}s" "$URL/" | awk '/Requests\/sec/ {print $2}'; }
stats() { python3 -c 'import sys,statistics as s; v=sorted(float(x) for x in sys.argv[1:]); print(f"min {v[0]:.1f}  median {s.median(v):.1f}  max {v[-1]:.1f}")' "$@"; }

echo "== closed model, concurrency $C, ${DURATION}s, $REPS runs each (interleaved) =="
LT=(); HEY=(); WRK=()
for _ in $(seq "$REPS"); do
  LT+=("$(loadtests --model closed --copies "$C" --concurrency "$C")")
  HEY+=("$(hey_rps)")
  WRK+=("$(wrk_rps)")
done
echo "LoadTests rps: $(stats "${LT[@]}")   (${LT[*]})"
echo "hey       rps: $(stats "${HEY[@]}")   (${HEY[*]})"
echo "wrk       rps: $(stats "${WRK[@]}")   (${WRK[*]})"
python3 - "${LT[*]}" "${HEY[*]}" "${WRK[*]}" <<'PY'
import sys, statistics as s
lt, hey, wrk = ([float(x) for x in a.split()] for a in sys.argv[1:])
print(f"ratio LoadTests/hey (medians): {s.median(lt)/s.median(hey):.2f}   LoadTests/wrk: {s.median(lt)/s.median(wrk):.2f}")
PY

echo "== open model: achieved rate, ${DURATION}s measured, $REPS runs each =="
for RATE in 100 1000 5000; do
  A=()
  for _ in $(seq "$REPS"); do A+=("$(loadtests --rate "$RATE" --concurrency 200)"); done
  python3 - "$RATE" "${A[@]}" <<'PY'
import sys, statistics as s
target = float(sys.argv[1]); v = sorted(float(x) for x in sys.argv[2:])
err = [abs(x - target) / target * 100 for x in v]
print(f"rate {target:.0f}: achieved min {v[0]:.1f} median {s.median(v):.1f} max {v[-1]:.1f}; worst error {max(err):.2f} % ({'within' if max(err) <= 1 else 'NOT within'} 1 %)")
PY
done

echo "== LoadTests footprint at 1000 rps (${DURATION}s + 1s warm-up, process start included) =="
/usr/bin/time -v dotnet "$DLL" --gateway "$URL" --output "$WORK/out" --duration "${DURATION}s" --warmup 1s --rate 1000 >"$WORK/load.log" 2>"$WORK/time.log" || true
python3 - "$WORK/time.log" <<'PY'
import sys, re
t = open(sys.argv[1]).read()
def f(k): return re.search(re.escape(k) + r": (.*)", t).group(1).strip()
user, sys_, rss = float(f("User time (seconds)")), float(f("System time (seconds)")), int(f("Maximum resident set size (kbytes)"))
wall = f("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
print(f"peak RSS {rss/1024:.0f} MiB; CPU user {user:.2f}s + sys {sys_:.2f}s over {secs:.1f}s wall = {(user+sys_)/secs*100:.0f} % of one core")
PY
