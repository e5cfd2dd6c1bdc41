"""Render the example papers to PDF, deterministically (fixed metadata, no random file id)."""

from __future__ import annotations

import importlib
from pathlib import Path

from corpus.papers.model import Paper

PAPER_MODULES = {
    "hzz4l": "corpus.papers.hzz4l",
    "leptonperf": "corpus.papers.leptonperf",
    "zll": "corpus.papers.zll",
    "hgg": "corpus.papers.hgg",
    "hww": "corpus.papers.hww",
    "wprime": "corpus.papers.wprime",
    "ttbar": "corpus.papers.ttbar",
    "monojet": "corpus.papers.monojet",
    "cms4l": "corpus.papers.cms4l",
    "zjets": "corpus.papers.zjets",
}
REFERENCES_FOLDER = "references"


class UnknownPaperError(ValueError):
    """The name is not one of the example papers."""


def names() -> list[str]:
    return list(PAPER_MODULES)


def paper(name: str) -> Paper:
    if name not in PAPER_MODULES:
        raise UnknownPaperError(f"no example paper {name!r}; known: {', '.join(PAPER_MODULES)}")
    module = importlib.import_module(PAPER_MODULES[name])
    result: Paper = module.PAPER
    return result


def pdf_bytes(name: str) -> bytes:
    """The PDF of one example paper as bytes (identical on every call)."""
    import pymupdf

    from corpus.papers.layout import typeset

    content = paper(name)
    doc = pymupdf.open()
    try:
        typeset(content, doc)
        stamp = "D:" + content.date.replace("-", "") + "000000Z"
        doc.set_metadata(
            {
                "title": content.title,
                "author": content.authors,
                "subject": f"hep-repro example paper '{name}' (arXiv:{content.arxiv})",
                "keywords": ", ".join(content.keywords),
                "creator": "hep-repro corpus.papers",
                "producer": "PyMuPDF",
                "creationDate": stamp,
                "modDate": stamp,
            }
        )
        doc.subset_fonts()  # embed only the glyphs used (about a third of the size)
        return bytes(doc.tobytes(garbage=3, deflate=True, no_new_id=True))
    finally:
        doc.close()


def render(name: str, out_dir: str | Path) -> Path:
    """Write `<out_dir>/<name>.pdf` and return its path."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf_bytes(name))
    return path


def references_dir(out_dir: str | Path) -> Path:
    """Where `render_all` puts copies of the papers named by arXiv id (`<id>.pdf`), the layout
    `corpus.references` looks up (`--references DIR`)."""
    return Path(out_dir) / REFERENCES_FOLDER


def render_all(out_dir: str | Path) -> dict[str, Path]:
    """Render every example paper to `<out_dir>/<name>.pdf`; also write each cited example paper
    (one another paper's bibliography points to by arXiv id) as `<out_dir>/references/<id>.pdf`."""
    paths = {name: render(name, out_dir) for name in PAPER_MODULES}
    cited = {c for name in PAPER_MODULES for c in cited_arxiv_ids(paper(name))}
    for name, path in paths.items():
        arxiv = paper(name).arxiv
        if arxiv in cited:
            target = references_dir(out_dir) / f"{arxiv}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return paths


def cited_arxiv_ids(content: Paper) -> list[str]:
    import re

    return [m.group(1) for entry in content.references for m in re.finditer(r"arXiv:(\d{4}\.\d{4,5})", entry)]
