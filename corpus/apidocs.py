"""API documentation of the installed uproot, awkward, vector and hist, as searchable Documents.

Built at index time by introspection (public functions and classes, signatures, docstrings):
nothing is copied into the repository, and the text always matches the installed versions.
It is bounded so that indexing stays fast: a curated list of the objects an analysis uses most
(reading trees, jagged-array manipulation, four-vectors, histograms), then other public
functions of the same modules up to a per-package cap, each docstring cut to its first
paragraphs. One Document per package (kind "api"); each object is one page whose section is
its qualified name, so a citation points at one function.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from corpus.document import Document, content_hash
from corpus.schemadocs import document_from_sections

PACKAGES = ("uproot", "awkward", "vector", "hist")
MAX_ENTRIES_PER_PACKAGE = 60
MAX_DOC_CHARS = 900
MAX_SIGNATURE_CHARS = 300

#: The most useful objects first: (name shown to the reader, module path, attribute paths in that
#: module; "*" = the module's other public functions, up to the cap). An entry is shown as
#: "<shown>.<last part of its path>", e.g. ("uproot.TTree", ..., "HasBranches.arrays") ->
#: "uproot.TTree.arrays".
CURATED: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "uproot": [
        ("uproot", "uproot", ("open", "iterate", "concatenate", "dask", "recreate", "update", "create")),
        ("uproot.TTree", "uproot.behaviors.TBranch",
         ("HasBranches.arrays", "HasBranches.iterate", "HasBranches.keys", "HasBranches.show",
          "HasBranches.typenames", "HasBranches.num_entries")),
        ("uproot.TBranch", "uproot.behaviors.TBranch", ("TBranch.array",)),
        ("uproot.ReadOnlyDirectory", "uproot.reading", ("ReadOnlyDirectory.keys", "ReadOnlyDirectory.classnames")),
        ("uproot.WritableDirectory", "uproot.writing.writable", ("WritableDirectory.mktree",)),
        ("uproot.WritableTree", "uproot.writing.writable", ("WritableTree.extend",)),
    ],
    "awkward": [
        ("ak", "awkward",
         ("Array", "zip", "unzip", "combinations", "argcombinations", "cartesian", "num", "flatten",
          "mask", "where", "any", "all", "sum", "count", "firsts", "argmax", "argmin", "argsort", "sort",
          "fill_none", "is_none", "pad_none", "drop_none", "local_index", "with_field", "concatenate",
          "to_numpy", "to_list", "from_iter", "broadcast_arrays", "singletons", "max", "min", "values_astype",
          "ravel", "run_lengths", "fields", "type", "*")),
    ],
    "vector": [
        ("vector", "vector", ("zip", "array", "obj", "register_awkward", "Array")),
        ("vector.MomentumAwkward4D", "vector.backends.awkward",
         tuple(f"MomentumAwkward4D.{name}" for name in (
             "mass", "pt", "eta", "phi", "rapidity", "deltaR", "deltaphi", "deltaeta", "add", "boost_p4",
             "Et", "mt", "theta", "is_parallel", "to_xyzt", "to_rhophietatau", "to_beta3", "sum"))),
    ],
    "hist": [
        ("hist", "hist", ("Hist",)),
        ("hist.Hist", "hist", tuple(f"Hist.{name}" for name in (
            "fill", "project", "plot", "plot1d", "values", "variances", "sum", "stack", "density", "profile"))),
        ("hist.axis", "hist.axis", ("Regular", "Variable", "Integer", "StrCategory", "IntCategory", "Boolean")),
        ("hist.storage", "hist.storage", ("Double", "Weight", "Int64", "Mean", "WeightedMean")),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class ApiEntry:
    qualname: str  # as a user writes it: "ak.zip", "uproot.TTree.arrays"
    signature: str
    doc: str

    def body(self) -> str:
        return f"{self.signature}\n{self.doc}" if self.doc else self.signature


def api_documents(
    packages: tuple[str, ...] = PACKAGES, max_entries: int = MAX_ENTRIES_PER_PACKAGE
) -> list[Document]:
    """One Document per installed package (missing packages are skipped)."""
    docs = []
    for package in packages:
        doc = api_document(package, max_entries=max_entries)
        if doc is not None:
            docs.append(doc)
    return docs


def api_document(package: str, max_entries: int = MAX_ENTRIES_PER_PACKAGE) -> Document | None:
    try:
        module = importlib.import_module(package)
    except ImportError:
        return None
    version = str(getattr(module, "__version__", "unknown"))
    entries = list(_bounded(package, max_entries))
    if not entries:
        return None
    pages = [[(entry.qualname, entry.body())] for entry in entries]
    digest = content_hash("\x00".join(f"{e.qualname}\x01{e.body()}" for e in entries).encode())
    return document_from_sections(
        f"api-{package}-{digest}",
        f"{package} {version} API reference",
        "api",
        pages,
        path=f"python:{package}",
    )


def api_entries(package: str, max_entries: int = MAX_ENTRIES_PER_PACKAGE) -> list[ApiEntry]:
    """The documented objects of `package`, most useful first (bounded)."""
    return list(_bounded(package, max_entries))


def _bounded(package: str, max_entries: int) -> Iterator[ApiEntry]:
    seen: set[str] = set()
    count = 0
    for alias, module_name, names in CURATED.get(package, [(package, package, ("*",))]):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for entry in _entries(alias, module, names, seen):
            if count >= max_entries:
                return
            seen.add(entry.qualname)
            count += 1
            yield entry


def _entries(shown: str, module: Any, names: tuple[str, ...], seen: set[str]) -> Iterator[ApiEntry]:
    for name in names:
        if name == "*":
            for public in sorted(getattr(module, "__all__", None) or dir(module)):
                obj = getattr(module, public, None)
                qualname = f"{shown}.{public}"
                if public.startswith("_") or not inspect.isfunction(obj) or qualname in seen:
                    continue
                if _documented(obj):
                    yield _entry(qualname, obj)
            continue
        obj = _resolve(module, name)
        qualname = f"{shown}.{name.split('.')[-1]}"
        if obj is not None and qualname not in seen:  # curated: the signature helps even undocumented
            yield _entry(qualname, obj)


def _resolve(module: Any, dotted: str) -> Any:
    obj = module
    for part in dotted.split("."):
        obj = inspect.getattr_static(obj, part, None) if inspect.isclass(obj) else getattr(obj, part, None)
        if obj is None:
            return None
    if isinstance(obj, property):
        return obj
    if isinstance(obj, (staticmethod, classmethod)):
        return obj.__func__
    return obj


_FOREIGN_ROOTS = frozenset({"builtins", "typing", "abc", "collections", "numpy", "enum"})


def _docstring(obj: Any) -> str:
    """The object's documentation; for a class, its own (or its library base's) docstring plus
    the constructor's, never a generic one inherited from typing/numpy/object."""
    if not inspect.isclass(obj):
        return inspect.getdoc(obj) or ""
    mro = [c for c in obj.__mro__ if c.__module__.split(".")[0] not in _FOREIGN_ROOTS]
    own = next((inspect.cleandoc(c.__dict__["__doc__"]) for c in mro if c.__dict__.get("__doc__")), "")
    init = ""
    for cls in mro:
        if "__init__" in cls.__dict__:
            text = inspect.getdoc(cls.__dict__["__init__"]) or ""
            if text and not text.startswith("Initialize self"):
                init = text
                break
    return "\n\n".join(part for part in (own, init) if part)


