"""categories as written, mobiles, receipt weeks, the clerk's decisions, notes kept, ledger events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

- unit.category_label: the unit list's own word for the category (unit.category stays the
  campaign's key, or that word when it fits no campaign category);
- contact.mobile: 手机 beside 办公电话;
- receipt.week_no: the week a return states, so a corrected receipt time re-attaches it;
- hazard.decisions: what the unit had said for the fields the clerk decided (JSON);
- weekly_report.notes, selfcheck_result.notes: what a return said that was not understood;
- ledger_event: units and contacts changed by a list or a plan, receipt times corrected.

Data: a hazard that is not done loses a done date an earlier import left on it (the record
is consistent from now on), and a ledger still holding the shipped 2018 campaign file as it
was gets today's (same dates, with the categories' words and the time zone).
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# sha256 of huikan/campaigns/notice-2018.toml as shipped up to schema 0004.
_OLD_DEFAULT = "e3ac54bb623d62ba38131e6f2a09c2d92b3c9dab067abc29e8401530bcfe2d9a"


def upgrade() -> None:
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category_label", sa.String(length=50), server_default="", nullable=False))
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mobile", sa.String(length=50), server_default="", nullable=False))
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("week_no", sa.Integer(), nullable=True))
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decisions", sa.Text(), nullable=True))
    with op.batch_alter_table("weekly_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("selfcheck_result", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "ledger_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("source_file_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["source_file_id"], ["source_file.id"],
                                name=op.f("fk_ledger_event_source_file_id_source_file")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_ledger_event_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_event")),
    )
    conn = op.get_bind()
    from huikan import clock

    # The history says why a done date went: the record is consistent from now on.
    conn.execute(sa.text(
        "INSERT INTO hazard_event (hazard_id, at, kind, field, old, new, reason, source_file_id, actor)"
        " SELECT id, :at, 'changed', 'done_on', CAST(done_on AS VARCHAR(10)), '', :reason, NULL, 'huikan'"
        " FROM hazard WHERE status <> 'done' AND done_on IS NOT NULL"
    ), {"at": clock.now(), "reason": "整改状态不是已整改，完成日期不再保留（账本升级）"})
    op.execute("UPDATE hazard SET done_on = NULL WHERE status <> 'done' AND done_on IS NOT NULL")
    from huikan.campaigns.spec import default_campaign_path

    for campaign_id, toml in conn.execute(sa.text("SELECT id, spec_toml FROM campaign")).all():
        if hashlib.sha256(toml.encode("utf-8")).hexdigest() == _OLD_DEFAULT:
            new = default_campaign_path().read_text(encoding="utf-8-sig")
            conn.execute(sa.text("UPDATE campaign SET spec_toml = :toml, spec_sha256 = :digest WHERE id = :id"),
                         {"toml": new, "digest": hashlib.sha256(new.encode("utf-8")).hexdigest(), "id": campaign_id})


def downgrade() -> None:
    op.drop_table("ledger_event")
    with op.batch_alter_table("selfcheck_result", schema=None) as batch_op:
        batch_op.drop_column("notes")
    with op.batch_alter_table("weekly_report", schema=None) as batch_op:
        batch_op.drop_column("notes")
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_column("decisions")
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.drop_column("week_no")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("mobile")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_column("category_label")
