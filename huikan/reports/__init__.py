"""Reports: computed once, rendered as a terminal table, JSON or a workbook."""
