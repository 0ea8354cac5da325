"""The ledger: models, database access, migrations and the stores over them."""
