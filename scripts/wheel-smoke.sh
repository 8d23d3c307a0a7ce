#!/usr/bin/env bash
# Builds the Python wheel (maturin from the package index, in a virtual environment of its own),
# installs it into a fresh virtual environment, and runs `stp` from there with no cargo on PATH:
# what a user of `pip install` / `pipx` / pre-commit gets. CI runs it (.ci/run).
#
# The binary is built with the release flags for this host (scripts/release-rustflags.sh: on
# Linux x86_64 a static executable, which this script checks), as release.yml builds it. The
# build is a release build by default; WHEEL_PROFILE=dev builds the wheel from the dev profile
# instead (CI does this: the smoke test is about packaging and installing, and a full release
# build would double CI's time on 2 cores; the release workflow builds the published wheels
# with --release). Where the host needs no flags, the dev build reuses what `cargo test`
# compiled in target/.
# WHEEL_SMOKE_DIR keeps the wheel and the environments (default: a temporary directory,
# removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

work=${WHEEL_SMOKE_DIR:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

echo "wheel: building with maturin"
python3 -m venv "$work/build-env"
"$work/build-env/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.5,<2.0'
rm -rf "$work/dist"
profile=${WHEEL_PROFILE:-release}
# With the release binary's flags for this host (scripts/release-rustflags.sh), as
# release.yml builds it: those need --target, so the dev build is not reused then.
host=$(rustc -vV | sed -n 's/^host: //p')
flags=$(scripts/release-rustflags.sh "$host" | tr '\n' ' ')
target_args=()
[ -n "$flags" ] && target_args=(--target "$host")
(cd wheel && RUSTFLAGS="$flags" "$work/build-env/bin/maturin" build --profile "$profile" --locked \
  "${target_args[@]}" --out "$work/dist") 2>&1 | tail -n 3
wheel=$(ls "$work"/dist/stp_lint-*.whl)
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
if [[ $flags == *crt-static* ]]; then
  # A static executable has no program interpreter (the dynamic loader) to ask for.
  if ! python3 - "$wheel" <<'PY'
import sys, zipfile
wheel = zipfile.ZipFile(sys.argv[1])
binary = wheel.read(next(n for n in wheel.namelist() if n.endswith("/scripts/stp")))
# The program interpreter's path sits right after the program headers.
sys.exit(b"/ld-linux" in binary[:4096])
PY
  then
    echo "wheel: the binary asks for the dynamic loader; it should be static" >&2
    exit 1
  fi
  echo "wheel: the binary is static"
fi

echo "wheel: installing into a fresh environment"
rm -rf "$work/user-env"
python3 -m venv "$work/user-env"
"$work/user-env/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"

# A PATH with the environment and the system only: no cargo, no rustc, no target/.
clean_path="$work/user-env/bin:/usr/local/bin:/usr/bin:/bin"
run() { env -i HOME="$HOME" PATH="$clean_path" LANG=C.UTF-8 "$@"; }
if run sh -c 'command -v cargo || command -v rustc'; then
  echo "wheel: cargo or rustc is on the clean PATH; the smoke test would prove nothing" >&2
  exit 1
fi
[ "$(run sh -c 'command -v stp')" = "$work/user-env/bin/stp" ]
run stp --version

echo "wheel: stp check examples/stps (expects findings: exit 1)"
set +e
out=$(cd "$repo" && run stp check --output-format concise examples/stps)
status=$?
set -e
echo "$out"
if [ "$status" -ne 1 ] || ! grep -q 'examples/stps/sig-network/.*STP' <<<"$out"; then
  echo "wheel: expected findings on the example plan with problems (exit 1), got exit $status" >&2
  exit 1
fi
echo "wheel: OK"
