"""Each vocabulary of the ledger is written once, as a Literal type; the tuples and tables agree with it."""
from __future__ import annotations

from typing import get_args

from luoshi.storage import ledger_models
from luoshi.tracking import actor, workflow


def test_workflow_actions_are_exactly_the_transitions():
    assert set(get_args(workflow.Action)) == set(workflow.TRANSITIONS)


def test_every_step_moves_between_known_statuses():
    for step in workflow.TRANSITIONS.values():
        assert set(step.sources) | {step.target} <= set(ledger_models.STATUSES)
    assert set(ledger_models.FINAL_STATUSES) <= set(ledger_models.STATUSES)
    assert set(workflow.STATUS_LABELS) == set(ledger_models.STATUSES)


def test_tuples_are_read_from_the_literal_types():
    assert ledger_models.STATUSES == get_args(ledger_models.Status)
    assert ledger_models.LIGHTS == ("green", "yellow", "red", "none")
    assert actor.ROLES == get_args(actor.Role) == ("admin", "supervisor", "unit", "viewer")
