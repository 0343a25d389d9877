"""``luoshi corpus run``: read and extract a folder of reports into a Parquet dataset, on Dask.

Extraction is a pure function of (text, metadata), so the corpus run maps it over batches of files
with ``dask.distributed``: a local cluster of worker processes by default, or any existing cluster
(``--scheduler tcp://host:8786``; its workers must have luoshi installed and see the input files and
the output folder at the same paths). A worker does the whole job of a batch: it reads, extracts and
writes the batch's Parquet part files (one per table and partition, under a temporary name, then
renamed) into the output folder, and returns only a small summary (document ids and counts) — no rows
travel through the scheduler. The client records each finished batch in ``_state/done.jsonl``; so a
run that is stopped loses at most the batches in flight, and the next run with the same output folder
skips every recorded file and removes part files of unrecorded batches. A document already in the
dataset (same bytes under another name, found by the client from the summaries) keeps only its
``sources`` row: the client drops its other rows from that batch's part files (a rare rewrite).

``workers=0`` runs the same batches in this process (a plain loop): the reference the distributed run
is tested against, row for row, and the baseline of ``bench/bench_corpus.py``.
"""
from __future__ import annotations

import csv
import glob
import hashlib
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from luoshi.research.tables import PARTITIONED, empty_rows, to_arrow

__all__ = ["InputFile", "RunSummary", "collect_inputs", "process_batch", "write_batch", "run_corpus", "ManifestError"]

STATE = "_state"
DONE_LOG = "done.jsonl"
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # what pyarrow and DuckDB read back as a null partition value
MANIFEST_FIELDS = ("path", "published", "place", "source")


class ManifestError(ValueError):
    """A manifest that cannot be used at all (unreadable, no path column); one line naming the file."""


@dataclass(frozen=True)
class InputFile:
    """One file to read, with what the manifest says about it. ``key`` identifies it for resuming."""

    path: str
    key: str
    published: str | None = None
    place: str | None = None
    source: str | None = None
    extra: tuple[tuple[str, str], ...] = ()


@dataclass
class RunSummary:
    inputs: int = 0
    skipped: int = 0  # already done in an earlier run
    processed: int = 0
    failed: int = 0
    documents: int = 0
    articles: int = 0
    duplicate_groups: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # inputs that could not even be listed


# --- inputs -------------------------------------------------------------------------------------------


def _key(path: Path) -> str:
    """Resolved path, size and modification time: a changed file is read again, an unchanged one is not."""
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def collect_inputs(paths: Iterable[str], manifest: str | None = None) -> tuple[list[InputFile], list[str]]:
    """Files named by paths (files, folders searched recursively, globs) and by a manifest.

    Returns the inputs (each file once, manifest metadata winning) and one line per problem (a path
    that matches nothing, a manifest row naming a missing file).
    """
    from luoshi.reading import ReadError, iter_report_paths

    found: dict[str, InputFile] = {}
    problems: list[str] = []
    for raw in paths:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            problems.append(f"{raw}: no file matches")
        for match in matches:
            try:
                for p in iter_report_paths([match]):
                    found.setdefault(str(p.resolve()), InputFile(str(p.resolve()), _key(p)))
            except (ReadError, OSError) as exc:
                problems.append(_one_line(exc) if str(exc).startswith(match) else f"{match}: {_one_line(exc)}")
    if manifest:
        for inp, problem in _manifest_rows(Path(manifest)):
            if problem:
                problems.append(problem)
            elif inp is not None:
                found[inp.path] = inp
    return sorted(found.values(), key=lambda i: i.path), problems


