"""`extract(...)`: paper -> evidence-bound `Selection` (miner, references, optional LLM, grounding).

    report = extract("paper.pdf", references="refs/", llm=None)          # miner alone
    report = extract([document], llm="embedded", runs=3)                 # + LLM, 3 voted runs
    report.selection.cuts, report.possibly_missed, report.unsupported

The miner is deterministic and the order canonical, so the same inputs give the same Selection
(byte for byte) on every run; the LLM adds votes, possibly-missed and unsupported flags.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.selection import Cut, DocumentRef, Selection
from corpus.document import Document

from . import delegation, grounding, llm_extract, merge
from .miner import mine

if TYPE_CHECKING:
    from assistant.llm import ChatModel

DocumentInput = str | Path | Document
NO_SELECTION_MESSAGE = (
    "no event selection found in {title}: no sentence or table row states a cut (a comparator with a "
    "value on a physics object, a multiplicity, a working point or a trigger). If the selection is "
    "delegated to another paper, pass it with --references DIR."
)


class ExtractionError(ValueError):
    """The extraction inputs are unusable (no documents, a reference folder that does not exist)."""


class ExtractionReport(BaseModel):
    """The result of one extraction, serialisable as JSON (`hep-repro extract --json`)."""

    model_config = ConfigDict(extra="forbid")
    selection: Selection
    possibly_missed: list[Cut] = Field(default_factory=list)
    unsupported: list[Cut] = Field(default_factory=list)
    ungrounded: list[Cut] = Field(default_factory=list)
    tokens: int = 0
    duration_s: float = 0.0
    runs: int = 1
    model: str = ""
    run_keys: list[list[str]] = Field(default_factory=list, description="cut ids per LLM run (stability)")
    rejected: list[str] = Field(
        default_factory=list,
        description="candidates refused, with reasons: the miner's (a bound no object can pass or that "
        "restricts nothing, an inverted window) and the model's (validation)",
    )
    errors: list[str] = Field(default_factory=list)
    messages: list[str] = Field(default_factory=list)


def load_documents(inputs: DocumentInput | Sequence[DocumentInput]) -> list[Document]:
    """Documents from paths (read with corpus.pdf; its typed errors propagate) or as given."""
    items: Sequence[DocumentInput] = [inputs] if isinstance(inputs, str | Path | Document) else inputs
    documents: list[Document] = []
    for item in items:
        if isinstance(item, Document):
            documents.append(item)
        else:
            from corpus.pdf import read_pdf

            documents.append(read_pdf(Path(item)))
    if not documents:
        raise ExtractionError("no document to extract from: pass a paper (PDF path or Document)")
    return documents


def load_references(
    document: Document,
    references: str | Path | Mapping[str, Document] | Sequence[Document] | None,
    messages: list[str] | None = None,
) -> Mapping[str, Document] | Sequence[Document]:
    """The cited documents available locally: a folder (only the works the paper delegates
    cuts to are read, through corpus.references), a mapping citation-key -> Document, or a
    list of Documents (matched against the bibliography)."""
    if references is None:
        return []
    if isinstance(references, Mapping):
        return references
    if isinstance(references, str | Path):
        folder = Path(references)
        if not folder.is_dir():
            raise ExtractionError(
                f"reference folder {folder} does not exist: pass a folder of cited PDFs with --references"
            )
        keys = sorted(
            {k for d in delegation.find_delegations(document) for k in d.keys}, key=lambda k: (len(k), k)
        )
        if not keys:
            return {}
        from corpus.references import load_references as load_cited

        found, report = load_cited(document, folder, keys=keys)
        if messages is not None:
            for entry in report.missing:
                reason = report.reasons.get(entry.key, "not found")
                messages.append(
                    f"Ref. [{entry.key}] (cited for part of the selection) is not available: {reason}"
                )
        return found
    return list(references)


def mine_selection_cuts(
    documents: Sequence[Document],
    references: Mapping[str, Document] | Sequence[Document],
    rejected: list[str] | None = None,
) -> list[Cut]:
    """Miner cuts of the papers plus cuts followed into cited documents, merged per key; the
    candidates the miner dropped (a bound no object can pass, ...) go to `rejected`."""
    statements: list[Cut] = []
    for document in documents:
        statements.extend(m.cut for m in mine(document, rejected=rejected))
    delegated: list[Cut] = []
    for document in documents:
        found = delegation.find_delegations(document)
        if found and references:
            delegation.assign_documents(document, found, references)
            delegated.extend(delegation.follow(found))
    stated_keys = {cut.key() for cut in statements}
    statements.extend(cut for cut in delegated if cut.key() not in stated_keys)
    return merge.merge_statements(statements)


def _grounded(cuts: Sequence[Cut], table: Mapping[str, Document], failed_flag: str) -> list[Cut]:
    checked: list[Cut] = []
    for cut in cuts:
        result = grounding.ground(cut, table)
        flags = set(cut.flags)
        if not result.grounded:
            flags.add(failed_flag)  # type: ignore[arg-type]
        note = cut.note
        if not result.grounded and result.reason:
            note = (note + " " if note else "") + f"[{failed_flag}: {result.reason}]"
        checked.append(
            cut.model_copy(
                update={"evidence": list(result.evidence), "flags": sorted(flags), "note": note[:2000]}
            )
        )
    return checked


def extract(
    document_paths_or_docs: DocumentInput | Sequence[DocumentInput],
    *,
    references: str | Path | Mapping[str, Document] | Sequence[Document] | None = None,
    llm: ChatModel | str | None = None,
    runs: int = 1,
    model: str | None = None,
    seed: int = 0,
    index: Any = None,
) -> ExtractionReport:
    """Extract the event selection of a paper (see module doc). `llm`: None / "none" (miner
    only), "embedded", an http(s) URL, or a ChatModel; `runs`: how many voted LLM passes;
    `index`: an `index.Index` holding the paper, to retrieve the passages the model reads (by
    default they are the selection-relevant sentences of the Document itself)."""
    started = time.perf_counter()
    if runs < 1:
        raise ExtractionError(f"runs must be at least 1, got {runs}")
    documents = load_documents(document_paths_or_docs)
    messages: list[str] = []
    reference_docs = load_references(documents[0], references, messages)
    available = list(documents) + [
        d for d in (reference_docs.values() if isinstance(reference_docs, Mapping) else reference_docs)
    ]
    table = grounding.documents_by_key(available)

    dropped: list[str] = []
    mined = _grounded(mine_selection_cuts(documents, reference_docs, dropped), table, "ungrounded")
    report = ExtractionReport(selection=Selection(), runs=runs, messages=messages, rejected=dropped)

    chat, owned = _chat_model(llm, model)
    final: list[Cut] = mined
    try:
        if chat is not None:
            report.model = chat.name
            before = chat.total_usage.total_tokens
            doc_passages = [
                p
                for d in documents
                for p in (_index_passages(index, d) if index is not None else []) or llm_extract.passages(d)
            ]
            per_run: list[list[Cut]] = []
            answered = 0
            for run_index in range(runs):
                run = llm_extract.run_model(chat, doc_passages, run_index=run_index, seed=seed)
                report.rejected.extend(run.rejected)
                report.errors.extend(run.errors)
                answered += run.answered
                per_run.append(llm_extract.dedupe_run(run.cuts))
            report.run_keys = [sorted(c.id for c in run) for run in per_run]
            if answered or not doc_passages:
                voted = _grounded(merge.vote(per_run), table, "unsupported")
                final, report.possibly_missed, report.unsupported = merge.reconcile(mined, voted, runs)
            else:
                report.messages.append(
                    f"the model ({chat.name}) gave no usable answer in {runs} run(s); the miner's cuts are kept "
                    "without votes (see errors)"
                )
            report.tokens = chat.total_usage.total_tokens - before
    finally:
        if owned and chat is not None:
            chat.close()

    ordered = merge.unique_ids(merge.canonical_order(final))
    report.ungrounded = [c for c in ordered if "ungrounded" in c.flags]
    title = documents[0].title or Path(documents[0].path).name or documents[0].id
    selection = Selection(
        title=title,
        documents=[DocumentRef(id=d.id, title=d.title, path=d.path) for d in available],
        cuts=ordered,
        message=f"extracted from {title}",
    )
    if not ordered:
        message = NO_SELECTION_MESSAGE.format(title=title)
        selection = selection.model_copy(update={"message": message, "notes": [message]})
        report.messages.append(message)
    report.selection = selection
    report.duration_s = round(time.perf_counter() - started, 3)
    return report


def _index_passages(index: Any, document: Document) -> list[llm_extract.Passage]:
    try:
        return llm_extract.passages_from_index(index, document)
    except Exception:  # an index that cannot answer (closed, other documents) is not fatal
        return []


def _chat_model(llm: ChatModel | str | None, model: str | None) -> tuple[ChatModel | None, bool]:
    if llm is None:
        return None, False
    if isinstance(llm, str):
        if llm.strip().lower() in ("", "none", "off"):
            return None, False
        from assistant.llm import open_chat_model

        return open_chat_model(llm, model), True
    return llm, False
