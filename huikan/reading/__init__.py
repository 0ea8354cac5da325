"""Reading files into sheets of raw cell values; nothing here knows what a table means."""

from huikan.reading.files import Sheet, SourceDoc, read_document

__all__ = ["Sheet", "SourceDoc", "read_document"]
