"""One importer per kind of file, and the runner that imports a batch of files.

The rule every importer follows: **accept and say so.** A file is refused only when

- it cannot be attributed: no unit can be found for it (or the unit it states is not on
  the list), or it is no kind of return (no recognisable table, document of unknown kind);
- its core cannot be read: a damaged or hostile file, a ledger without a description
  column, a unit list without unit names;
- a value is ambiguous: two 整改状态 columns that disagree, a name that could be two units.

Everything else is stored as written and understood where the wording allows. What was
not understood, corrected, kept aside or skipped is named in the file's notes
(``importers.notes.Notes``: sheet, column, rows and a few of the values), which the
terminal summary and ``import --json`` show: a value that cannot be read is stored blank
and its text kept (in a hazard's note), a row that is not data is skipped, a text longer
than its field is kept or its row skipped, never the file refused for it.
"""

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
