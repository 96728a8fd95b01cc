"""Documents kept for a citizen: printouts saved in Dokumenter and attached files.

The bytes live inside the encrypted database, never as loose files on disk.
"""

from __future__ import annotations

from typing import Any

from hfdesk.domain.text import clean
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "document"
MAX_BYTES = 50 * 1024 * 1024
ALLOWED = {"application/pdf": b"%PDF", "image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8\xff"}


def save(store: Store, citizen_id: str, *, kind: str, title: str, file_name: str, mime: str,
         content: bytes, source: str, recipient: str | None = None) -> str:
    records.get(store, "citizen", citizen_id)
    magic = ALLOWED.get(mime)
    if magic is None or not content.startswith(magic):
        raise ValidationError("Filen skal være en PDF, PNG eller JPEG, og indholdet skal passe "
                              "til typen.", field="content")
    if len(content) > MAX_BYTES:
        raise ValidationError("Filen er for stor (højst 50 MB).", field="content")
    values = {
        "citizen_id": citizen_id, "kind": kind,
        "title": clean(title, field="title", label="Titel", required=True),
        "file_name": clean(file_name, field="file_name", label="Filnavn", required=True),
        "mime": mime, "source": source,
        "recipient": clean(recipient, field="recipient", label="Modtager"),
        "size": len(content), "content": content,
    }
    with store.db.atomic():
        did = records.insert(store, KIND, values)
        audit.log(store, "create", record_kind=KIND, record_id=did, citizen_id=citizen_id,
                  purpose=values["recipient"], fields=["kind", "title"])
    return did


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, kind, title, file_name, mime, source, recipient, size, created_at, "
        "transferred_at, transferred_by "
        "FROM documents WHERE citizen_id = ? ORDER BY created_at DESC", [citizen_id])


def content(store: Store, document_id: str) -> tuple[dict[str, Any], bytes]:
    row = records.get(store, KIND, document_id)
    data = bytes(row.pop("content"))
    audit.log_now(store, "view_area", record_kind=KIND, record_id=document_id,
                  citizen_id=row["citizen_id"])
    return row, data
