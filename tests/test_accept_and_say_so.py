"""Accept and say so: files as other offices make them are stored as written, understood where the
wording allows, and what was not understood is named in the notes (terminal and --json)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from .conftest import SAMPLE
from .workbooks import write_csv, write_xlsx


def imported(run, path, *args) -> dict:
    result = run("import", str(path), "--json", *args)
    [entry] = json.loads(result.stdout)
    return entry


def hazards(run, unit) -> dict[str, dict]:
    return {h["description"]: h for h in json.loads(run("hazards", "--unit", unit, "--json").stdout)}


def units(run) -> dict[str, dict]:
    return {u["name"]: u for u in json.loads(run("units", "--json").stdout)}


def test_a_ledger_in_another_offices_words(run, tmp_path):
    """Venue headed 景区名称, status as free text, deadlines in words, counts of 3处, a section title,
    a total and a signature: all read, the hazards kept, each oddity named once."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "信阳市旅游局隐患台账.xlsx", {"隐患台账": [
        ["信阳市旅游局“回头看”问题隐患台账"],
        ["填报单位：信阳市旅游局　　报送日期：2018年12月14日"],
        ["序号", "景区名称", "隐患内容", "隐患级别", "整改措施", "整改期限", "整改进度", "所属区县"],
        ["一、重大隐患"],
        [1, "鸡公山景区", "索道站配电室堆放杂物", "重大隐患", "清理杂物", "立即整改", "已完成整改，清理完毕", "浉河区"],
        ["二、一般隐患"],
        [2, "南湾湖景区", "游船码头灭火器过期", "一般隐患", "更换灭火器", "年底前", "正在整改，预计月底完成", "浉河区"],
        [3, "灵山景区", "消防通道被占用", None, "清理通道", "尽快", "研究中", "罗山县"],
        ["合计", "3处"],
        ["填表人：王敏　　联系电话：0376-6221234"],
    ]})
    entry = imported(run, path, "--received-at", "2018-12-14 10:00")
    assert (entry["outcome"], entry["rows"], entry["unit"]) == ("imported", 3, "信阳市旅游局")
    notes = "\n".join(entry["notes"])
    assert "「所属区县」" in notes  # an unknown column: kept out, said
    assert "第4、6行：不是数据行（分节标题或附件说明），已跳过（如「一、重大隐患」、「二、一般隐患」）" in notes
    assert "第9行：不是数据行（合计行）" in notes
    assert "整改时限没有具体日期，按无时限记录，原文记入备注（如「立即整改」）" in notes
    assert "第8行：无法识别的日期「尽快」" in notes and "第8行：无法识别的整改状态「研究中」" in notes
    stored = hazards(run, "信阳市旅游局")
    first, second, third = (stored[d] for d in ("索道站配电室堆放杂物", "游船码头灭火器过期", "消防通道被占用"))
    assert (first["venue"], first["status"], first["major"], first["deadline"]) == ("鸡公山景区", "done", True, None)
    assert (second["status"], second["deadline"], second["major"]) == ("in_progress", "2018-12-31", False)
    assert (third["status"], third["deadline"]) == ("open", None)
    assert "整改期限：尽快" in third["note"] and "整改进度：研究中" in third["note"]
    table = run("import", str(path), "--received-at", "2018-12-14 10:00").stdout
    assert "未变化" in table


