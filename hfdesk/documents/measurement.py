"""Individdokumentation: one measurement (opstart, status or afslutning) on paper.

`measurement_snapshot(store, citizen_id, measurement_id=None)` reads the store once (the newest
measurement when none is named); `build_measurement(snapshot)` is pure (data → PDF). Every answer
says where it came from: "Udfyldt fra journalen" (prefilled, with the basis), "…, bekræftet",
"Rettet" (the worker changed it; the records' value is printed beside it) or "Indtastet".

Snapshot shape::

    {"organisation", "printed_by", "printed_at", "demo",
     "citizen": {"legal_name", "cpr"}, "kind_label", "measured_on", "method_label",
     "course_start", "catalogue", "selfreport_label", "note",
     "sections": [{"title", "rows": [{"label", "answer", "source", "basis", "derived"}]}],
     "counts": {"answered", "asked", "derived", "typed", "unconfirmed"}}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from hfdesk.documents.layout import (
    build_pdf,
    fmt_date,
    key_value_table,
    markup,
    para,
    signature_lines,
    styles,
    table,
)
from hfdesk.documents.plan import _spec

__all__ = ["TITLE", "build_measurement", "measurement_snapshot"]

TITLE = "Individdokumentation"
NOT_ANSWERED = "Ikke besvaret"


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def measurement_snapshot(store: Any, citizen_id: str, measurement_id: str | None = None, *,
                         printed_at: datetime | None = None) -> dict[str, Any]:
    from hfdesk import vocab
    from hfdesk.documents.snapshot import _organisation
    from hfdesk.domain import measurements as domain
    from hfdesk.errors import NotFound, UserError
    from hfdesk.store import citizens, courses
    from hfdesk.store import measurements as store_m

    c = citizens.get(store, citizen_id)
    if measurement_id:
        try:
            m = store_m.get(store, measurement_id)
        except NotFound:
            raise NotFound("Målingen findes ikke (den kan være slettet). Tjek --measurement."
                           ) from None
        if m["citizen_id"] != citizen_id:
            raise UserError("Målingen hører til en anden borger. Tjek --citizen og "
                            "--measurement.")
    else:
        rows = store_m.for_citizen(store, citizen_id)
        if not rows:
            raise UserError("Borgeren har ingen målinger endnu. Lav en opstartsmåling under "
                            "fanen Målinger.")
        m = store_m.get(store, rows[0]["id"])
    course = courses.get(store, m["course_id"])
    v = vocab.default()
    cat = store_m.catalogue(store)
    asked = store_m.items(store, m)
    answers = m["answers"]
    sections: list[dict[str, Any]] = []
    counts = {"asked": len(asked), "answered": 0, "derived": 0, "typed": 0, "unconfirmed": 0}
    for key, title in cat.sections:
        rows_out = []
        for it in (i for i in asked if i.section == key):
            a = answers.get(it.key)
            text = domain.answer_text(it, a, store_m.label)
            derived = ""
            if a and a.get("source") == "typed" and a.get("derived_value") is not None:
                derived = domain.value_text(it, a["derived_value"], store_m.label)
            if text:
                counts["answered"] += 1
                counts["derived" if a and a.get("source") == "derived" else "typed"] += 1
                if a and a.get("source") == "derived" and not a.get("confirmed"):
                    counts["unconfirmed"] += 1
            rows_out.append({"label": it.label, "answer": text,
                             "source": domain.source_text(a),
                             "basis": (a or {}).get("derived_basis") or "",
                             "derived": derived})
        if rows_out:
            sections.append({"title": title, "rows": rows_out})
    method = course.get("method")
    return {
        "organisation": _organisation(store), "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().astimezone(), "demo": store.is_demo,
        "citizen": {"legal_name": c["legal_name"], "cpr": c.get("cpr")},
        "kind_label": domain.KIND_LABELS.get(m["kind"], m["kind"]),
        "measured_on": m["measured_on"],
        "method_label": v.label("support_method", method) if method else "",
        "course_start": course.get("start_date") or course.get("transition_date"),
        "catalogue": m.get("catalogue") or "",
        "selfreport_label": v.label("selfreport_participation", m["selfreport"])
        if m.get("selfreport") else "",
        "selfreport_enabled": cat.selfreport_enabled,
        "note": m.get("note") or "", "sections": sections, "counts": counts,
        "measurement_id": m["id"],
    }


def _source_cell(row: Mapping[str, Any]) -> str:
    source = str(row.get("source") or "")
    if not source:
        return ""
    parts = [source]
    if row.get("derived"):
        parts.append(f"Journalen: {row['derived']}")
    if row.get("basis"):
        parts.append(str(row["basis"]))
    return "\n".join(parts)


def build_measurement(snapshot: Mapping[str, Any], *, locale: str = "da") -> bytes:
    kind = str(snapshot.get("kind_label") or "")
    title = f"{TITLE} – {kind}" if kind else TITLE
    spec = _spec(snapshot, title, locale, "Individdokumentation – fortroligt")
    st = styles()
    counts = _m(snapshot.get("counts"))
    story: list[Flowable] = [Paragraph(markup(title), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    pairs: list[tuple[str, object]] = [
        ("Måling", kind),
        ("Dato", fmt_date(snapshot.get("measured_on"), locale)),
        ("Metode", snapshot.get("method_label")),
        ("Forløbet startede", fmt_date(snapshot.get("course_start"), locale)),
        ("Besvaret", f"{counts.get('answered', 0)} af {counts.get('asked', 0)} spørgsmål "
                     f"({counts.get('derived', 0)} udfyldt fra journalen, "
                     f"{counts.get('typed', 0)} indtastet eller rettet)"),
    ]
    if counts.get("unconfirmed"):
        pairs.append(("Ikke bekræftet", f"{counts['unconfirmed']} svar fra journalen er endnu "
                                        "ikke bekræftet af medarbejderen"))
    if snapshot.get("selfreport_enabled"):
        pairs.append(("Borgerens egen besvarelse", snapshot.get("selfreport_label")))
    pairs.append(("Katalog", snapshot.get("catalogue")))
    story.append(key_value_table(pairs, missing="Ikke oplyst"))
    for section in (_m(s) for s in _seq(snapshot.get("sections"))):
        story.append(Paragraph(markup(section.get("title")), st["H2"]))
        rows = [[r.get("label"), r.get("answer") or NOT_ANSWERED, _source_cell(r)]
                for r in (_m(x) for x in _seq(section.get("rows")))]
        story.append(table(["Spørgsmål", "Svar", "Kilde"], rows, (0.32, 0.38, 0.30)))
    if snapshot.get("note"):
        story.append(Paragraph("Note", st["H2"]))
        story.append(para(snapshot.get("note"), "Body"))
    # The legend and the signature move together, so the signature never stands alone.
    story.append(CondPageBreak(55 * mm))
    story.extend([
        para("Udfyldt fra journalen: foreslået ud fra journal, boligforløb, plan og "
             "netværksmøder; grundlaget står under kilden. Rettet: medarbejderen har ændret det "
             "foreslåede svar; journalens værdi står ved siden af. \"Ved ikke\" og \"Ikke "
             "spurgt\" er to forskellige svar; \"Ikke besvaret\" betyder, at spørgsmålet endnu "
             "ikke er udfyldt.", "Small"),
        signature_lines(["Medarbejder"], per_row=2)])
    return build_pdf(spec, story)


def default_name(snapshot: Mapping[str, Any]) -> str:
    on = str(snapshot.get("measured_on") or date.today().isoformat())
    return f"individdokumentation-{on}.pdf"
