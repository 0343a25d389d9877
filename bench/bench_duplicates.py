"""Figures of the near-duplicate detector on its labelled set (the one tests/research/test_duplicates.py
asserts on): recall per variant, false merges, the similarity gap around the threshold.

    .venv/bin/python bench/bench_duplicates.py

The set is built at run time from the ../shared news corpus (tests/research/duplicate_set.py: copies
re-encoded, wrapped in page chrome, re-posted, one sentence edited or cut; invented same-meeting
reports); nothing of ../shared is copied into the project.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "tests" / "research"))
import duplicate_set  # noqa: E402

from luoshi.research.duplicates import THRESHOLD, signature, similarity  # noqa: E402


def main() -> None:
    unreadable: list[str] = []
    items = duplicate_set.build(SHARED / "corpus" / "manifest.jsonl", unreadable)
    scores = duplicate_set.score(items)
    originals = {i.label: signature(i.text) for i in items if i.variant == "original"}
    copies = [similarity(signature(i.text), originals[i.label]) for i in items
              if i.variant not in ("original", "same_meeting")]
    values = list(originals.values())
    distinct = [similarity(a, b) for n, a in enumerate(values) for b in values[n + 1:]]
    print(f"threshold {THRESHOLD} (Jaccard of 5-character shingles, MinHash LSH)")
    print(f"{len(originals)} originals, {sum(i.variant == 'same_meeting' for i in items)} invented same-meeting "
          f"reports, {scores.positive_pairs} copies; copies that could not be read: {', '.join(unreadable) or 'none'}")
    print("\n| variant | joined its original | recall |\n|---|---|---|")
    for variant, (found, total) in scores.by_variant.items():
        print(f"| {variant} | {found}/{total} | {found / total:.2f} |")
    print(f"| **all** | {round(scores.recall * scores.positive_pairs)}/{scores.positive_pairs} | {scores.recall:.3f} |")
    print(f"\nfalse merges: {len(scores.false_merges)}; missed: {scores.missed or 'none'}")
    print(f"similarity of a copy to its original: min {min(copies):.2f}; of two distinct articles: max "
          f"{max(distinct):.2f}")


if __name__ == "__main__":
    main()