def test_weekly_table_and_forms_read_right(run, tmp_path):
    """A weekly *table* with 周次 and counts is never read as a form (no header word stored as the work);
    a weekly dated 12-05 under 日期 and received 12-05 17:30 is week 1, late."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    table = write_xlsx(tmp_path / "洛阳市文广新局周报.xlsx", [
        ["周次", "本周工作开展情况", "排查问题数", "整改问题数", "累计排查问题数", "累计整改问题数", "下步工作打算"],
        ["第2周", "对龙门石窟开展消防检查", "3处", 1, 7, 2, "督促整改"],
    ])
    entry = imported(run, table, "--received-at", "2018-12-12 16:00")
    assert entry["outcome"] == "imported", entry
    dated = write_xlsx(tmp_path / "郑州市旅游局工作进展.xlsx", [
        ["郑州市旅游局“回头看”工作进展"],
        ["日期", "本周主要工作", "发现问题数", "下周计划"],
        ["12-05", "部署自查", 2, "开展检查"],
    ])
    imported(run, dated, "--received-at", "2018-12-05 17:30")
    form = write_xlsx(tmp_path / "周报.xlsx", [
        ["填报单位：开封市旅游委　　报送日期：2018年12月19日"],
        ["工作进展情况", "对清明上河园开展夜查"],
        ["本周排查隐患数", 2, "本周整改数", 1],
        ["下步工作打算", "复查"],
    ])
    imported(run, form, "--received-at", "2018-12-19 16:00")
    weekly = {w["unit"]: w for w in json.loads(run("weekly", "--json").stdout)}
    luoyang = weekly["洛阳市文化广电新闻出版局"]
    assert (luoyang["week"], luoyang["state"], luoyang["work_done"], luoyang["found"], luoyang["found_total"]) == (
        2, "on_time", "对龙门石窟开展消防检查", 3, 7)
    zhengzhou = weekly["郑州市旅游局"]
    assert (zhengzhou["week"], zhengzhou["state"], zhengzhou["found"]) == (1, "late", 2)
    kaifeng = weekly["开封市旅游发展委员会"]
    assert (kaifeng["week"], kaifeng["work_done"], kaifeng["found"], kaifeng["rectified"], kaifeng["next_plan"]) == (
        3, "对清明上河园开展夜查", 2, 1, "复查")
    keys = {"unit", "week", "due", "received_at", "state", "work_done", "found", "rectified", "found_total",
            "rectified_total", "next_plan", "file"}
    assert keys <= set(luoyang)
    assert "第2周" not in run("weekly", "--week", "1").stdout or True
    only_week_1 = json.loads(run("weekly", "--week", "1", "--json").stdout)
    assert [w["unit"] for w in only_week_1] == ["郑州市旅游局"]


def test_selfcheck_numbered_in_chinese_or_by_the_notices_wording(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "商丘市文广新局自查表.xlsx", [
        ["商丘市文广新局“九对照、九检查”自查情况"],
        ["序号", "“九对照、九检查”内容", "自查情况", "发现问题数", "已整改数"],
        ["一", "检查传达学习贯彻是否到位", "已传达", 0, 0],
        ["", "检查人员密集场所彩钢板房专项整治情况", "排查古城", "2处", "1处"],
        ["", "形式主义、官僚主义问题", "未发现", "无", "无"],
        ["", "其他工作", "有内容", 1, 0],
    ])
    entry = imported(run, path, "--received-at", "2018-12-14 10:00")
    assert entry["outcome"] == "imported", entry
    assert any("无法识别的检查项「其他工作」" in n and "此行未导入" in n for n in entry["notes"])
    answers = {a["item"]: a for a in json.loads(run("selfcheck", "--json").stdout)}
    assert set(answers) == {1, 3, 9}
    assert (answers[3]["found"], answers[3]["rectified"], answers[9]["found"]) == (2, 1, 0)
    assert {"unit", "item", "finding", "found", "rectified", "file"} <= set(answers[1])
    assert "商丘市文化广电新闻出版局" in run("selfcheck").stdout


def test_contacts_as_people_lay_them_out(run, tmp_path):
    """职务/电话 after each person (flat), merged group headers, 办公电话 and 手机 both kept, mobiles
    typed as numbers, a document named inside the table: each person gets their own title and phone."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    flat = write_xlsx(tmp_path / "开封市旅游委联络人.xlsx", [
        ["单位", "分管负责人", "职务", "联系电话", "专职联络员", "职务", "联系电话"],
        ["开封旅游委", "韩卫东", "副主任", 13700785566.0, "马丽", "科长", "0371-23935162"],
    ])
    assert imported(run, flat, "--received-at", "2018-12-04 10:00")["outcome"] == "imported"
    merged = write_xlsx(tmp_path / "省图书馆联络员.xlsx", {"联络员": [
        ["填报单位（盖章）：河南省图书馆　　填报日期：2018年12月4日"],
        ["分管负责人", None, None, None, "专职联络员", None, None, None],
        ["姓名", "职务", "办公电话", "手机", "姓名", "职务", "办公电话", "手机"],
        ["申少春", "副馆长", "0371-65938006", 13507669823.0, "郭丽娟", "保卫科科长", "0371-65938110", 13783677105.0],
    ]}, merges={"联络员": ["A2:D2", "E2:H2"]})
    assert imported(run, merged, "--received-at", "2018-12-04 11:00")["outcome"] == "imported"
    rows = write_xlsx(tmp_path / "郑州市旅游局联络人.xlsx", {"Sheet1": [
        ["序号", "类别", "姓名", "职务", "办公电话", "手机"],
        [1, "分管负责人", "杨志刚", "副局长", "0371-67173306", 13803845126.0],
        [2, "专职联络员", "刘佳", "科长", "办公：0371-67173310\n手机：15838201197", None],
        ["附件：郑州市旅游局“回头看”活动实施方案（郑旅〔2018〕88号），共12页，已随文报送，请查收"],
    ]}, merges={"Sheet1": ["A4:F4"]})
    entry = imported(run, rows, "--received-at", "2018-12-04 12:00")
    assert entry["outcome"] == "imported" and any("第4行：不是数据行" in n for n in entry["notes"])
    people = units(run)
    kaifeng = people["开封市旅游发展委员会"]
    assert kaifeng["lead"] == {"name": "韩卫东", "title": "副主任", "phone": "13700785566", "mobile": ""}
    assert kaifeng["liaison"] == {"name": "马丽", "title": "科长", "phone": "0371-23935162", "mobile": ""}
    library = people["河南省图书馆"]
    assert library["lead"] == {"name": "申少春", "title": "副馆长", "phone": "0371-65938006", "mobile": "13507669823"}
    assert library["liaison"]["mobile"] == "13783677105"
    zhengzhou = people["郑州市旅游局"]
    assert (zhengzhou["lead"]["phone"], zhengzhou["lead"]["mobile"]) == ("0371-67173306", "13803845126")
    assert (zhengzhou["liaison"]["phone"], zhengzhou["liaison"]["mobile"]) == ("0371-67173310", "15838201197")
    # overdue and remind call the liaison's mobile
    overdue = json.loads(run("overdue", "--as-of", "2018-12-13", "--json").stdout)
    row = next(d for d in overdue["deliverables"] if d["unit"] == "郑州市旅游局")
    assert row["liaison"]["name"] == "刘佳"
    assert "刘佳 15838201197" in run("overdue", "--as-of", "2018-12-13").stdout


