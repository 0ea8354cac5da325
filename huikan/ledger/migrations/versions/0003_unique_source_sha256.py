"""the same file is stored once: unique source_file.sha256

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # Two clerks importing the same file at once could store it twice before writers were
    # serialised; keep such rows (nothing recorded is deleted) and mark all but the first.
    duplicates = conn.execute(sa.text(
        "SELECT id, sha256 FROM source_file WHERE id NOT IN (SELECT MIN(id) FROM source_file GROUP BY sha256)"
    )).all()
    for row_id, sha in duplicates:
        conn.execute(sa.text("UPDATE source_file SET sha256 = :new WHERE id = :id"),
                     {"new": f"{sha[:48]}dup{row_id:013d}"[:64], "id": row_id})
    with op.batch_alter_table("source_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_file_sha256"))
        batch_op.create_index(batch_op.f("ix_source_file_sha256"), ["sha256"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("source_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_file_sha256"))
        batch_op.create_index(batch_op.f("ix_source_file_sha256"), ["sha256"], unique=False)
