"""Benchmark of ``luoshi corpus run``: Dask workers against each other and against a plain loop.

    .venv/bin/python bench/bench_corpus.py                      # the 58-file news corpus of ../shared
    .venv/bin/python bench/bench_corpus.py --copies 2 --memory-files 12 --scale 10

All in one run, on the same files (the ../shared news corpus, each file listed ``--copies`` times under
its own name, so every copy is read and extracted):

1. **plain loop** — ``run_corpus(workers=0)``: this process, no Dask (the baseline);
2. **Dask, 1 worker** — a LocalCluster of one worker process; must be ≤ 10% slower than the loop;
3. **Dask, 2 workers** — two worker processes; must be ≥ 1.8× faster than one worker (on 2 free cores).

Workers are warmed first (one file each: lexicons load once per process), so the figures are the
steady state a long corpus run sees. Then **memory**: peak RSS of each worker process
(``ru_maxrss``) after a fresh 2-worker cluster reads ``--memory-files`` files, and after a fresh one
reads ``--scale`` times as many: the batches stream through the client, so the peak should not grow.

Figures are wall-clock on a shared machine: read the ratios, and rerun on an idle one.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR", ROOT.parent / "shared"))


def _files(folder: Path, count: int) -> list[Path]:
    """``count`` files cycling over the news corpus, each under its own name (same bytes, same work)."""
    raw = sorted((SHARED / "corpus" / "raw").iterdir()) if (SHARED / "corpus" / "raw").is_dir() else []
    if not raw:
        sys.exit(f"{SHARED / 'corpus' / 'raw'}: no files (the bench reads the ../shared news corpus)")
    folder.mkdir(parents=True)
    out = []
    for n in range(count):
        src = raw[n % len(raw)]
        dst = folder / f"c{n // len(raw)}-{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cluster(n: int):
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1")
    return cluster, Client(cluster)


def _warm(client, warmup) -> None:
    from luoshi.research.corpus import process_batch

    client.run(process_batch, [warmup])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="times each corpus file is listed (default 1)")
    parser.add_argument("--memory-files", type=int, default=12, help="files of the small memory run")
    parser.add_argument("--scale", type=int, default=10, help="the large memory run reads this many times more")
    args = parser.parse_args()

    from luoshi.research.corpus import collect_inputs, process_batch, run_corpus

    tmp = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        raw_count = len(list((SHARED / "corpus" / "raw").glob("*")))
        files = _files(tmp / "in", raw_count * args.copies)
        inputs, _ = collect_inputs([str(tmp / "in")])
        warmup = inputs[0]
        print(f"{len(inputs)} files ({sum(f.stat().st_size for f in files) / 1024:.0f} KiB), cpus={os.cpu_count()}")

        process_batch([warmup])  # this process's lexicons, as the workers'
        t = time.perf_counter()
        run_corpus(inputs, tmp / "loop", workers=0)
        loop = time.perf_counter() - t

        timings = {}
        for n in (1, 2):
            cluster, client = _cluster(n)
            try:
                _warm(client, warmup)
                t = time.perf_counter()
                run_corpus(inputs, tmp / f"dask{n}", client=client)
                timings[n] = time.perf_counter() - t
            finally:
                client.close()
                cluster.close()
        rate = len(inputs) / loop
        print(f"plain loop        {loop:7.2f} s  {rate:5.2f} files/s  (baseline)")
        print(f"dask, 1 worker    {timings[1]:7.2f} s  {len(inputs) / timings[1]:5.2f} files/s  "
              f"{(timings[1] / loop - 1) * 100:+.1f}% vs the loop (target <= +10%)")
        print(f"dask, 2 workers   {timings[2]:7.2f} s  {len(inputs) / timings[2]:5.2f} files/s  "
              f"{timings[1] / timings[2]:.2f}x one worker (target >= 1.8x)")

        peaks = {}
        for label, count in (("small", args.memory_files), ("large", args.memory_files * args.scale)):
            _files(tmp / f"in-{label}", count)
            chosen, _ = collect_inputs([str(tmp / f"in-{label}")])
            cluster, client = _cluster(2)
            try:
                _warm(client, warmup)
                run_corpus(chosen, tmp / f"mem-{label}", client=client)
                peaks[label] = (count, client.run(_peak_rss_mb))
            finally:
                client.close()
                cluster.close()
        for count, by_worker in peaks.values():
            values = ", ".join(f"{v:.0f}" for v in sorted(by_worker.values()))
            print(f"peak RSS per worker after {count:4d} files: {values} MiB")
        small = max(peaks["small"][1].values())
        large = max(peaks["large"][1].values())
        print(f"growth at {args.scale}x the files: {(large / small - 1) * 100:+.1f}% (target: flat)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
