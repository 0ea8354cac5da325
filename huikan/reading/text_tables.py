"""Text tables (.csv, .txt): told by their bytes, decoded, and read a chunk of rows at a time.

A CSV export of a national ledger runs to a million rows and 200 MB. Read whole, its cells
took 1.9 GB; read CHUNK_ROWS rows at a time, a sheet holds its first chunk (where the header
and the evidence for the columns are) and ``Sheet.rest`` reads the others when an importer
that streams asks for them, so memory stays flat however long the file is.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from huikan.errors import InputError, Problem

CHUNK_ROWS = 20_000  # rows per chunk: ~30 MB of cells for a 14-column ledger
# The first chunk is never shorter: it holds the header (within the first 30 rows) and the rows
# below it that its columns are weighed with (30).
MIN_HEAD_ROWS = 100
LOOKAHEAD_ROWS = 200  # how far past a footer a recogniser looks for rows left under it

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode 文本" (.txt) and some exports
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_BLOCK = 1 << 20
_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GBK"}


def mostly_text(head: bytes) -> bool:
    """Text has next to no control bytes (a NUL or two left by an export); a binary file, about
    one byte in nine."""
    return len(head) - len(head.translate(None, _CONTROL_BYTES)) <= len(head) // 100


def utf16_variant(head: bytes) -> str | None:
    """The UTF-16 variant of text bytes: by their BOM, or by ASCII characters' zero bytes falling
    on one side (tab-separated text saved without a BOM); None for anything else."""
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = head[:512] if len(head) % 2 == 0 else head[:511]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 8 and even == 0:
        return "utf-16-le"
    if even > len(sample) // 8 and odd == 0:
        return "utf-16-be"
    return None


@dataclass(frozen=True)
class TextTable:
    """How a text table is read: its encoding, its delimiter, and what it was when first read."""

    path: Path
    encoding: str
    delimiter: str
    nul: int  # NUL characters in it (dropped)
    stamp: tuple[int, int]  # size and modification time: the file must not change while it is read

    def rows(self, skip: int = 0) -> Iterator[list[str]]:
        """Its rows from row ``skip`` (0-based), NUL characters dropped. ValueError, said for the
        clerk, for a byte the encoding cannot read, a cell no reader takes (an unclosed quote
        swallowing the file), or a file changed or gone since it was first read (a long table is
        read again, chunk by chunk, while it is stored)."""
        try:
            if _stamp(self.path) != self.stamp:
                raise ValueError("文件在导入过程中被修改，请待其保存完毕后重新导入")
            with self.path.open(encoding=self.encoding, newline="") as fh:
                lines = (line.replace("\x00", "") for line in fh) if self.nul else fh
                # Only the delimiter is guessed: the sniffer also guesses doublequote, and guesses it wrong
                # for a field with "" inside ("回头看" in an OA export), which then swallows the next field.
                reader = csv.reader(lines, csv.excel, delimiter=self.delimiter)
                try:
                    yield from islice(reader, skip, None)
                except UnicodeDecodeError:
                    raise ValueError(f"第{reader.line_num + 1}行含无法识别的字符（文件按 "
                                     f"{_NAMES.get(self.encoding, 'UTF-16')} 编码读取）") from None
                except csv.Error:  # a field over csv's limit: a quote opened and never closed
                    raise ValueError(f"第{reader.line_num}行起的一格过长，无法读取（可能是引号没有配对），"
                                     "请在 Excel/WPS 中打开后另存为 .xlsx 再发送") from None
        except OSError as exc:
            raise ValueError(f"无法读取文件：{exc.strerror or exc}") from None

    def chunks(self, skip: int, size: int) -> Iterator[tuple[int, list[list[str]], list[list[str]]]]:
        """The rows from row ``skip`` on, ``size`` at a time: (first row's 0-based index, rows, the
        LOOKAHEAD_ROWS rows after them)."""
        rows = self.rows(skip)
        buffered = list(islice(rows, size + LOOKAHEAD_ROWS))
        while buffered:
            chunk, after = buffered[:size], buffered[size:]
            yield skip, chunk, after
            skip += len(chunk)
            buffered = after + list(islice(rows, size + LOOKAHEAD_ROWS - len(after)))


def _stamp(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns


def open_text_table(path: Path) -> TextTable:
    """A text table's encoding — UTF-16 (by BOM or by its zero bytes), else UTF-8 (with or without
    BOM) when every byte is valid UTF-8, else GB18030 (a superset of GBK) — and its delimiter,
    checked over the whole file in one pass of blocks. InputError when no encoding reads it."""
    stamp = _stamp(path)
    with path.open("rb") as fh:
        head = fh.read(4096)
    variant = utf16_variant(head)
    candidates = [variant] if variant else ["utf-8-sig", "gb18030"]
    # Lines are counted in the byte order the BOM names: a later block has no BOM of its own.
    lines_in = {"utf-16": "utf-16-be" if head.startswith(b"\xfe\xff") else "utf-16-le"}
    for encoding in candidates:
        try:
            nul, sample = _decoded(path, encoding, lines_in.get(encoding, encoding))
        except _Undecodable as exc:
            if encoding == "utf-8-sig":
                continue
            what = "文件按 UTF-16 编码读取" if variant else "既非 UTF-8 也非 GBK 编码"
            raise InputError(str(path), [Problem(f"第{exc.line}行含无法识别的字符（{what}）")]) from None
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;，").delimiter
        except csv.Error:
            delimiter = ","
        return TextTable(path, encoding, delimiter, nul, stamp)
    raise AssertionError("unreachable: GB18030 is the last candidate")


class _Undecodable(Exception):
    def __init__(self, line: int):
        self.line = line


def _decoded(path: Path, encoding: str, lines_in: str) -> tuple[int, str]:
    """Decode the whole file in blocks: its NUL characters and its first 8,192 characters (NULs
    dropped), or _Undecodable with the line of the first byte the encoding cannot read (the
    lines before it in its block counted in ``lines_in``)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    nul = lines = 0
    sample = ""
    with path.open("rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            try:
                chars = decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                pending = block[:max(exc.start, 0)].decode(lines_in, "replace")
                raise _Undecodable(lines + pending.count("\n") + 1) from None
            nul += chars.count("\x00")
            lines += chars.count("\n")
            if len(sample) < 8192:
                sample += chars[:8192].replace("\x00", "")
            if not block:
                return nul, sample[:8192]
