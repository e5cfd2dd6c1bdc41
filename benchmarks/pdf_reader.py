"""PDF reader: speed, quote recall on the example papers, and the adversarial suite.

    python -m benchmarks.pdf_reader [--pages 40]

Measures (reported, not asserted): pages/s reading a long paper (the example H→ZZ* paper
repeated to --pages pages; target: a 40-page paper in well under the 30 s ingestion budget),
find_quote latency, the share of gold quotes found on their stated page (target 1.0), the share
of bad files that raise the expected typed error (target 1.0) and of hidden-text tricks flagged
(target 1.0). Writes out/bench/pdf_reader.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench"


def long_paper(source: Path, pages: int, target: Path) -> Path:
    """`source` repeated until the document has `pages` pages."""
    from corpus.pdf import import_pymupdf

    pymupdf = import_pymupdf()
    src = pymupdf.open(str(source))
    doc = pymupdf.open()
    while doc.page_count < pages:
        doc.insert_pdf(src, to_page=min(src.page_count, pages - doc.page_count) - 1)
    doc.save(str(target))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from corpus import papers, pdf
    from corpus.text import find_quote
    from tests import pdf_factory

    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = papers.render_all(folder)
        documents = {name: pdf.read_pdf(path) for name, path in paths.items()}

        long = long_paper(paths["hzz4l"], args.pages, folder / "long.pdf")
        start = time.perf_counter()
        document = pdf.read_pdf(long)
        seconds = time.perf_counter() - start
        results["long_paper"] = {
            "pages": len(document.pages),
            "seconds": round(seconds, 3),
            "pages_per_s": round(len(document.pages) / seconds, 1),
        }

        found = total = 0
        latencies = []
        for name in papers.gold_names():
            for entry in papers.gold_entries(name):
                target = documents[entry.get("document", name)]
                t0 = time.perf_counter()
                hit = find_quote(target, entry["quote"], page=entry["page"])
                latencies.append(time.perf_counter() - t0)
                total += 1
                found += hit is not None
        results["gold_quotes"] = {
            "found": found,
            "total": total,
            "recall": round(found / total, 3) if total else None,
            "find_quote_ms_p50": round(1000 * statistics.median(latencies), 3) if latencies else None,
        }

        bad = pdf_factory.all_bad(folder / "bad")
        correct = 0
        for expected, path in bad.items():
            try:
                pdf.read_pdf(path)
            except pdf.PdfError as exc:
                correct += type(exc).__name__ == expected
        results["bad_files"] = {"correct": correct, "total": len(bad)}

        injected = pdf.read_pdf(pdf_factory.injection_pdf(folder))
        ways = {h.text.split(":")[0] for h in injected.hidden}
        leaked = pdf_factory.INJECTION[:30] in injected.page(1).text
        results["hidden_text"] = {
            "flagged": len(ways & set(pdf_factory.HIDDEN_WAYS)),
            "total": len(pdf_factory.HIDDEN_WAYS),
            "leaked_into_page_text": leaked,
        }

    print("| measure | value | target |\n|---|---|---|")
    lp = results["long_paper"]
    gq = results["gold_quotes"]
    bf = results["bad_files"]
    ht = results["hidden_text"]
    assert isinstance(lp, dict) and isinstance(gq, dict) and isinstance(bf, dict) and isinstance(ht, dict)
    print(f"| read {lp['pages']}-page paper | {lp['seconds']} s ({lp['pages_per_s']} pages/s) | < 30 s |")
    print(f"| gold quotes on their page | {gq['found']}/{gq['total']} | all |")
    print(f"| find_quote p50 | {gq['find_quote_ms_p50']} ms | - |")
    print(f"| bad files with the right typed error | {bf['correct']}/{bf['total']} | all |")
    print(
        f"| hidden-text tricks flagged | {ht['flagged']}/{ht['total']} (leaked: {ht['leaked_into_page_text']}) | all, none leaked |"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "pdf_reader.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
