"""Moving a citizen to a colleague: the package, the import on their side, the receipt."""

from __future__ import annotations

from hfdesk.exchange.export import transfer
from hfdesk.exchange.importer import apply_receipt, import_package, write_receipt

__all__ = ["apply_receipt", "import_package", "transfer", "write_receipt"]
