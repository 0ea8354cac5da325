"""Build huikan/sample_data/ (the demo's data, shipped in the package) (run from the repository root).

The files are committed; this script documents how they were made and lets a
developer rebuild them after a change. Files "saved by a real office suite" are
converted with LibreOffice when it is installed (see convert_with_libreoffice).
Needs openpyxl (the test extra: pip install -e ".[test]"): the sample returns imitate
what units make in Excel, so they are built with a general-purpose library, not ours.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

OUT = Path("huikan/sample_data")

CITIES = ["郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河", "三门峡",
          "南阳", "商丘", "信阳", "周口", "驻马店", "济源"]
COUNTIES = ["巩义市", "兰考县", "汝州市", "滑县", "长垣县", "邓州市", "永城市", "固始县", "鹿邑县", "新蔡县"]
# Tourism bureaus that were 旅游发展委员会 rather than 旅游局 in 2018.
TOURISM_COMMITTEES = {"洛阳", "开封", "焦作", "南阳"}

# A few units already sent contacts by phone; most send them with their plan.
CONTACTS = {
    "郑州市文化广电新闻出版局": (("李建国", "副局长", "13837100001"), ("王晓燕", "安全科科长", "13837100002")),
    "洛阳市旅游发展委员会": (("张海峰", "副主任", "13937900011"), ("赵敏", "市场科副科长", "13937900012")),
    "河南博物院": (("刘卫东", "副院长", "13607690021"), ("陈静", "保卫处处长", "0371-63511237")),
}


def unit_rows() -> list[tuple[str, str, str]]:
    rows = []
    for city in CITIES:
        rows.append((f"{city}市文化广电新闻出版局", "省辖市", f"{city}市文广新局、{city}文广新局"))
        if city in TOURISM_COMMITTEES:
            rows.append((f"{city}市旅游发展委员会", "省辖市", f"{city}市旅游委、{city}旅游委"))
        else:
            rows.append((f"{city}市旅游局", "省辖市", f"{city}旅游局"))
    for county in COUNTIES:
        short = county.rstrip("市县") if len(county) > 2 else county
        rows.append((f"{county}文化广电新闻出版局", "省直管县（市）", f"{county}文广新局、{short}文广新局"))
        rows.append((f"{county}旅游局", "省直管县（市）", f"{short}旅游局" if short != county else ""))
    rows += [
        ("安阳市文化市场综合执法支队", "文化市场综合执法队伍", "安阳市文化执法支队、安阳执法支队"),
        ("滑县文化市场综合执法大队", "文化市场综合执法队伍", "滑县执法大队"),
        ("中国文字博物馆", "省直单位", "文字博物馆"),
        ("河南省文物局", "省直单位", "省文物局"),
        ("河南博物院", "厅直单位", "省博物院"),
        ("河南省图书馆", "厅直单位", "省图书馆、省图"),
        ("河南省文化馆", "厅直单位", "省文化馆"),
        ("河南省美术馆", "厅直单位", "省美术馆"),
        ("河南省艺术研究院", "厅直单位", "省艺术研究院"),
        ("河南省豫剧院", "厅直单位", "省豫剧院"),
        ("办公室", "厅机关处室", "厅办公室"),
        ("财务处", "厅机关处室", "厅财务处"),
        ("公共服务处", "厅机关处室", "厅公共服务处"),
        ("市场管理处", "厅机关处室", "厅市场管理处、市场处"),
        ("资源开发处", "厅机关处室", "厅资源开发处"),
        ("产业发展处", "厅机关处室", "厅产业发展处、产业处"),
        ("艺术处", "厅机关处室", "厅艺术处"),
    ]
    return rows


def make_units(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "单位名单"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = "“回头看”活动责任单位名单"
    ws["A1"].font = Font(size=16, bold=True)
    ws.merge_cells("A1:J1")
    ws["A1"].alignment = Alignment(horizontal="center")
    for col, title in zip("ABCD", ["序号", "单位名称", "类别", "简称/别名"]):
        ws[f"{col}2"] = title
        ws.merge_cells(f"{col}2:{col}3")
    ws["E2"] = "分管负责人"
    ws.merge_cells("E2:G2")
    ws["H2"] = "专职联络员"
    ws.merge_cells("H2:J2")
    for col, title in zip("EFGHIJ", ["姓名", "职务", "联系电话"] * 2):
        ws[f"{col}3"] = title
    for n, (name, category, aliases) in enumerate(unit_rows(), start=1):
        lead, liaison = CONTACTS.get(name, ((None,) * 3, (None,) * 3))
        ws.append([n, name, category, aliases, *lead, *liaison])
    last = ws.max_row
    for row in ws.iter_rows(min_row=2, max_row=last, max_col=10):
        for cell in row:
            cell.border = border
    ws.append([])
    ws.append(["注：类别按通知所列责任单位填写；简称可填多个，用顿号分隔。"])
    ws.append(["填表人：孙丽", None, None, "联系电话：0371-65590001"])
    for col, width in zip("ABCDEFGHIJ", [6, 30, 20, 30, 10, 14, 15, 10, 14, 15]):
        ws.column_dimensions[col].width = width
    wb.save(path)


# --- returns in the inbox -----------------------------------------------------------

INBOX = OUT / "收件箱"
# When the office received each file (the demo sets the files' modification times from this).
RECEIVED: dict[str, str] = {}


def _received(name: str, when: str) -> Path:
    RECEIVED[name] = when
    return INBOX / name


def _fill_template(kind: str, path: Path, unit: str | None, date: str | None, rows: dict[str, list[list]]) -> None:
    """Fill huikan's own template the way a unit would: the 填报单位 line and rows under the header."""
    from openpyxl import load_workbook

    from huikan.campaigns import load_campaign
    from huikan.workbook.templates import build_template

    tmp = path.with_suffix(".tmp.xlsx")
    build_template(kind, load_campaign()).save(tmp)
    wb = load_workbook(tmp)
    tmp.unlink()
    for sheet, values in rows.items():
        ws = wb[sheet]
        header = next(r for r in range(1, 10) if ws.cell(r, 1).fill.fgColor.rgb and ws.cell(r, 1).font.b and ws.cell(r + 1, 1).fill.fgColor.rgb.endswith("FFFDE7"))
        if unit:
            ws.cell(header - 1, 2, unit)
        if date:
            for c in range(1, ws.max_column + 1):
                if ws.cell(header - 1, c).value == "填报日期：":
                    ws.cell(header - 1, c + 1, date)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value is not None:
                    ws.cell(header + 1 + i, j + 1, value)
    wb.save(path)


