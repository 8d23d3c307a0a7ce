#!/usr/bin/env bash
# Runs one fuzz target with libFuzzer on the stable toolchain.
#
#   fuzz/run.sh TARGET [SECONDS] [libFuzzer options...]
#   TARGET: parse | check | fix | epic | inventory
#
# cargo-fuzz needs nightly only for its sanitizer flag; coverage instrumentation itself is
# LLVM's SanitizerCoverage pass, which stable rustc runs with `-C passes=sancov-module` and
# the `-C llvm-args` below (the same counters and comparison tracing cargo-fuzz enables).
# libfuzzer-sys builds libFuzzer from source (needs a C++ compiler) and aborts on any panic,
# so a panic caught by stp's own guard still counts as a crash.
#
# The corpus (fuzz/corpus/TARGET, not committed) is seeded, when it is empty, with the files
# the target reads from the bundled examples, the test fixtures and, when present,
# ../shared/corpus and the review set: plans for parse, check and fix, the epic fixtures for
# epic, Python and Go files for inventory. STP_FUZZ_SEEDS=DIR adds DIR's files of those
# kinds (say, test files taken from a checkout of the real test repositories).
# Crashes land in fuzz/artifacts/TARGET/; each one becomes a test in tests/robustness.rs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: fuzz/run.sh parse|check|fix|epic|inventory [SECONDS]}
case $target in
  parse|check|fix|epic|inventory) ;;
  *) echo "unknown target $target (parse, check, fix, epic, inventory)" >&2; exit 2 ;;
esac
seconds=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))

corpus=$here/corpus/$target
mkdir -p "$corpus" "$here/artifacts/$target"
# seed FLAGS FILE: one seed, the flags byte (octal escape, or none) before the file's bytes.
i=0
seed() {
  i=$((i + 1))
  { [ -n "$1" ] && printf "\\$1"; cat "$2"; } > "$corpus/seed-$i"
}
# The seed files under the bundled and shared directories and $STP_FUZZ_SEEDS that pass the
# `find` test given.
seeds_from() {
  find "$here/../examples" "$here/../tests/fixtures" "$here/../../shared/corpus" \
       "$here/../../shared/review-set" ${STP_FUZZ_SEEDS:+"$STP_FUZZ_SEEDS"} -type f \
       \( "$@" \) -size -200k -print0 2>/dev/null
}
if [ -z "$(ls -A "$corpus")" ]; then
  case $target in
    fix) while IFS= read -r -d '' f; do seed "" "$f"; done < <(seeds_from -name '*.md') ;;
    parse|check) while IFS= read -r -d '' f; do seed 0 "$f"; done < <(seeds_from -name '*.md') ;;
    epic)
      # Every shape the reader takes: REST JSON, search results, XML, a page of text, from
      # the epic fixtures and the extra seeds.
      while IFS= read -r -d '' f; do seed 0 "$f"; done \
        < <(find "$here/../tests/fixtures/epics" ${STP_FUZZ_SEEDS:+"$STP_FUZZ_SEEDS"} -type f \
              \( -name '*.json' -o -name '*.xml' -o -name '*.txt' -o -name '*.md' \) \
              -size -200k -print0 2>/dev/null) ;;
    inventory)
      # Flags byte: 0 a pytest module, 1 a conftest, 2 a Go test file, 3 migration config.
      while IFS= read -r -d '' f; do
        case $f in
          *conftest.py) seed 1 "$f" ;;
          *.go) seed 2 "$f" ;;
          *mtv*.py) seed 3 "$f"; seed 0 "$f" ;;
          *) seed 0 "$f" ;;
        esac
      done < <(seeds_from -name '*.py' -o -name '*.go') ;;
  esac
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
