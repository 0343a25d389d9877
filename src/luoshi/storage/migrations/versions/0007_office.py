"""The office's day: proposals carry no light.

A proposed item (待确认) is not an obligation until a supervisor assigns it (交办), so its light is
``none`` (tracking/lights.py, rule 1); rows lit by earlier versions are reset here so that neither the
dashboard's 逾期 nor the Excel export's 红灯 counts a proposal before the first daily refresh.

Revision ID: 0007_office
Revises: 0006_ranges
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_office"
down_revision = "0006_ranges"
branch_labels = None
depends_on = None

PROPOSED_REASON = "待交办，交办后亮灯"  # the same words as lights._assess for a proposal


def upgrade() -> None:
    op.execute(sa.text("UPDATE items SET light = 'none', light_reason = :reason WHERE status = 'proposed'")
               .bindparams(reason=PROPOSED_REASON))


def downgrade() -> None:
    pass  # the old lights come back with the next refresh_lights of the old code
