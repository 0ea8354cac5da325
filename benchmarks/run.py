"""huikan's performance, measured against floors and peers in the same run on this machine.

    python benchmarks/run.py            # the full set (100k and 1M hazards; first run builds data, minutes)
    python benchmarks/run.py --quick    # smaller data, for a quick look

Prints one table: case, median and min–max of the repetitions, the floor (or peer) measured in
the same run, the ratio, and the bar from issue #7. Every case runs as a separate process, as
the clerk runs huikan. Data is cached in benchmarks/.cache.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402

PY = sys.executable
FLOORS = str(Path(__file__).resolve().parent / "floors.py")
AS_OF = "2018-12-24 09:00"


@dataclass
class Case:
    name: str
    times: list[float]
    floor_name: str
    floor: float
    bar: str  # the target, e.g. "<= 2.0x"
    limit: float | None  # ratio must be <= limit, or (peer) >= 1/limit
    peer: bool = False
    note: str = ""

    @property
    def ratio(self) -> float:
        med = statistics.median(self.times)
        return self.floor / med if self.peer else med / self.floor

    @property
    def ok(self) -> str:
        if self.limit is None:
            return ""
        met = self.ratio >= self.limit if self.peer else self.ratio <= self.limit
        return "ok" if met else "MISSED"


def timed(cmd: list[str], reps: int, setup=None) -> list[float]:
    times = []
    for _ in range(reps):
        if setup:
            setup()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
    return times


def timed_alternately(cmd: list[str], floor: list[str], reps: int) -> tuple[list[float], list[float]]:
    """Times of a command and of its floor, run one after the other ``reps`` times."""
    ours, theirs = [], []
    for _ in range(reps):
        ours += timed(cmd, 1)
        theirs += timed(floor, 1)
    return ours, theirs


def peak_mib(cmd: list[str], setup=None) -> float:
    """Peak resident memory of a command (measured from a fresh parent that only waits for it)."""
    if setup:
        setup()
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
             " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", probe, *cmd], check=True, capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024


def huikan(db: Path | str, *args: str) -> list[str]:
    return [PY, "-m", "huikan", "--db", str(db), *args]


def same_overdue(db: Path) -> bool:
    """The same-output floor is only a floor if its output is huikan's."""
    import json

    ours = subprocess.run(huikan(db, "overdue", "--as-of", AS_OF, "--json"), check=True, capture_output=True).stdout
    floor = subprocess.run([PY, FLOORS, "overdue-same", str(db), AS_OF], check=True, capture_output=True).stdout
    return json.loads(ours)["hazards"] == json.loads(floor)["hazards"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20k/200k hazards instead of 100k/1M")
    parser.add_argument("--reps", type=int, default=3)
    opts = parser.parse_args()
    small, large = (20_000, 200_000) if opts.quick else (100_000, 1_000_000)
    reps = opts.reps
    work = Path(tempfile.mkdtemp(prefix="huikan-bench-"))
    cases: list[Case] = []
    notes: list[str] = []

    print(f"building data in {data.CACHE} (cached after the first run)…", flush=True)
    xlsx = data.ledger_xlsx(small)
    folder = data.returns_folder(500, 50)
    base200, base2000 = data.base_ledger(200), data.base_ledger(2000)
    big_small, big_large = data.big_ledger(small, 200), data.big_ledger(large, 2000)

    # 1. Import of a large ledger file.
    db = work / "import.db"
    fresh = lambda: shutil.copyfile(base200, db)  # noqa: E731
    ours = timed(huikan(db, "import", str(xlsx), "--unit", "郑州市旅游局", "--received-at", "2018-12-14 09:00"), reps, fresh)
    floor_db = work / "floor.db"
    floor = timed([PY, FLOORS, "import", str(xlsx), str(floor_db)], reps, lambda: floor_db.unlink(missing_ok=True))
    cases.append(Case(f"import {small // 1000}k-row ledger .xlsx", ours, "calamine + sqlite3 executemany",
                      statistics.median(floor), "<= 2.0x", 2.0))
    peer_db = work / "peer.db"
    peer = timed([PY, FLOORS, "peer", str(xlsx), str(peer_db)], reps, lambda: peer_db.unlink(missing_ok=True))
    cases.append(Case(f"import {small // 1000}k-row ledger .xlsx", ours, "peer: pandas(openpyxl) + to_sql",
                      statistics.median(peer), ">= 8x faster", 8.0, peer=True))
    mem = peak_mib(huikan(db, "import", str(xlsx), "--unit", "郑州市旅游局"), fresh)
    notes.append(f"import {small // 1000}k rows: peak memory {mem:.0f} MiB (bar: <= 350 MiB)")
    # The unit's next ledger: the same rows, one in ten now done (no bar; what a weekly re-send costs).
    later = data.ledger_xlsx(small, later=True)
    imported = work / "imported.db"
    shutil.copyfile(base200, imported)
    subprocess.run(huikan(imported, "import", str(xlsx), "--unit", "郑州市旅游局", "--received-at", "2018-12-14 09:00"),
                   check=True, capture_output=True)
    again = lambda: shutil.copyfile(imported, db)  # noqa: E731
    cases.append(Case(f"import the next {small // 1000}k-row ledger (10% done)",
                      timed(huikan(db, "import", str(later), "--unit", "郑州市旅游局", "--received-at", "2018-12-21 09:00"),
                            reps, again), "its first import", statistics.median(ours), "(reference)", None))
    mem = peak_mib(huikan(db, "import", str(later), "--unit", "郑州市旅游局", "--received-at", "2018-12-21 09:00"), again)
    notes.append(f"import the next {small // 1000}k-row ledger: peak memory {mem:.0f} MiB")

    # 1b. Recognising hazards again: a unit with 5,000 on record sends 1,000 new findings (issue 17;
    # 404 s before); the same file for a unit with nothing stored is the floor.
    findings = data.findings_xlsx(1000, 5001)
    stored = data.stored_ledger(5000)
    args = ("import", str(findings), "--unit", "郑州市旅游局", "--received-at", "2018-12-21 09:00")
    ours = timed(huikan(db, *args), reps, lambda: shutil.copyfile(stored, db))
    floor = timed(huikan(db, *args), reps, lambda: shutil.copyfile(base200, db))
    cases.append(Case("1,000 new rows for a unit with 5,000 stored", ours, "the same file, nothing stored",
                      statistics.median(floor), "<= 3.0x", 3.0))

    # 2. A folder of 500 small returns.
    db = work / "folder.db"
    fresh = lambda: shutil.copyfile(base2000, db)  # noqa: E731
    ours = timed(huikan(db, "import", str(folder), "--received-at", "2018-12-14 09:00"), max(1, reps - 1), fresh)
    floor = timed([PY, FLOORS, "read-folder", str(folder)], reps)
    cases.append(Case("import folder of 500 × 50-row returns", ours, "calamine reading all 500", statistics.median(floor),
                      "<= 6.0x", 6.0))  # issue 17's bar (issue 7's was 3x)

    # 2b. A folder of 5,000 (reported, no bar): time and peak memory against the same floor.
    if not opts.quick:
        folder5000, base5000 = data.returns_folder(5000, 50), data.base_ledger(5000)
        fresh = lambda: shutil.copyfile(base5000, db)  # noqa: E731
        args = huikan(db, "import", str(folder5000), "--received-at", "2018-12-14 09:00")
        ours = timed(args, 1, fresh)
        floor = timed([PY, FLOORS, "read-folder", str(folder5000)], 1)
        cases.append(Case("import folder of 5,000 × 50-row returns", ours, "calamine reading all 5,000",
                          statistics.median(floor), "(reported)", None))
        notes.append(f"folder of 5,000 returns: peak memory {peak_mib(args, fresh):.0f} MiB")

    # 2c. A long CSV ledger streams (issue 17): 1M rows, against the csv module + executemany.
    big_csv = data.ledger_csv(large)
    db = work / "csv.db"
    fresh = lambda: shutil.copyfile(base200, db)  # noqa: E731
    args = huikan(db, "import", str(big_csv), "--unit", "郑州市旅游局", "--received-at", "2018-12-14 09:00")
    ours = timed(args, max(1, reps - 1), fresh)
    floor_db = work / "floor-csv.db"
    floor = timed([PY, FLOORS, "import-csv", str(big_csv), str(floor_db)], max(1, reps - 1),
                  lambda: floor_db.unlink(missing_ok=True))
    cases.append(Case(f"import {large // 1000}k-row ledger .csv", ours, "csv module + sqlite3 executemany",
                      statistics.median(floor), "<= 2.0x", 2.0))
    notes.append(f"import {large // 1000}k-row CSV: peak memory {peak_mib(args, fresh):.0f} MiB (bar: <= 400 MiB)")

    # 3. Start-up: tenths of a second, so each command alternates with its floor, 15 times
    # (this shared machine slows down for seconds at a time; alternating, both see the same).
    reps_fast = max(reps, 15)
    ours, floor = timed_alternately([PY, "-m", "huikan", "--help"], [PY, "-c", "import click"], reps_fast)
    cases.append(Case("huikan --help", ours, "python -c 'import click'", statistics.median(floor), "<= 1.5x", 1.5))
    for args in (["units", "--json"], ["status", "--json", "--as-of", AS_OF], ["overdue", "--json", "--as-of", AS_OF]):
        ours, floor = timed_alternately(huikan(base200, *args), [PY, "-c", "import sqlalchemy.orm"], reps_fast)
        cases.append(Case(f"huikan {' '.join(args[:2])} (opens the ledger)", ours,
                          "python -c 'import sqlalchemy.orm'", statistics.median(floor), "<= 1.2x", 1.2))
    loaded = subprocess.run([PY, "-c", "import sys, huikan.cli; sys.argv=['huikan','--db','" + str(base200)
                             + "','units','--json']\ntry:\n huikan.cli.main()\nexcept SystemExit: pass\n"
                             "print(*(m in sys.modules for m in ('numpy', 'pandas', 'sqlalchemy.orm')), file=sys.stderr)"],
                            capture_output=True, text=True).stderr.split()[-3:]
    notes.append(f"units --json loads numpy, pandas, sqlalchemy.orm: {loaded}")

    # 4. Queries at scale.
    for label, db, units in ((f"{small // 1000}k", big_small, 200), (f"{large // 1000}k", big_large, 2000)):
        if label != f"{large // 1000}k":
            continue
        unit = data.unit_names(units)[17]
        cases.append(Case(f"status on {label} hazards", timed(huikan(db, "status", "--as-of", AS_OF, "--json"), reps),
                          "raw sqlite3 aggregation", statistics.median(timed([PY, FLOORS, "status", str(db), AS_OF], reps)),
                          "<= 2.0x", 2.0))
        ours = timed(huikan(db, "overdue", "--as-of", AS_OF, "--json"), reps)
        cases.append(Case(f"overdue --json on {label} hazards", ours, "raw sqlite3 + json, the same hazard list",
                          statistics.median(timed([PY, FLOORS, "overdue-same", str(db), AS_OF], reps)), "<= 2.0x", 2.0))
        cases.append(Case(f"overdue --json on {label} hazards", ours, "raw sqlite3 + json, 6 keys, unsorted",
                          statistics.median(timed([PY, FLOORS, "overdue", str(db), AS_OF], reps)), "(earlier floor)", None))
        notes.append(f"overdue on {label}: huikan's hazard list equals the floor's, key for key and in order: "
                     f"{same_overdue(db)}")
        out_docx = work / "bulletin.docx"
        ours = timed(huikan(db, "bulletin", "--as-of", AS_OF, "-o", str(out_docx), "--force", "--json"), reps)
        cases.append(Case(f"bulletin on {label} hazards", ours, "huikan status on the same ledger",
                          statistics.median(timed(huikan(db, "status", "--as-of", AS_OF, "--json"), reps)),
                          "<= 1.5x", 1.5))
        # Its floor includes the start-up every ledger command is allowed (decided in issue 17).
        ours = timed(huikan(db, "hazards", "--unit", unit, "--json"), reps)
        cases.append(Case(f"hazards --unit U --json on {label}", ours, "the same after import sqlalchemy.orm",
                          statistics.median(timed([PY, FLOORS, "hazards-orm", str(db), unit], reps)), "<= 2.0x", 2.0))
        cases.append(Case(f"hazards --unit U --json on {label}", ours,
                          "raw sqlite3 + json", statistics.median(timed([PY, FLOORS, "hazards", str(db), unit], reps)),
                          "(reference)", None))

    # 4b. The returns' reports at scale: 2,000 units × 4 weeks of weekly returns, and their self-checks.
    returns_db = data.returns_ledger(2000, 4)
    for command in ("weekly", "selfcheck"):
        ours, floor = timed_alternately(huikan(returns_db, command, "--json"), [PY, FLOORS, command, str(returns_db)],
                                        reps_fast)
        cases.append(Case(f"{command} --json, 2,000 units × 4 weeks", ours,
                          "raw sqlite3 + json after import sqlalchemy.orm", statistics.median(floor), "<= 2.0x", 2.0))

    # 4c. A dry run costs what the import costs.
    db = work / "dry.db"
    fresh = lambda: shutil.copyfile(base200, db)  # noqa: E731
    dry = timed(huikan(db, "import", str(xlsx), "--unit", "郑州市旅游局", "--received-at", "2018-12-14 09:00",
                       "--dry-run"), reps, fresh)
    wet = timed(huikan(db, "import", str(xlsx), "--unit", "郑州市旅游局", "--received-at", "2018-12-14 09:00"), reps, fresh)
    cases.append(Case(f"import --dry-run, {small // 1000}k-row ledger", dry, "the import itself",
                      statistics.median(wet), "<= 1.1x", 1.1))

    # 5. Export.
    out = work / "export.xlsx"
    rm = lambda: out.unlink(missing_ok=True)  # noqa: E731
    ours = timed(huikan(big_small, "export", "-o", str(out), "--as-of", AS_OF), max(1, reps - 1), rm)
    floor = timed([PY, FLOORS, "export", str(big_small), str(out), AS_OF], max(1, reps - 1), rm)
    cases.append(Case(f"export {small // 1000}k hazards", ours, "openpyxl write-only, no styles, same rows",
                      statistics.median(floor), "<= 1.3x", 1.3))
    styled = timed([PY, FLOORS, "export-xlsxwriter", str(big_small), str(out), AS_OF], max(1, reps - 1), rm)
    cases.append(Case(f"export {small // 1000}k hazards", ours, "XlsxWriter, same rows styled, bare loop",
                      statistics.median(styled), "(reference)", None))
    for label, db in ((f"{small // 1000}k", big_small), (f"{large // 1000}k", big_large)):
        notes.append(f"export {label} hazards: peak memory {peak_mib(huikan(db, 'export', '-o', str(out), '--as-of', AS_OF), rm):.0f} MiB")

    print()
    print(f"{'case':44} {'median':>8} {'min-max':>15}  {'floor / peer':42} {'floor':>8} {'ratio':>7}  bar")
    for c in cases:
        med = statistics.median(c.times)
        ratio = f"{c.ratio:.2f}x"
        print(f"{c.name:44} {med:7.2f}s {min(c.times):6.2f}-{max(c.times):6.2f}s  {c.floor_name:42} {c.floor:7.2f}s {ratio:>7}  {c.bar} {c.ok}")
    print()
    for note in notes:
        print(note)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
