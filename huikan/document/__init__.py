"""Word documents huikan writes (python-docx): the weekly 通报 in the official-document layout."""
