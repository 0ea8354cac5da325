"""Check a corpus of returns against what a careful clerk reads from them.

A corpus is a folder of files with ``expected.json`` (see tests/fixtures/returns/README.md):
each file is imported in order with its ``received_at`` into one ledger holding the sample unit
list, and what the CLI then shows (``import --json``, ``units``, ``hazards``, ``weekly``,
``selfcheck --json``) is compared with the expectations. ``check`` returns every mismatch as a
line; the committed corpus must give none.
"""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import SAMPLE


def _phones(person: dict | None) -> set[str]:
    if not person:
        return set()
    return {p.replace(" ", "").replace("-", "") for p in (person.get("phone") or "", person.get("mobile") or "")
            for p in p.replace("/", " ").split() if p}


def _person_mismatch(where: str, got: dict | None, want: dict | None) -> list[str]:
    if want is None:
        return [] if got is None else []  # a blank person keeps what was known
    if got is None:
        return [f"{where}: missing {want['name']}"]
    out = []
    if got["name"] != want["name"]:
        out.append(f"{where}: name {got['name']!r} != {want['name']!r}")
    if want.get("title") and got.get("title") != want["title"]:
        out.append(f"{where}: title {got.get('title')!r} != {want['title']!r}")
    have = _phones(got)
    for phone in want.get("phones", []):
        if phone.replace("-", "").replace(" ", "") not in have:
            out.append(f"{where}: phone {phone} not in {sorted(have)}")
    return out


def check(folder: Path, run) -> tuple[list[str], int]:
    """Import the corpus; returns the mismatches and how many files were read."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert run("init").exit_code == 0
    assert run("import", str(SAMPLE / "单位名单.xlsx")).exit_code == 0
    if expected.get("unit_list_first"):
        run("import", str(folder / expected["unit_list_first"]))
    problems: list[str] = []
    for entry in expected["files"]:
        name = entry["file"]
        result = run("import", str(folder / name), "--received-at", entry["received_at"], "--json")
        try:
            [got] = json.loads(result.stdout)
        except ValueError:
            problems.append(f"{name}: no JSON ({result.output[-300:]})")
            continue
        where = f"{name}"
        if got["outcome"] != entry["outcome"]:
            detail = "; ".join(e["message"] for e in got["errors"])[:300]
            problems.append(f"{where}: outcome {got['outcome']} != {entry['outcome']} {detail}")
            continue
        if entry["outcome"] in ("rejected", "unchanged"):
            continue
        if entry.get("kind") and got["kind"] != entry["kind"]:
            problems.append(f"{where}: kind {got['kind']} != {entry['kind']}")
        if entry.get("unit") and got["unit"] != entry["unit"]:
            problems.append(f"{where}: unit {got['unit']} != {entry['unit']}")
        problems += _check_units(run, where, entry)
        problems += _check_weekly(run, where, entry, Path(name).name)
        problems += _check_selfcheck(run, where, entry)
        problems += _check_hazards(run, where, entry)
    return problems, len(expected["files"])


def _units(run) -> dict[str, dict]:
    return {u["name"]: u for u in json.loads(run("units", "--json").stdout)}


def _check_units(run, where: str, entry: dict) -> list[str]:
    out = []
    wanted = entry.get("units") or []
    contacts = entry.get("contacts") or {}
    if not wanted and not contacts:
        return out
    units = _units(run)
    for want in wanted:
        got = units.get(want["name"])
        if got is None:
            out.append(f"{where}: unit {want['name']} not stored")
            continue
        if want.get("category") and got["category"] != want["category"]:
            out.append(f"{where}: {want['name']} category {got['category']!r} != {want['category']!r}")
        missing = set(want.get("aliases") or []) - set(got["aliases"])
        if missing:
            out.append(f"{where}: {want['name']} aliases missing {sorted(missing)}")
        for role in ("lead", "liaison"):
            out += _person_mismatch(f"{where}: {want['name']} {role}", got[role], want.get(role))
    for unit, people in contacts.items():
        got = units.get(unit)
        if got is None:
            out.append(f"{where}: contacts unit {unit} unknown")
            continue
        for role in ("lead", "liaison"):
            out += _person_mismatch(f"{where}: {unit} {role}", got[role], people.get(role))
    return out


def _contains(value: str | None, part: str | None) -> bool:
    return not part or (value is not None and "".join(part.split()) in "".join(value.split()))


def _check_weekly(run, where: str, entry: dict, file: str) -> list[str]:
    out = []
    for want in entry.get("weekly") or []:
        data = json.loads(run("weekly", "--unit", want["unit"], "--json").stdout)
        mine = [w for w in data if w["file"] == file]
        got = next((w for w in mine if w["week"] == want.get("week")), None)
        if got is None:
            out.append(f"{where}: weekly {want['unit']} week {want.get('week')} not found (got weeks {[w['week'] for w in mine]})")
            continue
        for key in ("state", "found", "rectified", "found_total", "rectified_total"):
            if key in want and got[key] != want[key]:
                out.append(f"{where}: weekly week {want.get('week')} {key} {got[key]!r} != {want[key]!r}")
        if not _contains(got["work_done"], want.get("work_done_contains")):
            out.append(f"{where}: weekly work_done {got['work_done'][:40]!r} lacks {want['work_done_contains']!r}")
        if not _contains(got["next_plan"], want.get("next_plan_contains")):
            out.append(f"{where}: weekly next_plan {got['next_plan'][:40]!r} lacks {want['next_plan_contains']!r}")
    return out


def _check_selfcheck(run, where: str, entry: dict) -> list[str]:
    out = []
    wanted = entry.get("selfcheck") or []
    by_unit: dict[str, dict] = {}
    for want in wanted:
        if want["unit"] not in by_unit:
            data = json.loads(run("selfcheck", "--unit", want["unit"], "--json").stdout)
            by_unit[want["unit"]] = {a["item"]: a for a in data}
        got = by_unit[want["unit"]].get(want["item"])
        if got is None:
            out.append(f"{where}: selfcheck {want['unit']} item {want['item']} missing")
            continue
        for key in ("found", "rectified"):
            if key in want and got[key] != want[key]:
                out.append(f"{where}: selfcheck item {want['item']} {key} {got[key]!r} != {want[key]!r}")
        if not _contains(got["finding"], want.get("finding_contains")):
            out.append(f"{where}: selfcheck item {want['item']} finding {got['finding'][:40]!r} lacks {want['finding_contains']!r}")
    return out


def _check_hazards(run, where: str, entry: dict) -> list[str]:
    out = []
    by_unit: dict[str, list[dict]] = {}
    for want in entry.get("hazards") or []:
        if want["unit"] not in by_unit:
            by_unit[want["unit"]] = json.loads(run("hazards", "--unit", want["unit"], "--json").stdout)
        got = next((h for h in by_unit[want["unit"]] if h["description"] == want["description"]), None)
        if got is None:
            out.append(f"{where}: hazard {want['description'][:30]!r} not stored")
            continue
        for key in ("venue", "item", "major", "status", "deadline", "done_on", "responsible"):
            if key in want and got[key] != want[key] and not (key in ("venue", "responsible") and not want[key] and not got[key]):
                out.append(f"{where}: hazard {want['description'][:20]!r} {key} {got[key]!r} != {want[key]!r}")
    return out
