"""Every style a huikan workbook uses, defined once (as XlsxWriter format properties).

A cell's format is the union of a font, a fill, a border and an alignment from here, plus
its number format; the writer registers each combination with the workbook once.
"""

from __future__ import annotations

FONT_NAME = "宋体"  # what leadership printouts use; Excel/WPS substitute where missing
TITLE_FONT = {"font_name": FONT_NAME, "font_size": 16, "bold": True}
SUBTITLE_FONT = {"font_name": FONT_NAME, "font_size": 10, "font_color": "#555555"}
HEADER_FONT = {"font_name": FONT_NAME, "font_size": 11, "bold": True}
BODY_FONT = {"font_name": FONT_NAME, "font_size": 10}
NOTE_FONT = {"font_name": FONT_NAME, "font_size": 9, "font_color": "#555555"}


def _solid(color: str) -> dict:
    return {"pattern": 1, "bg_color": color}


HEADER_FILL = _solid("#D9E1F2")
INPUT_FILL = _solid("#FFFDE7")  # cells a unit fills in, on templates
GOOD_FILL = _solid("#E2EFDA")
WARN_FILL = _solid("#FFF2CC")
BAD_FILL = _solid("#F8CBAD")
CATEGORY_FILL = _solid("#EDEDED")

BORDER = {"border": 1, "border_color": "#808080"}  # thin, grey, all four sides

# Data cells sit at the top of their row, whatever their kind: a row is as tall as its longest
# cell, and a short value centred beside it lands mid-row, out of line with its neighbours'
# first lines. Titles and headers stay centred (HEADING).
HEADING = {"align": "center", "valign": "vcenter", "text_wrap": True}
CENTER = {"align": "center", "valign": "top", "text_wrap": True}
WRAP = {"valign": "top", "text_wrap": True}
LEFT = {"align": "left", "valign": "top"}
# The workbook's default format (cells written without one: short streamed values) and the
# Normal style, so that they are top-aligned like the rest.
DEFAULT = {**BODY_FONT, "valign": "top"}

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
TEXT_FORMAT = "@"
MONEY_FORMAT = "#,##0.00"
