"""Refuse hostile containers before any parser sees them, and find the cells calamine reads as blank
although they are not: formulas without a cached value and error values (#REF!, #N/A…).

Limits (documented in the README):
- a zip member may expand to at most MAX_MEMBER_BYTES, all members together to MAX_TOTAL_BYTES;
- a member larger than RATIO_FLOOR_BYTES may expand at most MAX_RATIO times its compressed size;
- no XML member may declare a DTD or entities (billion laughs and external entities).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from huikan.errors import InputError, Problem

# What zipfile raises on a damaged archive, besides BadZipFile: a broken deflate stream, an
# unknown compression method or zip version (NotImplementedError), an encrypted member
# (RuntimeError), a truncated member (EOFError), an impossible offset (OSError).
DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError)

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 16 * 1024 * 1024
_PROLOG_BYTES = 4096


def inflates_too_far(member: zipfile.ZipInfo) -> bool:
    """A zip member too large once inflated, or inflating too many times over (a zip bomb)."""
    size = member.file_size
    return size > MAX_MEMBER_BYTES or (size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(member.compress_size, 1))


def check_zip(path: Path) -> None:
    """InputError for a zip bomb or XML with DTD/entity declarations; reads only headers and prologs."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            total = sum(m.file_size for m in members)
            for m in members:
                if inflates_too_far(m):
                    raise _refuse(path, f"文件中的「{m.filename}」解压后达 {m.file_size // 2**20} MB，"
                                        f"压缩比异常（疑似压缩炸弹），已拒收")
            if total > MAX_TOTAL_BYTES:
                raise _refuse(path, f"文件解压后共 {total // 2**20} MB，超过 {MAX_TOTAL_BYTES // 2**20} MB 上限，已拒收")
            for m in members:
                if m.filename.endswith((".xml", ".rels")):
                    with zf.open(m) as fh:
                        prolog = fh.read(_PROLOG_BYTES)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise _refuse(path, f"文件中的「{m.filename}」含有 XML 实体声明（可能是恶意文件），已拒收")
    except DAMAGED_ZIP:
        raise _refuse(path, "文件已损坏（不是完整的 .xlsx 压缩包），请让报送单位重新保存后发送") from None


def _refuse(path: Path, message: str) -> InputError:
    return InputError(str(path), [Problem(message)])


_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_SHEET_ALT = re.compile(rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)


_CHUNK = 4 * 1024 * 1024


def _mentions_formula_or_error(zf: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet's XML holds a formula or an error cell, read in chunks: a 100k-row sheet
    expands to tens of MB, and most returns hold neither."""
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            seam = tail + chunk[:5]  # a marker split across two chunks (no copy of the chunk)
            if b"<f" in chunk or b't="e"' in chunk or b"<f" in seam or b't="e"' in seam:
                return True
            tail = chunk[-5:]
    return False


def _unescape(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML member, from workbook.xml and its relationships."""
    workbook = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _REL.findall(rels)}
    targets.update({rid: target for target, rid in _REL_ALT.findall(rels)})
    sheets = {name: rid for name, rid in _SHEET.findall(workbook)}
    sheets.update({name: rid for rid, name in _SHEET_ALT.findall(workbook)})
    paths = {}
    for name, rid in sheets.items():
        target = targets.get(rid, b"").decode()
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        paths[_unescape(name)] = path
    return paths


def xlsx_cell_issues(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Per sheet, the cells (0-based row, column) that hold a formula without a cached value
    ("公式") or an error value ("#REF!"…). Sheets without formulas cost one substring search."""
    issues: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for name, member in _sheet_paths(zf).items():
                try:
                    if not _mentions_formula_or_error(zf, member):
                        continue
                    data = zf.read(member)
                except KeyError:
                    continue
                found = {}
                for attrs, body in _CELL.findall(data):
                    body = body or b""
                    is_error = bool(_ERROR_TYPE.search(attrs))
                    has_formula = b"<f" in body
                    value = _VALUE.search(body)
                    if not is_error and not (has_formula and (value is None or value.group(1) == b"")):
                        continue
                    ref = _REF.search(attrs)
                    if ref is None:
                        continue
                    col = 0
                    for ch in ref.group(1):
                        col = col * 26 + (ch - 64)
                    found[(int(ref.group(2)) - 1, col - 1)] = _unescape(value.group(1)) if is_error and value else "公式"
                if found:
                    issues[name] = found
    except (*DAMAGED_ZIP, KeyError):  # calamine, reading the same bytes, names the damage
        return {}
    return issues
