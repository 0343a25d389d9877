"""SQL conditions for the two ledger filters that must stay fast at 100,000 items: text search and
"my unit's items" (lead or supporting unit).

Text search (any substring of ``items.search_text``, Chinese included):
- PostgreSQL: ``search_text ILIKE '%词%'``, served by the pg_trgm GIN index (migration 0002_ledger);
- SQLite: a word of 3+ characters is a phrase MATCH on ``items_fts``, an FTS5 table with the trigram
  tokenizer kept by triggers (0004_ledger_perf);
- a two-character word (trigrams cannot index it: pg_trgm reads the whole GIN posting of every trigram
  that contains it, FTS5 trigram cannot match it at all) is looked up in ``items.search_bigrams``, every
  overlapping pair of letters/digits of the search text (:func:`bigrams_of`), then checked with LIKE:
  on PostgreSQL ``string_to_array(search_bigrams, ' ') @> ARRAY['就业']`` (an array GIN index), on
  SQLite a MATCH on ``items_bigrams``, an FTS5 table with the unicode61 tokenizer (0010_bigrams);
- a one-character word, or a pair with punctuation, falls back to a LIKE that scans.
Latin letters match in either case on both (the serial "db-2026" finds DB-2026-0001).
The choice is made when the statement is compiled for a dialect, so ``filtered_query`` stays
dialect-free and every caller (lists, exports, Excel, scorecards) gets the fast form.

Supporting units: ``item_supporting_units (unit, item_id)``, kept from ``items.supporting_units`` by
triggers (0004_ledger_perf), replaces a LIKE over the JSON-ish ``support_key`` text.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Text,
    and_,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType

from luoshi.storage.ledger_models import Item, ItemSupportingUnit

MIN_TRIGRAM_CHARS = 3  # the trigram tokenizer indexes runs of three characters
# The type of the conditions below. Not Boolean: SQLAlchemy writes a Boolean expression in a WHERE as
# "(…) = 1" on SQLite (no native booleans), and "items.id IN (…) = 1" is a test of every row instead of
# rowid lookups — a full scan of the table under every text search and every unit user's list.
PREDICATE: Any = NullType()


def bigrams_of(text: str) -> list[str]:
    """Every overlapping pair of two letters or digits of ``text``, lowercased, once each, in order of
    first appearance ("建设零工市场" → 建设 设零 零工 工市 市场). Pairs with a space or punctuation are left out:
    a word is found by its own pairs, whatever separates the words around it."""
    low = text.lower()
    pairs = dict.fromkeys(a + b for a, b in zip(low, low[1:], strict=False) if a.isalnum() and b.isalnum())
    return list(pairs)


def search_bigrams_of(search_text: str) -> str:
    """``items.search_bigrams``: the bigrams of the item's search text, space-joined."""
    return " ".join(bigrams_of(search_text))

class _ContainsWord(FunctionElement[bool]):
    """``search_text`` contains a word of 3+ characters with letters that have case: ILIKE in general, an
    FTS5 MATCH on SQLite (see the module docstring).
    Arguments: the text column, the id column, the LIKE pattern, the FTS5 phrase."""

    type = PREDICATE
    name = "contains_word"
    inherit_cache = True
    case_blind = True  # ILIKE: "db-2026" finds DB-2026-0001


class _ContainsCaselessWord(_ContainsWord):
    """The same for a word without cased letters (Chinese, digits): plain LIKE, cheaper than ILIKE."""

    inherit_cache = True
    case_blind = False


class _ContainsShortWord(FunctionElement[bool]):
    """A 1–2-character word with cased letters: ILIKE in general; on SQLite plain LIKE, which already
    ignores the case of Latin letters (and unlike lower(…) LIKE keeps the scan cheap)."""

    type = PREDICATE
    name = "contains_short_word"
    inherit_cache = True


@compiles(_ContainsWord)
def _contains_like(element: _ContainsWord, compiler: Any, **kw: Any) -> str:
    text_column, _id, pattern, _phrase = list(element.clauses)
    operator = text_column.ilike if element.case_blind else text_column.like
    return str(compiler.process(operator(pattern, escape="\\"), **kw))


@compiles(_ContainsWord, "sqlite")
def _contains_fts(element: _ContainsWord, compiler: Any, **kw: Any) -> str:
    _text, id_column, _pattern, phrase = list(element.clauses)
    return (f"{compiler.process(id_column, **kw)} IN "
            f"(SELECT rowid FROM items_fts WHERE items_fts MATCH {compiler.process(phrase, **kw)})")


@compiles(_ContainsShortWord)
def _short_ilike(element: _ContainsShortWord, compiler: Any, **kw: Any) -> str:
    text_column, pattern = list(element.clauses)
    return str(compiler.process(text_column.ilike(pattern, escape="\\"), **kw))


@compiles(_ContainsShortWord, "sqlite")
def _short_like(element: _ContainsShortWord, compiler: Any, **kw: Any) -> str:
    text_column, pattern = list(element.clauses)
    return str(compiler.process(text_column.like(pattern, escape="\\"), **kw))


class _ContainsPair(FunctionElement[bool]):
    """``search_text`` contains a two-character word, found by its bigram, then checked by LIKE (the
    candidates are few). Arguments: the PostgreSQL form, the SQLite form."""

    type = PREDICATE
    name = "contains_pair"
    inherit_cache = True


@compiles(_ContainsPair)
def _pair_array(element: _ContainsPair, compiler: Any, **kw: Any) -> str:
    postgres_form, _sqlite = list(element.clauses)
    return f"({compiler.process(postgres_form, **kw)})"