def _documented(obj: Any) -> bool:
    return bool(_docstring(obj))


def _entry(qualname: str, obj: Any) -> ApiEntry:
    return ApiEntry(qualname=qualname, signature=_signature(qualname, obj), doc=_clean(_docstring(obj)))


def _signature(qualname: str, obj: Any) -> str:
    if isinstance(obj, property):
        return f"{qualname} (property)"
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        sig = str(inspect.signature(target))
    except (TypeError, ValueError):
        return qualname
    sig = sig.replace("(self, ", "(").replace("(self)", "()")
    sig = re.sub(r" at 0x[0-9a-fA-F]+", "", sig)  # reprs of defaults: no memory addresses (stable ids)
    if len(sig) > MAX_SIGNATURE_CHARS:
        sig = sig[:MAX_SIGNATURE_CHARS].rsplit(",", 1)[0] + ", ...)"
    return f"{'class ' if inspect.isclass(obj) else ''}{qualname}{sig}"


_ROLE = re.compile(r":(?:py:)?(?:func|class|obj|meth|attr|mod|ref|doc|data|exc):`~?([^`<]+?)(?:\s*<[^>]+>)?`")


def _clean(doc: str) -> str:
    """Docstring text without reST markup, within MAX_DOC_CHARS: the description (cut at a
    paragraph boundary) and then, if the docstring lists its arguments (Google "Args:" or
    NumPy "Parameters" style), one line per argument."""
    doc = _ROLE.sub(r"\1", doc)
    doc = re.sub(r"``([^`]+)``", r"\1", doc)
    doc = re.sub(r"#((?:ak|uproot|vector|hist)\.[\w.]+)", r"\1", doc)  # awkward's "#ak.zip" links
    doc = re.sub(r"`([^`<]+?)\s*<[^>]+>`_+", r"\1", doc)
    doc = re.sub(r"\n\s*\.\. [a-z-]+::.*", "", doc)
    doc = re.sub(r"[ \t]+\n", "\n", doc).strip()
    if len(doc) <= MAX_DOC_CHARS:
        return doc
    description, arguments = _split_arguments(doc)
    summary = ""
    for name, text in arguments:  # whole lines, at most half of the room
        line = f"\n- {name}: {text}"
        if len(summary) + len(line) > MAX_DOC_CHARS // 2:
            summary += "\n- ..."
            break
        summary += line
    text = _cut(description, MAX_DOC_CHARS - len(summary) - 12)
    return f"{text}\nArguments:{summary}" if summary else text


