"""One importer per kind of file, and the runner that imports a batch of files."""

from huikan.importers.base import KIND_LABELS, Importer
from huikan.importers.documents import DocumentImporter
from huikan.importers.ledger import LedgerImporter
from huikan.importers.plan import PlanImporter
from huikan.importers.selfcheck import SelfCheckImporter
from huikan.importers.units import UnitsImporter
from huikan.importers.weekly import WeeklyImporter

# The table importers asked about every sheet; documents are recognised by name.
IMPORTERS: tuple[Importer, ...] = (
    UnitsImporter(),
    PlanImporter(),
    WeeklyImporter(),
    SelfCheckImporter(),
    LedgerImporter(),
)
KINDS = ("auto", "units", "plan", "weekly", "selfcheck", "ledger", "special")  # accepted by --kind

__all__ = ["IMPORTERS", "KINDS", "KIND_LABELS", "DocumentImporter", "Importer"]
