"""Paper -> evidence-bound `Selection`: a deterministic cut miner, an optional LLM map over the
selection-relevant passages with k voted runs, reconciliation, a grounding check on every cut
and the canonical cutflow order. Entry point: `extract(...)`; scorer: `assistant.extract.score`."""

from .grounding import ground
from .miner import mine
from .pipeline import ExtractionError, ExtractionReport, extract, load_documents

__all__ = ["ExtractionError", "ExtractionReport", "extract", "ground", "load_documents", "mine"]
