#!/usr/bin/env bash
# Peer benchmark: `stp check` against the Markdown linters its users already run, on the
# same files, in one hyperfine run per size.
#
#   scripts/bench-peers.sh [PLAN_REPO]        (default: ../shared/corpus)
#
# STP_BENCH_BASELINE=/path/to/older/stp adds that binary to every run as `stp-baseline`, so a
# change is measured before and after in the same run. STP_BENCH_SIZES="1 10" picks sizes.
# STP_BENCH_ROUNDS=N also times the commands interleaved, N rounds (see below), which a
# machine whose speed drifts needs to rank close binaries.
#
# - builds stp as release wheels are (scripts/pgo.sh build: release, PGO on Linux x86_64);
# - installs rumdl from PyPI into a venv and markdownlint-cli from npm into a scratch prefix
#   (both under $STP_BENCH_DIR, default target/bench-peers; reused on later runs);
# - uses hyperfine from PATH, else installs it with apt-get (or `cargo install hyperfine`);
# - builds 1x, 10x and 100x copies of PLAN_REPO's Markdown files, and runs every tool on
#   each (markdownlint-cli is skipped at 100x: it takes minutes there);
# - prints hyperfine's table and each peer's time as a multiple of stp's.
#
# Every tool runs with the configuration the copies carry and no cache (rumdl --no-cache).
# Check that each tool reports per copy what it reports in the repository itself: rumdl
# reported 14 findings per copy of the STP repository here, but 1,265 (its default rules) in
# copies kept outside a git work tree, and it is slower with its default rules, which would
# flatter stp. Exit codes are ignored (all of them report findings). Numbers are only
# comparable within one run, on a quiet machine.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
repo=${1:-$root/../shared/corpus}
work=${STP_BENCH_DIR:-$root/target/bench-peers}
sizes=${STP_BENCH_SIZES:-"1 10 100"}
[ -d "$repo" ] || { echo "error: $repo is not a directory" >&2; exit 2; }
repo=$(cd "$repo" && pwd)
mkdir -p "$work"

echo "== building stp (release, with the committed PGO profile as release wheels are)"
stp=$("$root/scripts/pgo.sh" build --quiet)

if [ ! -x "$work/venv/bin/rumdl" ]; then
  echo "== installing rumdl from PyPI into $work/venv"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet rumdl
fi
rumdl=$work/venv/bin/rumdl

if [ ! -x "$work/npm/bin/markdownlint" ]; then
  echo "== installing markdownlint-cli from npm into $work/npm"
  npm install --silent --global --prefix "$work/npm" markdownlint-cli >/dev/null
fi
markdownlint=$work/npm/bin/markdownlint

if ! command -v hyperfine >/dev/null; then
  echo "== installing hyperfine"
  if command -v apt-get >/dev/null && apt-get install -y -qq hyperfine >/dev/null 2>&1; then :
  else cargo install --quiet --locked hyperfine; fi
fi

echo "== versions"
"$stp" --version
"$rumdl" --version
echo "markdownlint-cli $("$markdownlint" --version)"
hyperfine --version

# N copies of the repository side by side, so every tool sees the same N x files.
copies() {
  local n=$1 dir=$work/copies/x$1
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir.tmp"
    for i in $(seq 1 "$n"); do cp -r "$repo" "$dir.tmp/copy-$i"; done
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

for n in $sizes; do
  dir=$(copies "$n")
  files=$(find "$dir" -name '*.md' | wc -l)
  bytes=$(find "$dir" -name '*.md' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
  echo
  echo "== ${n}x: $files files, $((bytes / 1024)) KB"
  runs=$(( n >= 100 ? 3 : (n >= 10 ? 5 : 10) ))
  cmds=("$stp check $dir" "$rumdl check --no-cache $dir")
  names=(stp rumdl)
  if [ -n "${STP_BENCH_BASELINE:-}" ]; then
    cmds+=("$STP_BENCH_BASELINE check $dir")
    names+=(stp-baseline)
  fi
  if [ "$n" -lt 100 ]; then
    cmds+=("$markdownlint $dir")
    names+=(markdownlint-cli)
  fi
  args=()
  for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
  # -N: each command runs without a shell in between; a shell costs about 1 ms a run here,
  # a tenth of stp's time at 1x, which hyperfine's own correction only estimates.
  hyperfine -N --ignore-failure --warmup 1 --runs "$runs" --style basic \
    --export-json "$work/x$n.json" "${args[@]}"
  python3 - "$work/x$n.json" "$bytes" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
mb = int(sys.argv[2]) / 1e6
stp = next(r for r in results if r["command"] == "stp")
print(f"{'tool':<18}{'mean':>10}{'user+sys':>10}{'MB/s/core':>11}{'x stp':>8}")
for r in results:
    cpu = r["user"] + r["system"]
    print(f"{r['command']:<18}{r['mean']*1000:>8.1f}ms{cpu*1000:>8.1f}ms"
          f"{mb / cpu if cpu else 0:>11.1f}{r['mean'] / stp['mean']:>8.2f}")
EOF
  if [ -n "${STP_BENCH_ROUNDS:-}" ]; then
    # hyperfine runs one command's runs back to back; on a machine whose speed drifts over
    # seconds (a shared VM) that can rank two close binaries either way. Interleaving them
    # (A B C, then C B A, ...) exposes every command to the same drift.
    echo "-- interleaved, $STP_BENCH_ROUNDS rounds: median wall, median user+sys, x stp"
    python3 - "$STP_BENCH_ROUNDS" "${names[@]}" -- "${cmds[@]}" <<'EOF'
import resource, statistics, subprocess, sys, time
args = sys.argv[1:]
rounds, split = int(args[0]), args.index("--")
names, cmds = args[1:split], [c.split() for c in args[split + 1:]]
wall = [[] for _ in cmds]
cpu = [[] for _ in cmds]
for r in range(rounds):
    for k in (range(len(cmds)) if r % 2 == 0 else reversed(range(len(cmds)))):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmds[k], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall[k].append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[k].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
stp = statistics.median(wall[0])
for name, w, c in zip(names, wall, cpu):
    m = statistics.median(w)
    print(f"{name:<18}{m * 1000:>10.1f}ms{statistics.median(c) * 1000:>10.1f}ms{m / stp:>8.2f}")
EOF
  fi
  if [ -x /usr/bin/time ]; then
    for i in "${!cmds[@]}"; do
      # One more run under GNU time, for the peak resident set size.
      /usr/bin/time -f '%M' -o "$work/rss" ${cmds[$i]} >/dev/null 2>&1 || true
      kb=$(tail -1 "$work/rss")
      echo "peak memory ${names[$i]}: $((kb / 1024)) MB"
    done
  fi
done
