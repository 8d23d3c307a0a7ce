#!/usr/bin/env bash
# Regenerates data/spelling/english.txt (and SCOWL-COPYRIGHT) from SCOWL, as packaged by Debian:
# wamerican-large (SCOWL size 70, American) merged with wbritish-large (size 70, British).
# Needs apt-get (Debian/Ubuntu) with package lists (run `apt-get update` once first).
#
# Transformations: drop a trailing possessive "'s", lower-case, keep only words made of
# ASCII letters (words with apostrophes, hyphens or non-ASCII letters are dropped), then
# dedupe and sort by bytes (LC_ALL=C). No header line: the linter binary-searches the file.
#
# Usage: bash scripts/english_words.sh            (run from anywhere inside the repository)
set -euo pipefail
export LC_ALL=C

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/data/spelling/english.txt"
packages=(wamerican-large wbritish-large)
expected_version="2020.12.07-2"   # the version english.txt was last built from

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download "${packages[@]}" >/dev/null
for deb in ./*.deb; do
    dpkg-deb -x "$deb" extracted
    version="$(dpkg-deb -f "$deb" Version)"
    echo "$(dpkg-deb -f "$deb" Package) $version" >&2
    if [ "$version" != "$expected_version" ]; then
        echo "note: version differs from $expected_version; update data/spelling/README.md" >&2
    fi
done

dict="$work/extracted/usr/share/dict"
cat "$dict/american-english-large" "$dict/british-english-large" \
    | sed "s/'s\$//" \
    | tr 'A-Z' 'a-z' \
    | grep -E '^[a-z]+$' \
    | sort -u > "$out"

# SCOWL's notice asks that its copyright and permission notices travel with the lists.
cp "$work/extracted/usr/share/doc/wamerican-large/copyright" "$root/data/spelling/SCOWL-COPYRIGHT"

echo "$out: $(wc -l < "$out") words, $(wc -c < "$out") bytes" >&2