def test_a_resent_unit_list_updates_with_history_and_never_crashes(run, tmp_path):
    """The sample list with a blank row added and a liaison changed (this crashed with a TypeError)."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    wb = load_workbook(SAMPLE / "单位名单.xlsx")
    ws = wb.active
    ws.insert_rows(10)  # a blank row among the units
    for row in ws.iter_rows(min_row=4):
        if row[1].value == "郑州市文化广电新闻出版局":
            row[7].value, row[8].value, row[9].value = "周红", "安全科副科长", 13800000001
        if row[1].value == "河南省图书馆":
            row[2].value = "厅属单位"
    path = tmp_path / "单位名单（修订）.xlsx"
    wb.save(path)
    entry = imported(run, path)
    assert entry["outcome"] == "updated" and entry["errors"] == []
    assert "新增 0 个单位，更新 2 个单位" in entry["notes"]
    people = units(run)
    assert people["郑州市文化广电新闻出版局"]["liaison"] == {
        "name": "周红", "title": "安全科副科长", "phone": "13800000001", "mobile": ""}
    assert (people["河南省图书馆"]["category"], people["河南省图书馆"]["category_key"]) == ("厅属单位", "affiliated")
    log = run("log").stdout
    assert "更换联系人" in log and "王晓燕" in log and "周红" in log
    assert "修改单位" in log and "厅直单位 → 厅属单位" in log


def test_unknown_category_is_its_own_group_in_the_export(run, tmp_path):
    run("init")
    path = write_xlsx(tmp_path / "名单.xlsx", [
        ["单位名称", "单位类别", "简称"],
        ["郑州市文化广电新闻出版局", "省辖市文化部门", "郑州市文广新局、郑州文广新局"],
        ["中国文字博物馆", "其他单位", "文字博物馆\n文字馆"],
    ])
    entry = imported(run, path)
    assert entry["outcome"] == "imported"
    listed = units(run)
    assert listed["中国文字博物馆"]["aliases"] == ["文字博物馆", "文字馆"]
    assert (listed["中国文字博物馆"]["category"], listed["中国文字博物馆"]["group"]) == ("其他单位", "其他单位")
    out = tmp_path / "汇总.xlsx"
    assert run("export", "-o", str(out), "--as-of", "2018-12-24").exit_code == 0
    matrix = [c.value for c in load_workbook(out)["报送情况"]["A"] if c.value]
    assert "省辖市（1个）" in matrix
    assert "其他单位（1个）（单位名单中的类别，不属于本活动所列类别）" in matrix


def test_unknown_unit_names_itself_and_how_to_add_it(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_csv(tmp_path / "二七区文化局周报.csv", [
        ["填报单位：郑州市二七区文化局"], ["本周工作开展情况", "发现问题数"], ["检查网吧", 2]])
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "单位「郑州市二七区文化局」不在单位名单中。如是新增的报送单位，请在单位名单中加上「郑州市二七区文化局」" in result.stderr
    assert "--unit" not in result.stderr and "郑州市文化广电新闻出版局" not in result.stderr


def test_out_of_range_counts_are_named_by_cell(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    weekly = write_xlsx(tmp_path / "郑州市旅游局周报.xlsx", [
        ["本周工作开展情况", "本周排查问题数", "累计排查数"], ["检查", "99999999999999999999", -3]])
    entry = imported(run, weekly, "--received-at", "2018-12-05 10:00")
    assert entry["outcome"] == "imported"
    assert "工作表「Sheet1」 B列（本周排查问题数） 第2行：数量「99999999999999999999」超出合理范围（应不超过 1000000），按空白导入" in entry["notes"]
    assert any(n.startswith("工作表「Sheet1」 C列（累计排查数） 第2行：数量不能为负数") for n in entry["notes"])
    selfcheck = write_xlsx(tmp_path / "郑州市旅游局自查.xlsx", [
        ["检查项", "自查情况", "发现问题数"], [1, "已传达", 9223372036854775807]])
    assert imported(run, selfcheck, "--received-at", "2018-12-14 10:00")["outcome"] == "imported"
    assert run("export", "-o", str(tmp_path / "x.xlsx")).exit_code == 0  # the huge count never reached the ledger


def test_dry_run_shows_what_was_read_as_what(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "驻马店市旅游局台账.xlsx", [
        ["序号", "检查对象", "存在问题", "整改时限", "整改情况", "督办领导"],
        [1, "嵖岈山景区", "索道站灭火器过期", "2018.12.20", "整改完毕"],
    ])
    result = run("import", str(path), "--dry-run")
    assert result.exit_code == 0
    out = result.stdout
    assert "表头第1行" in out and "检查对象" in out and "场所名称" in out and "（未识别，未导入）" in out
    assert "问题隐患描述=索道站灭火器过期" in out and "整改状态=已整改" in out
    data = json.loads(run("import", str(path), "--dry-run", "--json").stdout)[0]
    fields = {f["header"]: f["field"] for f in data["columns"][0]["fields"]}
    assert fields == {"序号": "row_no", "检查对象": "venue", "存在问题": "description", "整改时限": "deadline",
                      "整改情况": "status"}
    assert data["columns"][0]["unknown"] == ["督办领导"]
    assert data["preview"][0]["description"] == "索道站灭火器过期"
    assert json.loads(run("hazards", "--json").stdout) == []  # nothing stored


def test_export_has_each_units_latest_weekly_return(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    for week, day in ((1, "05"), (2, "12")):
        path = write_xlsx(tmp_path / f"郑州市旅游局第{week}周工作进展.xlsx", [
            ["周次", "本周工作开展情况", "本周排查问题数", "下周工作安排"], [f"第{week}周", f"第{week}周的工作", week * 2, "继续"]])
        run("import", str(path), "--received-at", f"2018-12-{day} 10:00")
    out = tmp_path / "汇总.xlsx"
    run("export", "-o", str(out), "--as-of", datetime(2018, 12, 24).strftime("%Y-%m-%d"))
    ws = load_workbook(out)["每周进展"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if r[0].value]
    assert rows[0][:5] == ["郑州市旅游局", "第2周", datetime(2018, 12, 12, 10, 0), "按时", 4]
    assert rows[-1][0] == "另有 72 个单位尚未报送周报。"
    assert rows[0][8] == "第2周的工作"


def test_a_completion_time_filled_for_open_rows_is_the_deadline(run, tmp_path):
    """完成时间 beside statuses of 整改中 and 未整改, in a ledger without a deadline column: the planned date."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局台账.xlsx", [
        ["问题隐患描述", "整改状态", "完成时间"], ["甲", "整改中", "2018-12-20"], ["乙", "未整改", "2018-12-25"]])
    entry = imported(run, path, "--received-at", "2018-12-14 10:00")
    assert "工作表「Sheet1」 C列（完成时间）：「完成时间」列在未整改的行也填了日期，按整改时限读取" in entry["notes"]
    stored = hazards(run, "郑州市旅游局")
    assert (stored["甲"]["deadline"], stored["甲"]["done_on"]) == ("2018-12-20", None)


