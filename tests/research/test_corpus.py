"""``corpus run``: the Dask run (a real scheduler and two worker processes) equals the single-process
run row for row; ids join; partitions; manifests carry their columns; resume; failures; progress."""
from __future__ import annotations

import json
import os

import pytest

from luoshi.research.corpus import collect_inputs, run_corpus
from luoshi.research.dataset import read_table
from luoshi.research.tables import SCHEMAS

N_FILES = 9


def _sorted(root, name):
    key = SCHEMAS[name].names[0]
    return sorted(read_table(root, name, canonical=False).to_pylist(), key=lambda r: str(r[key]))


@pytest.fixture(scope="module")
def inputs(news_manifest):
    found, problems = collect_inputs([], str(news_manifest))
    assert not problems
    # the first text files of the manifest, and GBK and UTF-8 HTML pages: every reader path, a quick test
    chosen = found[:N_FILES - 3] + [i for i in found if i.path.endswith((".gbk.html", "6.html"))][:3]
    assert len(chosen) == N_FILES
    return chosen


@pytest.fixture(scope="module")
def runs(inputs, dask_client, tmp_path_factory):
    """The same files into two datasets: a plain loop in this process, and the Dask cluster."""
    single, distributed = tmp_path_factory.mktemp("single"), tmp_path_factory.mktemp("dask")
    ticks: list[tuple[int, int]] = []
    s1 = run_corpus(inputs, single, workers=0)
    s2 = run_corpus(inputs, distributed, client=dask_client, batch_size=2, progress=lambda d, t: ticks.append((d, t)))
    return single, distributed, s1, s2, ticks


def test_dask_run_equals_single_process_run_row_for_row(runs):
    single, distributed, s1, s2, _ = runs
    assert s1.processed == s2.processed == N_FILES and s1.failed == s2.failed == 0
    for name in SCHEMAS:
        assert _sorted(single, name) == _sorted(distributed, name), name
    assert len(_sorted(single, "commitments")) > 0 and len(_sorted(single, "statistics")) > 0


def test_work_ran_on_the_cluster_workers(dask_client, inputs, tmp_path):
    """The batches are tasks the scheduler gave to two worker processes, not to this process; each
    worker writes its batch's part files itself and sends back only a small summary, never rows."""
    from distributed import wait

    from luoshi.research.corpus import batch_id, write_batch

    batches = [[i] for i in inputs[:4]]
    futures = dask_client.map(write_batch, [str(tmp_path)] * 4, [batch_id(b) for b in batches], batches, pure=False)
    wait(futures)
    who = {w for f in futures for w in dask_client.who_has([f])[f.key]}
    pids = dask_client.run(os.getpid)
    assert len(pids) == 2 and os.getpid() not in pids.values()
    assert who and who <= set(pids) and all(w.startswith("tcp://127.0.0.1:") for w in who)
    summaries = [s for r in dask_client.gather(futures) for s in r]
    assert [s["key"] for s in summaries] == [i.key for i in inputs[:4]]
    assert all(set(s) == {"key", "document_id", "copy", "articles"} for s in summaries)
    assert len(json.dumps(summaries)) < 200 * len(summaries)  # a few ids and counts per file
    for b in batches:
        assert list(tmp_path.glob(f"documents/*/*/part-{batch_id(b)}.parquet"))


def test_ids_join_commitment_article_document(runs):
    root = runs[0]
    docs = {r["document_id"] for r in _sorted(root, "documents")}
    articles = {r["article_id"]: r for r in _sorted(root, "articles")}
    assert all(a["document_id"] in docs for a in articles.values())
    for name in ("commitments", "statistics", "people", "events", "formulations"):
        for row in _sorted(root, name):
            assert row["article_id"] in articles and row["document_id"] == articles[row["article_id"]]["document_id"]
            assert row[SCHEMAS[name].names[0]].startswith(row["article_id"] + "-")


def test_ids_are_content_hashes(runs, inputs):
    import hashlib

    root = runs[0]
    by_path = {r["path"]: r["document_id"] for r in _sorted(root, "sources")}
    for inp in inputs:
        with open(inp.path, "rb") as fh:
            assert by_path[inp.path] == hashlib.sha256(fh.read()).hexdigest()[:16]


def test_partitioned_by_year_and_province(runs):
    root = runs[0]
    folders = {p.relative_to(root / "articles").parts[:2] for p in (root / "articles").rglob("*.parquet")}
    assert folders and all(y.startswith("year=") and p.startswith("province=") for y, p in folders)
    for row in _sorted(root, "articles"):
        assert row["year"] == (row["published"].year if row["published"] else None)
        assert row["province"] == (row["place_path"][0] if row["place_path"] else row["province"])


def test_manifest_columns_are_carried_through(runs, inputs):
    root = runs[0]
    extra = json.loads(_sorted(root, "documents")[0]["extra"])
    assert {"title", "format_note"} <= set(extra)
    published = {i.path: i.published for i in inputs}
    assert {r["path"]: r["published"] and r["published"].isoformat() for r in _sorted(root, "sources")} == published


