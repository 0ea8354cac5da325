"""Lower floors never reach up: the layers of docs/architecture.md, checked on every import
(at module level, inside functions and under TYPE_CHECKING alike)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "huikan"

# Lowest first. A module may import its own part and any lower layer; two parts on one layer
# stay apart (the workbook does not borrow from the terminal renderer, nor the reverse).
LAYERS = [
    {"errors", "display", "__init__"},
    {"reading", "outputs", "bug_report"},  # bytes in; files out (never over a good one); bug reports
    {"recognise"},
    {"campaigns", "clock"},
    {"ledger"},
    {"importers"},
    {"reports"},
    {"render", "workbook", "document"},  # terminal and JSON; workbooks; Word documents
    {"cli"},
    {"__main__"},  # python -m huikan
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def part_of(module: str) -> str:
    """huikan.ledger.tables -> ledger; huikan.clock -> clock; huikan -> __init__."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "__init__"


def imports_of(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "huikan"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "huikan":  # from huikan import clock
                found += [(node.lineno, f"huikan.{a.name}") for a in node.names
                          if (PACKAGE / f"{a.name}.py").exists() or (PACKAGE / a.name).is_dir()]
            elif node.module.split(".")[0] == "huikan":
                found.append((node.lineno, node.module))
    return found


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "migrations" in relative.parts:  # migrations are frozen history, run by the ledger
            continue
        yield path, ".".join(relative.parts)


def test_every_part_has_a_layer():
    parts = {part_of(name) for _, name in modules()}
    assert parts <= set(RANK), parts - set(RANK)


def test_no_import_reaches_up_or_sideways():
    upward = []
    for path, name in modules():
        mine = part_of(name)
        for line, imported in imports_of(path):
            theirs = part_of(imported)
            if theirs != mine and RANK[theirs] >= RANK[mine]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} {mine} -> {imported}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The walker itself: an import inside a function, and one from the package root, are seen."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from huikan.reports.status import compute_status\nfrom huikan import clock\n",
                     encoding="utf-8")
    assert sorted(imports_of(probe)) == [(2, "huikan.reports.status"), (3, "huikan.clock")]
