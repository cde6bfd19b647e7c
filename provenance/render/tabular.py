"""CSV and newline-delimited JSON for list-shaped results, as sqlite-utils writes them.

Each list-shaped result has one kind of row (:data:`ROWS`): a document list its documents, a report
its matches, the audit its findings, a graph its edges, the statistics their rows. ``ndjson`` (as
sqlite-utils' ``--nl``) writes each row as one JSON object a line, with the keys and values of the
rows of ``--format json``. ``csv`` writes a header row, then one line per row; nested objects are
flattened into ``parent_child`` columns (sqlite-utils' ``--flatten``: ``document_id``,
``document_title``), and lists, dictionaries and booleans are written as JSON text (``[1, 2]``,
``{"verbatim": 3}``, ``true``); a missing value (JSON ``null``) is an empty cell. The columns come
from the row's type, so an empty result still has its header.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from provenance.render.json import to_jsonable
from provenance.render.registry import register
from provenance.results import (
    AuditFinding,
    AuditReport,
    DocumentList,
    DocumentRef,
    DocumentSummary,
    GraphEdge,
    LicenceEntry,
    LicenceList,
    PublisherEntry,
    PublisherList,
    Report,
    ReuseGraph,
    ReuseStats,
    SentenceOrigin,
    StatsRow,
)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One match of a report: ``relation`` "source" (``document`` is an earlier article DOC reuses)
    or "reused-by" (a later article reusing DOC), the edge's derivation and coverage, then the match
    as in the report's JSON."""

    relation: str
    document: DocumentRef
    derivation: str
    coverage: float
    sentence: str
    source_sentence: str
    kind: str
    score: float
    quote: bool
    position: int
    source_position: int
    origin: SentenceOrigin | None


def _report_rows(rep: Report) -> list[ReportRow]:
    return [
        ReportRow(
            relation=relation,
            document=v.document,
            derivation=v.derivation,
            coverage=v.coverage,
            sentence=m.sentence,
            source_sentence=m.source_sentence,
            kind=m.kind,
            score=m.score,
            quote=m.quote,
            position=m.position,
            source_position=m.source_position,
            origin=m.origin,
        )
        for relation, views in (("source", rep.sources), ("reused-by", rep.reused_by))
        for v in views
        for m in v.matches
    ]


# result type -> (row type, the rows)
ROWS: dict[type, tuple[type, Callable[[Any], Iterable[Any]]]] = {
    DocumentList: (DocumentSummary, lambda r: r.documents),
    Report: (ReportRow, _report_rows),
    AuditReport: (AuditFinding, lambda r: r.findings),
    LicenceList: (LicenceEntry, lambda r: r.licences),
    PublisherList: (PublisherEntry, lambda r: r.publishers),
    ReuseStats: (StatsRow, lambda r: r.rows),
    ReuseGraph: (GraphEdge, lambda r: r.edges),
}


def _dataclass_of(hint: Any) -> type | None:
    """The dataclass a field holds (``DocumentRef``, or ``SentenceOrigin | None``), else None."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return hint
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        found = [a for a in typing.get_args(hint) if dataclasses.is_dataclass(a) and isinstance(a, type)]
        return found[0] if len(found) == 1 else None
    return None


def columns(kind: type, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The flattened columns of a row type, as paths of field names (``("document", "id")``)."""
    hints = typing.get_type_hints(kind)
    out: list[tuple[str, ...]] = []
    for f in dataclasses.fields(kind):
        nested = _dataclass_of(hints[f.name])
        out += columns(nested, (*prefix, f.name)) if nested else [(*prefix, f.name)]
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _at(row: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = row
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _rows(result: object) -> tuple[type, list[dict[str, Any]]]:
    kind, rows = ROWS[type(result)]
    return kind, [to_jsonable(r) for r in rows(result)]


@register("csv", *ROWS)
def to_csv(result: object) -> str:
    kind, rows = _rows(result)
    paths = columns(kind)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["_".join(p) for p in paths])
    writer.writerows([_cell(_at(row, p)) for p in paths] for row in rows)
    return out.getvalue().removesuffix("\n")


@register("ndjson", *ROWS)
def to_ndjson(result: object) -> str:
    _, rows = _rows(result)
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