def _manifest_rows(manifest: Path) -> Iterator[tuple[InputFile | None, str | None]]:
    """Rows of a JSONL or CSV manifest: ``path`` (or ``file``), published, place, source; other columns
    are carried through as ``extra`` (a JSON object).

    Paths are relative to the manifest's folder. A bad row is a problem line; the others still run.
    """
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{manifest}: cannot read manifest: {_one_line(exc)}") from None
    if manifest.suffix.lower() == ".csv":
        records: list[tuple[int, Any]] = list(enumerate(csv.DictReader(text.splitlines()), 2))
    else:
        records = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield None, f"{manifest}:{n}: not JSON: {exc.msg}"
    base = manifest.parent
    for n, rec in records:
        if not isinstance(rec, dict):
            yield None, f"{manifest}:{n}: not an object"
            continue
        # ``file`` wins over ``path`` when a manifest has both (path then records where it came from)
        local = "file" if rec.get("file") else "path"
        rel = rec.get(local)
        if not rel:
            yield None, f"{manifest}:{n}: no path"
            continue
        path = (base / str(rel)).resolve()
        if not path.is_file():
            yield None, f"{path}: no such file (manifest line {n})"
            continue
        published = rec.get("published") or None
        if published:
            try:
                date.fromisoformat(str(published)[:10])
            except ValueError:
                yield None, f"{path}: bad published date {published!r} (manifest line {n})"
                continue
        extra = tuple(sorted((str(k), _text(v)) for k, v in rec.items()
                             if k not in (*MANIFEST_FIELDS[1:], local) and v not in (None, "")))
        yield InputFile(str(path), _key(path), str(published)[:10] if published else None,
                        rec.get("place") or None, rec.get("source") or None, extra), None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _one_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]


# --- the work of one batch (runs on a worker) --------------------------------------------------------


def process_file(inp: InputFile) -> dict[str, Any]:
    """Read and extract one file into table rows; a failure is a row of its own, never an exception."""
    from luoshi.extraction.pipeline import extract_document
    from luoshi.extraction.schema import document_to_json
    from luoshi.reading import ReadError, read_path
    from luoshi.research.duplicates import signature
    from luoshi.research.tables import document_rows

    try:
        published = date.fromisoformat(inp.published) if inp.published else None
        doc, articles = read_path(inp.path, published=published, place=inp.place)
        payload = document_to_json(doc, articles, extract_document(doc, articles))
        sigs = [signature(a["text"]) for a in payload["articles"]]
        rows = document_rows(payload, input_key=inp.key, source=inp.source, extra=dict(inp.extra) or None,
                             signatures=sigs)
        return {"key": inp.key, "document_id": payload["document"]["sha256"][:16], "rows": rows}
    except ReadError as exc:
        reason = _one_line(exc)
    except MemoryError:
        reason = f"{inp.path}: out of memory"
    except Exception as exc:  # noqa: BLE001 - one bad file must not lose the batch
        reason = f"{inp.path}: {exc.__class__.__name__}: {_one_line(exc)}"
    return {"key": inp.key, "failure": {"input_key": inp.key, "path": inp.path, "reason": reason}}


def process_batch(batch: list[InputFile]) -> list[dict[str, Any]]:
    """Every file of a batch, in order, as table rows (kept in memory: tests and warm-up)."""
    return [process_file(inp) for inp in batch]


def write_batch(out: str, bid: str, batch: list[InputFile]) -> list[dict[str, Any]]:
    """The unit of work of a Dask worker (and of the plain loop): read, extract and write one batch's
    part files into ``out``; return one small summary per file (key, document id, article count, or
    the failure) — never the rows."""
    results = process_batch(batch)
    rows = empty_rows()
    summaries: list[dict[str, Any]] = []
    here: set[str] = set()  # documents of this batch: a second copy in the same batch adds its source only
    for result in results:
        if "failure" in result:
            rows["failures"].append(result["failure"])
            summaries.append({"key": result["key"], "failed": True})
            continue
        copy = result["document_id"] in here
        here.add(result["document_id"])
        for name, table_rows in result["rows"].items():
            if name == "sources" or not copy:
                rows[name].extend(table_rows)
        summaries.append({"key": result["key"], "document_id": result["document_id"], "copy": copy,
                          "articles": len(result["rows"]["articles"])})
    for name, table_rows in rows.items():
        if table_rows:
            _write_table(Path(out), name, bid, table_rows)
    return summaries


# --- the run -------------------------------------------------------------------------------------------


def batch_id(batch: list[InputFile]) -> str:
    return hashlib.sha1("\n".join(i.key for i in batch).encode("utf-8")).hexdigest()[:16]


def make_batches(todo: list[InputFile], workers: int, batch_size: int | None = None) -> list[list[InputFile]]:
    """Batches that keep every worker busy to the end: about 8 per worker, at most 8 files each, so the
    last batches are short (the tail one worker waits on is one small batch). A batch of a few files
    costs the scheduler a few milliseconds against seconds of extraction."""
    if not todo:
        return []
    size = batch_size or max(1, min(8, math.ceil(len(todo) / (max(1, workers) * 8))))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


