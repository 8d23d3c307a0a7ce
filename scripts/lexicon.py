#!/usr/bin/env python3
"""Regenerates the implementation-term lexicon under data/lexicon/.

The word lists are facts derived from public API schemas and source trees: resource
kinds, JSON field names, internal component names and feature-gate names of KubeVirt,
CDI, HCO, Forklift (MTV), NMState, the network-attachment-definition CRD, OpenShift
and Kubernetes. Nothing else of those repositories is copied.

Inputs are bare git directories (e.g. as brought by a mirror), read with `git show`
at HEAD. Give one or more directories that hold them, laid out as
`<owner>+<name>/repo`, `<owner>+<name>`, `<owner>+<name>.git`, `<name>` or
`<name>.git`; or name a repository explicitly with `--repo owner/name=GITDIR`.

    python3 scripts/lexicon.py /work/.mirror
    python3 scripts/lexicon.py --out data/lexicon --repo kubevirt/kubevirt=/src/kubevirt.git /mirrors

Generated files (each with a `#` header, then entries sorted with Python's
`sorted()`, i.e. byte order, deduplicated):

    api-kinds.txt      compound-PascalCase top-level resource kinds
    api-fields.txt     camelCase property names (>= 6 characters, an interior capital)
    components.txt     internal component names, optionally `name<TAB>user wording`
    feature-gates.txt  compound feature-gate names (KubeVirt, HCO, CDI)

`kind-wording.txt` and `README.md` in the same directory are hand-written and are
not touched. Standard library only (Python 3.11).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from typing import Any

# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------

# OpenAPI (swagger 2.0) documents: (repository, path, definition-name prefixes to skip).
OPENAPI_SOURCES = [
    ("kubevirt/kubevirt", "api/openapi-spec/swagger.json", ()),
    ("kubevirt/containerized-data-importer", "api/openapi-spec/swagger.json", ()),
    # All OpenShift API groups, minus the example group and the generic meta types.
    (
        "openshift/api",
        "openapi/openapi.json",
        ("com.github.openshift.api.example.", "io.k8s.apimachinery."),
    ),
    # kubernetes/kubernetes is too large to fetch here; the Python client carries the
    # same generated OpenAPI document of a Kubernetes release (see scripts/constants.py
    # of that repository for the branch).
    ("kubernetes-client/python", "kubernetes/swagger.json.unprocessed", ("io.k8s.apimachinery.",)),
]

# CustomResourceDefinition YAML files: (repository, regular expression on the path).
CRD_SOURCES = [
    # HCO ships the CRDs of every component it deploys: HyperConverged, KubeVirt, CDI,
    # CNAO, HPP, SSP, AAQ, migration operator, ...
    ("kubevirt/hyperconverged-cluster-operator", r"^deploy/crds/[^/]+\.crd\.yaml$"),
    ("kubevirt/ssp-operator", r"^config/crd/bases/[^/]+\.yaml$"),
    ("kubevirt/cluster-network-addons-operator", r"^data/kubevirt-ipam-controller/[^/]*crd[^/]*\.yaml$"),
    ("kubev2v/forklift", r"^operator/config/crd/bases/[^/]+\.yaml$"),
    ("k8snetworkplumbingwg/network-attachment-definition-client", r"^artifacts/networks-crd\.yaml$"),
    ("nmstate/kubernetes-nmstate", r"^deploy/crds/[^/]+\.yaml$"),
    # CRD manifests of the OpenShift API groups (adds the CRD-only kinds the OpenAPI
    # document lacks, e.g. MachineConfig, MachineConfigPool, KubeletConfig).
    ("openshift/api", r"^(?!example/)[^/]+/v[^/]+/zz_generated\.crd-manifests/[^/]+\.yaml$"),
    # Further kinds that OpenShift Virtualization test plans touch: volume snapshots, OLM,
    # SR-IOV, node maintenance, OVN-Kubernetes user-defined networks, multi-network policy.
    ("kubernetes-csi/external-snapshotter", r"^client/config/crd/[^/]+\.yaml$"),
    ("operator-framework/api", r"^crds/operators\.coreos\.com_[^/]+\.yaml$"),
    ("k8snetworkplumbingwg/sriov-network-operator", r"^config/crd/bases/[^/]+\.yaml$"),
    ("medik8s/node-maintenance-operator", r"^config/crd/bases/[^/]+\.yaml$"),
    ("ovn-org/ovn-kubernetes", r"^dist/templates/k8s\.ovn\.org_[^/]+\.yaml\.j2$"),
    ("k8snetworkplumbingwg/multi-networkpolicy", r"^scheme\.yml$"),
]

# Go files holding CRD YAML in raw string literals: (repository, path).
# CDI installs its CRDs from this generated file; its swagger.json lacks some kinds
# (StorageProfile, VolumeImportSource, ...).
GO_CRD_SOURCES = [
    ("kubevirt/containerized-data-importer", "pkg/operator/resources/crds_generated.go"),
    ("kubevirt/application-aware-quota", "pkg/aaq-operator/resources/crds_generated.go"),
]

# Repositories whose cmd/<name>/ directories name the shipped binaries.
CMD_SOURCES = [
    "kubevirt/kubevirt",
    "kubevirt/containerized-data-importer",
    "kubevirt/hyperconverged-cluster-operator",
    "kubev2v/forklift",
    "kubevirt/kubemacpool",
    "kubevirt/cluster-network-addons-operator",
    "kubevirt/ssp-operator",
    "kubevirt/hostpath-provisioner-operator",
    "nmstate/kubernetes-nmstate",
    "kubevirt/application-aware-quota",
    "k8snetworkplumbingwg/sriov-network-operator",
]

# Other places that name components: (repository, path regex, how to read names).
#   "deployments": metadata.name of every Deployment in the YAML file(s)
#   "subdirs":     names of the directories directly below the matched prefix
COMPONENT_SOURCES = [
    ("kubevirt/hyperconverged-cluster-operator", r"^deploy/operator\.yaml$", "deployments"),
    # CNAO deploys each network add-on from data/<component>/.
    ("kubevirt/cluster-network-addons-operator", r"^data/", "subdirs"),
]

# Component names that appear only as string literals in the code; each is kept only if
# the literal really occurs in the file named, so a rename upstream drops it.
COMPONENT_LITERALS = [
    ("kubevirt/hyperconverged-cluster-operator", "pkg/util/consts.go", "hco-operator"),
    ("kubevirt/containerized-data-importer", "pkg/operator/controller/callbacks.go", "cdi-deployment"),
]

# Names found above that are not internal components (or are what a user types).
COMPONENT_EXCLUDE = {
    "virtctl": "user CLI: users legitimately type it",
    "kubectl-mtv": "user CLI (kubectl plugin of MTV)",
    "cmdcommon": "shared Go package, not a component",
    "provider-common": "shared Go package, not a component",
    "test-helpers": "test tooling",
    "fake-cmd-server": "test tooling",
    "fake-qemu-process": "test tooling",
    "example-guest-agent": "example code",
    "example-node-hook-plugin": "example code",
    "dump": "debugging tool, and an English word",
    "linux-bridge": "names a network type users configure, not a component",
    "network-policy": "names a Kubernetes feature, not a component",
    "hyperconverged-cluster-cli-download": "serves the virtctl download to users",
}

# Hyphen-less names that are still clearly product-internal.
COMPONENT_UNHYPHENATED = {"kubemacpool"}

# User-level wording for the most common components (hand-written, our own words).
COMPONENT_WORDING = {
    "virt-launcher": "the VM",
    "virt-handler": "the node agent",
    "virt-controller": "the cluster VM controller",
    "virt-api": "the virtualization API",
    "virt-operator": "the virtualization operator",
    "virt-exportproxy": "VM export",
    "cdi-importer": "the disk image import",
    "cdi-uploadproxy": "the image upload endpoint",
    "cdi-uploadserver": "the image upload",
    "cdi-cloner": "the disk clone",
    "cdi-deployment": "the storage import controller",
    "cdi-operator": "the storage import operator",
    "hco-operator": "the OpenShift Virtualization operator",
    "hyperconverged-cluster-operator": "the OpenShift Virtualization operator",
    "kubemacpool": "automatic MAC address assignment",
    "virt-v2v": "the guest conversion",
    "forklift-controller": "the migration toolkit",
}

# KubeVirt feature gates: Go constants in these files.
FEATURE_GATE_DIR = ("kubevirt/kubevirt", "pkg/virt-config/featuregate/")
# HCO feature gates (camelCase names of spec.featureGates) and CDI feature gates.
HCO_FEATURE_GATES = ("kubevirt/hyperconverged-cluster-operator", "pkg/featuregatedetails/feature-gates.json")
CDI_FEATURE_GATES = ("kubevirt/containerized-data-importer", "pkg/feature-gates/feature-gates.go")

# Compound kinds that are also product or protocol names written in ordinary prose.
KIND_EXCLUDE = {
    "KubeVirt": "the upstream project's name",
    "NMState": "the operator's product name",
    "OAuth": "protocol name",
    "OperatorHub": "console catalogue name used in prose",
    "MyOperatorResource": "OpenShift API stub type",
}

# Helper types that carry apiVersion/kind/metadata but are not top-level resources.
KIND_DROP_SUFFIX = re.compile(r"(List|Options|Spec|Status|Result|ProviderConfig)$")

ALL_REPOS = sorted(
    {r for r, _, _ in OPENAPI_SOURCES}
    | {r for r, _ in CRD_SOURCES}
    | set(CMD_SOURCES)
    | {r for r, _, _ in COMPONENT_SOURCES}
    | {r for r, _, _ in COMPONENT_LITERALS}
    | {r for r, _ in GO_CRD_SOURCES}
    | {FEATURE_GATE_DIR[0], HCO_FEATURE_GATES[0], CDI_FEATURE_GATES[0]}
)

# --------------------------------------------------------------------------------------
# git
# --------------------------------------------------------------------------------------


def git(gitdir: str, *args: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", gitdir, *args], check=True, capture_output=True
    ).stdout
    return out.decode("utf-8", errors="replace")


def is_git_dir(path: str) -> bool:
    if not os.path.isdir(path):
        return False
    r = subprocess.run(
        ["git", "--git-dir", path, "rev-parse", "--verify", "-q", "HEAD"],
        capture_output=True,
    )
    return r.returncode == 0


class Repo:
    def __init__(self, slug: str, gitdir: str):
        self.slug = slug
        self.gitdir = gitdir
        self.commit, self.date = git(gitdir, "log", "-1", "--format=%H %cs", "HEAD").split()
        self._files: list[str] | None = None

    def files(self) -> list[str]:
        if self._files is None:
            out = git(self.gitdir, "ls-tree", "-r", "--name-only", "-z", "HEAD")
            self._files = sorted(p for p in out.split("\0") if p)
        return self._files

    def show(self, path: str) -> str:
        return git(self.gitdir, "show", f"HEAD:{path}")


def locate(slug: str, roots: list[str]) -> str | None:
    owner, name = slug.split("/")
    for root in roots:
        for cand in (
            f"{owner}+{name}/repo",
            f"{owner}+{name}",
            f"{owner}+{name}.git",
            name,
            f"{name}.git",
        ):
            path = os.path.join(root, cand)
            if is_git_dir(path):
                return path
    return None


# --------------------------------------------------------------------------------------
# A small YAML reader: enough of block YAML for CRD manifests (mappings, sequences,
# plain/quoted/block scalars, comments, several documents). Scalars stay strings.
# --------------------------------------------------------------------------------------

_BLOCK_SCALAR = re.compile(r"(?:^|:\s|^-\s)\s*[|>][-+]?\d*\s*(?:#.*)?$")


def _split_key(text: str) -> tuple[str, str] | None:
    """Splits `key: rest` (key possibly quoted); None if the line is not a mapping entry."""
    if text[:1] in ("'", '"'):
        q = text[0]
        i = 1
        while i < len(text):
            if text[i] == q:
                if q == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                break
            if q == '"' and text[i] == "\\":
                i += 1
            i += 1
        key = text[1:i]
        rest = text[i + 1 :]
        if not rest.startswith(":") or (len(rest) > 1 and rest[1] not in " \t"):
            return None
        return key, rest[1:].strip()
    if text[:1] in ("[", "{"):
        return None
    m = re.match(r"([^#]*?):(?:\s+|$)(.*)$", text)
    if not m:
        return None
    return m.group(1).strip(), m.group(2).strip()


def _quote_open(value: str) -> bool:
    """True if `value` starts a quoted scalar that does not end on this line."""
    if not value or value[0] not in ("'", '"'):
        return False
    q = value[0]
    i = 1
    while i < len(value):
        c = value[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and value[i + 1 : i + 2] == "'":
                i += 2
                continue
            return False
        i += 1
    return True


def _logical_lines(text: str) -> list[list[tuple[int, str]]]:
    """Returns documents as lists of (indent, content) with block scalars folded away."""
    docs: list[list[tuple[int, str]]] = [[]]
    raw = text.replace("\t", "  ").split("\n")
    i = 0
    while i < len(raw):
        line = raw[i].rstrip()
        i += 1
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if indent == 0 and (stripped.startswith("---") or stripped == "..."):
            docs.append([])
            continue
        if _BLOCK_SCALAR.search(stripped):
            # Drop the indicator, skip the lines of the scalar.
            stripped = re.sub(r"[|>][-+]?\d*\s*(?:#.*)?$", '""', stripped)
            while i < len(raw):
                nxt = raw[i].rstrip()
                if nxt.strip() and len(nxt) - len(nxt.lstrip(" ")) <= indent:
                    break
                i += 1
        else:
            kv = _split_key(stripped[2:] if stripped.startswith("- ") else stripped)
            value = kv[1] if kv else (stripped[2:].strip() if stripped.startswith("- ") else "")
            if _quote_open(value):
                while _quote_open(value) and i < len(raw):
                    value += " " + raw[i].strip()
                    stripped += " " + raw[i].strip()
                    i += 1
        docs[-1].append((indent, stripped))
    return [d for d in docs if d]


class _Parser:
    def __init__(self, lines: list[tuple[int, str]]):
        self.lines = lines
        self.i = 0

    def node(self, indent: int) -> Any:
        if self.i >= len(self.lines):
            return None
        ind, text = self.lines[self.i]
        if text == "-" or text.startswith("- "):
            return self.seq(ind)
        return self.mapping(ind)

    def skip_deeper(self, indent: int) -> None:
        while self.i < len(self.lines) and self.lines[self.i][0] > indent:
            self.i += 1

    def scalar(self, value: str) -> Any:
        if value[:1] in ("'", '"'):
            q = value[0]
            end = value.rfind(q)
            return value[1:end] if end > 0 else value[1:]
        return value.split(" #", 1)[0].strip()

    def value_after_key(self, indent: int, rest: str) -> Any:
        self.i += 1
        if rest:
            v = self.scalar(rest)
            self.skip_deeper(indent)  # continuation lines of a plain scalar
            return v
        if self.i < len(self.lines):
            nind, ntext = self.lines[self.i]
            if nind > indent or (nind == indent and (ntext == "-" or ntext.startswith("- "))):
                return self.node(nind)
        return None

    def mapping(self, indent: int) -> dict:
        out: dict = {}
        while self.i < len(self.lines):
            ind, text = self.lines[self.i]
            if ind != indent or text == "-" or text.startswith("- "):
                break
            kv = _split_key(text)
            if kv is None:  # stray scalar line: skip it and its children
                self.i += 1
                self.skip_deeper(indent)
                continue
            key, rest = kv
            out[key] = self.value_after_key(indent, rest)
        return out

    def seq(self, indent: int) -> list:
        out: list = []
        while self.i < len(self.lines):
            ind, text = self.lines[self.i]
            if ind != indent or not (text == "-" or text.startswith("- ")):
                break
            rest = text[1:].lstrip(" ")
            if not rest:
                self.i += 1
                if self.i < len(self.lines) and self.lines[self.i][0] > indent:
                    out.append(self.node(self.lines[self.i][0]))
                else:
                    out.append(None)
                continue
            inner = indent + (len(text) - len(rest))
            if _split_key(rest) is not None or rest.startswith("- "):
                self.lines[self.i] = (inner, rest)
                out.append(self.node(inner))
            else:
                self.i += 1
                out.append(self.scalar(rest))
                self.skip_deeper(indent)
        return out


def load_yaml_documents(text: str) -> list[Any]:
    docs = []
    for lines in _logical_lines(text):
        p = _Parser(lines)
        docs.append(p.node(lines[0][0]))
    return docs


# --------------------------------------------------------------------------------------
# Word shapes
# --------------------------------------------------------------------------------------

_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z]+|[A-Z]+|[a-z]+|\d+")


def capitalised_parts(word: str) -> int:
    """Number of parts that start with a capital: DataVolume 2, CDIConfig 2, Pod 1, NUMA 1."""
    return sum(1 for p in _PARTS.findall(word) if p[0].isupper())


def is_compound_pascal(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9]*", word)) and capitalised_parts(word) >= 2


def is_camel_field(word: str) -> bool:
    return (
        len(word) >= 6
        and re.fullmatch(r"[a-z][A-Za-z0-9]*", word) is not None
        and any(c.isupper() for c in word[1:])
    )


# --------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------


def schema_property_names(schema: Any, out: set[str]) -> None:
    """Collects property names of a JSON schema, recursively (no $ref resolution)."""
    if isinstance(schema, dict):
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                out.add(name)
                schema_property_names(sub, out)
        for key in ("items", "additionalProperties", "not"):
            schema_property_names(schema.get(key), out)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key) or []:
                schema_property_names(sub, out)
    elif isinstance(schema, list):
        for sub in schema:
            schema_property_names(sub, out)


def refs_in(schema: Any, out: set[str]) -> None:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            out.add(ref[len("#/definitions/") :])
        for v in schema.values():
            refs_in(v, out)
    elif isinstance(schema, list):
        for v in schema:
            refs_in(v, out)


def is_top_level_kind(defn: dict) -> bool:
    """A persisted resource: has apiVersion, kind and ObjectMeta metadata (and a GVK if the
    document uses the x-kubernetes-group-version-kind extension at all)."""
    props = defn.get("properties") or {}
    if "kind" not in props or "apiVersion" not in props:
        return False
    meta: set[str] = set()
    refs_in(props.get("metadata"), meta)
    return any(m.endswith(".ObjectMeta") for m in meta)


def openapi_terms(doc: dict, skip_prefixes: tuple[str, ...]) -> tuple[set[str], set[str]]:
    defs: dict = doc.get("definitions") or {}
    uses_gvk = any("x-kubernetes-group-version-kind" in d for d in defs.values())
    roots = []
    kinds: set[str] = set()
    for name, defn in defs.items():
        if name.startswith(skip_prefixes):
            continue
        if uses_gvk and "x-kubernetes-group-version-kind" not in defn:
            continue
        if not is_top_level_kind(defn):
            continue
        kind = name.rsplit(".", 1)[-1]
        if uses_gvk:
            gvks = defn["x-kubernetes-group-version-kind"]
            kind = gvks[0].get("kind", kind)
        if KIND_DROP_SUFFIX.search(kind):
            continue
        kinds.add(kind)
        roots.append(name)
    # Field names of everything reachable from the kinds.
    seen: set[str] = set()
    todo = list(roots)
    fields: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in defs:
            continue
        seen.add(name)
        schema_property_names(defs[name], fields)
        nxt: set[str] = set()
        refs_in(defs[name], nxt)
        todo.extend(sorted(nxt - seen))
    return kinds, fields


def crd_terms(text: str) -> tuple[set[str], set[str]]:
    kinds: set[str] = set()
    fields: set[str] = set()
    for doc in load_yaml_documents(text):
        items = [doc]
        if isinstance(doc, dict) and isinstance(doc.get("items"), list):
            items = doc["items"]
        for obj in items:
            if not isinstance(obj, dict) or obj.get("kind") != "CustomResourceDefinition":
                continue
            spec = obj.get("spec") or {}
            kind = (spec.get("names") or {}).get("kind")
            if kind:
                kinds.add(kind)
            schemas = []
            for v in spec.get("versions") or []:
                if isinstance(v, dict):
                    schemas.append((v.get("schema") or {}).get("openAPIV3Schema"))
            schemas.append((spec.get("validation") or {}).get("openAPIV3Schema"))
            for s in schemas:
                schema_property_names(s, fields)
    return kinds, fields


def deployment_names(text: str) -> set[str]:
    out = set()
    for doc in load_yaml_documents(text):
        if isinstance(doc, dict) and doc.get("kind") == "Deployment":
            name = (doc.get("metadata") or {}).get("name")
            if name:
                out.add(name)
    return out


def go_raw_strings(text: str) -> list[str]:
    """Contents of Go raw string literals, with the `` ` + "`" + ` `` idiom undone."""
    joined = text.replace('` + "`" + `', "\0")
    return [m.replace("\0", "`") for m in re.findall(r"`([^`]*)`", joined)]


