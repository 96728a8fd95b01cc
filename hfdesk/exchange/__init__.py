"""Backups, transfers to a colleague, exports for the municipality, and imports.

No SQL here: everything that reads or writes the database goes through `hfdesk.store.exchange`.
"""
