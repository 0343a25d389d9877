"""Ledger settings (light thresholds, evidence matching, scoring weights, limits), stored in
``ledger_settings`` and changeable by admins and supervisors (:mod:`luoshi.tracking.settings_change`;
every change is audited).

Defaults live here (one place); the table only holds values someone changed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import LedgerSetting
from luoshi.tracking.errors import ValidationFailed


def _default_weights() -> dict[str, float]:
    # Scorecard rule (docs/tracking.md "Scorecards"): score = 100 × weighted mean of the five rates,
    # minus overdue_penalty points per overdue item, never below 0.
    # quantified_share and reported_share always exist, so no quantified target or no report means < 100.
    return {"on_time_rate": 0.3, "progress_ratio": 0.3, "green_share": 0.1, "quantified_share": 0.15,
            "reported_share": 0.15, "overdue_penalty": 5.0}


@dataclass
class LedgerSettings:
    yellow_days: int = 15  # yellow when due within this many days (预警天数)
    progress_tolerance: float = 0.0  # yellow when progress < elapsed share − tolerance
    no_report_days: int = 30  # remind units that have not reported for this many days
    evidence_min_similarity: float = 0.6  # metric similarity needed to propose a statistic as evidence
    evidence_grace_days: int = 92  # statistics published this long after the due date still count
    attachment_max_bytes: int = 10 * 1024 * 1024
    scoring_weights: dict[str, float] = field(default_factory=_default_weights)
    # 管辖范围: the office's own place (e.g. 泰州市); proposals from it and the places below it wait in the
    # triage queue, others in the "outside jurisdiction" list. Empty: everything is inside.
    jurisdiction: str = ""
    stale_report_years: int = 1  # reports older than this many years (before this year) are outside too
    time_zone: str = "Asia/Shanghai"  # the office's clock: times in the audit log and reports

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_KNOWN = {f.name: f for f in fields(LedgerSettings)}


def get_settings(session: Session) -> LedgerSettings:
    """Defaults overlaid with the stored values."""
    values: dict[str, Any] = {}
    for row in session.scalars(select(LedgerSetting)):
        if row.key in _KNOWN:
            values[row.key] = row.value
    result = LedgerSettings(**values)
    result.scoring_weights = {**_default_weights(), **(result.scoring_weights or {})}
    return result


def validated(key: str, value: Any) -> Any:
    """Type-check one setting; raise ValidationFailed with a one-line reason."""
    if key not in _KNOWN:
        raise ValidationFailed(f"未知设置项：{key}")
    default = getattr(LedgerSettings(), key)
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ValidationFailed(f"设置项{key}应为对象")
        unknown = set(value) - set(default)
        if unknown:
            raise ValidationFailed(f"设置项{key}含未知键：{'、'.join(sorted(unknown))}")
        try:
            return {k: float(v) for k, v in value.items()}
        except (TypeError, ValueError) as exc:
            raise ValidationFailed(f"设置项{key}的值应为数字") from exc
    if key == "time_zone":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValidationFailed(f"未知时区：{value}（例如 Asia/Shanghai）") from exc
    try:
        cast = type(default)(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(f"设置项{key}的值应为{type(default).__name__}") from exc
    if isinstance(cast, (int, float)) and cast < 0:
        raise ValidationFailed(f"设置项{key}不能为负数")
    return cast
