"""Build sample_data/ deterministically (run from the repository root).

The files are committed; this script documents how they were made and lets a
developer rebuild them after a change. Files "saved by a real office suite" are
converted with LibreOffice when it is installed (see convert_with_libreoffice).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

OUT = Path("sample_data")

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


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    make_units(OUT / "单位名单.xlsx")
    print(f"wrote {OUT / '单位名单.xlsx'}")