Progress = Callable[[int, int], None]  # (files done, files to do)


def run_corpus(
    inputs: list[InputFile], out: str | Path, *, workers: int = 2, scheduler: str | None = None,
    batch_size: int | None = None, progress: Progress | None = None, client: Any = None,
) -> RunSummary:
    """Process every input not done yet into the dataset at ``out``; then regroup near-duplicates.

    ``workers=0`` (and no scheduler/client): a plain loop in this process. Otherwise a Dask client:
    ``client`` as given, else one on ``scheduler``, else a new LocalCluster of ``workers`` processes
    (one thread each: extraction holds the GIL).
    """
    import time

    start = time.perf_counter()
    out = Path(out)
    (out / STATE).mkdir(parents=True, exist_ok=True)
    done_keys, done_batches = _read_done(out)
    _remove_orphans(out, done_batches)
    seen_docs = _existing_documents(out)
    summary = RunSummary(inputs=len(inputs))
    todo = [i for i in inputs if i.key not in done_keys]
    summary.skipped = len(inputs) - len(todo)
    batches = make_batches(todo, workers or 1, batch_size)
    tick = progress or (lambda _done, _total: None)
    tick(0, len(todo))

    def finish(batch: list[InputFile], results: list[dict[str, Any]]) -> None:
        _record_batch(out, batch_id(batch), batch, results, seen_docs, summary)
        summary.processed += len(batch)
        tick(summary.processed, len(todo))

    if not batches:
        pass  # nothing new: no cluster to start
    elif workers == 0 and scheduler is None and client is None:
        for batch in batches:
            finish(batch, write_batch(str(out), batch_id(batch), batch))
    else:
        with _dask_client(workers, scheduler, client) as dc:
            _run_on_dask(dc, str(out.resolve()), batches, finish)
    summary.duplicate_groups = write_duplicate_groups(out)
    summary.seconds = time.perf_counter() - start
    return summary


class _Borrowed:
    """A client the caller owns: used, not closed."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        return None


def _dask_client(workers: int, scheduler: str | None, client: Any):  # noqa: ANN202 - context manager
    from distributed import Client, LocalCluster

    if client is not None:
        return _Borrowed(client)
    if scheduler:
        return Client(scheduler, timeout="30s")
    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None, host="127.0.0.1")
    dc = Client(cluster)

    class _Owned:
        def __enter__(self) -> Any:
            return dc

        def __exit__(self, *exc: object) -> None:
            dc.close()
            cluster.close()

    return _Owned()


def _run_on_dask(client: Any, out: str, batches: list[list[InputFile]], finish: Callable[..., None]) -> None:
    """Map ``write_batch`` over the batches (the workers write the part files); record each batch's
    summary as it arrives (any order)."""
    from distributed import as_completed

    futures = client.map(write_batch, [out] * len(batches), [batch_id(b) for b in batches], batches, pure=False)
    by_future = {f.key: b for f, b in zip(futures, batches, strict=True)}
    for future in as_completed(futures):
        batch = by_future.pop(future.key)
        try:
            results = future.result()
        except Exception as exc:  # noqa: BLE001 - a worker lost mid-batch: its files fail, the run goes on
            reason = f"batch failed on the cluster: {exc.__class__.__name__}: {_one_line(exc)}"
            failures = [{"input_key": i.key, "path": i.path, "reason": f"{i.path}: {reason}"} for i in batch]
            bid = batch_id(batch)
            for path in Path(out).rglob(f"part-{bid}.parquet*"):  # whatever the lost worker wrote
                path.unlink()
            _write_table(Path(out), "failures", bid, failures)
            results = [{"key": i.key, "failed": True} for i in batch]
        future.release()
        finish(batch, results)


# --- writing -------------------------------------------------------------------------------------------


def _record_batch(out: Path, bid: str, batch: list[InputFile], results: list[dict[str, Any]],
                  seen_docs: set[str], summary: RunSummary) -> None:
    """Count a written batch, drop the rows of documents the dataset already holds (same bytes under
    another name: only their ``sources`` row stays), then write the batch's line in the done log."""
    again: set[str] = set()
    for result in results:
        if result.get("failed"):
            summary.failed += 1
            continue
        if result.get("copy"):
            continue
        if result["document_id"] in seen_docs:
            again.add(result["document_id"])
            continue
        seen_docs.add(result["document_id"])
        summary.documents += 1
        summary.articles += result["articles"]
    if again:
        _drop_documents(out, bid, again)
    with open(out / STATE / DONE_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"batch": bid, "keys": [i.key for i in batch]}, ensure_ascii=False) + "\n")
        log.flush()
        os.fsync(log.fileno())


