"""The ledger schema, declared once: SQLAlchemy Core tables, portable to SQLite and PostgreSQL.

Every read and every write goes through these tables with Core (docs/architecture.md says
why: no command pays for ``sqlalchemy.orm``, and the schema has one declaration).

Times are local China Standard Time stored without a zone (the campaign's own clock).
A change here needs a migration in ``huikan/ledger/migrations/versions``; the test
suite fails when the migrated schema and these tables disagree.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Named constraints keep migrations reproducible on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _id() -> Column:
    return Column("id", Integer, primary_key=True)


def _required(name: str, type_, *args, **kwargs) -> Column:
    """A NOT NULL column (Core columns are nullable unless told)."""
    return Column(name, type_, *args, nullable=False, **kwargs)


def _text(name: str, type_=Text) -> Column:
    """Text that is never NULL and empty until written."""
    return Column(name, type_, nullable=False, default="")


def _text_server(name: str, type_=Text) -> Column:
    """As _text, with the database default a later migration added the column with."""
    return Column(name, type_, nullable=False, default="", server_default="")


campaign = Table(
    "campaign", metadata,
    _id(),
    _required("key", String(100), unique=True),
    _required("name", String(300)),
    _required("short_name", String(100)),
    _text("issuer", String(200)),
    _text("office", String(200)),
    _required("start", Date),
    _required("end", Date),
    _required("spec_toml", Text),  # the campaign file as loaded
    _required("spec_sha256", String(64)),
    _required("created_at", DateTime),
)

phase = Table(
    "phase", metadata,
    _id(),
    _required("campaign_id", Integer, ForeignKey("campaign.id")),
    _required("seq", Integer),
    _required("key", String(50)),
    _required("name", String(100)),
    _required("start", Date),
    _required("end", Date),
)

deliverable = Table(
    "deliverable", metadata,
    _id(),
    _required("campaign_id", Integer, ForeignKey("campaign.id")),
    _required("seq", Integer),
    _required("key", String(50)),
    _required("name", String(100)),
    _text("description"),
    _required("schedule_kind", String(20)),  # weekly / by_date / with
    UniqueConstraint("campaign_id", "key"),
)

# One due occurrence of a deliverable (each unit owes one receipt for it).
due_instance = Table(
    "due_instance", metadata,
    _id(),
    _required("deliverable_id", Integer, ForeignKey("deliverable.id")),
    _required("seq", Integer),
    _required("due_at", DateTime, index=True),
    _required("label", String(100)),
    UniqueConstraint("deliverable_id", "seq"),
)

# One of the nine check items (九对照、九检查).
check_item = Table(
    "check_item", metadata,
    _id(),
    _required("campaign_id", Integer, ForeignKey("campaign.id")),
    _required("number", Integer),
    _required("title", String(100)),
    _required("wording", Text),
    _text("applies_to", String(200)),
    UniqueConstraint("campaign_id", "number"),
)

unit = Table(
    "unit", metadata,
    _id(),
    _required("name", String(100), unique=True),
    _required("category", String(50)),  # the campaign's category key, or the list's own word when none fits
    _text_server("category_label", String(50)),  # the category as the unit list wrote it
    _required("seq", Integer, default=0),  # order in the unit list
    _required("added_at", DateTime),  # owes only what falls due after this
    _text("note"),
)

unit_alias = Table(
    "unit_alias", metadata,
    _id(),
    _required("unit_id", Integer, ForeignKey("unit.id", ondelete="CASCADE"), index=True),
    _required("alias", String(100), unique=True),
)

# 分管负责人 (role ``lead``) or 专职联络员 (role ``liaison``) of a unit.
contact = Table(
    "contact", metadata,
    _id(),
    _required("unit_id", Integer, ForeignKey("unit.id", ondelete="CASCADE")),
    _required("role", String(20)),
    _required("name", String(50)),
    _text("title", String(100)),
    _text("phone", String(50)),  # 办公电话 / 联系电话 as written
    _text_server("mobile", String(50)),  # 手机
    Column("source_file_id", Integer, ForeignKey("source_file.id")),
    _required("updated_at", DateTime),
    UniqueConstraint("unit_id", "role"),
)

# Every file the office received and imported.
source_file = Table(
    "source_file", metadata,
    _id(),
    _required("path", Text),
    _required("name", String(255)),
    _required("sha256", String(64), index=True, unique=True),  # the same bytes are stored once
    _required("kind", String(20)),
    Column("unit_id", Integer, ForeignKey("unit.id")),
    _required("received_at", DateTime),
    _required("imported_at", DateTime),
    _required("outcome", String(20)),  # imported / updated
    _required("rows", Integer, default=0),
    _text("imported_by", String(100)),
    _text_server("format", String(10)),  # xlsx / xls / csv / document
    _text_server("notes"),  # the import summary, one per line
)

# A file received as (part of) a deliverable from a unit.
receipt = Table(
    "receipt", metadata,
    _id(),
    _required("source_file_id", Integer, ForeignKey("source_file.id"), index=True),
    _required("unit_id", Integer, ForeignKey("unit.id")),
    _required("deliverable_id", Integer, ForeignKey("deliverable.id")),
    Column("due_instance_id", Integer, ForeignKey("due_instance.id")),
    _required("received_at", DateTime),
    Column("stated_date", Date),  # the week/date the return says it is for
    Column("week_no", Integer),  # the week (周次) the return says it is for
    _text_server("kind", String(20)),  # which return: weekly, ledger…
    _text_server("note"),  # why it counts for nothing, etc.
    Index("ix_receipt_unit_deliverable", "unit_id", "deliverable_id"),
)

# A unit's self-check on one of the nine items; the latest return wins.
selfcheck_result = Table(
    "selfcheck_result", metadata,
    _id(),
    _required("unit_id", Integer, ForeignKey("unit.id")),
    _required("item_id", Integer, ForeignKey("check_item.id")),
    _text("finding"),  # 自查情况
    Column("problems_found", Integer),
    Column("rectified", Integer),
    _required("source_file_id", Integer, ForeignKey("source_file.id")),
    _text_server("notes"),  # what the return said that was not understood (a count of 若干)
    UniqueConstraint("unit_id", "item_id"),
)

# The contents of one weekly progress return.
weekly_report = Table(
    "weekly_report", metadata,
    _id(),
    _required("unit_id", Integer, ForeignKey("unit.id"), index=True),
    _required("source_file_id", Integer, ForeignKey("source_file.id")),
    Column("receipt_id", Integer, ForeignKey("receipt.id")),
    Column("stated_date", Date),
    Column("week_no", Integer),
    _text("work_done"),  # 本周工作开展情况
    Column("found_this_week", Integer),
    Column("rectified_this_week", Integer),
    Column("found_total", Integer),
    Column("rectified_total", Integer),
    _text("next_week"),  # 下周工作安排
    _text_server("notes"),  # what the return said that was not understood (a count of 若干)
)

# One problem or hazard (问题隐患) of a unit's ledger, tracked until verified.
hazard = Table(
    "hazard", metadata,
    _id(),
    _required("unit_id", Integer, ForeignKey("unit.id")),
    _required("fingerprint", String(64)),  # recognises the hazard in a later ledger
    _text("row_no", String(20)),  # 序号 as the unit wrote it
    _required("description", Text),
    _text("venue", String(200)),
    _text("venue_type", String(100)),
    Column("item_number", Integer),  # 1..9
    _text("level", String(50)),
    _required("major", Boolean, default=False),
    Column("found_on", Date),
    _text("origin", String(20)),  # 来源: 自查 / 督查 / 暗访
    _text("measures"),
    _text("responsible", String(100)),
    Column("funds", Numeric(14, 2)),
    _text("contingency"),  # 应急预案/防控措施
    Column("deadline", Date),
    Column("original_deadline", Date),
    _required("status", String(20), default="open"),  # open / in_progress / done
    Column("done_on", Date),
    Column("verified_at", DateTime),
    _text("verified_by", String(50)),
    _text("note"),
    Column("source_file_id", Integer, ForeignKey("source_file.id")),  # first seen in
    Column("last_file_id", Integer, ForeignKey("source_file.id")),  # last seen in
    Column("decisions", Text),  # JSON: for the fields the clerk decided, what the unit's files said (ledger/decisions.py)
    _required("created_at", DateTime),
    _required("updated_at", DateTime),
    # major last: the bulletin's lists (overdue, open major hazards) are sorted on this index alone
    Index("ix_hazard_unit_status_deadline_major", "unit_id", "status", "deadline", "major"),
)

# One entry of a hazard's history: created, field changed, extended, verified…
hazard_event = Table(
    "hazard_event", metadata,
    _id(),
    _required("hazard_id", Integer, ForeignKey("hazard.id"), index=True),
    _required("at", DateTime),
    _required("kind", String(20)),  # created / changed / extended / verified / rejected / note
    _text("field", String(50)),
    _text("old"),
    _text("new"),
    _text("reason"),
    Column("source_file_id", Integer, ForeignKey("source_file.id")),
    _text("actor", String(100)),
)


# Changes to the ledger that are not a hazard's: units and contacts from a unit list or a
# plan (with their history), receipt times corrected.
ledger_event = Table(
    "ledger_event", metadata,
    _id(),
    _required("at", DateTime),
    _required("kind", String(30)),  # unit_added / unit_changed / alias_added / contact_changed / received_at
    Column("unit_id", Integer, ForeignKey("unit.id")),
    Column("source_file_id", Integer, ForeignKey("source_file.id")),
    _text("field", String(50)),
    _text("old"),
    _text("new"),
    _text("reason"),
    _text("actor", String(100)),
)
