"""OCR throughput: pages per second on one core and on two.

    .venv/bin/python bench/bench_ocr.py [--pages 4] [--dpi 300] [--seeds ../shared/seeds]

Sets the seed pages' text (read from ``--seeds`` at run time; the test report otherwise) as newspaper
pages (tests/scans.py), wraps them into a scanned PDF and times ``read_bytes`` on it:

- ``1 core``: one worker thread, onnxruntime on one thread (``LUOSHI_OCR_WORKERS=1``, process pinned to one CPU);
- ``2 cores, pages in parallel``: two worker threads, one page each, onnxruntime on one thread each;
- ``2 cores, one page at a time``: one worker, onnxruntime on two threads (for comparison).

Prints wall-clock pages/s and CPU seconds per page. On a shared machine the wall clock depends on the
load; compare ratios measured in the same run.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))

import scans  # noqa: E402
from luoshi.reading import ocr, read_bytes  # noqa: E402

FALLBACK = "\n".join([
    "东川市部署重点项目建设",
    "本报讯 昨天上午，东川市召开重点项目建设推进会，部署今年重点项目建设工作。市长林小禾出席会议并讲话。" * 6,
    "会议指出，今年全市安排重点项目一百二十个，年度计划投资三百五十亿元。要确保全年新开工项目六十个以上。" * 6,
] * 4)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=4)
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--seeds", default=str(HERE.parent / "shared" / "seeds"))
    args = ap.parse_args()
    seeds = sorted(Path(args.seeds).glob("*.txt")) if Path(args.seeds).is_dir() else []
    text = "\n".join(p.read_text(encoding="utf-8") for p in seeds) or FALLBACK
    pages = scans.render_pages(text, scans.Layout(dpi=args.dpi))[: args.pages]
    pdf = scans.pdf_of(pages, args.dpi)
    print(f"{len(pages)} pages at {args.dpi} dpi ({'seeds' if seeds else 'built-in text'}), "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    all_cpus = os.sched_getaffinity(0)
    modes = [("1 core", 1, 1, {min(all_cpus)}), ("2 cores, pages in parallel", 2, 2, all_cpus),
             ("2 cores, one page at a time", 1, 2, all_cpus)]
    results = {}
    for label, workers, threads, cpus in modes:
        os.sched_setaffinity(0, cpus)
        os.environ["LUOSHI_OCR_WORKERS"] = str(workers)
        ocr._engines.clear()
        engines = [ocr._take_engine("bench", threads // workers) for _ in range(workers)]  # built before the clock
        for engine in engines:
            ocr._give_engine(engine)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        doc, _ = read_bytes(pdf, name="bench.pdf")
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        results[label] = len(pages) / wall
        print(f"{label:<30} {len(pages) / wall:6.3f} pages/s  {cpu / len(pages):6.1f} CPU s/page  "
              f"({wall:.1f} s wall, {len(doc.original_text):,} characters)")
    os.sched_setaffinity(0, all_cpus)
    one = results["1 core"]
    print(f"speed-up on two cores: {results['2 cores, pages in parallel'] / one:.2f}× (pages in parallel), "
          f"{results['2 cores, one page at a time'] / one:.2f}× (one page at a time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
