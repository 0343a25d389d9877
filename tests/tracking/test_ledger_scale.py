"""The machinery that keeps the ledger fast at 100,000 items gives the same answers as the plain rules:
the SQL light equals compute_light, the full-text index and the supporting-unit table follow every write,
refresh_lights writes only what changed and runs once a day."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from sqlalchemy import delete, func, insert, select

from luoshi.storage.ledger_models import Item, ItemSupportingUnit
from luoshi.tracking.errors import ValidationFailed
from luoshi.tracking.items import SORTS, create_item, list_items, update_item
from luoshi.tracking.lights import (
    compute_light,
    last_refresh,
    light_sql,
    refresh_if_stale,
    refresh_lights,
    refresh_lights_rowwise,
)
from luoshi.tracking.settings import get_settings
from tracking.ledger_fixtures import HOUSING_CLERK, HOUSING_UNIT, JOBS_CLERK, JOBS_UNIT, SUPERVISOR

TODAY = date(2026, 7, 1)


def _row(seq: int, **values) -> dict:
    base = {"serial": f"DB-2026-{9000 + seq:04d}", "year": 2026, "seq": 9000 + seq, "title": f"事项{seq}",
            "source_text": "", "kind": "target", "supporting_units": [], "support_key": "", "tags": [],
            "status": "in_progress", "outcome": "not_rated", "light": "none", "light_reason": "",
            "created_by": "test", "version": 1, "search_text": f"事项{seq}"}
    return {**base, **values}


def test_sql_light_agrees_with_compute_light_around_every_boundary(session):
    """Due yesterday/today/in 15/16 days, no due date, no start, on/behind/ahead of the line, ceilings,
    no report, closed/rejected/merged: the CASE the scorecards use gives compute_light's verdict."""
    settings = get_settings(session)
    dues = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=15), TODAY + timedelta(days=16),
            date(2026, 12, 31)]
    starts = [None, date(2026, 1, 1), TODAY + timedelta(days=40)]
    progress = [None, 0.0, 49.0, 100 * 181 / 364, 60.0]
    combos = product(dues, starts, progress, [">=", "<=", None], ["in_progress", "closed", "rejected", "merged"])
    rows = [_row(n, due_date=due, start_date=start, progress_value=done, target_value=100.0,
                 target_comparator=comparator, status=status)
            for n, (due, start, done, comparator, status) in enumerate(combos)]
    rows.append(_row(len(rows), due_date=date(2026, 12, 31), start_date=date(2026, 1, 1), target_value=None,
                     progress_value=5.0))
    session.execute(insert(Item), rows)
    dialect = session.get_bind().dialect.name
    found = session.execute(select(Item, light_sql(Item, TODAY, settings, dialect)).where(Item.seq >= 9000)).all()
    assert len(found) == len(rows)
    mismatches = [(item.serial, light, compute_light(item, TODAY, settings)[0]) for item, light in found
                  if light != compute_light(item, TODAY, settings)[0]]
    assert mismatches == []


@pytest.mark.parametrize("query,expected", [("零工市场", 1), ("零工", 1), ("市场建", 0), ("口袋公园", 1),
                                            ("DB-2026", 2), ("db-2026", 2), ("100%", 0)])
def test_text_search_finds_substrings_of_any_length(session, query, expected):
    create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT})
    create_item(session, SUPERVISOR, {"title": "新建口袋公园", "lead_unit": HOUSING_UNIT})
    assert list_items(session, SUPERVISOR, {"q": query}).total == expected


@pytest.mark.parametrize("query,expected", [
    ("就业", 2), ("业技", 1), ("市场", 1), ("5g", 1), ("5G", 1), ("db", 3), ("Db", 3), ("万人", 1),
    ("业 技", 1), ("g基", 1), ("技能 就业", 1), ("%人", 0), ("3.", 1), ("外资", 0), ("人以", 0)])
def test_two_character_words_are_found_by_their_bigram(session, query, expected):
    """A two-character word (letters, digits, Chinese, either case) is looked up by its bigram and checked
    with LIKE; a pair with punctuation falls back to LIKE; several words must all match."""
    create_item(session, SUPERVISOR, {"title": "新增城镇就业3.5万人", "lead_unit": JOBS_UNIT})
    create_item(session, SUPERVISOR, {"title": "开展职业技能培训，促进就业", "lead_unit": JOBS_UNIT})
    create_item(session, SUPERVISOR, {"title": "新建5G基站", "lead_unit": HOUSING_UNIT, "tags": ["建设零工市场"]})
    assert list_items(session, SUPERVISOR, {"q": query}).total == expected