_ARG_SECTION = re.compile(r"^(?:Args|Arguments|Parameters|Keyword Args)\s*:?[ \t]*\n(?:-+\n)?", re.MULTILINE)
_GOOGLE_ARG = re.compile(r"(\w+)(?: \([^)]*\))?:\s*(.*)")
_NUMPY_ARG = re.compile(r"(\w+)\s*:\s*\S.*")


def _split_arguments(doc: str) -> tuple[str, list[tuple[str, str]]]:
    """(the docstring without its argument section, [(argument, first sentence of its text)]).

    Google style: arguments at one indentation, their text continued deeper; NumPy style:
    "name : type" lines with the text indented below. A line indented less than the
    arguments (a new section, or prose as in uproot, whose description follows the arguments)
    ends the section."""
    match = _ARG_SECTION.search(doc)
    if match is None:
        return doc, []
    lines = doc[match.end() :].splitlines()
    base: int | None = None
    arguments: list[list[str]] = []
    end = len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if base is None:
            base = indent
        if indent < base:
            end = i
            break
        if indent == base:
            found = _NUMPY_ARG.fullmatch(line.strip()) if base == 0 else _GOOGLE_ARG.fullmatch(line.strip())
            if found is None:
                end = i
                break
            arguments.append([found.group(1), "" if base == 0 else found.group(2)])
        elif arguments:
            arguments[-1][1] = f"{arguments[-1][1]} {line.strip()}".strip()
    rest = "\n".join(lines[end:]).strip()
    description = doc[: match.start()].rstrip()
    description = f"{description}\n\n{rest}".strip() if rest else description
    return description, [(name, _first_sentence(text)) for name, text in arguments]


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    sentence = text if end < 0 else text[: end + 1]
    return sentence if len(sentence) <= 140 else sentence[:137].rstrip() + "..."


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit // 3:
        cut = text.rfind(". ", 0, limit) + 1 or limit
    return text[:cut].rstrip() + " ..."
