"""The project's example papers: written by us, typeset to PDF with PyMuPDF, with gold lists.

- "hzz4l": an H→ZZ*→4ℓ measurement in the style of a journal paper (two columns, cut table,
  hyphenation, Greek letters); it delegates lepton identification and isolation to Ref. [12].
- "leptonperf": the lepton performance paper hzz4l cites as [12] (arXiv id `LEPTONPERF_ARXIV`).
- "zll": a Z→ℓℓ cross-section paper worded differently on purpose (words for comparators, MeV,
  an excluded η range, a transposed cut table).
- "hgg": an H→γγ paper, kept as held-out text for measuring the miner on wording it was not
  tuned on (do not tune the miner on it; `Paper.role` says so).
- "hww": an H→WW*→eνμν paper, a second held-out text (b-jet veto in a table, Δφ in words,
  control-region definitions that are not cuts of the signal selection).
- "wprime": a W′ → ℓν search, a third held-out text in a passive voice (per-channel missing-
  momentum thresholds only in a table, "respectively" lists, validation and control regions).
- "ttbar": a tt̄ cross-section measurement in the eμ channel with one or two b-tagged jets, a
  fourth held-out text in a first-person voice with thresholds in parentheses (a pile-up jet
  requirement, a same-sign control sample and an event-category table that are not cuts).
- "monojet": a dark-matter search with one energetic jet and large missing momentum, a fifth
  held-out text in a terse note voice (an enumerated signal-region list, symbols whose object is
  a superscript, leptons defined only to be vetoed; control regions, the earlier search's
  thresholds and the fit's E_T^miss intervals are not cuts).
- "cms4l": an H→ZZ→4ℓ measurement in the voice of a CMS paper, a sixth held-out text, in one
  column with stacked scripts (PF candidates, I_rel, |SIP_3D|, a tight muon ID and the loose
  electron MVA working point, double-/triple-lepton triggers; the trigger table, the Run 1
  requirements, the Z + ℓ control region, categories and uncertainties are not cuts).
- "zjets": a Z → ℓℓ + jets cross-section measurement, a seventh held-out text in a long journal
  voice with the selection spread over sections, a footnote (the muon acceptance) and an appendix
  table (impact parameters, jet–lepton separation); the particle-level fiducial phase space beside
  the reco selection, the stability variations of the jet threshold and the mass window, the
  online trigger thresholds and a top-quark control sample are not cuts.

Each paper is plain data (`corpus/papers/<name>.py`, blocks with a tiny inline markup) typeset
by `layout.py` with MuPDF's built-in Nimbus fonts: deterministic bytes on every machine.

`render_all(out_dir)` writes `<name>.pdf` for each and `references/<arxiv id>.pdf` for papers
cited by another example paper (pass that folder as `--references`). `load_gold(name)` gives the
gold `Selection` kept in `<name>.gold.json` beside this file.
"""

from __future__ import annotations

from corpus.papers.gold import GoldError, gold_entries, gold_names, gold_path, load_gold
from corpus.papers.leptonperf import ARXIV as LEPTONPERF_ARXIV
from corpus.papers.render import (
    UnknownPaperError,
    names,
    paper,
    pdf_bytes,
    references_dir,
    render,
    render_all,
)

__all__ = [
    "LEPTONPERF_ARXIV",
    "GoldError",
    "UnknownPaperError",
    "gold_entries",
    "gold_names",
    "gold_path",
    "load_gold",
    "names",
    "paper",
    "pdf_bytes",
    "references_dir",
    "render",
    "render_all",
]
