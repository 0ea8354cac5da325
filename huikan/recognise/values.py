"""Value normalisers shared by every importer.

Each takes a raw cell (text, number, bool, date…) and returns a clean value or raises
ValueProblem with a Chinese message; the importer adds file, sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache, wraps

from huikan.errors import HuikanError


class ValueProblem(HuikanError):
    """A cell whose value cannot be understood."""


def text(value) -> str:
    """Cell to clean text; whole floats lose their ``.0`` (序号 1.0, phone 13800000000.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if not s.isprintable():  # fast path: most cells hold nothing to remove
        s = _INVISIBLE.sub("", s.replace("\u3000", " "))
    return s.strip()


def text_column(values: list) -> list[str]:
    """text() of every cell of a column, the common case (printable text) inline."""
    return [v.strip() if v.__class__ is str and v.isprintable() else text(v) for v in values]


# Control characters (but tab and line feed) and invisible format characters pasted from other systems.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def fold(value) -> str:
    """Text folded for comparison: NFKC (full-width to half-width) without any spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text(value)))


_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?(?:[T ]?(.+))?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:：时点](\d{1,2})?)?(?:[:：分](\d{1,2}))?[秒分]?$")
_MD = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})[日号]?(?:[T ]?(.+))?$")
# 上午/下午/晚上 before a time or alone after a date ("12月5日下午", "下午5点半"): afternoon hours + 12.
_DAYPART = re.compile(r"(上午|中午|下午|傍晚|晚上|晚间|晚|凌晨|早上|早晨)")
_HALF = re.compile(r"(\d)点半")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_datetime(value, *, year: int | None = None) -> datetime | None:
    """Every date form of docs/recognition.md, with an optional time; None for a blank cell.

    A bare 月日 (12月20日) takes ``year`` (the campaign's year).
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueProblem(f"无法识别的日期「{text(value)}」")
    if isinstance(value, (int, float)):
        number = float(value)
        if 19000101 <= number <= 21001231 and number.is_integer():
            return parse_datetime(str(int(number)), year=year)
        if 1 <= number < 13 and not number.is_integer():
            # 12.5 typed into a cell Excel took as a number: 12月5日, never 1900-01-12. 12.1 may have
            # been 12.10 before Excel dropped the zero: ambiguous.
            month, day = str(number).split(".")
            if len(day) == 1 and day in "123":
                raise ValueProblem(f"日期「{text(value)}」不明确：可能是{month}月{day}日，也可能是{month}月{day}0日"
                                   "（单元格是数字，末尾的 0 已丢失）")
            return parse_datetime(f"{month}月{int(day)}日", year=year)
        if 1 <= number < 2958466:  # an Excel serial date that arrived as a number
            return (_EXCEL_EPOCH + timedelta(days=number)).replace(microsecond=0)
        raise ValueProblem(f"无法识别的日期「{text(value)}」")
    s = unicodedata.normalize("NFKC", text(value)).strip().rstrip("前")
    # Stray spaces around separators go; one space may still part the date from the time.
    s = re.sub(r"\s*([年月日号时分秒:：\-/.])\s*", r"\1", s)
    s = re.sub(r"\s+", " ", s)
    afternoon = False
    if _DAYPART.search(s):
        afternoon = any(w in s for w in ("下午", "傍晚", "晚"))
        s = _DAYPART.sub(" ", s).strip()
    s = _HALF.sub(r"\1:30", s)
    try:
        if m := _YMD.match(s):
            y, mo, d, clock = m.groups()
            return datetime(int(y), int(mo), int(d), *_clock(clock, afternoon, value))
        if m := _COMPACT.match(s):
            return datetime(int(m[1]), int(m[2]), int(m[3]))
        if m := _MD.match(s):
            if year is None:
                raise ValueProblem(f"日期「{text(value)}」缺少年份")
            return datetime(year, int(m[1]), int(m[2]), *_clock(m[3], afternoon, value))
    except ValueError:
        raise ValueProblem(f"日期「{text(value)}」不存在") from None
    raise ValueProblem(f"无法识别的日期「{text(value)}」（应写作 2018-12-20 或 2018年12月20日）")


def _clock(written: str | None, afternoon: bool, value) -> tuple[int, int, int]:
    """Hours, minutes, seconds of the time after a date (none: midnight)."""
    if not written or not written.strip():
        return 0, 0, 0
    if not (t := _TIME.match(written.strip())):
        raise ValueProblem(f"无法识别的时间「{text(value)}」")
    hh, mm, ss = (int(g or 0) for g in t.groups())
    if afternoon and hh < 12:
        hh += 12
    return hh, mm, ss


def parse_date(value, *, year: int | None = None) -> date | None:
    moment = parse_datetime(value, year=year)
    return moment.date() if moment else None


_STATUS_WORDS = {
    "done": ("已整改", "已完成", "完成", "已销号", "销号", "整改完成", "已整改完成", "已整改到位", "整改到位", "整改完毕",
             "已整改完毕", "已完成整改", "完成整改", "已办结", "办结", "已落实", "已解决", "已消除", "已排除", "已处理",
             "已修复", "已更换", "已拆除", "已清理", "是", "√", "✓", "✔", "☑", "done", "y", "yes"),
    "in_progress": ("整改中", "正在整改", "推进中", "部分整改", "正在推进", "持续整改", "限期整改", "正在整改中", "整改中的",
                    "部分完成", "基本完成", "基本整改", "逐步整改", "分步整改", "正在处理", "正在落实", "正在实施", "正在进行",
                    "整改进行中", "进行中", "落实中", "处理中", "实施中", "in_progress"),
    "open": ("未整改", "未完成", "否", "×", "✗", "✘", "x", "未整改到位", "待整改", "尚未整改", "未开始", "尚未开始",
             "未落实", "未处理", "待处理", "暂未整改", "open", "n", "no"),
}
_STATUS = {word.lower(): key for key, words in _STATUS_WORDS.items() for word in words}
# Free text is read by the first status phrase in its opening words: "已于12月8日整改完毕" -> done.
_STATUS_PHRASES = sorted((w for w in _STATUS if len(w) >= 2 and not w.isascii()), key=len, reverse=True)
_STATUS_SCAN = re.compile("|".join(map(re.escape, _STATUS_PHRASES)))


# Before a "done" phrase: a negation makes it not done (未按期完成, 没有完成, 不能按期完成), a plan
# makes it not done yet (计划12月20日前完成, 预计月底完成, 拟…整改到位).
_NEGATION = re.compile(r"(未|没有|没|不|无法|尚未|未能|不能|还未|仍未|暂未)[^，,；;。]{0,4}$")
_PLANNED = re.compile(r"(计划|预计|拟|争取|力争|确保|将于|将在|准备|预定|要求|限期|应于|需)[^，,；;。]{0,14}$")


def is_status_word(value) -> bool:
    """Whether a cell is a status word or mark itself, not free text read by its phrases."""
    return is_blank(value) or isinstance(value, bool) or fold(value).lower() in _STATUS


def parse_status(value) -> str:
    """整改状态 words, marks and free text ("已完成整改，更换了灭火器") to open / in_progress / done;
    blank is open. Free text is read by its first status phrase, weighed with the words before it:
    未按期完成 is open, 预计月底完成 in progress; "是否已整改：否" by the value after its label."""
    if is_blank(value):
        return "open"
    if isinstance(value, bool):
        return "done" if value else "open"
    key = fold(value).lower()
    if key in _STATUS:
        return _STATUS[key]
    if ":" in key and (after := key.rsplit(":", 1)[1]) in _STATUS:  # 是否已整改：否
        return _STATUS[after]
    # The earliest phrase wins, the longest at that place: 未完成 before 完成, 尚未整改完毕 is open.
    for m in _STATUS_SCAN.finditer(key[:60]):
        status, before = _STATUS[m[0]], key[:m.start()]
        if status == "done" and _NEGATION.search(before):
            return "open"
        if status == "done" and _PLANNED.search(before):
            return "in_progress"
        return status
    raise ValueProblem(f"无法识别的整改状态「{text(value)}」（应为 已整改 / 整改中 / 未整改）")


_YES = {"是", "√", "✓", "✔", "☑", "y", "yes", "true", "1", "有"}
_NO = {"否", "×", "✗", "✘", "x", "n", "no", "false", "0", "无", "/", "-", "—", "不是"}
_MAJOR = {"重大", "重大隐患", "重大问题", "特大", "重大事故隐患"}
_MINOR = {"一般", "一般隐患", "一般问题", "较大", "较大隐患", "较小", "轻微", "低", "中", "普通"}


def parse_yes_no(value) -> bool | None:
    """是/√ and 否/× marks; None for blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    key = fold(value).lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueProblem(f"无法识别「{text(value)}」（应为 是 或 否）")


def parse_major(value) -> bool | None:
    """是否重大隐患: 是/否 marks, or the level written in the column (重大 / 一般); None for blank."""
    if isinstance(value, str):
        key = fold(value)
        if key in _MAJOR:
            return True
        if key in _MINOR:
            return False
    return parse_yes_no(value)


MAX_COUNT = 1_000_000  # a count of problems beyond this is a typo or a pasted number, never a count
_COUNT_WORDS = "个|项|处|条|家|次|件|起|名|人|所|座|例"


def parse_int(value) -> int | None:
    """Counts as numbers, text or full-width digits (３, "12 ", "5个", "3处", 三处), 无 as 0;
    None for blank or 一/—; a negative or absurdly large count is a ValueProblem."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"应为整数，实际为「{text(value)}」")
    if isinstance(value, (int, float)):
        if not float(value).is_integer():
            raise ValueProblem(f"应为整数，实际为「{text(value)}」")
        number = int(value)
    else:
        s = fold(value).replace(",", "")
        if s in ("无", "没有", "零", "〇"):
            return 0
        if s in ("/", "-", "—", "——", "－", "\\"):
            return None
        m = re.fullmatch(rf"共?(-?\d+)(?:\.0+)?(?:{_COUNT_WORDS})?", s)
        if m:
            number = int(m[1])
        else:
            m = re.fullmatch(rf"共?([零〇一二两三四五六七八九十百]+)(?:{_COUNT_WORDS})?", s)
            number = _cn_number(m[1].replace("两", "二").replace("〇", "零")) if m else None
            if number is None:
                raise ValueProblem(f"应为整数，实际为「{text(value)}」")
    if number < 0:
        raise ValueProblem(f"数量不能为负数（「{text(value)}」）")
    if number > MAX_COUNT:
        raise ValueProblem(f"数量「{text(value)}」超出合理范围（应不超过 {MAX_COUNT}）")
    return number


def parse_decimal(value) -> Decimal | None:
    """Amounts such as 整改资金: numbers or text, with 元/万元 words dropped; None for blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem(f"应为数字，实际为「{text(value)}」")
    raw = str(value) if isinstance(value, (int, float)) else fold(value).replace(",", "").removesuffix("万元").removesuffix("元")
    try:
        amount = Decimal(raw)
        if not amount.is_finite() or abs(amount) >= 10**12:  # the ledger keeps 14 digits
            raise InvalidOperation
        return amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueProblem(f"应为数字，实际为「{text(value)}」") from None


_NUMERAL = "[1-9一二三四五六七八九]"
_ITEM_NUMBER = re.compile(rf"^(?:第({_NUMERAL})项?|[(（]({_NUMERAL})[)）]|({_NUMERAL})(?:[、.．:：)）\s]|项|$))")


def parse_item(value) -> int | None:
    """检查项 as 3, 三, （三）, 第三项, 3.彩钢板… to 1..9; None for blank."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else 0
    else:
        s = fold(value)
        # A numeral is the item's number only as a number is written: alone, (三), 第三项, 三、…, 3.…;
        # 一岗双责, 三合一场所 and 九小场所 start with a numeral that is a word.
        m = _ITEM_NUMBER.match(s)
        number = 0
        if m:
            ch = next(g for g in m.groups() if g)
            number = int(ch) if ch.isdigit() else "一二三四五六七八九".index(ch) + 1
    if not 1 <= number <= 9:
        raise ValueProblem(f"无法识别的检查项「{text(value)}」（应为 1–9 或 一–九）")
    return number


def parse_phone(value) -> str:
    """Phone numbers stay text: 13800000000.0 and "1.38E+10" -> 13800000000; spaces folded."""
    s = text(value)
    s = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()
    if _SCIENTIFIC.fullmatch(s):  # a number Excel showed in scientific notation, saved as text
        try:
            number = Decimal(s)
            if number == number.to_integral_value():
                s = str(int(number))
        except InvalidOperation:
            pass
    return s


_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d{1,2}")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")


_PHONE_LABEL = re.compile(r"(?:办公室电话|办公电话|办公|手机号码|手机号|手机|移动电话|座机|固话|电话|Tel|tel|TEL)\s*[:：]?")


def split_phones(value) -> tuple[str, str]:
    """One cell may hold an office number and a mobile ("0371-65590001 13837100001",
    "办公：0371-65880101\n手机：13949011235"): (office, mobile)."""
    s = parse_phone(value)
    if _PHONE_LABEL.search(s):
        s = re.sub(r"\s+", " ", _PHONE_LABEL.sub(" ", s)).strip()
    mobiles = _MOBILE.findall(s)
    if not mobiles:
        return s, ""
    rest = s
    for m in mobiles:
        rest = rest.replace(m, " ")
    rest = re.sub(r"^[\s,，;；/、]+|[\s,，;；/、]+$", "", rest)
    rest = re.sub(r"\s{2,}", " ", rest)
    return rest if any(ch.isdigit() for ch in rest) else "", " ".join(m.replace(" ", "").replace("-", "") for m in mobiles)


_CN_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九", start=0)}


def _cn_number(s: str) -> int | None:
    """一 … 九十九 (enough for week and item numbers)."""
    if s.isdigit():
        return int(s)
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def parse_week(value) -> int | None:
    """周次: 2, "第2周", "第二周", "2" to the week number; None for blank."""
    if is_blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        number: int | None = int(value)
    else:
        s = fold(value)
        m = re.fullmatch(r"第?([0-9]+|[一二三四五六七八九十]+)周?(?:次)?", s)
        # 第1周（12.3-12.5）: the week, then its dates
        m = m or re.match(r"第([0-9]+|[一二三四五六七八九十]+)周(?![0-9])", s)
        number = _cn_number(m[1]) if m else None
    if not number or number < 1:
        raise ValueProblem(f"无法识别的周次「{text(value)}」（应写作 第2周 或 2）")
    return number


def find_week(s: str) -> int | None:
    """第N周 inside a text such as a file name."""
    m = re.search(r"第\s*([0-9]+|[一二三四五六七八九十]+)\s*周", unicodedata.normalize("NFKC", s))
    return _cn_number(m[1]) if m else None


def find_month_day(s: str, year: int) -> date | None:
    """X月X日 inside a text such as a file name."""
    m = re.search(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日", unicodedata.normalize("NFKC", s))
    if not m:
        return None
    try:
        return date(year, int(m[1]), int(m[2]))
    except ValueError:
        return None


_ORIGINS = (("暗访", ("暗访", "暗查", "明查暗访")), ("督查", ("督查", "督导", "检查组", "抽查", "上级检查")), ("自查", ("自查", "自检", "排查")))
ORIGINS = ("自查", "督查", "暗访")  # in the order people list them; _ORIGINS is matching order


def parse_origin(value) -> str:
    """来源 to 自查 / 督查 / 暗访; "" for blank."""
    if is_blank(value):
        return ""
    s = fold(value)
    for origin, words in _ORIGINS:
        if any(w in s for w in words):
            return origin
    raise ValueProblem(f"无法识别的来源「{text(value)}」（应为 自查 / 督查 / 暗访）")


# Deadlines written as words: no date at all (立即整改: at once, 长期: standing), or the year's end.
IMMEDIATE = ("立即整改", "立行立改", "立即", "马上", "即知即改", "立查立改", "边查边改", "即查即改", "当即整改", "立改")
STANDING = ("长期", "持续", "长期坚持", "常态化", "长期整改", "持续整改", "无", "/", "-", "—", "无期限", "不限")
_YEAR_END = re.compile(r"^(?:(\d{4})年)?(?:年底|年末|年内|本年底|本年度内|今年底|12月底|12月末|12月31日)$")


def parse_deadline(value, *, year: int | None = None) -> date | None:
    """整改时限: a date, or 12月底 / 2018年12月底 / 12月下旬 / 年底前; None for blank, 长期/持续 and
    立即整改/立行立改 (no date: the importer says so)."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        s = fold(value).rstrip("前").removesuffix("之")
        if s.startswith(IMMEDIATE) or s in STANDING or s.startswith(("长期", "持续", "常态")):
            return None
        if m := _YEAR_END.match(s):
            y = int(m[1]) if m[1] else year
            if y is None:
                raise ValueProblem(f"日期「{text(value)}」缺少年份")
            return date(y, 12, 31)
        m = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(底|末|上旬|中旬|下旬)", s)
        if m:
            y = int(m[1]) if m[1] else year
            if y is None:
                raise ValueProblem(f"日期「{text(value)}」缺少年份")
            month = int(m[2])
            if not 1 <= month <= 12:
                raise ValueProblem(f"日期「{text(value)}」不存在")
            last = (date(y + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
            day = {"上旬": 10, "中旬": 20}.get(m[3], last)
            return date(y, month, day)
    return parse_date(value, year=year)


def _memoised_text(parse):
    """Cache a parser's answers for text cells: a ledger repeats the same few words and dates
    thousands of times. Other values (numbers, dates, None) go straight through."""
    cached = lru_cache(maxsize=8192)(parse)

    @wraps(parse)
    def parse_value(value, **kw):
        if type(value) is str:
            return cached(value, **kw)
        return parse(value, **kw)

    return parse_value


parse_datetime = _memoised_text(parse_datetime)
parse_date = _memoised_text(parse_date)
parse_deadline = _memoised_text(parse_deadline)
parse_status = _memoised_text(parse_status)
parse_yes_no = _memoised_text(parse_yes_no)
parse_major = _memoised_text(parse_major)
parse_int = _memoised_text(parse_int)
parse_decimal = _memoised_text(parse_decimal)
parse_item = _memoised_text(parse_item)
parse_week = _memoised_text(parse_week)
parse_origin = _memoised_text(parse_origin)
