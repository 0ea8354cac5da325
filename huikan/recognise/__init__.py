"""Recognising what people typed: tables in sheets, header names, dates, statuses, unit names."""
