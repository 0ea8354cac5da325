"""What an import did, as a report: the results table, and for a dry run how each file was read
(which column as which field, the first records as read)."""

from __future__ import annotations

from huikan.display import STATUS_LABELS
from huikan.importers.preview import field_name
from huikan.recognise.vocabulary import KIND_LABELS
from huikan.reports.base import Col, Report, Section

OUTCOME_LABELS = {"imported": "已导入", "updated": "已更新", "unchanged": "未变化（已导入过）", "rejected": "拒收",
                  "failed": "未导入（账本写入失败）", "not_tried": "未尝试"}
DOCUMENT_LABELS = {"selfcheck": "自查报告", "weekly": "工作进展", "plan": "实施方案", "special": "专题报告", "ledger": "问题隐患台账"}
OUTCOME_STYLES = {"imported": "good", "updated": "good", "unchanged": "dim", "rejected": "bad", "failed": "bad",
                  "not_tried": "warn"}
PREVIEW_SKIP = {"kind", "row", "notes"}


def _kind(r) -> str:
    kind = "+".join(KIND_LABELS.get(k, k) for k in r.kind.split("+")) if r.kind else ""
    if r.format == "document" and r.outcome != "rejected":
        kind = f"{DOCUMENT_LABELS.get(r.kind, kind)}（文档）"
    return kind


def import_report(results, dry_run: bool) -> Report:
    rows, styles = [], []
    for r in results:
        rows.append({
            "file": r.short_name, "unit": r.unit or "", "kind": _kind(r), "outcome": OUTCOME_LABELS[r.outcome],
            "rows": r.rows if r.outcome in ("imported", "updated") else "", "problems": len(r.errors) or "",
            "notes": len(r.notes) or "",
        })
        styles.append(OUTCOME_STYLES[r.outcome])
    columns = [Col("file", "文件"), Col("unit", "单位"), Col("kind", "类型"), Col("outcome", "结果"), Col("rows", "行数"),
               Col("problems", "问题"), Col("notes", "说明")]
    counts = {o: sum(1 for r in results if r.outcome == o) for o in OUTCOME_LABELS}
    summary = ["（试导入：未写入账本）"] if dry_run else []
    summary.append(f"共 {len(results)} 个文件：导入 {counts['imported']}，更新 {counts['updated']}，"
                   f"未变化 {counts['unchanged']}，拒收 {counts['rejected']}")
    if counts["failed"] or counts["not_tried"]:
        summary.append(f"账本写入失败：{counts['failed']} 个文件未导入，其后 {counts['not_tried']} 个文件未尝试；"
                       "此前导入的文件已保存。排除故障后重新导入同一文件夹即可（已导入的文件会显示“未变化”）")
    title = "导入结果（试导入）" if dry_run else "导入结果"
    sections = [Section(title, columns, rows, empty="没有找到文件", styles=styles)]
    if dry_run:
        for r in results:
            sections += reading_sections(r)
    return Report(title, sections, [r.as_json() for r in results], summary)


def reading_sections(result) -> list[Section]:
    """How one file was read: its tables' columns as fields, and its first records."""
    name = result.short_name
    sections = []
    for table in result.columns:
        where = f"工作表「{table['sheet']}」"
        if table["layout"] == "table":
            first, last = table["header_rows"]
            where += f"，表头第{first}行" if first == last else f"，表头第{first}–{last}行"
        else:
            where += "，表单（标签和内容）"
        rows = [{"column": f["column"] if table["layout"] == "table" else f["cell"], "header": f["header"],
                 "field": f["field_name"]} for f in table["fields"]]
        rows += [{"column": "", "header": h, "field": "（未识别，未导入）"} for h in table["unknown"]]
        sections.append(Section(f"{name}：{where}", [Col("column", "列"), Col("header", "表头"), Col("field", "读作")], rows,
                                styles=[None] * len(table["fields"]) + ["dim"] * len(table["unknown"])))
    if result.preview:
        shown = [{"n": i, "record": "；".join(f"{field_name(k)}={_plain(STATUS_LABELS.get(v, v) if k == 'status' else v)}"
                                            for k, v in rec.items() if k not in PREVIEW_SKIP and v not in (None, "", [], {}))}
                 for i, rec in enumerate(result.preview, start=1)]
        sections.append(Section(f"{name}：前 {len(shown)} 条读取结果", [Col("n", "序"), Col("record", "读取结果")], shown))
    return sections


def _plain(value) -> str:
    if isinstance(value, dict):
        return "，".join(f"{field_name(k)}={_plain(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
