"""Writing workbooks (XlsxWriter): the one place for styles, and the writer every workbook uses."""