def test_progress_reports_every_batch(runs):
    ticks = runs[4]
    assert ticks[0] == (0, N_FILES) and ticks[-1] == (N_FILES, N_FILES)
    assert [d for d, _ in ticks] == sorted(d for d, _ in ticks)


def test_second_run_skips_what_is_done(inputs, tmp_path):
    first = run_corpus(inputs[:3], tmp_path, workers=0)
    second = run_corpus(inputs[:4], tmp_path, workers=0)
    assert (first.processed, second.skipped, second.processed) == (3, 3, 1)
    assert len(_sorted(tmp_path, "documents")) == 4


def test_a_stopped_run_leaves_no_half_batch(inputs, tmp_path):
    """Part files of a batch that was never recorded as done are removed; the batch is redone once."""
    run_corpus(inputs[:2], tmp_path, workers=0, batch_size=1)
    log = tmp_path / "_state" / "done.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text(lines[0] + "\n", encoding="utf-8")  # as if stopped before the second batch was recorded
    again = run_corpus(inputs[:2], tmp_path, workers=0, batch_size=1)
    assert again.processed == 1
    assert len(_sorted(tmp_path, "documents")) == 2 and len(_sorted(tmp_path, "sources")) == 2


def test_bad_files_go_to_the_failures_table(tmp_path, inputs):
    bad = tmp_path / "in" / "broken.docx"
    bad.parent.mkdir()
    bad.write_bytes(b"PK\x03\x04 a zip cut short")
    empty = tmp_path / "in" / "empty.txt"
    empty.write_bytes(b"")
    found, problems = collect_inputs([str(tmp_path / "in"), str(tmp_path / "nothing-*.txt")])
    assert problems == [f"{tmp_path / 'nothing-*.txt'}: no file matches"]
    out = tmp_path / "out"
    summary = run_corpus(found + inputs[:1], out, workers=0)
    failures = {r["path"]: r["reason"] for r in _sorted(out, "failures")}
    assert summary.failed == 2 and set(failures) == {str(bad.resolve()), str(empty.resolve())}
    assert all(reason.startswith(path) and "\n" not in reason for path, reason in failures.items())
    assert len(_sorted(out, "documents")) == 1
    assert run_corpus(found + inputs[:1], out, workers=0).processed == 0  # failures are done too


def test_same_bytes_under_two_names_is_one_document(tmp_path, inputs):
    src = open(inputs[0].path, "rb").read()
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_bytes(src)
    found, _ = collect_inputs([str(tmp_path / "in")])
    for size in (1, 2):  # the copy in another batch (its rows dropped by the client), or in the same one
        out = tmp_path / f"out{size}"
        summary = run_corpus(found, out, workers=0, batch_size=size)
        assert summary.documents == 1 and summary.processed == 2
        assert len(_sorted(out, "documents")) == 1 and len(_sorted(out, "sources")) == 2
        assert len(_sorted(out, "articles")) == len(_sorted(out, "signatures")) > 0
        assert len({r["article_id"] for r in _sorted(out, "articles")}) == len(_sorted(out, "articles"))


def test_csv_manifest_paths_relative_to_it(tmp_path, inputs):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "one.txt").write_bytes(open(inputs[0].path, "rb").read())
    manifest = tmp_path / "list.csv"
    manifest.write_text("path,published,place,source,desk\nreports/one.txt,2024-05-06,江城市,晚报,要闻\n"
                        "reports/missing.txt,2024-05-06,,,\n", encoding="utf-8")
    found, problems = collect_inputs([], str(manifest))
    assert [i.path for i in found] == [str((folder / "one.txt").resolve())]
    assert problems == [f"{(folder / 'missing.txt').resolve()}: no such file (manifest line 3)"]
    assert (found[0].published, found[0].place, found[0].source, dict(found[0].extra)) == (
        "2024-05-06", "江城市", "晚报", {"desk": "要闻"})


def test_changed_file_is_read_again(tmp_path, inputs):
    path = tmp_path / "in.txt"
    path.write_bytes(open(inputs[0].path, "rb").read())
    run_corpus(collect_inputs([str(path)])[0], tmp_path / "out", workers=0)
    path.write_bytes(open(inputs[1].path, "rb").read())
    os.utime(path, ns=(1, 1))
    again = run_corpus(collect_inputs([str(path)])[0], tmp_path / "out", workers=0)
    assert again.processed == 1 and len(_sorted(tmp_path / "out", "documents")) == 2


def test_cli_runs_on_an_existing_scheduler(dask_client, inputs, tmp_path):
    """``luoshi corpus run --scheduler tcp://…`` sends the job to a running cluster."""
    from typer.testing import CliRunner

    from luoshi.cli.main import app

    address = dask_client.scheduler.address
    assert address.startswith("tcp://127.0.0.1:")
    paths = [i.path for i in inputs[:3]]
    result = CliRunner().invoke(app, ["corpus", "run", *paths, "--out", str(tmp_path / "ds"), "--scheduler", address])
    assert result.exit_code == 0, result.output
    assert "3 file(s) read" in result.stderr and "0 failed" in result.stderr
    assert len(_sorted(tmp_path / "ds", "documents")) == 3
