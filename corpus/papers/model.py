"""The content of an example paper as plain data: blocks in reading order, typeset by `layout`.

Inline markup inside any text: `_{...}` subscript, `^{...}` superscript, `\\it{...}` italic.
Everything else is literal Unicode (η, ℓ, ≥, ΔR, χ, …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    indent: bool = True


@dataclass(frozen=True)
class Equation:
    text: str
    number: int


@dataclass(frozen=True)
class Table:
    """A booktabs-style table. `wide` tables span both columns (floated to the top of the next
    page); `align` has one letter per column: l, c or r."""

    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str = ""
    wide: bool = False


@dataclass(frozen=True)
class Figure:
    """A drawn plot: a histogram of a deterministic toy shape with axis labels and a caption."""

    number: int
    caption: str
    x_label: str
    y_label: str
    x_range: tuple[float, float]
    shape: Literal["peak", "falling", "efficiency"] = "peak"
    peak: float = 125.0
    width: float = 2.0
    wide: bool = False


Block = Heading | Paragraph | Equation | Table | Figure


EXAMPLE_AUTHORS = "The hep-repro example collaboration"


def example_disclaimer(numbers: str) -> str:
    """The affiliation line of our example papers; `numbers` says how closely they follow published ones."""
    return (
        "An illustrative document written for testing hep-repro; it is not a publication of any "
        f"experiment. Numbers follow published results {numbers}, the text is original."
    )


@dataclass(frozen=True)
class Paper:
    name: str
    arxiv: str
    title: str
    authors: str
    affiliation: str
    abstract: str
    blocks: tuple[Block, ...]
    references: tuple[str, ...]
    journal: str = ""
    date: str = "2025-01-01"
    keywords: tuple[str, ...] = field(default_factory=tuple)
    role: str = "analysis"  # what the paper is for: "analysis", "reference", "held-out", ...
    columns: int = 2  # 1: the text runs across the whole page width
    stack_scripts: bool = False  # set E_{T}^{miss} as TeX does, "miss" above "T"

    @property
    def header(self) -> str:
        """The running head: an arXiv stamp when the paper has an id, else its journal line."""
        if self.arxiv:
            return f"arXiv:{self.arxiv} [hep-ex]"
        return f"hep-repro example paper “{self.name}”" + (f" · {self.journal}" if self.journal else "")
