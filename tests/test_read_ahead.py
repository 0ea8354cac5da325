"""Reading a batch ahead of the file being imported: order, errors and files passed over."""

from __future__ import annotations

import threading

import pytest

from huikan.errors import InputError
from huikan.reading import batch
from huikan.reading.batch import ReadAhead, collect_files
from tests.workbooks import write_csv, write_xlsx


def test_files_come_in_order_each_read_as_itself(tmp_path):
    paths = [write_xlsx(tmp_path / f"{i}.xlsx", [["序号", "单位"], [i, f"单位{i}"]]) for i in range(4)]
    seen = [(path, read()) for path, read in ReadAhead(paths)]
    assert [p for p, _ in seen] == paths
    assert [doc.path for _, doc in seen] == paths
    assert [doc.sheets[0].rows[1] for _, doc in seen] == [[i, f"单位{i}"] for i in range(4)]


def test_a_broken_file_raises_for_itself_only(tmp_path):
    good = write_csv(tmp_path / "a.csv", [["序号"], ["1"]])
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    after = write_csv(tmp_path / "c.csv", [["序号"], ["2"]])
    outcomes = []
    for path, read in ReadAhead([good, broken, after]):
        try:
            outcomes.append((path.name, read().format))
        except InputError as err:
            outcomes.append((path.name, err.problems[0].message[:6]))
    assert outcomes[0] == ("a.csv", "csv") and outcomes[2] == ("c.csv", "csv")
    assert outcomes[1][0] == "b.xlsx" and outcomes[1][1] != "xlsx"


def test_files_passed_over_are_not_read(tmp_path, monkeypatch):
    """While the readers are busy with the first files, the ones passed over are never read."""
    started, release = threading.Event(), threading.Event()
    read_paths = []

    def slow_read(path):
        read_paths.append(path.name)
        started.set()
        release.wait(5)
        return path.name

    monkeypatch.setattr(batch, "read_document", slow_read)
    paths = [tmp_path / f"{i}.xlsx" for i in range(5)]
    ahead = ReadAhead(paths)
    assert started.wait(5)  # reading began when the object was made
    names = [path.name for path, _ in ahead]  # every file passed over
    release.set()
    for thread in threading.enumerate():
        if thread.name.startswith("huikan-read"):
            thread.join(5)
    assert names == [p.name for p in paths]
    # Only those handed to a reader before they were passed over (the second may have been cancelled first).
    assert "0.xlsx" in read_paths and set(read_paths) <= {p.name for p in paths[:batch.READERS]}


def test_collect_files_walks_folders_sorted_without_litter(tmp_path):
    (tmp_path / "in" / "子").mkdir(parents=True)
    for name in ("b.xlsx", "a.xlsx", "~$a.xlsx", ".hidden.csv", "Thumbs.db", "子/c.csv"):
        (tmp_path / "in" / name).write_bytes(b"x")
    (tmp_path / "in" / ".git").mkdir()
    (tmp_path / "in" / ".git" / "d.csv").write_bytes(b"x")
    single = tmp_path / "single.csv"
    found = collect_files([tmp_path / "in", single])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["in/a.xlsx", "in/b.xlsx", "in/子/c.csv", "single.csv"]


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_any_depth_reads_every_file_taken(tmp_path, depth):
    paths = [write_csv(tmp_path / f"{i}.csv", [["序号"], [str(i)]]) for i in range(5)]
    assert [read().sheets[0].rows[1] for _, read in ReadAhead(paths, depth=depth)] == [[str(i)] for i in range(5)]


def test_files_packed_while_they_wait_import_as_those_kept(ledger_with_units, monkeypatch):
    """Beyond the first KEPT_UNPACKED files a batch holds each as a pickle until its turn: every
    kind of file (workbooks, CSV, Word, PDF, archive members) must come out as it does unpacked."""
    from huikan.importers import runner
    from huikan.importers.runner import import_paths

    from .conftest import NOW, SAMPLE

    def results(kept: int):
        monkeypatch.setattr(runner, "KEPT_UNPACKED", kept)
        found = import_paths(ledger_with_units, [SAMPLE / "收件箱"], dry_run=True, now=NOW)
        return [(r.file, r.outcome, r.kind, r.unit, r.rows, r.notes, [p.message for p in r.errors]) for r in found]

    unpacked, packed = results(10_000), results(0)
    assert len(unpacked) >= 19 and {r[1] for r in unpacked} <= {"imported", "updated"}
    assert packed == unpacked
