#!/bin/sh
# rg-dashboard's first load (docs/benchmarks.md, "rg-dashboard: first load"). Targets: JavaScript and CSS <= 250 kB
# gzipped; the overview's data shown <= 1 s after login on loopback.
#
# 1. Sizes the production build the jar serves (rg-dashboard.jar's static/): every .js and .css gzipped (zlib
#    level 6, as Vite reports and on-the-fly HTTP compression sends, and level 9): those index.html loads at once,
#    and the whole app (those and every chunk they import).
# 2. Starts the observe-mode stack with scripts/rg up, its state in a temporary directory (RG_STATE_DIR) and every
#    port moved to a free one (a stack on the default ports keeps running beside it), makes the bootstrap admin
#    through the API (register, the [email-stub] link, verify), and runs rg-dashboard/e2e/bench/first-load.bench.mjs:
#    chromium on a fresh profile per run, from the login form's submit to the overview's tiles and verdicts shown.
# Everything it started is stopped on exit.
#
# usage: scripts/bench/dashboard-first-load.sh   (environment: RUNS, WARMUP_RUNS, SETTLE_SECS, OUT, STACK_KEEP=1
#        keeps the state directory with the services' logs)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"
. "$ROOT/scripts/lib/stack-bench.sh"

RUNS=${RUNS:-5}
WARMUP_RUNS=${WARMUP_RUNS:-1}
# Time for the first templates and verdicts to exist, so the tiles have something to show.
SETTLE_SECS=${SETTLE_SECS:-20}
OUT=${OUT:-$ROOT/.rg/bench}
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

stack_build rg-auth rg-dashboard rg-demo-feed rg-feed-adapter pool-verifier template-manager sv2-gateway test-miner
[ -d rg-dashboard/e2e/node_modules/playwright-core ] || (cd rg-dashboard/e2e && npm ci --no-audit --no-fund)

echo "== bundle: $(stack_jar rg-dashboard) static/ ($(date -u '+%Y-%m-%d %H:%M') UTC)"
python3 - "$(stack_jar rg-dashboard)" "$OUT/dashboard-bundle-$STAMP.json" <<'EOF'
import gzip, json, re, sys, zipfile
jar = zipfile.ZipFile(sys.argv[1])
prefix = "BOOT-INF/classes/static/"
names = [n for n in jar.namelist() if n.startswith(prefix)]
index = jar.read(prefix + "index.html").decode()
assets = {n[len(prefix):]: n for n in names if n.endswith((".js", ".css"))}
# What index.html loads before anything runs (scripts, stylesheets, module preloads), then every chunk those name
# (dynamic imports); a file nothing reaches is not part of the app (an older build's leftover in target/classes).
initial = {m.lstrip("/") for m in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', index)}
reachable, todo = set(), list(initial)
while todo:
    path = todo.pop()
    if path in reachable or path not in assets:
        continue
    reachable.add(path)
    if path.endswith(".js"):
        text = jar.read(assets[path]).decode("utf-8", "replace")
        todo += [a for a in assets if a.rsplit("/", 1)[-1] in text]
rows = []
for path in sorted(assets):
    data = jar.read(assets[path])
    rows.append({"path": path, "raw": len(data), "gzip6": len(gzip.compress(data, 6, mtime=0)),
                 "gzip9": len(gzip.compress(data, 9, mtime=0)), "initial": path in initial,
                 "reachable": path in reachable})
for row in rows:
    what = "index.html" if row["initial"] else "chunk" if row["reachable"] else "not referenced: left over"
    print(f'  {row["path"]:34} {row["raw"]:>9,} B raw  {row["gzip6"]:>8,} B gzip-6  {row["gzip9"]:>8,} B gzip-9'
          f'  ({what})')
def total(key, which):
    return sum(r[key] for r in rows if r[which])
summary = {"files": rows, "target_bytes": 250_000}
for which in ("initial", "reachable"):
    for key in ("raw", "gzip6", "gzip9"):
        summary[f"{which}_{key}"] = total(key, which)
summary["unreferenced_files"] = [r["path"] for r in rows if not r["reachable"]]
print(f'  loaded by index.html: {summary["initial_gzip6"]:,} B gzip-6 ({summary["initial_gzip9"]:,} B gzip-9, '
      f'{summary["initial_raw"]:,} B raw); the whole app (with lazy chunks): {summary["reachable_gzip6"]:,} B gzip-6 '
      f'({summary["reachable_raw"]:,} B raw); target <= 250 kB gzipped: '
      f'{"PASS" if summary["reachable_gzip6"] <= 250_000 else "MISS"}')
json.dump(summary, open(sys.argv[2], "w"), indent=2)
EOF

stack_init
trap stack_stop EXIT
trap 'exit 130' INT TERM
echo "== stack in $STACK_STATE (load $(cut -d' ' -f1-3 /proc/loadavg))"
stack_full
stack_admin "$AUTH_URL" "$STACK_AUTH_LOG"
sleep "$SETTLE_SECS"

echo "== $(date -u '+%Y-%m-%d %H:%M') UTC, $(stack_machine): $RUNS runs after $WARMUP_RUNS warm-up, $DASHBOARD_URL"
rc=0
DASHBOARD_URL=$DASHBOARD_URL ADMIN_EMAIL=$STACK_ADMIN_EMAIL ADMIN_PASSWORD=$STACK_ADMIN_PASSWORD RUNS=$RUNS \
  WARMUP_RUNS=$WARMUP_RUNS OUT="$OUT/dashboard-first-load-$STAMP.json" \
  node rg-dashboard/e2e/bench/first-load.bench.mjs || rc=$?
echo "after the runs: load $(cut -d' ' -f1-3 /proc/loadavg); JSON: $OUT/dashboard-first-load-$STAMP.json," \
  "$OUT/dashboard-bundle-$STAMP.json"
exit $rc
