"""Writing workbooks (openpyxl): the one place for styles, and the writer every workbook uses."""
