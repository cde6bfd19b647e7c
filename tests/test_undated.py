"""Undated documents (issue 12): marked ``undated``; their edges directed by ingest order, and the audit says so."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

import provenance

STORY = (
    "The harbour authority closed the northern pier after storm damage to its pilings on Tuesday. "
    "Engineers found cracks in three concrete supports during a routine inspection of the structure. "
    "Repairs are expected to take six weeks and cost about two million euros, the authority said. "
    "Ferry services will move to the southern terminal until the work is finished in the spring."
)
COPY = STORY + " Local traders fear a quiet season without the ferry passengers walking past their shops."


def _two(
    store: provenance.Store, tmp_path: Path, first: datetime | None, second: datetime | None
) -> tuple[int, int]:
    ids = []
    for name, text, date, publisher in (
        ("a", STORY, first, "Harbour Post"),
        ("b", COPY, second, "Coast Herald"),
    ):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        licence = {"licence": "CC-BY-4.0"} if name == "a" else {}
        result = provenance.ingest(store, [str(path)], published_at=date, publisher=publisher, **licence)
        doc_id = result.results[0].document_id
        assert doc_id is not None
        ids.append(doc_id)
    return ids[0], ids[1]


@pytest.mark.parametrize(
    ("first", "second", "direction"),
    [
        (None, datetime(2024, 3, 2), "by-ingest-order"),
        (datetime(2024, 3, 1), None, "by-ingest-order"),
        (None, None, "by-ingest-order"),
        (datetime(2024, 3, 1), datetime(2024, 3, 1), "uncertain"),  # equal dates: uncertain (issue 13)
        (datetime(2024, 3, 1), datetime(2024, 3, 2), "by-date"),
    ],
)
def test_direction_basis_in_report_and_audit(store, tmp_path, first, second, direction) -> None:
    a, b = _two(store, tmp_path, first, second)
    rep = provenance.report(store, b)
    swapped = first is not None and first == second and not rep.sources
    if swapped:
        a, b = b, a  # equal dates: the texts' digests orient the edge, not the ingest order (issue 13)
        rep = provenance.report(store, b)
    [source] = rep.sources
    assert source.document.id == a  # else the direction rule is unchanged: here a is the earlier
    assert source.direction == direction
    assert (rep.document.undated, source.document.undated) == (second is None, first is None)
    findings = provenance.audit(store).findings
    assert {f.direction for f in findings} == {direction}
    rules = {f.rule: f for f in findings}
    assert ("unlicensed-reuse" if swapped else "missing-credit") in rules  # the edge's other findings stay
    if direction == "by-date":
        assert "direction-uncertain" not in rules
        assert rules["missing-credit"].message.startswith(f"doc {b} reuses doc {a}")
        return
    uncertain = rules["direction-uncertain"]
    assert uncertain.severity == "warning"
    assert "which copied which is not known" in uncertain.message
    if first is None or second is None:
        assert "undated" in uncertain.message
    else:
        assert "same publication date" in uncertain.message
    # no finding asserts the copying as a fact
    for f in findings:
        if f.rule != "direction-uncertain":
            assert f.message.startswith(f"if doc {b} copied doc {a}: doc {b} reuses doc {a}"), f.message


def test_undated_in_docs_show_report_and_audit_json(cli, tmp_path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(COPY, encoding="utf-8")
    assert cli("ingest", tmp_path / "a.txt", "--licence", "CC-BY-4.0").exit_code == 0
    assert cli("ingest", tmp_path / "b.txt", "--published-at", "2024-03-02").exit_code == 0
    docs = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    assert [d["undated"] for d in docs] == [True, False]
    shown = json.loads(cli("show", "a.txt", "--format", "json").stdout)
    assert shown["document"]["undated"] is True
    rep = json.loads(cli("report", "b.txt", "--format", "json").stdout)
    assert rep["document"]["undated"] is False
    [source] = rep["sources"]
    assert source["document"]["undated"] is True and source["direction"] == "by-ingest-order"
    table = " ".join(cli("report", "b.txt").stdout.split())  # wrapped at 80 columns where the paths end
    assert "direction by ingest order" in table
    assert "undated" in table
    res = cli("audit", "--format", "json")
    assert res.exit_code == 3
    findings = json.loads(res.stdout)["findings"]
    assert {(f["rule"], f["severity"]) for f in findings} >= {("direction-uncertain", "warning")}
    for f in findings:
        assert f["direction"] == "by-ingest-order"
        assert f["source"]["undated"] is True and f["document"]["undated"] is False
