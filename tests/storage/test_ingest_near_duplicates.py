"""``luoshi ingest`` uses the project's near-duplicate detector: a re-encoded, re-posted or lightly
edited copy of a stored article is counted once and never proposed twice to the ledger."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.storage.db import make_engine, session_factory, transaction
from luoshi.storage.ledger_models import Item
from luoshi.storage.models import Article, CommitmentRow, Document

# Invented (names and figures made up).
REPORT = """青禾县召开农村人居环境整治推进会

本报讯（记者 韦思源）5月14日上午，青禾县召开农村人居环境整治推进会，县长钟亦凡出席会议并讲话。会议听取了各乡镇工作进展情况汇报，通报了上月暗访检查发现的问题。

钟亦凡要求，县农业农村局要确保年底前完成农村户厕改造3000户，县住建局力争全年新建乡村污水处理设施45座以上。各乡镇要压实属地责任，建立问题清单，逐项整改销号。

会议强调，要把整治工作与美丽乡村建设结合起来，发动群众积极参与，持续改善农村面貌。
"""
OTHER = """青禾县召开防汛备汛工作会议

本报讯 5月20日，青禾县召开防汛备汛工作会议，副县长程立远主持。会议分析了今年汛期雨情水情形势，要求县水利局确保6月底前完成病险水库除险加固12座，各乡镇要完善应急预案，备足抢险物资，落实24小时值班制度。
"""


def _ingest(runner: CliRunner, url: str, path) -> str:
    result = runner.invoke(app, ["ingest", str(path), "--db", url, "--published", "2026-05-15", "--place", "青禾县"])
    assert result.exit_code == 0, result.output
    return result.stdout


def _count(url: str, model) -> int:
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        n = session.scalar(select(func.count()).select_from(model)) or 0
    engine.dispose()
    return n


@pytest.fixture
def copies(tmp_path):
    """The report as first published (UTF-8) and three copies with other bytes."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = {
        "original": REPORT.encode("utf-8"),
        "gbk": REPORT.encode("gb18030"),
        "repost": (REPORT.replace("本报讯（记者 韦思源）", "来源：某某融媒体中心　") + "（责任编辑：某编辑）\n").encode("utf-8"),
        "edited": REPORT.replace("通报了上月暗访检查发现的问题。", "观看了整治工作专题片。").encode("utf-8"),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.txt"
        paths[name].write_bytes(data)
    return paths


def test_copies_are_counted_once_and_proposed_once(db_url, copies, tmp_path):
    runner = CliRunner()
    _ingest(runner, db_url, copies["original"])
    items = _count(db_url, Item)
    commitments = _count(db_url, CommitmentRow)
    assert items >= 2 and commitments >= 2
    for name in ("gbk", "repost", "edited"):
        out = _ingest(runner, db_url, copies[name])
        assert "ingested 0 document(s)" in out and "1 duplicate(s)" in out, (name, out)
    assert (_count(db_url, Document), _count(db_url, CommitmentRow), _count(db_url, Item)) == (1, commitments, items)
    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    assert "ingested 1 document(s)" in _ingest(runner, db_url, other)  # a different report is not a copy
    assert _count(db_url, Document) == 2 and _count(db_url, Item) > items


def test_a_page_that_is_partly_a_copy_keeps_the_new_article_only(sqlite_url, copies, tmp_path):
    """A copied article on a new page is stored (the page is new) without items; the other article's are."""
    from luoshi.reading import read_path
    from luoshi.storage.ingest import ingest_file
    from luoshi.tracking.intake import after_ingest

    runner = CliRunner()
    _ingest(runner, sqlite_url, copies["original"])
    items = _count(sqlite_url, Item)
    page = tmp_path / "page.txt"
    page.write_text(REPORT + "\n\n" + OTHER, encoding="utf-8")
    _doc, articles = read_path(page)
    assert len(articles) == 2  # reading splits the page into its two reports
    engine = make_engine(sqlite_url)
    with transaction(session_factory(engine)) as session:
        outcome = ingest_file(session, page, after_store=after_ingest)
        assert outcome.created and outcome.near_duplicate_of is None
        stored = session.scalars(select(Article).where(Article.document_id == outcome.document_id)
                                 .order_by(Article.index)).all()
        copy, fresh = stored
        assert copy.commitments == [] and "near-duplicate of article 1" in copy.extraction["warnings"][0]
        assert fresh.commitments
    engine.dispose()
    assert _count(sqlite_url, Item) == items + len(fresh.commitments)


def test_the_bands_of_stored_articles_are_rebuilt_by_the_migration_and_still_find_a_copy(tmp_path, copies):
    """0012_article_bands indexes articles stored before it: down to 0011 and up again, a copy of an
    article stored then is still found (from the table, not from a process's memory)."""
    from luoshi.storage.migrate import downgrade_to, upgrade_to_head
    from luoshi.storage.models import ArticleBand, ArticleSignature

    url = f"sqlite:///{tmp_path / 'bands.db'}"
    runner = CliRunner()
    _ingest(runner, url, copies["original"])
    bands, signatures = _count(url, ArticleBand), _count(url, ArticleSignature)
    assert bands > 0 and signatures > 0
    engine = make_engine(url)
    downgrade_to(engine, "0011_light_year")
    upgrade_to_head(engine)
    engine.dispose()
    assert _count(url, ArticleBand) == bands and _count(url, ArticleSignature) == signatures
    _ingest(runner, url, copies["gbk"])
    assert _count(url, Document) == 1
