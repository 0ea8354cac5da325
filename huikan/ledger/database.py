"""Opening the ledger: a SQLite path or any SQLAlchemy URL, migrated to the current schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, ProgrammingError

from huikan.errors import LedgerError
from huikan.outputs import check_target, ledger_files, replaced_on_success

# What the read queries take: the connection of a report, or of a write in progress.
Reader = Connection

DEFAULT_DB = "huikan.db"
# The newest migration in huikan/ledger/migrations/versions; a test keeps the two in step.
SCHEMA_HEAD = "0006"


def database_url(db: str | os.PathLike | None) -> str:
    """``--db`` as given: a SQLAlchemy URL as is, anything else a SQLite file path."""
    db = str(db) if db else DEFAULT_DB
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


BUSY_TIMEOUT_MS = 60_000  # how long a write waits for another clerk's import before giving up
WRITE_LOCK_KEY = 0x687569  # PostgreSQL advisory lock that serialises huikan's writers ("hui")


def _sqlite_connect(dbapi_conn, _record) -> None:
    # We issue BEGIN ourselves (see _begin): pysqlite's implicit transactions start too late
    # to take the write lock up front, which is what makes "database is locked" errors.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _wal(cur)  # readers never wait for a writer, nor block one
    cur.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode across process crashes
    cur.close()


def _wal(cur) -> None:
    """WAL mode (persistent: set once, when the ledger is made). Switching needs an exclusive lock
    and SQLite does not wait for it, so two `huikan init` on a new file retry instead of failing."""
    import sqlite3
    import time

    if cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _begin(conn) -> None:
    """Writers take the write lock when they begin, so two imports queue instead of failing."""
    write = conn.get_execution_options().get("huikan_write", False)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    elif conn.dialect.name == "postgresql" and write:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


class Ledger:
    """An open ledger: the engine, and the two ways to use it (reading, writing)."""

    def __init__(self, url: str):
        self.url = url
        try:
            self.engine: Engine = create_engine(url)
        except (ArgumentError, ImportError) as exc:  # bad URL, missing driver: both are the user's to fix
            raise LedgerError(f"无法打开账本 {masked(url)}：{exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
        event.listen(self.engine, "begin", _begin)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return Path(self.engine.url.database) if self.is_sqlite and self.engine.url.database else None

    def exists(self) -> bool:
        """Whether the database already holds a huikan schema (creates nothing)."""
        path = self.sqlite_path
        if path is not None and not path.exists():
            return False
        return self.revision() is not None

    def revision(self) -> str | None:
        """The schema version, or None for a database without huikan's schema. A database that
        cannot be read at all (permissions, a lost server, a damaged file) is an error saying so,
        never taken for "no ledger yet"."""
        try:
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError) as exc:
            message = str(exc.orig).lower()
            if "no such table" in message or "does not exist" in message or "undefinedtable" in message:
                return None
            raise LedgerError(describe_failure(exc, self.url)) from None
        except DBAPIError as exc:
            raise LedgerError(describe_failure(exc, self.url)) from None

    def migrate(self) -> Path | None:
        """Bring the schema to SCHEMA_HEAD (creating it in an empty database).

        An existing SQLite ledger is first copied aside; returns that backup's path. A ledger made
        by a newer huikan is refused before anything is copied or changed."""
        current = self.revision()
        if current == SCHEMA_HEAD:
            return None
        if current is not None and current > SCHEMA_HEAD:  # revisions are zero-padded numbers
            raise LedgerError(f"账本由更新版本的 huikan 建立（账本结构版本 {current}，本程序只认识到 {SCHEMA_HEAD}）："
                              "请升级 huikan（pip install -U huikan）后再打开，账本未作任何改动")
        saved = None
        if current is not None and self.is_sqlite:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            saved = self.backup(self.sqlite_path.with_name(f"{self.sqlite_path.name}.v{current}-{stamp}.bak"))
        upgrade(self.engine, SCHEMA_HEAD)
        return saved

    def backup(self, dest: Path) -> Path:
        """A consistent copy while others may be writing (SQLite's online backup API)."""
        if not self.is_sqlite:
            raise LedgerError(
                "PostgreSQL 账本请用数据库自带的工具备份，例如：pg_dump -Fc -f huikan.dump 数据库名"
                "（恢复：pg_restore -d 数据库名 huikan.dump）"
            )
        dest = Path(dest)
        check_target(dest, force=False, protected=ledger_files(self.sqlite_path))
        dest.parent.mkdir(parents=True, exist_ok=True)
        import sqlite3

        with replaced_on_success(dest) as temp:  # a backup is whole or not there
            src = sqlite3.connect(self.sqlite_path, timeout=BUSY_TIMEOUT_MS / 1000)
            try:
                dst = sqlite3.connect(temp)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            except sqlite3.OperationalError as exc:  # disk full, I/O error: as OSError for one message
                raise OSError(str(exc)) from None
            finally:
                src.close()
        return dest

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only transaction: one snapshot for every query of a report; never waits for a writer."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def writing(self, commit: bool = True) -> Iterator[Connection]:
        """One write transaction: it queues for the ledger's write lock when it begins, is committed
        on success (unless ``commit`` is False: a dry run) and rolled back on any error."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(huikan_write=True)
            transaction = conn.begin()
            try:
                yield conn
            except BaseException:
                transaction.rollback()
                raise
            if commit:
                _crash_point()
                transaction.commit()
            else:
                transaction.rollback()

    def close(self) -> None:
        self.engine.dispose()


def masked(url: str) -> str:
    """A URL fit to show: its password never is; a SQLite ledger is shown as its file."""
    if "://" not in url:
        return url
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # an unparsable URL: show nothing of its credentials
        return url.split("://", 1)[0] + "://…"


def is_ledger_failure(exc: BaseException) -> bool:
    """The ledger failing (disk, permissions, a lost server, a damaged file), not a statement of
    ours that is wrong (an IntegrityError, a ProgrammingError: bugs, reported as such)."""
    from sqlalchemy.exc import DatabaseError, InterfaceError

    return isinstance(exc, (OperationalError, InterfaceError)) or type(exc) is DatabaseError


def describe_failure(exc: BaseException, url: str = "") -> str:
    """What went wrong with the ledger, as the clerk can act on it (a DBAPI error from SQLite or
    PostgreSQL, wrapped by SQLAlchemy or not)."""
    raw = str(getattr(exc, "orig", None) or exc)
    text = raw.lower()
    where = f"（{masked(url)}）" if url else ""
    if "readonly" in text or "read-only" in text:
        return f"账本文件或其所在文件夹是只读的，无法写入{where}：请检查权限，或把账本复制到可写的文件夹"
    if "unable to open database file" in text:
        return f"无法打开账本文件{where}：文件或其所在文件夹没有读写权限，或所在磁盘不可用"
    if "disk is full" in text or "no space" in text:
        return f"磁盘空间已满，无法写入账本{where}"
    if "disk i/o error" in text:
        return f"读写账本时发生磁盘错误（I/O error）{where}：账本所在的磁盘或网络盘可能出了问题"
    if "malformed" in text or "not a database" in text:
        found = _quick_check(url)
        return (f"账本文件已损坏{where}{'（检查结果：' + found + '）' if found else ''}："
                "请用 huikan backup 留下的备份恢复（备份文件就是账本，用 --db 指向它即可）")
    if "locked" in text:
        return "账本正被其他程序占用，请稍后再试"
    if any(w in text for w in ("could not connect", "connection refused", "server closed", "connection timed out",
                               "could not translate host", "name or service not known", "connection failed")):
        return f"无法连接数据库服务器{where}：请确认服务器已启动、地址和端口无误"
    if "password authentication failed" in text:
        return f"数据库拒绝登录{where}：用户名或密码不对"
    return f"账本操作失败{where}：{raw.splitlines()[0] if raw else type(exc).__name__}"


def _quick_check(url: str) -> str:
    """SQLite's own verdict on a damaged ledger file (its first lines), or "" when it has none."""
    import sqlite3

    if not url.startswith("sqlite:///"):
        return ""
    try:
        conn = sqlite3.connect(f"file:{url.removeprefix('sqlite:///')}?mode=ro", uri=True)
        try:
            lines = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return "；".join(lines) if lines != ["ok"] else ""


def _crash_point() -> None:
    """Fault injection for the crash-safety tests: die like a power cut right before a commit."""
    if os.environ.get("HUIKAN_CRASH_BEFORE_COMMIT") == "1":
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def upgrade(engine: Engine, revision: str) -> None:
    # Alembic is imported only when a migration actually runs (start-up time).
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "huikan.ledger:migrations")
    # With the write lock taken up front (BEGIN IMMEDIATE, see _begin): two `huikan init` on a new
    # file queue, and the second finds the schema made by the first.
    with engine.connect() as conn, conn.execution_options(huikan_write=True).begin():
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def open_ledger(db: str | os.PathLike | None, *, create: bool = False) -> Ledger:
    """Open an existing ledger (migrating it if it is older), or create it when asked."""
    ledger = Ledger(database_url(db))
    if not create and not ledger.exists():
        ledger.close()
        raise LedgerError(f"账本尚未建立：{masked(str(db or DEFAULT_DB))}。请先运行 huikan init（或用 --db 指定账本）")
    ledger.migrate()
    return ledger
