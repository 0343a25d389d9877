"""Hostile inputs of issue 11 through the real CLI: time, peak memory (RUSAGE_CHILDREN), exit code.

    .venv/bin/python bench/bench_hostile.py            # prints a markdown table

Inputs are generated in a temporary folder (tests/hostile.py); nothing big is committed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from hostile import digit_run, docx_bomb, long_line  # noqa: E402

LUOSHI = str(Path(sys.executable).with_name("luoshi"))


def run(args: list[str], timeout: float = 900) -> tuple[float, float, int]:
    """(seconds, peak MB of the child, exit code) of one CLI run in a fresh process."""
    script = ("import resource,subprocess,sys,time;t=time.perf_counter();"
              "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
              "print(time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,p.returncode)")
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout)
    seconds, peak, code = out.stdout.split()
    return float(seconds), float(peak), int(code)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "bomb.docx").write_bytes(docx_bomb())
        for mb in (1, 4):
            (d / f"line{mb}.txt").write_bytes(long_line(mb))
        for mb in (0.25, 1):
            (d / f"digits{mb}.txt").write_bytes(digit_run(mb))
        (d / "nul.txt").write_bytes(b"\x00" * 10_000)
        os.mkfifo(d / "fifo.txt")
        (d / "ok.txt").write_text("全市推进会召开\n全市新增城镇就业3.5万人以上。\n", encoding="utf-8")
        cases = [("1 zip bomb 1 GiB .docx", ["extract", str(d / "bomb.docx")]),
                 *[(f"2 one line {mb} MB", ["extract", str(d / f"line{mb}.txt")]) for mb in (1, 4)],
                 *[(f"2 digit run {mb} MB", ["extract", str(d / f"digits{mb}.txt")]) for mb in (0.25, 1)],
                 ("8 /dev/zero", ["extract", "/dev/zero"]),
                 ("8 FIFO named .txt", ["extract", str(d / "fifo.txt")]),
                 ("12 10,000 NULs .txt", ["extract", str(d / "nul.txt")]),
                 ("16 --published 9999-12-31", ["extract", str(d / "ok.txt"), "--published", "9999-12-31"])]
        print("| # input | time s | peak MB | exit |\n|---|---|---|---|")
        for label, args in cases:
            seconds, peak, code = run([LUOSHI, *args])
            print(f"| {label} | {seconds:.1f} | {peak:.0f} | {code} |", flush=True)


if __name__ == "__main__":
    main()