ZZ_LEDGER = [
    # 序号, 描述, 场所, 类型, 检查项, 等级, 发现日期, 来源, 措施, 责任人, 资金, 预案, 时限, 状态, 完成日期, 备注
    [1, "观众疏散通道堆放杂物，安全出口指示灯不亮", "郑州市群众艺术馆", "文化馆", "3.彩钢板房专项整治", "一般隐患", "2018-12-04", "自查", "清理杂物，更换指示灯", "张伟", 0.2, None, "2018-12-10", "已整改", "2018-12-08", None],
    [2, "剧场后台违规使用聚氨酯泡沫作保温层", "郑州大剧院", "剧院", "3.彩钢板房专项整治", "重大隐患", "2018-12-05", "自查", "拆除泡沫保温层，更换A级不燃材料", "刘强", 35, "后台停止使用，安排专人巡查，配备灭火器材", "2018-12-25", "整改中", None, None],
    [3, "部分灭火器压力不足、过期未检", "郑州图书馆", "图书馆", "4.隐患排查治理", "一般隐患", "2018/12/5", "自查", "更换过期灭火器", "陈红", 0.5, None, "2018年12月15日", "未整改", None, None],
    [4, "电气线路私拉乱接，未穿管保护", "郑州博物馆", "博物馆", "4.隐患排查治理", "一般隐患", "12月6日", "督查", "规范敷设线路并穿管", "赵刚", 1.2, None, "2018.12.20", "整改中", None, None],
    [5, "娱乐场所消防设施损坏未及时维修", "金水区某KTV", "娱乐场所", "8.事故预防", "重大隐患", "2018-12-06", "暗访", "责令停业整改，维修消防设施", "周敏", 8, "停业期间每日巡查", "2018-12-12", "未整改", None, "已下达整改通知书"],
    [6, "安全生产责任制未落实到岗位", "郑州市文广新局", "机关", "7.安全责任落实", "一般隐患", "2018-12-07", "自查", "修订岗位安全责任清单", "李建国", None, None, "2018-12-31", "整改中", None, None],
]


