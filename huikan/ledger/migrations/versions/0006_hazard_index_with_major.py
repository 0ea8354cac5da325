"""the (unit_id, status, deadline) index on hazard also holds major

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

The bulletin lists the first 500 overdue hazards (major first, then by deadline) and the first
500 open major hazards of a ledger that may hold a million. With major in the index both are
sorted from the index alone and only the rows listed are read: on 1M hazards 0.32 s to 0.15 s
and 0.23 s to 0.08 s. One more column in an index the import already keeps: a 100k-row import
took 3.52–3.70 s before and 3.58–3.90 s after (six runs each, alternating), within this
machine's spread; a 1M-row CSV 16.3–17.4 s before and 16.9–18.0 s after, about 4% dearer.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_hazard_unit_status_deadline", table_name="hazard")
    op.create_index("ix_hazard_unit_status_deadline_major", "hazard", ["unit_id", "status", "deadline", "major"])


def downgrade() -> None:
    op.drop_index("ix_hazard_unit_status_deadline_major", table_name="hazard")
    op.create_index("ix_hazard_unit_status_deadline", "hazard", ["unit_id", "status", "deadline"])
