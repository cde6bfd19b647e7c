"""Tables of documents: ``docs`` and ``show``."""

from __future__ import annotations

from provenance.render.escape import one_line
from provenance.render.licences import origin_label
from provenance.render.registry import register
from provenance.render.table import table
from provenance.results import DocumentDetail, DocumentList, DocumentSummary


def _undated(d: DocumentSummary) -> bool:
    return bool(getattr(d, "undated", d.published_at is None))


@register("table", DocumentList)
def documents_table(found: DocumentList) -> str:
    rows = [
        (d.id, d.title or d.name, d.publisher, "undated" if _undated(d) else d.published_at, d.sentences)
        for d in found
    ]
    return table(["ID", "TITLE", "PUBLISHER", "PUBLISHED", "SENTENCES"], rows)


@register("table", DocumentDetail)
def document_text(detail: DocumentDetail) -> str:
    d = detail.document
    lines = [one_line(f"Document {d.id}: {d.title or d.name}")]
    for label, value in (
        ("path", d.path),
        ("url", d.url),
        ("publisher", d.publisher),
        ("published", "undated" if detail.undated else d.published_at),
        ("modified", detail.modified_at),
        ("language", detail.language),
        ("authors", ", ".join(detail.authors) or None),
        ("ingested", d.ingested_at),
        ("sha256", detail.sha256),
        ("encoding", detail.encoding),
    ):
        if value is not None:
            lines.append(one_line(f"  {label + ':':<11}{value}"))
    for lic in detail.licences:
        holder = f", holder {lic.holder}" if lic.holder else ""
        origin = origin_label(lic.origin, lic.found_in, lic.extent)
        governs = "  <- governs" if lic.governs else ""
        lines.append(one_line(f"  {'licence:':<11}{lic.spdx}{holder} ({origin}, {lic.scope}){governs}"))
    lines.append("")
    lines.append(table(["#", "SENTENCE"], [(s.position, s.text) for s in detail.sentences], max_width=120))
    return "\n".join(lines)