def test_bigrams_follow_edits_and_serials(session):
    from luoshi.tracking.search import bigrams_of

    item = create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT})
    session.flush()
    assert set(bigrams_of(item.search_text)) == set(item.search_bigrams.split())
    assert "零工" in item.search_bigrams.split() and item.serial.lower()[:2] in item.search_bigrams.split()
    update_item(session, SUPERVISOR, item.id, {"title": "建设人力资源市场"}, expected_version=item.version)
    session.flush()
    assert list_items(session, SUPERVISOR, {"q": "零工"}).total == 0
    assert list_items(session, SUPERVISOR, {"q": "人力"}).total == 1


def test_bigram_lookup_uses_the_index(session):
    """PostgreSQL: the two-character search is a bitmap scan of ix_items_search_bigrams (the statement
    writes the index's expression exactly); SQLite: a MATCH on items_bigrams."""
    from sqlalchemy import text

    from luoshi.tracking.items import ItemFilters, filtered_query

    query = filtered_query(SUPERVISOR, ItemFilters(q="就业")).with_only_columns(Item.id)
    compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(session.scalars(text(f"EXPLAIN {compiled}")))
        assert "ix_items_search_bigrams" in plan
    else:
        assert "items_bigrams MATCH" in str(compiled)
        plan = " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "items_bigrams VIRTUAL TABLE" in plan
        assert not re.search(r"SCAN items(?!_)", plan), plan  # rowid lookups, no "IN (…) = 1" row test


@pytest.mark.parametrize("filters", [{"q": "就业"}, {"q": "老旧小区"}, {"unit": JOBS_UNIT}, {"open_only": True},
                                     {"unit": HOUSING_UNIT, "status": "in_progress"}])
def test_sqlite_conditions_are_index_lookups(session, filters):
    """No condition is written as "(…) = 1" (SQLAlchemy's form of a Boolean expression on SQLite), which
    turns "items.id IN (…)" into a test of every row: a unit user's list and every search stay lookups."""
    from sqlalchemy import text

    from luoshi.tracking.items import ItemFilters, filtered_query

    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    query = filtered_query(JOBS_CLERK, ItemFilters.from_mapping(filters)).with_only_columns(Item.id)
    compiled = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    assert ") = 1" not in compiled
    plan = " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert not re.search(r"SCAN items(?!_)", plan), plan


def test_light_and_year_are_counted_from_the_index(session):
    """The capped count of a light + year filter reads the index alone (the year of an item without a due
    date is in ix_items_light_due_year), not every matching row."""
    from sqlalchemy import text

    from luoshi.tracking.items import ItemFilters, filtered_query

    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan (PostgreSQL's depends on table statistics)")
    query = filtered_query(SUPERVISOR, ItemFilters(light="red", year=2026)).with_only_columns(Item.id).limit(10001)
    compiled = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN SELECT count(*) FROM ({compiled})")))
    assert "COVERING INDEX ix_items_light_due_year" in plan, plan


def test_text_search_follows_edits(session):
    item = create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT})
    update_item(session, SUPERVISOR, item.id, {"title": "建设人力资源市场"}, expected_version=item.version)
    session.flush()
    assert list_items(session, SUPERVISOR, {"q": "零工市场"}).total == 0
    assert list_items(session, SUPERVISOR, {"q": "人力资源市场"}).total == 1


def test_supporting_units_table_follows_inserts_edits_and_deletes(session):
    item = create_item(session, SUPERVISOR, {"title": "改造老旧小区", "lead_unit": HOUSING_UNIT,
                                             "supporting_units": [JOBS_UNIT], "due_date": "2026-12-31"},
                       status="assigned")
    session.flush()
    assert list_items(session, JOBS_CLERK).total == 1
    assert list_items(session, SUPERVISOR, {"unit": JOBS_UNIT}).total == 1
    update_item(session, SUPERVISOR, item.id, {"supporting_units": ["临江市财政局"]}, expected_version=item.version)
    session.flush()
    assert list_items(session, JOBS_CLERK).total == 0
    assert list_items(session, HOUSING_CLERK).total == 1  # the lead unit still sees it
    session.execute(delete(Item).where(Item.id == item.id))
    assert session.scalar(select(func.count()).select_from(ItemSupportingUnit)) == 0


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps no zone


