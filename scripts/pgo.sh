#!/usr/bin/env bash
# Profile-guided optimisation of the release binary (Linux x86_64).
#
#   scripts/pgo.sh build [CARGO ARGS]   release build with pgo/stp.profdata; prints the binary
#   scripts/pgo.sh profile              regenerate pgo/stp.profdata
#
# `build` is how release wheels and the benchmarks are built: the committed profile tells the
# compiler which branches and calls are hot, which cuts about a tenth of the instructions of
# a check; the output does not change. It also passes the release binary's own flags
# (scripts/release-rustflags.sh: a static executable on Linux x86_64). On another platform,
# without the file, or with a toolchain other than the one in pgo/rustc-version, it builds
# without the profile: rustc rejects a profile written by a newer LLVM, and names functions
# differently across versions.
#
# A profile names functions by their symbols, which depend on the toolchain and on how cargo
# was called: both builds use `--target` (the binary lands in target/<host triple>/release;
# without `--target` cargo names the crates differently and little of the profile matches)
# and the same rustc. The profile is passed by absolute path (rustc resolves a relative one
# beside each dependency's sources), in CARGO_ENCODED_RUSTFLAGS so that a path with spaces
# survives; it replaces any RUSTFLAGS.
#
# `profile` builds an instrumented binary (target/pgo-generate), runs it over the real plans
# (../shared/corpus and ../shared/review-set/versions when present, and the bundled
# examples), the epics and trace fixtures, merges what it counted into pgo/stp.profdata with
# the llvm-profdata of the toolchain's llvm-tools component (`rustup component add
# llvm-tools`), and records the toolchain in pgo/rustc-version. Run it after changes to the
# review's hot code or a new toolchain: a function whose code no longer matches the profile
# is compiled without it, so stale code costs speed, never correctness.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=$root/pgo/stp.profdata
host=$(rustc -vV | sed -n 's/^host: //p')
cd "$root"

case ${1:-} in
  build)
    shift
    made_with=$(cat "$root/pgo/rustc-version" 2>/dev/null || true)
    # The release binary's own flags (static on Linux x86_64), joined for
    # CARGO_ENCODED_RUSTFLAGS; they need --target, which the profile needs too.
    flags=$("$root/scripts/release-rustflags.sh" "$host" | tr '\n' '\037')
    if [ "$host" = x86_64-unknown-linux-gnu ] && [ -f "$profile" ] &&
       [ "$(rustc -V)" = "$made_with" ]; then
      flags="${flags}-Cprofile-use=$profile"
    elif [ "$host" = x86_64-unknown-linux-gnu ] && [ -f "$profile" ]; then
      echo "pgo: the profile was made with ${made_with:-an unknown rustc}, not $(rustc -V);" \
        "building without it (scripts/pgo.sh profile makes a new one)" >&2
    fi
    flags=${flags%$'\037'}
    if [ -n "$flags" ]; then
      CARGO_ENCODED_RUSTFLAGS="$flags" \
        cargo build --release --locked --bin stp --target "$host" "$@" >&2
      echo "$root/target/$host/release/stp"
    else
      cargo build --release --locked --bin stp "$@" >&2
      echo "$root/target/release/stp"
    fi
    ;;
  profile)
    sysroot=$(rustc --print sysroot)
    profdata=$sysroot/lib/rustlib/$host/bin/llvm-profdata
    if [ ! -x "$profdata" ]; then
      echo "llvm-profdata not found; run: rustup component add llvm-tools" >&2
      exit 2
    fi
    raw=$(mktemp -d)
    trap 'rm -rf "$raw"' EXIT
    # Its own target directory: the instrumented build must not replace target/release.
    # Built as the release binary is (scripts/release-rustflags.sh), so the profile matches it.
    flags=$("$root/scripts/release-rustflags.sh" "$host" | tr '\n' '\037')
    CARGO_ENCODED_RUSTFLAGS="${flags}-Cprofile-generate=$raw" CARGO_TARGET_DIR="$root/target/pgo-generate" \
      cargo build --release --locked --bin stp --target "$host"
    stp=$root/target/pgo-generate/$host/release/stp
    plans=("$root/examples/stps")
    [ -d ../shared/corpus ] && plans+=(../shared/corpus)
    [ -d ../shared/review-set/versions ] && plans+=(../shared/review-set/versions)
    # What users run most: check, in the text and JSON formats; the rest once each so that
    # their code is not laid out as cold.
    # (Exit status 2, a file that cannot be read, does not stop the training.)
    for p in "${plans[@]}"; do
      "$stp" check --exit-zero "$p" >/dev/null || true
      "$stp" check --exit-zero --format json "$p" >/dev/null || true
    done
    "$stp" check --exit-zero --diff --unsafe-fixes "${plans[@]}" >/dev/null || true
    "$stp" trace --tests tests/fixtures/trace/cnv tests/fixtures/trace/stps >/dev/null || true
    "$stp" trace --in-document "${plans[@]}" >/dev/null || true
    for epic in tests/fixtures/epics/*.json tests/fixtures/epics/*.xml tests/fixtures/epics/*.txt; do
      "$stp" new --from-epic "$epic" --out - >/dev/null 2>&1 || true
    done
    "$profdata" merge --sparse -o "$profile" "$raw"/*.profraw
    rustc -V >"$root/pgo/rustc-version"
    echo "wrote $profile ($(wc -c <"$profile") bytes) for $(rustc -V)"
    ;;
  *)
    echo "usage: scripts/pgo.sh build [CARGO ARGS] | scripts/pgo.sh profile" >&2
    exit 2
    ;;
esac