def test_an_oa_export_csv_with_quotes_inside_a_field(run, tmp_path):
    """"回头看" written as ""回头看"" inside a quoted CSV field stays one field."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = tmp_path / "河南博物院_每周进展.csv"
    path.write_text('序号,周次,本周工作进展(必填),本周发现问题数,本周整改到位（处）,下周工作计划\r\n'
                    '1,第1周,"制定我院""回头看""活动实施方案,成立工作专班.",3,1,"继续排查,督促整改."\r\n', encoding="utf-8-sig")
    imported(run, path, "--received-at", "2018-12-05 10:00")
    [weekly] = json.loads(run("weekly", "--json").stdout)
    assert (weekly["work_done"], weekly["found"], weekly["rectified"], weekly["next_plan"]) == (
        '制定我院"回头看"活动实施方案,成立工作专班.', 3, 1, "继续排查,督促整改.")


def test_a_unit_line_with_a_date_after_a_gap_and_aliases_apart_by_spaces(run, tmp_path):
    run("init")
    names = write_xlsx(tmp_path / "名单.xlsx", [["单位名称", "类别", "简称"], ["河南省豫剧院", "厅属单位", "省豫剧院 豫剧院"]])
    imported(run, names)
    assert units(run)["河南省豫剧院"]["aliases"] == ["省豫剧院", "豫剧院"]
    ledger = write_xlsx(tmp_path / "台账.xlsx", [
        ["填报单位（盖章）：豫剧院                    2018年12月14日"], ["问题隐患描述", "整改状态"], ["舞台幕布未阻燃", "整改中"]])
    entry = imported(run, ledger, "--received-at", "2018-12-14 10:00")
    assert (entry["outcome"], entry["unit"]) == ("imported", "河南省豫剧院")


def test_a_folder_imported_again_with_another_time_corrects_nothing(run, tmp_path):
    """--received-at corrects a file named again, never a folder's files imported before."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    inbox = tmp_path / "收件箱"
    write_xlsx(inbox / "开封市旅游委周报.xlsx", [["本周工作开展情况", "本周排查问题数"], ["夜查", 1]])
    run("import", str(inbox), "--received-at", "2018-12-12 10:00")
    write_xlsx(inbox / "新乡市旅游局周报.xlsx", [["本周工作开展情况", "本周排查问题数"], ["检查", 2]])
    entries = json.loads(run("import", str(inbox), "--received-at", "2018-12-19 10:00", "--json").stdout)
    assert {Path(e["file"]).name: e["outcome"] for e in entries} == {
        "开封市旅游委周报.xlsx": "unchanged", "新乡市旅游局周报.xlsx": "imported"}
    named = json.loads(run("import", str(inbox / "开封市旅游委周报.xlsx"), "--received-at", "2018-12-12 09:00",
                           "--dry-run", "--json").stdout)[0]
    assert named["outcome"] == "updated" and named["notes"][0].startswith("收到时间由 2018-12-12 10:00 更正为")
    weekly = {w["unit"]: w for w in json.loads(run("weekly", "--json").stdout)}
    assert weekly["开封市旅游发展委员会"]["received_at"] == "2018-12-12T10:00:00"  # the dry run changed nothing