@compiles(_ContainsPair, "sqlite")
def _pair_fts(element: _ContainsPair, compiler: Any, **kw: Any) -> str:
    _postgres, sqlite_form = list(element.clauses)
    return f"({compiler.process(sqlite_form, **kw)})"


def bigram_array() -> ColumnElement[Any]:
    """``string_to_array(items.search_bigrams, ' ')``, written exactly as the GIN index's expression
    (the separator inlined, not a parameter, so a prepared statement still matches the index)."""
    return func.string_to_array(Item.search_bigrams, literal_column("' '"), type_=ARRAY(Text))


def _contains_pair(word: str, pattern: str, cased: bool) -> ColumnElement[bool]:
    pair = word.lower()
    check = Item.search_text.ilike(pattern, escape="\\") if cased else Item.search_text.like(pattern, escape="\\")
    postgres_form = and_(bigram_array().op("@>")(cast(array([literal(pair)]), ARRAY(Text))), check)
    phrase = '"' + pair + '"'  # letters or digits only: nothing to quote
    candidates = text("SELECT rowid FROM items_bigrams WHERE items_bigrams MATCH :phrase").bindparams(
        bindparam("phrase", phrase, unique=True)).columns(column("rowid", Integer))
    # on SQLite LIKE already ignores the case of Latin letters
    sqlite_form = and_(Item.id.in_(candidates), Item.search_text.like(pattern, escape="\\"))
    return _ContainsPair(postgres_form, sqlite_form)


def like_pattern(text: str) -> str:
    """'%text%' with LIKE's wildcards escaped (escape character: backslash)."""
    return "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"


def contains_word(word: str) -> ColumnElement[bool]:
    """Condition: the item's search text contains ``word`` (case-insensitive for Latin letters)."""
    pattern = like_pattern(word)
    cased = word.lower() != word.upper()
    if len(word) == 2 and bigrams_of(word) == [word.lower()]:
        return _contains_pair(word, pattern, cased)
    if len(word) < MIN_TRIGRAM_CHARS:
        if not cased:
            return Item.search_text.like(pattern, escape="\\")
        return _ContainsShortWord(Item.search_text, literal(pattern))
    phrase = '"' + word.replace('"', '""') + '"'  # an FTS5 string: the word as one phrase, quotes doubled
    kind = _ContainsWord if cased else _ContainsCaselessWord
    return kind(Item.search_text, Item.id, literal(pattern), literal(phrase))


class _AmongIds(FunctionElement[bool]):
    """``items.id`` is one of the ids a subquery returns. PostgreSQL: ``= ANY(ARRAY(subquery))``, which
    it answers by primary-key lookups (as ``IN (subquery)`` it hash-joined against a scan of the whole
    table: 74 ms vs ~10 ms for a unit's 7,000 items). SQLite: ``IN (subquery)``, rowid lookups."""

    type = PREDICATE
    name = "among_ids"
    inherit_cache = True


@compiles(_AmongIds)
def _among_any(element: _AmongIds, compiler: Any, **kw: Any) -> str:
    id_column, ids = list(element.clauses)
    return f"{compiler.process(id_column, **kw)} = ANY(ARRAY{compiler.process(ids, **kw)})"


@compiles(_AmongIds, "sqlite")
def _among_in(element: _AmongIds, compiler: Any, **kw: Any) -> str:
    id_column, ids = list(element.clauses)
    return f"{compiler.process(id_column, **kw)} IN {compiler.process(ids, **kw)}"


class _OfUnit(FunctionElement[bool]):
    """A unit leads or supports the item; one form per dialect (see :func:`of_unit`).
    Arguments: the SQLite form, the PostgreSQL form."""

    type = PREDICATE
    name = "of_unit"
    inherit_cache = True


@compiles(_OfUnit)
def _of_unit_or(element: _OfUnit, compiler: Any, **kw: Any) -> str:
    _ids, either = list(element.clauses)
    return f"({str(compiler.process(either, **kw))})"  # an OR: parenthesised, it ANDs with the other filters


@compiles(_OfUnit, "sqlite")
def _of_unit_ids(element: _OfUnit, compiler: Any, **kw: Any) -> str:
    ids, _either = list(element.clauses)
    return str(compiler.process(ids, **kw))


def of_unit(unit: str) -> ColumnElement[bool]:
    """Condition: ``unit`` leads the item or supports it.

    PostgreSQL: ``lead_unit = :unit OR id = ANY(ARRAY(supporting-unit rows))``, a BitmapOr of the lead-unit
    index and primary-key lookups, which ANDs (BitmapAnd) with the status index and with a second unit
    condition (a unit user's list filtered by another unit). It replaced ``id = ANY(ARRAY(led UNION
    supported))``: measured at 200,000 items (docs/api.md), a unit user's open list 92 → 39 ms a page,
    status + unit 70 → 23 ms, a unit user filtering another unit 107 → 35 ms (the count), where two such
    id lists were intersected row by row (28 s before an ``OR EXISTS`` test of each row replaced it).
    SQLite: ``id IN (led UNION supported)``, the ids from two index searches, then rowid lookups."""
    led = select(Item.id).where(Item.lead_unit == unit)
    supported = select(ItemSupportingUnit.item_id).where(ItemSupportingUnit.unit == unit)
    either = or_(Item.lead_unit == unit, _AmongIds(Item.id, supported.scalar_subquery()))
    return _OfUnit(Item.id.in_(union(led, supported)), either)


def of_unit_among_few(unit: str) -> ColumnElement[bool]:
    """:func:`of_unit` for a query already narrowed by a unit user's visibility (the same condition: on
    PostgreSQL the two ORs are bitmap-ANDed)."""
    return of_unit(unit)
