"""Several clerks on one shared PostgreSQL ledger (issue 17, point 5): four clerks importing 250
returns each at the same time, against one clerk importing all 1,000, into fresh ledgers.

    url=$(bash .ci/postgres.sh)      # a throwaway server (fsync off: the figures are the upper bound)
    python benchmarks/shared_ledger.py "$url"

Writers queue on one advisory lock by design (a file is stored whole or not at all, and
receipts count in order); what runs in parallel is reading and recognising the files. Prints
the times and checks that nothing was lost or stored twice.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402

FILES, CLERKS, ROWS = 1000, 4, 50


def fresh_database(admin_url: str, name: str) -> str:
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = sa.engine.make_url(admin_url).set(database=name)
    return url.render_as_string(hide_password=False)


def huikan(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "huikan", "--db", url, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def prepared(admin_url: str, name: str) -> str:
    url = fresh_database(admin_url, name)
    for args in (("init",), ("import", str(data.units_csv(FILES)), "--received-at", "2018-12-01")):
        proc = huikan(url, *args)
        if proc.wait():
            raise SystemExit(proc.stderr.read().decode())
    return url


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = {table: conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                 for table in ("source_file", "receipt", "hazard")}
        found["files stored twice"] = conn.execute(sa.text(
            "SELECT count(*) FROM (SELECT sha256 FROM source_file GROUP BY sha256 HAVING count(*) > 1) t")).scalar()
    engine.dispose()
    return found


def wait_all(procs: list[subprocess.Popen]) -> None:
    """Wait for every clerk's import (reading each one's output, so a full pipe never stalls it)."""
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(err.decode()[-2000:])


def main() -> None:
    admin = sys.argv[1]
    folder = data.returns_folder(FILES, ROWS)
    files = sorted(folder.iterdir())
    parts = Path(tempfile.mkdtemp(prefix="huikan-clerks-"))
    for k in range(CLERKS):  # each clerk's share of the inbox, as links to the same files
        share = parts / f"clerk{k}"
        share.mkdir()
        for f in files[k::CLERKS]:
            (share / f.name).symlink_to(f)
    when = ("--received-at", "2018-12-14 09:00")

    one = prepared(admin, "huikan_one_clerk")
    start = time.perf_counter()
    wait_all([huikan(one, "import", str(folder), *when)])
    t_one = time.perf_counter() - start

    four = prepared(admin, "huikan_four_clerks")
    start = time.perf_counter()
    wait_all([huikan(four, "import", str(parts / f"clerk{k}"), *when) for k in range(CLERKS)])
    t_four = time.perf_counter() - start

    print(f"1 clerk, {FILES} returns of {ROWS} rows: {t_one:.1f} s ({t_one / FILES * 1000:.1f} ms a file)")
    print(f"{CLERKS} clerks, {FILES // CLERKS} each, at once: {t_four:.1f} s ({t_four / FILES * 1000:.1f} ms a file)")
    for label, url in (("1 clerk", one), (f"{CLERKS} clerks", four)):
        print(f"{label}: {counts(url)}")


if __name__ == "__main__":
    main()