def test_refresh_lights_writes_only_changes_and_keeps_versions(session):
    item = create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT,
                                             "start_date": "2026-01-01", "due_date": "2026-07-20"},
                       status="assigned")
    version, updated = item.version, item.updated_at
    assert refresh_lights(session, today=date(2026, 7, 1)) >= 1
    assert refresh_lights(session, today=date(2026, 7, 1)) == 0
    session.refresh(item)
    assert (item.light, item.light_reason) == ("green", "距到期19天")
    assert refresh_lights(session, today=date(2026, 7, 5)) >= 1
    session.refresh(item)
    assert (item.light, item.light_reason, item.version) == ("yellow", "15天后到期", version)
    assert _utc(item.updated_at) == _utc(updated)


def _light_grid() -> list[dict]:
    """Items around every light boundary and every rounding case of the explanation: shares that print
    as an exact half (12.5% of the period gone: Python rounds half to even, "12%"), shares one decimal
    apart that print the same whole percent (the one-decimal form), negative and huge progress, final
    states, no due date, no start."""
    dues = [None, TODAY - timedelta(days=3), TODAY, TODAY + timedelta(days=7), TODAY + timedelta(days=15),
            TODAY + timedelta(days=16), TODAY + timedelta(days=700)]
    starts = [None, TODAY - timedelta(days=1), TODAY - timedelta(days=100), TODAY + timedelta(days=40)]
    progress = [None, 0.0, 12.4, 12.5, 12.6, 13.5, 57.6, 57.9, 100 * 181 / 364, 250.0, -4.0, 1e15]
    combos = product(dues, starts, progress, [">=", "<=", "between", None],
                     ["assigned", "in_progress", "closed", "rejected", "merged", "proposed"])
    return [_row(n, due_date=due, start_date=start, progress_value=done, target_value=100.0,
                 target_comparator=comparator, status=status, light="green", light_reason="stale")
            for n, (due, start, done, comparator, status) in enumerate(combos)]


def test_set_based_refresh_gives_the_row_by_row_verdicts(session):
    """The one-UPDATE refresh leaves exactly what compute_light (the row-by-row refresh) says on every
    row of the grid; the row-by-row refresh run after it finds nothing to change."""
    settings = get_settings(session)
    session.execute(insert(Item), _light_grid())
    assert refresh_lights(session, today=TODAY) > 0
    rows = session.scalars(select(Item).where(Item.seq >= 9000)).all()
    wrong = [(item.serial, item.light, item.light_reason, compute_light(item, TODAY, settings)) for item in rows
             if (item.light, item.light_reason) != compute_light(item, TODAY, settings)]
    assert wrong == []
    assert refresh_lights_rowwise(session, today=TODAY) == 0
    assert refresh_lights(session, today=TODAY) == 0


def test_refresh_explains_half_percents_as_python_rounds_them(session):
    session.execute(insert(Item), [_row(1, start_date=TODAY - timedelta(days=100),
                                        due_date=TODAY + timedelta(days=700), target_value=100.0,
                                        progress_value=13.5)])
    refresh_lights(session, today=TODAY)
    reason = session.scalar(select(Item.light_reason).where(Item.seq == 9001))
    assert reason == "进度14%，时间已过12%"  # 13.5 → 14 and 12.5 → 12: half to even


def test_refresh_if_stale_runs_once_a_day(session):
    create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT, "due_date": "2026-12-31"})
    assert refresh_if_stale(session, date(2026, 7, 1)) is not None
    assert last_refresh(session) == date(2026, 7, 1)
    assert refresh_if_stale(session, date(2026, 7, 1)) is None
    assert refresh_if_stale(session, date(2026, 7, 2)) is not None
    assert last_refresh(session) == date(2026, 7, 2)


