"""Inline markup of the example papers: `_{sub}`, `^{sup}` and `\\it{italic}` (see model.py)."""

from __future__ import annotations

import re
from typing import Literal

Style = Literal["regular", "bold", "italic", "sub", "sup"]
Run = tuple[str, Style]

_TOKEN = re.compile(r"_\{([^{}]*)\}|\^\{([^{}]*)\}|\\it\{([^{}]*)\}")


def parse(text: str, base: Style = "regular") -> list[Run]:
    """Split marked-up text into styled runs; unmarked text gets the `base` style."""
    runs: list[Run] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            runs.append((text[position : match.start()], base))
        sub, sup, italic = match.groups()
        if sub is not None:
            runs.append((sub, "sub"))
        elif sup is not None:
            runs.append((sup, "sup"))
        else:
            runs.append((italic, "italic"))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], base))
    return [run for run in runs if run[0]]


def plain(text: str) -> str:
    """The text a reader (or PyMuPDF) sees: markup removed, white space folded."""
    return " ".join("".join(part for part, _ in parse(text)).split())