def _drop_documents(out: Path, bid: str, document_ids: set[str]) -> None:
    """Remove the rows of ``document_ids`` from every part file of batch ``bid`` but ``sources``."""
    import pyarrow.compute as pc

    values = pa.array(sorted(document_ids))
    for path in sorted(out.rglob(f"part-{bid}.parquet")):
        if path.relative_to(out).parts[0] in ("sources", "failures"):
            continue
        table = pq.ParquetFile(path).read()
        if "document_id" in table.column_names:
            ids = table.column("document_id")
        else:  # signatures: article ids are ``{document_id}-{index}``
            ids = pc.utf8_slice_codeunits(table.column("article_id"), 0, 16)
        kept = table.filter(pc.invert(pc.is_in(ids, value_set=values)))
        if kept.num_rows == 0:
            path.unlink()
        elif kept.num_rows < table.num_rows:
            _atomic_write(kept, path)


def _folder(name: str) -> str:
    return f"{STATE}/signatures" if name == "signatures" else name


def _write_table(out: Path, name: str, bid: str, rows: list[dict[str, Any]]) -> None:
    table = to_arrow(name, rows)
    if name not in PARTITIONED:
        _atomic_write(table, out / _folder(name) / f"part-{bid}.parquet")
        return
    keys = sorted({(r.get("year"), r.get("province")) for r in rows}, key=lambda k: (k[0] or 0, k[1] or ""))
    for year, province in keys:
        part = [r for r in rows if (r.get("year"), r.get("province")) == (year, province)]
        sub = to_arrow(name, part).drop_columns(["year", "province"])
        folder = out / name / f"year={HIVE_NULL if year is None else year}" / f"province={province}"
        _atomic_write(sub, folder / f"part-{bid}.parquet")


def _atomic_write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _read_done(out: Path) -> tuple[set[str], set[str]]:
    keys: set[str] = set()
    batches: set[str] = set()
    log = out / STATE / DONE_LOG
    if not log.exists():
        return keys, batches
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:  # a line cut by a crash: that batch is simply not done
            continue
        batches.add(rec["batch"])
        keys.update(rec["keys"])
    return keys, batches


def _remove_orphans(out: Path, done_batches: set[str]) -> None:
    """Part files of batches that were written but not recorded (a run stopped mid-batch)."""
    for path in out.rglob("part-*.parquet*"):
        bid = path.name.removeprefix("part-").split(".")[0]
        if path.name.endswith(".tmp") or bid not in done_batches:
            path.unlink()


def _existing_documents(out: Path) -> set[str]:
    from luoshi.research.dataset import read_table

    if not (out / "documents").exists():
        return set()
    return set(read_table(out, "documents", columns=["document_id"], canonical=False)
               .column("document_id").to_pylist())


def write_duplicate_groups(out: Path) -> int:
    """Regroup every article of the dataset (old and new) into near-duplicate groups; returns the count."""
    from luoshi.research.dataset import read_table
    from luoshi.research.duplicates import group_duplicates

    sig_dir = out / STATE / "signatures"
    path = out / "duplicate_groups" / "groups.parquet"
    if not sig_dir.exists():
        return 0
    sigs = read_table(out, "signatures", canonical=False)
    keys = sigs.column("article_id").to_pylist()
    published = sigs.column("published").to_pylist()
    import numpy as np

    values = [np.asarray(v, dtype=np.uint32) for v in sigs.column("minhash").to_pylist()]
    order = {k: (p or date.max,) for k, p in zip(keys, published, strict=True)}
    groups = group_duplicates(zip(keys, values, strict=True), order=order)
    rows = [{"group_id": g.canonical, "article_id": key, "document_id": key.rsplit("-", 1)[0],
             "canonical": key == g.canonical, "similarity": score} for g in groups for key, score in g.members]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(to_arrow("duplicate_groups", rows), tmp)
    os.replace(tmp, path)  # the done log guards batches; this corpus-wide table is simply rewritten
    return len(groups)

