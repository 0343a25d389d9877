"""The registry of item kinds is the one list: the contract, the API type and the model agree with it."""
from __future__ import annotations

import dataclasses
from typing import get_args, get_type_hints

import pytest

from luoshi.extraction import kinds
from luoshi.extraction.model import ArticleExtraction
from luoshi.extraction.schema import ITEM_KINDS


def test_literal_type_names_exactly_the_registered_kinds():
    assert get_args(kinds.KindName) == kinds.KIND_NAMES


def test_every_kind_is_a_list_of_its_item_type_in_the_extraction():
    hints = get_type_hints(ArticleExtraction)
    fields = {f.name for f in dataclasses.fields(ArticleExtraction)}
    for k in kinds.KINDS:
        assert k.name in fields, k.name
        assert get_args(hints[k.name]) == (k.item,), k.name


def test_contract_prints_the_registered_kinds_in_order():
    assert ITEM_KINDS == kinds.KIND_NAMES


def test_names_and_classes_are_unique_and_lookup_names_the_choices():
    assert len({k.name for k in kinds.KINDS}) == len({k.singular for k in kinds.KINDS}) == len(kinds.KINDS)
    assert kinds.kind("people").css_class == "hl-person"
    with pytest.raises(KeyError, match="people"):
        kinds.kind("places")
