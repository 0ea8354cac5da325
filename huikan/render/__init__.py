"""Renderers: the same Report as a rich terminal table or as JSON."""