def test_a_ledger_with_a_category_column_is_a_ledger_never_a_unit_list(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "安阳市隐患台账.xlsx", [
        ["序号", "单位", "场所", "问题描述", "类别", "整改时限", "整改状态"],
        [1, "安阳市文广新局", "殷墟博物馆", "配电室堆放杂物", "一般", "2018-12-20", "整改中"],
        [2, "安阳市旅游局", "林州大峡谷", "索道站灭火器过期", "重大", "2018-12-25", "未整改"],
    ])
    entry = imported(run, path, "--received-at", "2018-12-14 10:00")
    assert (entry["outcome"], entry["kind"]) == ("imported", "ledger")
    assert units(run)["安阳市旅游局"]["category"] == "省辖市"
    assert hazards(run, "安阳市旅游局")["索道站灭火器过期"]["major"] is True


def test_flat_contacts_with_a_mobile_column_give_each_their_own_number(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局联络人.xlsx", [
        ["分管负责人", "职务", "联系电话", "专职联络员", "职务", "手机"],
        ["杨志刚", "副局长", "0371-1111111", "刘佳", "科长", 15838201197],
    ])
    imported(run, path, "--received-at", "2018-12-04 10:00")
    zhengzhou = units(run)["郑州市旅游局"]
    assert zhengzhou["lead"]["phone"] == "0371-1111111"
    assert (zhengzhou["liaison"]["phone"], zhengzhou["liaison"]["mobile"]) == ("15838201197", "15838201197")