def make_inbox() -> None:
    INBOX.mkdir(parents=True, exist_ok=True)
    # 郑州: plan with contacts (named by alias), weekly on time and late, self-check with ledger, a later ledger.
    _fill_template("plan", _received("郑州市文广新局-实施方案联络人.xlsx", "2018-12-04 10:30"), "郑州市文广新局", "2018-12-04",
                   {"实施方案联络人信息表": [[None, "李建国", "副局长", "13837100001"], [None, "王晓燕", "安全科科长", "13837100002"]]})
    _fill_template("weekly", _received("郑州市文广新局第1周工作进展.xlsx", "2018-12-05 15:20"), "郑州市文广新局", "2018-12-05",
                   {"每周工作进展情况表": [["2018-12-05", "第1周", "召开党组会传达学习习近平总书记重要批示精神，制定“回头看”实施方案，部署全系统自查。", 6, 1, 6, 1, "开展重点场所消防安全检查。"]]})
    _fill_template("weekly", _received("郑州市文广新局第2周工作进展.xlsx", "2018-12-13 09:10"), "郑州市文广新局", "2018-12-12",
                   {"每周工作进展情况表": [["2018-12-12", "第2周", "对全市剧院、博物馆、图书馆开展消防安全检查。", 3, 2, 9, 3, "督促重大隐患整改。"]]})
    _fill_template("selfcheck", _received("郑州市文广新局自查报告及问题隐患台账.xlsx", "2018-12-14 16:00"), "郑州市文广新局", "2018-12-14", {
        "自查情况": [[None, "已召开党组会和专题会议传达学习", 0, 0], [None, "已对照省委省政府文件逐项落实", 0, 0],
                   [None, "排查彩钢板房及易燃保温材料", 2, 1], [None, "开展隐患排查治理", 2, 0], [None, "近三年无生产安全死亡事故", 0, 0],
                   [None, "防范措施已落实", 0, 0], [None, "岗位责任制需完善", 1, 0], [None, "重点场所暗访发现问题", 1, 0], [None, "无以文件落实文件问题", 0, 0]],
        "问题隐患台账": [[*row[:13], row[13], row[14], row[15]] for row in ZZ_LEDGER],
    })
    updated = [list(r) for r in ZZ_LEDGER]
    updated[1][13:15] = ["已整改", "2018-12-20"]  # the major hazard rectified
    updated[2][13:15] = ["已整改", "2018-12-14"]
    updated[3][1] = "电气线路私拉乱接，部分线路未穿管保护"  # wording edited by the unit
    updated[3][12], updated[3][15] = "2018-12-28", "需采购线管，申请延期"  # deadline extended
    del updated[5]  # one hazard left out of the newer ledger: kept, and listed
    updated.append([6, "消防控制室值班人员无证上岗", "郑州大剧院", "剧院", "8.事故预防", "一般隐患", "2018-12-18", "督查", "安排持证人员值班", "刘强", None, None, "2018-12-25", "整改中", None, None])
    _fill_template("ledger", _received("郑州市文广新局问题隐患台账（12月21日更新）.xlsx", "2018-12-21 11:00"), "郑州市文广新局", "2018-12-21",
                   {"突出问题和重大隐患台账": updated})

    # 开封: a hand-made ledger with a two-row merged header, title and 填报单位 lines, notes; saved as .xls.
    wb = Workbook()
    ws = wb.active
    ws.title = "隐患台账"
    ws.append(["开封市文化广电新闻出版局突出问题和重大隐患台账"])
    ws.merge_cells("A1:L1")
    ws.append(["填报单位：开封市文广新局（盖章）", None, None, None, None, None, None, None, "填报日期：2018年12月14日"])
    ws.append(["序号", "存在问题", "隐患场所", "隐患\n级别", "发现时间", "整改情况", None, None, None, None, "是否整改\n到位", "备注"])
    ws.append([None, None, None, None, None, "整改措施", "整改责任人", "整改资金\n（万元）", "应急预案", "整改期限", None, None])
    for col in "ABCDEKL":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("F3:J3")
    ws.append([1, "清明上河园部分演艺场馆疏散指示标志缺失", "清明上河园", "一般", "2018.12.6", "补设疏散指示标志", "王磊", 0.8, None, "2018年12月12日", "否", None])
    ws.append([2, "开封博物馆新馆临时库房采用彩钢板搭建", "开封博物馆", "重大隐患", "2018.12.7", "拆除彩钢板临时库房", "孙涛", 12, "库房暂停使用，文物转移", "2018年12月30日", "否", "已列入年度预算"])
    ws.append([])
    ws.append([3, "网吧安全出口被锁闭", "鼓楼区某网吧", "一般", "20181208", "责令立即开启安全出口", "李娜", None, None, "12月10日", "√", None])
    ws.append([])
    ws.append(["注：隐患级别分为一般、重大隐患。"])
    ws.append(["填表人：陈晨", None, None, "审核人：王建设", None, None, "联系电话：0371-23380000"])
    src = OUT / "_kaifeng.xlsx"
    wb.save(src)
    convert_with_libreoffice(src, "xls", _received("开封市文广新局问题隐患台账.xls", "2018-12-14 17:30"))

    # 洛阳旅游委: a weekly return as a CSV saved by LibreOffice in GBK (code page 936).
    wb = Workbook()
    ws = wb.active
    ws.append(["填报单位", "报送日期", "本周工作开展情况", "本周排查问题数", "本周整改数", "累计排查数", "累计整改数", "下周工作安排"])
    ws.append(["洛阳旅游委", "2018年12月5日", "组织A级景区、星级酒店开展消防安全自查", 4, 2, 4, 2, "对重点景区开展督导检查"])
    src = OUT / "_luoyang.xlsx"
    wb.save(src)
    convert_with_libreoffice(src, "csv:Text - txt - csv (StarCalc):44,34,61", _received("洛阳旅游委工作进展.csv", "2018-12-05 16:45"))

    # 省文物局: one ledger for itself and 中国文字博物馆, a 单位 column per row.
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "单位", "问题隐患描述", "场所名称", "是否重大隐患", "整改时限", "整改状态", "完成日期"])
    ws.append([1, "省文物局", "文物建筑消防通道被占用", "嵩山少林寺", "否", "2018-12-20", "已完成", "2018-12-16"])
    ws.append([2, "中国文字博物馆", "展厅消防喷淋系统部分喷头堵塞", "中国文字博物馆", "是", "2018-12-28", "正在整改", None])
    convert_path = _received("省文物局问题隐患台账.xlsx", "2018-12-14 09:00")
    wb.save(convert_path)

    # Documents: receipts recognised by unit and keywords in their names.
    make_document("郑州市文化广电新闻出版局“回头看”活动实施方案", _received("郑州市文广新局“回头看”活动实施方案.docx", "2018-12-04 10:30"), "docx")
    make_document("河南博物院自查报告", _received("河南博物院自查报告.pdf", "2018-12-13 18:00"), "pdf")
    make_document("滑县文化市场综合执法大队第1周工作进展", _received("滑县执法大队第1周工作进展.docx", "2018-12-05 17:00"), "docx")
    make_document("河南省文物局专题报告", _received("省文物局专题报告.pdf", "2018-12-18 10:00"), "pdf")

    make_messy_returns()

    lines = ["# When the office received each file of 收件箱/ (the demo sets modification times from this).", ""]
    lines += [f'"{name}" = {when.replace(" ", "T")}:00' for name, when in sorted(RECEIVED.items())]
    (OUT / "收件时间.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for tmp in OUT.glob("_*"):
        tmp.unlink()


def make_messy_returns() -> None:
    """Returns as other offices make them, not from huikan's templates: the demo's notes show what
    huikan accepted and said about them."""
    # 开封旅游委: contacts on one row, 职务/电话 after each person, a mobile typed as a number, the
    # plan named inside the table; saved as .xls.
    wb = Workbook()
    ws = wb.active
    ws.title = "联络人"
    ws.append(["开封市旅游发展委员会“回头看”活动分管负责人及联络员"])
    ws.merge_cells("A1:G1")
    ws.append(["单位", "分管负责人", "职务", "联系电话", "专职联络员", "职务", "联系电话"])
    ws.append(["开封旅游委", "韩卫东", "党组成员、副主任", 13700785566, "马丽", "行业管理科科长", "0371-23935162"])
    ws.append(["附件：开封市旅游发展委员会“回头看”活动实施方案（汴旅〔2018〕96号）"])
    ws.merge_cells("A4:G4")
    ws.append(["报送时间：2018年12月4日"])
    src = OUT / "_kaifeng_tourism.xlsx"
    wb.save(src)
    convert_with_libreoffice(src, "xls", _received("开封旅游委联络人.xls", "2018-12-04 15:20"))

    # 洛阳文广新局: a weekly form; unit and date share one cell; counts written as 3处.
    wb = Workbook()
    ws = wb.active
    ws.append(["洛阳市文化广电新闻出版局“回头看”活动工作进展情况"])
    ws.merge_cells("A1:D1")
    ws.append(["填报单位：洛阳市文广新局\u3000\u3000报送日期：2018年12月12日"])
    ws.merge_cells("A2:D2")
    ws.append(["工作进展情况", "对龙门石窟、白马寺等12处文物建筑开展消防安全检查，发现电气线路老化等问题。"])
    ws.merge_cells("B3:D3")
    ws.append(["排查隐患数", "3处", "整改隐患数", "1处"])
    ws.append(["累计排查", "7处", "累计整改", "2处"])
    ws.append(["下步工作打算", "督促问题整改，开展消防演练。"])
    ws.merge_cells("B6:D6")
    ws.append(["填表人：韩冬\u3000\u3000联系电话：0379-63231120"])
    wb.save(_received("洛阳市文广新局第二周工作进展.xlsx", "2018-12-12 16:40"))

    # 河南博物院: a self-check numbered 一…九 with the notice's wording, counts of 无 and 1处, a total.
    wb = Workbook()
    ws = wb.active
    ws.title = "自查情况"
    ws.append(["河南博物院“九对照、九检查”自查情况表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "“九对照、九检查”内容", "自查情况", "发现问题数", "已整改数"])
    answers = ["院党委专题学习，传达至各部门", "对照文件逐项落实", "院内无彩钢板房", "排查出展厅消防问题2处",
               "近三年无事故", "已落实", "签订安全责任书", "建立双重预防机制", "未发现此类问题"]
    counts = [("无", "无"), ("无", "无"), ("无", "无"), ("2处", "1处"), ("无", "无"), ("无", "无"), ("无", "无"), ("无", "无"), ("无", "无")]
    from huikan.campaigns import load_campaign

    for item, answer, (found, fixed) in zip(load_campaign().items, answers, counts, strict=True):
        ws.append(["一二三四五六七八九"[item.number - 1], item.wording, answer, found, fixed])
    ws.append(["合计", "", "", "2处", "1处"])
    ws.append(["填表人：陈静\u3000\u3000审核人：刘卫东"])
    wb.save(_received("河南博物院自查情况.xlsx", "2018-12-14 11:00"))

    # 信阳市旅游局: a GBK CSV ledger in its own words: 景区名称, 隐患内容, 整改期限 (立即整改, 年底前),
    # 整改进度 as free text, a section row, a column huikan does not know.
    rows = [
        ["信阳市旅游局“回头看”问题隐患台账"],
        ["填报单位：信阳市旅游局", "", "", "", "", "报送日期：2018年12月14日"],
        ["序号", "景区名称", "隐患内容", "隐患级别", "整改措施", "整改期限", "整改进度", "所属区县"],
        ["一、重大隐患"],
        ["1", "鸡公山景区", "索道站配电室堆放易燃杂物", "重大隐患", "清理杂物，配置灭火器", "立即整改", "已完成整改，杂物已清理", "浉河区"],
        ["二、一般隐患"],
        ["2", "南湾湖景区", "游船码头灭火器过期", "一般隐患", "更换灭火器", "年底前", "正在整改，已采购灭火器", "浉河区"],
        ["3", "灵山景区", "消防通道被商户占用", "一般隐患", "清理通道，约谈商户", "2018.12.20", "尚未整改", "罗山县"],
        ["合计", "3处"],
        ["填表人：王敏", "", "", "", "联系电话：0376-6221234"],
    ]
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    _received("问题隐患台账（信阳市旅游局）.csv", "2018-12-14 18:00").write_bytes(buf.getvalue().encode("gbk"))


def convert_with_libreoffice(src: Path, target: str, dest: Path) -> None:
    """Save a file through LibreOffice (a real office suite), as units' files are."""
    import shutil
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", out, str(src)],
                       check=True, capture_output=True, timeout=300)
        [produced] = list(Path(out).iterdir())
        shutil.move(produced, dest)


def make_document(title: str, dest: Path, fmt: str) -> None:
    src = OUT / f"_{dest.stem}.txt"
    src.write_text(f"{title}\n\n（示例文件：正文从略。）\n", encoding="utf-8")
    convert_with_libreoffice(src, fmt, dest)


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    make_units(OUT / "单位名单.xlsx")
    make_inbox()
    print(f"wrote {OUT}")
