"""OCR accuracy on the seed pages: each seed's text is set as newspaper pages (tests/scans.py: Noto CJK,
three columns, headlines across), scanned to a PDF of page images, read back by OCR, and measured:

- character accuracy (1 − edit distance / length, NFKC, whitespace ignored) against the seed's text;
- ``luoshi eval`` (the same runner, ``evaluate_gold``) on the OCR'd PDF, field by field, against the
  figures of the text itself.

    .venv/bin/python scripts/ocr_eval.py [--gold ../shared/gold/dev] [--only seed] [--keep DIR] [--json]

Variants: 300 dpi, 150 dpi, and 300 dpi rotated 1.5° with noise. Exit 1 when a bar is missed
(accuracy ≥ 0.98 at 300 dpi; every field's F1 within 0.03 of the text's at 300 dpi).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))

import scans  # noqa: E402
from luoshi.evaluation.gold import gold_files, load_gold, resolve_input  # noqa: E402
from luoshi.evaluation.runner import EvalReport, evaluate_gold  # noqa: E402
from luoshi.reading import read_bytes, read_path  # noqa: E402

VARIANTS = {"300dpi": dict(dpi=300), "150dpi": dict(dpi=150), "300dpi-skew-noise": dict(dpi=300, skew=1.5, noise=0.08)}
BARS = {"accuracy_300": 0.98, "field_delta": 0.03}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(HERE.parent / "shared" / "gold" / "dev"))
    ap.add_argument("--only", default="seed")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--keep", help="write the scanned PDFs and OCR'd text here")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    golds = [load_gold(p) for p in gold_files(args.gold) if args.only in p.name]
    if not golds:
        print(f"no gold files matching {args.only!r} in {args.gold}", file=sys.stderr)
        return 2
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    text_report = EvalReport(gold_dir=args.gold)
    for g in golds:
        text_report.documents.append(evaluate_gold(g, reader=read_path))
    results: dict = {"text": {f: round(c.f1, 4) for f, c in text_report.totals.items()}, "variants": {}}
    failed: list[str] = []
    for variant in args.variants.split(","):
        opts = VARIANTS[variant]
        report = EvalReport(gold_dir=args.gold)
        accuracies: dict[str, float] = {}
        pages = 0
        seconds = 0.0
        for g in golds:
            path = resolve_input(g)
            truth = path.read_text(encoding="utf-8")
            images = scans.render_pages(truth, scans.Layout(dpi=opts["dpi"]), skew=opts.get("skew", 0.0),
                                        noise=opts.get("noise", 0.0))
            pdf = scans.pdf_of(images, opts["dpi"])
            started = time.perf_counter()
            doc, articles = read_bytes(pdf, name=f"{path.stem}-{variant}.pdf", published=g.published)
            seconds += time.perf_counter() - started
            pages += len(images)
            accuracies[path.name] = round(scans.char_accuracy(doc.original_text, truth), 4)
            if keep:
                (keep / f"{path.stem}-{variant}.pdf").write_bytes(pdf)
                (keep / f"{path.stem}-{variant}.txt").write_text(doc.original_text, encoding="utf-8")
            read = (doc, articles)
            report.documents.append(evaluate_gold(g, reader=lambda _p, published=None, _r=read: _r))
        fields = {f: round(c.f1, 4) for f, c in report.totals.items()}
        overall = sum(accuracies.values()) / len(accuracies)
        results["variants"][variant] = {"accuracy": accuracies, "accuracy_mean": round(overall, 4),
                                        "fields": fields, "pages": pages,
                                        "seconds_per_page": round(seconds / max(pages, 1), 2)}
        if variant == "300dpi":
            if overall < BARS["accuracy_300"]:
                failed.append(f"300 dpi character accuracy {overall:.4f} < {BARS['accuracy_300']}")
            for f, v in fields.items():
                if abs(v - results["text"][f]) > BARS["field_delta"]:
                    failed.append(f"300 dpi {f}: F1 {v:.3f} vs {results['text'][f]:.3f} on the text")
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        names = list(results["variants"])
        print(f"{'field':<20}{'text':>8}" + "".join(f"{n:>20}" for n in names))
        for f, v in results["text"].items():
            print(f"{f:<20}{v:>8.3f}" + "".join(f"{results['variants'][n]['fields'][f]:>20.3f}" for n in names))
        print(f"{'char accuracy':<20}{'':>8}" + "".join(f"{results['variants'][n]['accuracy_mean']:>20.4f}"
                                                      for n in names))
        print(f"{'s/page (wall)':<20}{'':>8}" + "".join(f"{results['variants'][n]['seconds_per_page']:>20.1f}"
                                                      for n in names))
        for n in names:
            print(n, results["variants"][n]["accuracy"])
    for line in failed:
        print("MISSED", line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