_GO_CONST = re.compile(r'^\s*(\w+)\s*(?:\w+\s*)?=\s*"([A-Za-z0-9]+)"\s*(?://.*)?$', re.M)


def go_string_constants(text: str) -> set[str]:
    """Values of `Name = "Value"` (optionally typed) lines inside const blocks."""
    out = set()
    for block in re.finditer(r"^const\s*\((.*?)^\)", text, re.M | re.S):
        for m in _GO_CONST.finditer(block.group(1)):
            out.add(m.group(2))
    for m in re.finditer(r'^const\s+\w+\s*(?:\w+\s*)?=\s*"([A-Za-z0-9]+)"', text, re.M):
        out.add(m.group(1))
    return out


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def write_list(path: str, header: list[str], entries: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in header:
            f.write(f"# {h}".rstrip() + "\n")
        for e in entries:
            f.write(e + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("roots", nargs="*", help="directories holding the bare git dirs")
    ap.add_argument("--repo", action="append", default=[], metavar="OWNER/NAME=GITDIR")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "lexicon"))
    args = ap.parse_args()

    explicit = dict(r.split("=", 1) for r in args.repo)
    repos: dict[str, Repo] = {}
    missing: list[str] = []
    for slug in ALL_REPOS:
        path = explicit.get(slug) or locate(slug, args.roots)
        if path and is_git_dir(path):
            repos[slug] = Repo(slug, path)
        else:
            missing.append(slug)
    for slug in missing:
        print(f"lexicon: {slug}: not found, skipped", file=sys.stderr)

    used: dict[str, set[str]] = {}  # file -> repos that fed it

    def note(file: str, repo: Repo) -> None:
        used.setdefault(file, set()).add(repo.slug)

    # Kinds and fields.
    kinds: set[str] = set()
    fields: set[str] = set()
    for slug, path, skip in OPENAPI_SOURCES:
        repo = repos.get(slug)
        if not repo:
            continue
        k, f = openapi_terms(json.loads(repo.show(path)), skip)
        kinds |= k
        fields |= f
        note("kinds", repo)
        note("fields", repo)
    for slug, pattern in CRD_SOURCES:
        repo = repos.get(slug)
        if not repo:
            continue
        rx = re.compile(pattern)
        for path in repo.files():
            if rx.search(path):
                k, f = crd_terms(repo.show(path))
                kinds |= k
                fields |= f
        note("kinds", repo)
        note("fields", repo)
    for slug, path in GO_CRD_SOURCES:
        repo = repos.get(slug)
        if not repo:
            continue
        for literal in go_raw_strings(repo.show(path)):
            k, f = crd_terms(literal)
            kinds |= k
            fields |= f
        note("kinds", repo)
        note("fields", repo)
    api_kinds = sorted(
        k
        for k in kinds
        if is_compound_pascal(k) and k not in KIND_EXCLUDE and not KIND_DROP_SUFFIX.search(k)
    )
    api_fields = sorted(f for f in fields if is_camel_field(f))

    # Components.
    names: set[str] = set()
    for slug in CMD_SOURCES:
        repo = repos.get(slug)
        if not repo:
            continue
        for path in repo.files():
            parts = path.split("/")
            if parts[0] == "cmd" and len(parts) > 2:
                names.add(parts[1])
        note("components", repo)
    for slug, pattern, how in COMPONENT_SOURCES:
        repo = repos.get(slug)
        if not repo:
            continue
        rx = re.compile(pattern)
        for path in repo.files():
            m = rx.search(path)
            if not m:
                continue
            if how == "deployments":
                names |= deployment_names(repo.show(path))
            elif how == "subdirs":
                rest = path[m.end() :].split("/")
                if len(rest) > 1:
                    names.add(rest[0])
        note("components", repo)
    for slug, path, literal in COMPONENT_LITERALS:
        repo = repos.get(slug)
        if repo and path in repo.files() and f'"{literal}"' in repo.show(path):
            names.add(literal)
            note("components", repo)
        else:
            print(f"lexicon: {slug}:{path}: literal {literal!r} not found, skipped", file=sys.stderr)
    components = []
    for n in sorted({n.lower() for n in names}):
        if n in COMPONENT_EXCLUDE:
            continue
        if "-" not in n and n not in COMPONENT_UNHYPHENATED:
            continue
        components.append(f"{n}\t{COMPONENT_WORDING[n]}" if n in COMPONENT_WORDING else n)

    # Feature gates.
    gates: set[str] = set()
    slug, prefix = FEATURE_GATE_DIR
    if slug in repos:
        repo = repos[slug]
        for path in repo.files():
            if path.startswith(prefix) and path.endswith(".go") and not path.endswith("_test.go"):
                if "/" not in path[len(prefix) :]:
                    gates |= {g for g in go_string_constants(repo.show(path)) if is_compound_pascal(g)}
        note("gates", repo)
    slug, path = CDI_FEATURE_GATES
    if slug in repos:
        gates |= {g for g in go_string_constants(repos[slug].show(path)) if is_compound_pascal(g)}
        note("gates", repos[slug])
    slug, path = HCO_FEATURE_GATES
    if slug in repos:
        for entry in json.loads(repos[slug].show(path)):
            name = entry.get("name", "")
            if re.fullmatch(r"[a-z][A-Za-z0-9]*", name) and capitalised_parts(name) >= 1:
                gates.add(name)  # camelCase: lower-case first part + >= 1 capitalised part
        note("gates", repos[slug])
    feature_gates = sorted(gates)

    def header(title: str, key: str, filtering: str) -> list[str]:
        h = [title, "Derived by scripts/lexicon.py from (repository @ commit, commit date):"]
        for s in sorted(used.get(key, ())):
            h.append(f"  {s} @ {repos[s].commit} ({repos[s].date})")
        h.append(filtering)
        h.append("Regenerate: python3 scripts/lexicon.py <dir holding the bare git dirs>; see README.md.")
        h.append("Entries below are sorted by byte order (Python sorted()); lines starting with # are comments.")
        return h

    os.makedirs(args.out, exist_ok=True)
    write_list(
        os.path.join(args.out, "api-kinds.txt"),
        header(
            "Top-level resource kinds (OpenAPI definitions with apiVersion/kind/ObjectMeta, CRD spec.names.kind).",
            "kinds",
            "Kept: compound PascalCase (>= 2 capitalised parts); dropped: names ending in "
            + KIND_DROP_SUFFIX.pattern
            + " and "
            + ", ".join(sorted(KIND_EXCLUDE))
            + ".",
        ),
        api_kinds,
    )
    write_list(
        os.path.join(args.out, "api-fields.txt"),
        header(
            "JSON property names of those kinds' schemas (OpenAPI: reachable via $ref; CRDs: openAPIV3Schema).",
            "fields",
            "Kept: camelCase with an interior capital, letters/digits only, >= 6 characters.",
        ),
        api_fields,
    )
    write_list(
        os.path.join(args.out, "components.txt"),
        header(
            "Internal component names: cmd/<name> directories, HCO deploy/operator.yaml Deployments, CNAO data/<name>.",
            "components",
            "Kept: lower case, hyphenated or listed as internal; excluded: "
            + ", ".join(sorted(COMPONENT_EXCLUDE))
            + ". Format: name, or name<TAB>user-level wording (hand-written).",
        ),
        components,
    )
    write_list(
        os.path.join(args.out, "feature-gates.txt"),
        header(
            "Feature-gate names: KubeVirt pkg/virt-config/featuregate, CDI pkg/feature-gates, HCO feature-gates.json.",
            "gates",
            "Kept: compound PascalCase (KubeVirt, CDI) and camelCase (HCO spec.featureGates) names.",
        ),
        feature_gates,
    )
    for name, entries in (
        ("api-kinds.txt", api_kinds),
        ("api-fields.txt", api_fields),
        ("components.txt", components),
        ("feature-gates.txt", feature_gates),
    ):
        print(f"{name}: {len(entries)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
