#!/usr/bin/env bash
# Runs one fuzz target with libFuzzer on the stable toolchain.
#
#   fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]     TARGET: parse | check | fix
#
# cargo-fuzz needs nightly only for its sanitizer flag; coverage instrumentation itself is
# LLVM's SanitizerCoverage pass, which stable rustc runs with `-C passes=sancov-module` and
# the `-C llvm-args` below (the same counters and comparison tracing cargo-fuzz enables).
# libfuzzer-sys builds libFuzzer from source (needs a C++ compiler) and aborts on any panic,
# so a panic caught by stp's own guard still counts as a crash.
#
# The corpus (fuzz/corpus/TARGET, not committed) is seeded with the bundled examples, the
# test fixtures and, when present, the real plans of ../shared/corpus and the review set.
# Crashes land in fuzz/artifacts/TARGET/; each one becomes a test in tests/robustness.rs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: fuzz/run.sh parse|check|fix [SECONDS]}
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))

corpus=$here/corpus/$target
mkdir -p "$corpus" "$here/artifacts/$target"
if [ -z "$(ls -A "$corpus")" ]; then
  i=0
  while IFS= read -r -d '' f; do
    i=$((i + 1))
    # parse and check read a flags byte first; the plain text follows it.
    if [ "$target" = fix ]; then cp "$f" "$corpus/seed-$i"; else { printf '\0'; cat "$f"; } > "$corpus/seed-$i"; fi
  done < <(find "$here/../examples" "$here/../tests/fixtures" "$here/../../shared/corpus" \
             "$here/../../shared/review-set" -name '*.md' -size -200k -print0 2>/dev/null)
  echo "seeded $corpus with $i files"
fi

export RUSTFLAGS="-C passes=sancov-module \
  -C llvm-args=-sanitizer-coverage-level=4 \
  -C llvm-args=-sanitizer-coverage-inline-8bit-counters \
  -C llvm-args=-sanitizer-coverage-pc-table \
  -C llvm-args=-sanitizer-coverage-trace-compares \
  --cfg fuzzing -C debug-assertions -C overflow-checks"
cd "$here"
# An explicit --target keeps RUSTFLAGS off build scripts and proc macros (which would not
# link without libFuzzer's coverage callbacks).
triple=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --target "$triple" --bin "$target"
exec ./target/"$triple"/release/"$target" "$corpus" \
  -artifact_prefix="$here/artifacts/$target/" \
  -max_total_time="$seconds" -max_len=262144 -timeout=30 -rss_limit_mb=2048 \
  -print_final_stats=1 "$@"
