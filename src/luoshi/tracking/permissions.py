"""Who may see and do what on the ledger. Every service calls these; the API and web UI add nothing.

- admin, supervisor (督查员): see and edit everything.
- unit (承办人): sees items assigned to their unit — lead unit (牵头单位) or a supporting unit (配合单位) —
  once the office has decided: proposals (待确认) and proposals it rejected (不予立项) stay with the office;
  the lead unit may accept, start and request completion; lead and supporting units may report progress.
- viewer: reads everything, changes nothing.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, and_

from luoshi.storage.ledger_models import Item
from luoshi.tracking.actor import ROLES, Actor
from luoshi.tracking.errors import PermissionDenied
from luoshi.tracking.search import of_unit

SUPERVISOR_ACTIONS = frozenset({"assign", "reject", "close", "return"})
UNIT_ACTIONS = frozenset({"accept", "start", "request_completion"})


def _check_role(actor: Actor) -> None:
    if actor.role not in ROLES:
        raise PermissionDenied(f"未知角色：{actor.role}")


def is_item_unit(actor: Actor, item: Item, *, lead_only: bool = False) -> bool:
    """True when the actor is a unit user of the item's lead unit (or, unless lead_only, a supporting unit)."""
    if actor.role != "unit" or not actor.unit:
        return False
    if item.lead_unit == actor.unit:
        return True
    return not lead_only and actor.unit in (item.supporting_units or [])


# Statuses a unit never sees: the office has not assigned these (a proposal is not yet the unit's task).
UNDECIDED_STATUSES = ("proposed", "rejected")


def can_view(actor: Actor, item: Item) -> bool:
    _check_role(actor)
    if actor.role in ("admin", "supervisor", "viewer"):
        return True
    return is_item_unit(actor, item) and item.status not in UNDECIDED_STATUSES


def visibility_clause(actor: Actor) -> ColumnElement[bool] | None:
    """SQL condition limiting a listing to what the actor may see (None: everything)."""
    _check_role(actor)
    if actor.role != "unit":
        return None
    if not actor.unit:
        return Item.id.is_(None)  # a unit user without a unit sees nothing
    return and_(of_unit(actor.unit), Item.status.not_in(UNDECIDED_STATUSES))


def require_view(actor: Actor, item: Item) -> None:
    if not can_view(actor, item):
        raise PermissionDenied(f"用户{actor.username}无权查看事项{item.serial}（非本单位事项）")


def require_supervisor(actor: Actor, what: str) -> None:
    _check_role(actor)
    if not actor.is_supervisor:
        raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权{what}")


def require_action(actor: Actor, item: Item, action: str) -> None:
    """Workflow step permission: supervisors do everything; the lead unit does the unit steps."""
    require_view(actor, item)
    if actor.is_supervisor:
        return
    if action in UNIT_ACTIONS and is_item_unit(actor, item, lead_only=True):
        return
    raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权对事项{item.serial}执行{action}")


def require_progress(actor: Actor, item: Item) -> None:
    """Reporting progress: supervisors, or a unit user of the lead or a supporting unit."""
    require_view(actor, item)
    if actor.is_supervisor or is_item_unit(actor, item):
        return
    raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权为事项{item.serial}填报进展")