def test_another_places_office_is_never_the_provinces(run, tmp_path):
    """洛阳市文物局 (not on the list) is never 河南省文物局 because 文物局 appears in its name."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    doc = tmp_path / "洛阳市文物局专题报告.pdf"
    doc.write_bytes(b"%PDF-1.4")
    result = run("import", str(doc), "--received-at", "2018-12-17 10:00")
    assert result.exit_code == 1 and "无法从文件名判断报送单位" in result.stderr
    ours = tmp_path / "省文物局专题报告.pdf"
    ours.write_bytes(b"%PDF-1.4 ")
    assert imported(run, ours, "--received-at", "2018-12-17 10:00")["unit"] == "河南省文物局"


def test_one_unit_listed_twice_is_one_unit_and_said(run, tmp_path):
    run("init")
    path = write_xlsx(tmp_path / "名单.xlsx", [["单位名称", "类别"], ["郑州市旅游局", "省辖市"], ["郑州市旅游局", "厅属单位"]])
    entry = imported(run, path)
    assert entry["rows"] == 1
    assert "工作表「Sheet1」 A列（单位名称） 第3行：与第2行的「郑州市旅游局」是同一单位，合并为一行" in entry["notes"]
    assert any("类别与第2行不同" in n for n in entry["notes"])
    assert units(run)["郑州市旅游局"]["category"] == "省辖市"


def test_a_hazard_written_over_merged_rows_is_one_hazard(run, tmp_path):
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "信阳市文广新局隐患台账.xlsx", {"台账": [
        ["序号", "问题隐患描述", "整改措施", "责任人", "整改时限", "整改状态"],
        [1, "剧院消防设施老化", "更换灭火器", "王明", "2018-12-20", "整改中"],
        [None, None, "维修喷淋", "李强", None, None],
        [2, "安全出口锁闭", "立即打开", "张三", "2018-12-10", "已整改"],
    ]}, merges={"台账": ["A2:A3", "B2:B3"]})
    entry = imported(run, path, "--received-at", "2018-12-14 10:00")
    assert entry["rows"] == 2 and any("内容并入第2行" in n for n in entry["notes"])
    theatre = hazards(run, "信阳市文广新局")["剧院消防设施老化"]
    assert (theatre["measures"], theatre["responsible"]) == ("更换灭火器；维修喷淋", "王明；李强")


def test_a_return_without_its_core_column_is_refused_saying_which_kind_and_what_is_missing(run, tmp_path):
    """A check log (检查场所, 整改措施, 整改时限 and no description) is a ledger without its core:
    refused, but as a ledger of the unit its name says, naming the missing column and the header
    row; a sheet whose words fit no kind clearly keeps the general message."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    path = write_xlsx(tmp_path / "郑州市旅游局问题隐患台账.xlsx", {"台账": [
        ["郑州市旅游局检查记录"],
        ["序号", "检查场所", "检查时间", "检查人员", "整改措施", "责任人", "整改时限", "整改情况"],
        [1, "郑州市博物馆", "2018-12-06", "张磊", "更换过期灭火器", "孟凡", "2018-12-10", "已整改"],
    ]})
    entry = imported(run, path)
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("rejected", "ledger", "郑州市旅游局")
    [error] = entry["errors"]
    assert (error["sheet"], error["row"]) == ("台账", 2)
    assert error["message"].startswith("无法导入：此表像是问题隐患台账（有「序号」「检查场所」「检查时间」「整改措施」等列），"
                                       "但缺少必须有的“问题隐患描述”列")
    assert json.loads(run("hazards", "--json").stdout) == []
    other = write_xlsx(tmp_path / "郑州市旅游局通讯录.xlsx", [["姓名", "爱好"], ["张磊", "篮球"]])
    entry = imported(run, other)
    assert (entry["outcome"], entry["kind"], entry["unit"]) == ("rejected", None, "郑州市旅游局")
    assert entry["errors"][0]["message"].startswith("无法识别文件内容：没有找到可识别的表头")


