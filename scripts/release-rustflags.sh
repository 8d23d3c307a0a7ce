#!/usr/bin/env sh
# The rustc flags the release binary is built with for a target (default: the host), one per
# line; nothing for targets without any.
#
#   RUSTFLAGS="$(scripts/release-rustflags.sh x86_64-unknown-linux-gnu | tr '\n' ' ')"
#
# Linux x86_64 with glibc: a static, position-dependent executable (`crt-static` and
# `relocation-model=static`). Nothing is loaded or relocated at start, and fewer pages are
# touched: `stp --version` and a check of an empty file finish 0.5-0.7 ms sooner than the
# dynamically linked build (a fifth to a quarter of their time), and the wheel runs on any
# x86_64 Linux (maturin tags it manylinux_2_5). The whole image, glibc included, sits at a
# fixed address; see "Performance" in ARCHITECTURE.md for that trade-off.
#
# Builds with these flags must name the target (`cargo build --target ...`): without it cargo
# passes RUSTFLAGS to build scripts and proc macros too, and a proc macro cannot be static.
# scripts/pgo.sh, scripts/wheel-smoke.sh and .github/workflows/release.yml use this file.
set -eu
target=${1:-$(rustc -vV | sed -n 's/^host: //p')}
case $target in
  x86_64-unknown-linux-gnu)
    echo "-Ctarget-feature=+crt-static"
    echo "-Crelocation-model=static"
    ;;
esac
