"""One importer per kind of file, and the runner that imports a batch of files."""

from huikan.importers.base import KIND_LABELS, Importer
from huikan.importers.units import UnitsImporter

IMPORTERS: tuple[Importer, ...] = (UnitsImporter(),)
KINDS = ("auto", *KIND_LABELS)  # accepted by --kind

__all__ = ["IMPORTERS", "KINDS", "KIND_LABELS", "Importer"]