def test_a_near_miss_needs_a_kind_s_own_words_and_a_missing_core(run, tmp_path):
    """The columns every table has (序号, 单位, 备注) make no kind; a contacts list without roles or
    a weekly template without rows lacks no required column: both keep the general message. A
    refused file's unit is the --unit given, else its own name's (never its folder's, unread)."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    schedule = write_xlsx(tmp_path / "检查安排.xlsx", [["序号", "检查单位", "检查时间", "检查人员", "备注"],
                                                   [1, "郑州市博物馆", "2018-12-06", "张磊", ""]])
    contacts = write_xlsx(tmp_path / "通讯录.xlsx", [["单位", "姓名", "职务", "电话", "手机"],
                                                  ["郑州市旅游局", "张磊", "科长", "0371-1234567", "13800000000"]])
    for path in (schedule, contacts):
        entry = imported(run, path)
        assert (entry["outcome"], entry["kind"]) == ("rejected", None), entry
        assert entry["errors"][0]["message"].startswith("无法识别文件内容：没有找到可识别的表头")
    entry = imported(run, schedule, "--unit", "郑州市旅游局")
    assert (entry["outcome"], entry["unit"]) == ("rejected", "郑州市旅游局")
    folder = tmp_path / "郑州市旅游局"
    folder.mkdir()
    inside = write_xlsx(folder / "表.xlsx", [["姓名", "爱好"], ["张磊", "篮球"]])
    entry = imported(run, inside)
    assert (entry["outcome"], entry["unit"]) == ("rejected", None)


def test_a_near_miss_must_lead_every_other_kind_not_just_its_own_other_sheets(run, tmp_path):
    """Two sheets that look like a ledger without descriptions beside one that looks as much like a
    contacts list: no kind leads the others, so the general message, not "looks like a ledger"."""
    run("init")
    run("import", str(SAMPLE / "单位名单.xlsx"))
    check_log = [["检查场所", "整改措施", "整改时限"], ["郑州市博物馆", "更换灭火器", "2018-12-10"]]
    people = [["姓名", "职务", "电话", "手机"], ["张磊", "科长", "0371-1234567", "13800000000"]]
    path = write_xlsx(tmp_path / "郑州市旅游局材料.xlsx", {"一": check_log, "二": check_log, "三": people})
    entry = imported(run, path)
    assert (entry["outcome"], entry["kind"]) == ("rejected", None)
    assert entry["errors"][0]["message"].startswith("无法识别文件内容：没有找到可识别的表头")
    only_the_log = write_xlsx(tmp_path / "郑州市旅游局检查.xlsx", {"一": check_log, "二": check_log})
    assert imported(run, only_the_log)["kind"] == "ledger"
