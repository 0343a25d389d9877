"""Run reading + extraction over every annotated input of a gold folder and score the result.

``evaluate_folder`` is what ``luoshi eval`` calls; ``EvalReport`` holds the micro-averaged totals
(counts summed over files, then P/R/F1), the per-file scores and renders text or JSON.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luoshi.evaluation.gold import GoldDocument, gold_files, load_gold, resolve_input
from luoshi.evaluation.metrics import FIELDS, RECALL_ONLY, Counts
from luoshi.evaluation.score import DocumentScore, score_document

__all__ = ["EvalReport", "evaluate_folder", "evaluate_gold", "Reader"]

# (path, published) -> (SourceDocument, list[Article]); the default is luoshi.reading.read_path.
Reader = Callable[..., Any]


@dataclass
class EvalReport:
    gold_dir: str
    documents: list[DocumentScore] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def totals(self) -> dict[str, Counts]:
        """Micro-average: the counts of every file summed per field."""
        totals = {f: Counts(recall_only=f in RECALL_ONLY) for f in FIELDS}
        for doc in self.documents:
            for f, c in doc.counts.items():
                totals[f] += c
        return totals

    def failed_bars(self, bars: dict[str, float]) -> list[str]:
        """The bars (field -> minimum F1) this run misses, as one line each."""
        totals = self.totals
        return [f"{f}: F1 {totals[f].f1:.3f} < {bar:g}" for f, bar in bars.items() if totals[f].f1 < bar]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "luoshi.eval/1",
            "gold_dir": self.gold_dir,
            "seconds": round(self.seconds, 3),
            "fields": {f: c.to_dict() for f, c in self.totals.items()},
            "files": [d.to_dict() for d in self.documents],
        }

    def format_text(self, details: bool = True, fields: list[str] | None = None,
                    baseline: dict[str, Any] | None = None) -> str:
        """The human report: the per-field table, then each file's misses and false hits (of
        ``fields`` only, when given — notes are then left out too), then the table again. With ``baseline`` (an earlier
        ``to_dict()`` / ``--json`` payload) a column shows how each F1 moved since."""
        lines = [f"luoshi eval {self.gold_dir}: {len(self.documents)} files in {self.seconds:.1f}s",
                 "", f"{'field':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
                 + (f"{'ΔF1':>8}" if baseline else "")]
        before = (baseline or {}).get("fields", {})
        for f, c in self.totals.items():
            p = "-" if c.precision is None else f"{c.precision:.3f}"
            line = f"{f:<20}{p:>7}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
            if baseline:
                old_f1 = before.get(f, {}).get("f1")
                line += f"{c.f1 - old_f1:>+8.3f}" if old_f1 is not None else f"{'new':>8}"
            lines.append(line)
        table = lines[2:]
        if details:
            for doc in self.documents:
                lines.extend(_document_lines(doc, fields))
            if len(lines) > len(table) + 2:  # a long listing: repeat the table where the eye ends up
                lines.extend(["", "totals (as above):", *table])
        return "\n".join(lines)


def _document_lines(doc: DocumentScore, fields: list[str] | None = None) -> list[str]:
    out = ["", f"== {doc.gold_file} ({doc.input}) {doc.seconds:.2f}s"]
    if doc.error:
        out.append(f"  ERROR {doc.error}")
    for f in fields or FIELDS:
        for m in doc.misses.get(f, []):
            out.append(f"  miss  {f}: {m}")
        for h in doc.false_hits.get(f, []):
            out.append(f"  false {f}: {h}")
    if not fields:
        out.extend(f"  note  {n}" for n in doc.notes)
    return out if len(out) > 2 else []  # a file with nothing to say is not listed


def evaluate_gold(gold: GoldDocument, shared_root: str | Path | None = None, *,
                  reader: Reader | None = None, strict: bool = False) -> DocumentScore:
    """Read and extract one annotated input, then score it. A reading failure is recorded on the
    score (every gold item counts as missed) rather than raised, so one bad file does not end a run."""
    from luoshi.extraction.pipeline import extract_document
    from luoshi.extraction.schema import document_to_json, span_problems

    if reader is None:
        from luoshi.reading import read_path

        reader = read_path
    started = time.perf_counter()
    path = resolve_input(gold, shared_root)
    try:
        doc, articles = reader(path, published=gold.published)
    except Exception as exc:  # noqa: BLE001 - ReadError and any reader bug alike: score as all missed
        if strict:
            raise
        score = score_document(gold, [], [])
        score.error = f"{path}: {exc}"
    else:
        extractions = extract_document(doc, articles, strict=strict)
        score = score_document(gold, articles, extractions)
        problems = span_problems(document_to_json(doc, articles, extractions))
        score.notes.extend(f"span problem: {p}" for p in problems[:20])
        if len(problems) > 20:
            score.notes.append(f"span problem: … {len(problems) - 20} more")
        for ext in extractions:
            score.notes.extend(f"extractor warning: {w}" for w in ext.warnings if "failed" in w)
    score.seconds = time.perf_counter() - started
    return score


def evaluate_folder(gold_dir: str | Path, shared_root: str | Path | None = None, *,
                    only: str | None = None, reader: Reader | None = None,
                    strict: bool = False) -> EvalReport:
    """Evaluate every gold file of ``gold_dir`` (those whose name contains ``only``, if given)."""
    started = time.perf_counter()
    report = EvalReport(gold_dir=str(gold_dir))
    for path in gold_files(gold_dir):
        if only and only not in path.name:
            continue
        report.documents.append(evaluate_gold(load_gold(path), shared_root, reader=reader, strict=strict))
    report.seconds = time.perf_counter() - started
    return report
