"""Licence notes, publishers and the audit, as text."""

from __future__ import annotations

from provenance.render.registry import register
from provenance.render.table import counted, table
from provenance.results import AuditReport, LicenceEntry, LicenceList, PublisherEntry, PublisherList


@register("table", LicenceList)
def licences_table(entries: LicenceList) -> str:
    rows = [
        (
            f"publisher {e.publisher}" if e.publisher else f"#{e.document_id} {e.document}",
            e.spdx,
            e.holder,
            origin_label(e.origin, e.found_in, e.scope),
            e.notice,
        )
        for e in entries
    ]
    return table(["OWNER", "LICENCE", "HOLDER", "ORIGIN", "NOTICE"], rows, max_width=50)


def origin_label(origin: str, found_in: str | None, extent: str) -> str:
    """``detected``, ``page: footer`` (where on the page), ``declared``; `` (media)`` for a picture's."""
    label = f"{origin}: {found_in}" if origin == "page" and found_in else origin
    return label + ("" if extent == "article" else f" ({extent})")


@register("table", LicenceEntry)
def licence_line(entry: LicenceEntry) -> str:
    owner = (
        f"publisher {entry.publisher}"
        if entry.publisher
        else f"document {entry.document_id} ({entry.document})"
    )
    return f"{owner}: {entry.spdx}" + (f", holder {entry.holder}" if entry.holder else "")


@register("table", PublisherList)
def publishers_table(entries: PublisherList) -> str:
    rows = [(e.id, e.name, ", ".join(e.aliases), "yes" if e.noncommercial else "no") for e in entries]
    return table(["ID", "NAME", "ALIASES", "NON-COMMERCIAL"], rows)


@register("table", PublisherEntry)
def publisher_line(entry: PublisherEntry) -> str:
    aliases = ", ".join(entry.aliases) or "no aliases"
    return f"{entry.name}: {aliases}; {'non-commercial' if entry.noncommercial else 'commercial'}"


@register("table", AuditReport)
def audit_table(report: AuditReport) -> str:
    rows = [
        (f.severity, f.rule, f"#{f.document.id}", f"#{f.source.id}", f.licence, f.message)
        for f in report.findings
    ]
    lines = (
        [table(["SEVERITY", "RULE", "DOC", "SOURCE", "LICENCE", "MESSAGE"], rows, wrap=(5,))] if rows else []
    )
    summary = report.summary
    verdicts = summary["verdicts"]
    edges = summary["edges"]
    assert isinstance(verdicts, dict) and isinstance(edges, int)
    lines.append(
        f"{counted(edges, 'reuse edge')}: {verdicts['error']} with errors, {verdicts['warning']} with warnings, "
        f"{verdicts['ok']} ok"
    )
    return "\n".join(lines)
