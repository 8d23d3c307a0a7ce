#!/usr/bin/env python3
"""Regenerates data/template-comment-fingerprints.txt and
data/template-strategy-fingerprints.txt.

Reads the STP template files given on the command line (stps/stp-template/stp.md and
child-stp.md of the STP repository), takes every HTML comment, normalises it the way
`stp` does (drop `<!--`/`-->`, lower-case, collapse white space) and prints the FNV-1a
64-bit hash of the whole comment and of its first line. With `--strategy` it prints instead
the hashes of the Test Strategy items' descriptions (the text after the dash of
`- [ ] **Functional Testing** — ...`) and of their first four words, normalised the same
way. With `--scenarios` it prints the hashes of the template's example test scenarios
(`*Test Scenario:* [Tier 1] ...` without the tier, and the Test Scenario(s) cell of the
table rows whose requirement is `[Jira-...]`). With `--checklist-details` it prints the hashes of the Details cells of the review
checklist rows of the older, table-layout template (`| **Customer Use Cases** | [ ] | ... |`),
whole and by their first line, with `**` and `<br/>` read as `stp` reads them. Only hashes
are stored: the template's sentences are not copied into this project.

    python3 scripts/template_fingerprints.py ../stps/stp-template/*.md \
        > data/template-comment-fingerprints.txt
    python3 scripts/template_fingerprints.py --strategy ../stps/stp-template/stp.md \
        > data/template-strategy-fingerprints.txt
    # every table-layout version of the template (commits 8d9d320 to 11c9bed):
    for c in $(git log --format=%h 4a0b341~1 -- stps/stp-template/stp.md); do
        git show $c:stps/stp-template/stp.md > /tmp/stp-template-$c.md; done
    python3 scripts/template_fingerprints.py --checklist-details /tmp/stp-template-*.md \
        > data/template-checklist-fingerprints.txt
    # every version of the template, both layouts:
    for c in $(git log --format=%h 8a940f4 -- stps/stp-template/stp.md); do
        git show $c:stps/stp-template/stp.md > /tmp/stp-template-all-$c.md; done
    python3 scripts/template_fingerprints.py --scenarios /tmp/stp-template-all-*.md \
        > data/template-scenario-fingerprints.txt
"""
import re
import sys


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def fnv1a64(text: str) -> int:
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def add_whole_and_first_line(hashes: set, text: str) -> None:
    """The hash of the whole text, and of its first line when that has 30 characters or more."""
    hashes.add(fnv1a64(normalise(text)))
    first = normalise(text.strip().split("\n", 1)[0])
    if len(first) >= 30:
        hashes.add(fnv1a64(first))


def strategy_descriptions() -> None:
    hashes = set()
    for path in sys.argv[2:]:
        source = open(path, encoding="utf-8").read()
        for m in re.finditer(r"^- \[[ xX]\] \*\*[^*]+\*\* [—-]+ (.+)$", source, re.M):
            description = normalise(m.group(1))
            hashes.add(fnv1a64(description))
            # Its first four words too: authors shorten the description they keep.
            hashes.add(fnv1a64(" ".join(description.split()[:4])))
    print("# FNV-1a 64 of normalised Test Strategy item descriptions of the STP template; see scripts/template_fingerprints.py")
    for h in sorted(hashes):
        print(f"{h:016x}")


def checklist_details() -> None:
    hashes = set()
    for path in sys.argv[2:]:
        source = open(path, encoding="utf-8").read()
        # `| **Customer Use Cases** | [ ] | <details> | <comments> |`: the older, table
        # layout's review checklist rows.
        for m in re.finditer(r"^\|\s*\*\*[^*|]+\*\*\s*\|\s*\[[ xX]?\]\s*\|([^|]+)\|", source, re.M):
            details = re.sub(r"<br\s*/?>", "\n", m.group(1)).replace("**", "")
            add_whole_and_first_line(hashes, details)
    print("# FNV-1a 64 of normalised review checklist details of the older, table-layout STP template; see scripts/template_fingerprints.py")
    for h in sorted(hashes):
        print(f"{h:016x}")


def example_scenarios() -> None:
    hashes = set()
    for path in sys.argv[2:]:
        source = open(path, encoding="utf-8").read()
        # The list layout: `  - *Test Scenario:* [Tier 2] Verify ...`, read without the tier.
        for m in re.finditer(r"^\s*- \*Test Scenario:\*\s*(?:\[Tier[^\]]*\]\s*)?(.+)$", source, re.M):
            hashes.add(fnv1a64(normalise(m.group(1))))
        # The table layout: the Test Scenario(s) cell of the example rows (`| [Jira-123] | ...`).
        column = None
        lines = source.split("\n")
        for i, line in enumerate(lines):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if line.startswith("|") and re.match(r"^\|[\s:|-]+\|\s*$", following):
                column = next((k for k, c in enumerate(cells) if "scenario" in c.lower()), None)
            elif line.startswith("| [Jira") and column is not None and column < len(cells):
                hashes.add(fnv1a64(normalise(cells[column])))
    print("# FNV-1a 64 of normalised example test scenarios of the STP template; see scripts/template_fingerprints.py")
    for h in sorted(hashes):
        print(f"{h:016x}")


def main() -> None:
    if sys.argv[1:2] == ["--scenarios"]:
        example_scenarios()
        return
    if sys.argv[1:2] == ["--strategy"]:
        strategy_descriptions()
        return
    if sys.argv[1:2] == ["--checklist-details"]:
        checklist_details()
        return
    hashes = set()
    for path in sys.argv[1:]:
        source = open(path, encoding="utf-8").read()
        for m in re.finditer(r"<!--(.*?)-->", source, re.S):
            add_whole_and_first_line(hashes, m.group(1))
    print("# FNV-1a 64 of normalised HTML comments of the STP template; see scripts/template_fingerprints.py")
    for h in sorted(hashes):
        print(f"{h:016x}")


if __name__ == "__main__":
    main()
