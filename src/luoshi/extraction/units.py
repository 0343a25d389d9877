"""What a unit measures: its family and its factor to the family's base unit (``data/units.tsv``,
columns family and factor). Extraction states the units; the ledger compares a reported figure with a
target through these (亩 and 公顷 are both area, 人 and 人次 are not the same thing)."""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from luoshi.extraction import lexicon

__all__ = ["families", "unit_family", "units_compatible", "convert"]


@cache
def families() -> Mapping[str, tuple[str, float]]:
    """unit -> (family, factor to the family's base unit), for the units of units.tsv that have one."""
    return MappingProxyType({row[0]: (row[3], float(row[4])) for row in lexicon.rows("units.tsv")
                             if len(row) > 4 and row[3]})


def unit_family(unit: str | None) -> str | None:
    """The unit's family; an unknown unit is its own family (``unit:<unit>``); None for no unit."""
    if not unit:
        return None
    known = families().get(unit)
    return known[0] if known else f"unit:{unit}"


def units_compatible(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and unit_family(a) == unit_family(b)


def convert(value: float, unit: str | None, to_unit: str | None) -> float:
    """Convert between units of one family (亩 -> 平方米); identity when unknown or equal."""
    if unit == to_unit or not unit or not to_unit:
        return value
    table = families()
    if unit in table and to_unit in table:
        return value * table[unit][1] / table[to_unit][1]
    return value