def _cursor_rows() -> list[dict]:
    """Items with NULLs and ties in every nullable sort column (due date, lead unit, progress)."""
    dues = [None, date(2026, 9, 30), date(2026, 12, 31)]
    units = [None, JOBS_UNIT, HOUSING_UNIT]
    progress = [None, 5.0, 50.0]
    return [_row(n, due_date=dues[n % 3], lead_unit=units[(n // 3) % 3], progress_value=progress[(n // 9) % 3],
                 status=("assigned", "in_progress", "closed")[n % 2], light=("green", "red")[n % 2],
                 created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n % 4),
                 updated_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=n % 5))
            for n in range(31)]


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{key}" for key in SORTS)])
def test_cursor_pages_walk_the_whole_list_in_order(session, sort):
    """Page after page by next_cursor gives exactly the one-page listing, in its order, NULLs included
    (they sort first on SQLite and last on PostgreSQL: the cursor follows each database's order)."""
    session.execute(insert(Item), _cursor_rows())
    whole = [i.id for i in list_items(session, SUPERVISOR, sort=sort, page_size=1000).items]
    walked, cursor = [], None
    for _ in range(20):
        result = list_items(session, SUPERVISOR, sort=sort, page_size=4, cursor=cursor)
        walked += [i.id for i in result.items]
        cursor = result.next_cursor
        if cursor is None:
            break
    assert walked == whole and len(whole) == 31


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{key}" for key in SORTS)])
def test_a_few_matches_are_paged_like_any_other_list(session, sort):
    """A filter counted below the cap is paged from its matches (materialised, then sorted): the same
    items in the same order, NULLs included, by numbered page and by cursor, as the plain query."""
    session.execute(insert(Item), _cursor_rows())
    filters = {"status": ["in_progress", "assigned"], "light": ["green", "red"]}
    plain = [i.id for i in list_items(session, SUPERVISOR, filters, sort=sort, page_size=1000).items]
    assert list_items(session, SUPERVISOR, filters, sort=sort, count_cap=1000).total_exact
    numbered, walked = _numbered_and_cursor_pages(session, filters, sort, count_cap=1000)
    assert numbered == plain and walked == plain and len(plain) == 31


def _numbered_and_cursor_pages(session, filters, sort, count_cap):
    """Ids of four numbered pages of 9, and of every page of 4 by next_cursor."""
    numbered = [i.id for page in (1, 2, 3, 4) for i in
                list_items(session, SUPERVISOR, filters, sort=sort, page=page, page_size=9, count_cap=count_cap).items]
    walked, cursor = [], None
    for _ in range(20):
        result = list_items(session, SUPERVISOR, filters, sort=sort, page_size=4, cursor=cursor, count_cap=count_cap)
        walked += [i.id for i in result.items]
        cursor = result.next_cursor
        if cursor is None:
            break
    return numbered, walked


def test_cursor_pages_keep_the_filters_and_the_numbered_pages_still_work(session):
    session.execute(insert(Item), _cursor_rows())
    first = list_items(session, SUPERVISOR, {"status": "in_progress"}, page_size=5)
    second = list_items(session, SUPERVISOR, {"status": "in_progress"}, page_size=5, cursor=first.next_cursor)
    numbered = list_items(session, SUPERVISOR, {"status": "in_progress"}, page_size=5, page=2)
    assert [i.id for i in second.items] == [i.id for i in numbered.items]
    assert all(i.status == "in_progress" for i in second.items) and first.total == 15
    last = list_items(session, SUPERVISOR, {"status": "in_progress"}, page_size=5, page=3)
    assert last.next_cursor is None


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJzZXJpYWwiXQ", "WyItZHVlX2RhdGUiLFtudWxsLDFdXQ"])
def test_a_malformed_or_foreign_cursor_is_refused(session, cursor):
    with pytest.raises(ValidationFailed):
        list_items(session, SUPERVISOR, sort="serial", cursor=cursor)


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{key}" for key in SORTS)])
def test_many_matches_walked_in_the_sort_order_are_paged_like_the_plain_query(session, sort, monkeypatch):
    """A filter whose capped count is full is paged by walking the sort order in steps (SQLite): the same
    items in the same order, NULLs included, by numbered page and by cursor — also when the walk gives up
    past its row budget and the matches are sorted instead."""
    import luoshi.tracking.items as items_module

    session.execute(insert(Item), _cursor_rows())
    filters = {"status": ["in_progress", "assigned"], "light": ["green", "red"]}
    plain = [i.id for i in list_items(session, SUPERVISOR, filters, sort=sort, page_size=1000).items]
    for chunk, budget in ((4, 10_000), (3, 6)):
        monkeypatch.setattr(items_module, "_WALK_CHUNK", chunk)
        monkeypatch.setattr(items_module, "_WALK_MAX_ROWS", budget)
        assert not list_items(session, SUPERVISOR, filters, sort=sort, count_cap=3).total_exact
        numbered, walked = _numbered_and_cursor_pages(session, filters, sort, count_cap=3)
        assert numbered == plain and walked == plain and len(plain) == 31
