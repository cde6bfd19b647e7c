"""Chains of copies resolve to the origin (issue 12): Mehr → an aggregator → rewrites.

seeds/000 is the Mehr News Agency article (CC BY 4.0). An aggregator copies it word for word
without credit, adds sentences of its own and reserves all rights. A rewrite takes the aggregator's
copy of Mehr's text and credits Mehr; another reuses what the aggregator wrote itself.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

import provenance
from tests.conftest import SEED_000

MEHR = SEED_000.read_text(encoding="utf-8")
MEHR_LINES = MEHR.splitlines()
AGGREGATOR_OWN = [
    "World Affairs Daily brings you the most important diplomatic stories from the Middle East every morning.",
    "Our correspondents in Baghdad report that the border crossings near Penjwen stayed closed on Sunday.",
    "Kurdish officials in Erbil declined to comment on the meeting when our reporters contacted them.",
    "Analysts at the Gulf Policy Forum expect further talks between the two security councils next month.",
]
AGGREGATOR = "\n".join(
    [AGGREGATOR_OWN[0], *MEHR_LINES, *AGGREGATOR_OWN[1:], "© 2022 World Affairs Daily. All rights reserved."]
)
# Takes the aggregator's copy of four of Mehr's sentences, and credits Mehr (not the aggregator).
REWRITE = "\n".join([*MEHR_LINES[2:6], "Source: Mehr News Agency", "Republished under CC BY 4.0."])
# Reuses three sentences the aggregator wrote itself (and two of Mehr's, crediting Mehr).
OWN_TEXT_REUSE = "\n".join(
    [*AGGREGATOR_OWN[1:], *MEHR_LINES[6:8], "Source: Mehr News Agency", "Republished under CC BY 4.0."]
)


def _ingest(store: provenance.Store, tmp_path: Path) -> dict[str, int]:
    ids: dict[str, int] = {}
    steps = [
        ("mehr", MEHR, "Mehr News Agency", datetime(2022, 10, 15), "CC-BY-4.0"),
        ("aggregator", AGGREGATOR, "World Affairs Daily", datetime(2022, 10, 16), None),
        ("rewrite", REWRITE, "Rewrite Weekly", datetime(2022, 10, 17), None),
        ("own", OWN_TEXT_REUSE, "Second Desk", datetime(2022, 10, 18), None),
    ]
    for name, text, publisher, date, licence in steps:
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        summary = provenance.ingest(
            store,
            [str(path)],
            publisher=publisher,
            published_at=date,
            **({"licence": licence} if licence else {}),
        )
        assert summary.stored == 1, summary.results
        doc_id = summary.results[0].document_id
        assert doc_id is not None
        ids[name] = doc_id
    return ids


@pytest.fixture
def chain(store: provenance.Store, tmp_path: Path) -> dict[str, int]:
    return _ingest(store, tmp_path)


def test_report_names_the_origin_and_the_intermediary(store, chain) -> None:
    rep = provenance.report(store, chain["rewrite"])
    by_id = {s.document.id: s for s in rep.sources}
    assert set(by_id) == {chain["mehr"], chain["aggregator"]}
    mehr, aggregator = by_id[chain["mehr"]], by_id[chain["aggregator"]]
    assert (mehr.role, aggregator.role) == ("origin", "intermediary")
    # every sentence taken from the aggregator's copy originates in Mehr's article, at its own position
    assert len(aggregator.matches) == 4
    for m in aggregator.matches:
        assert m.origin is not None and m.origin.document.id == chain["mehr"]
        assert MEHR_LINES[m.origin.position] == m.source_sentence
    assert all(m.origin is not None and m.origin.document.id == chain["mehr"] for m in mehr.matches)
    assert {mehr.direction, aggregator.direction} == {"by-date"}
    # the aggregator's own report: Mehr is its origin source, and the rewrites reuse it
    agg = provenance.report(store, chain["aggregator"])
    assert [(s.document.id, s.role) for s in agg.sources] == [(chain["mehr"], "origin")]
    roles = {v.document.id: v.role for v in agg.reused_by}
    assert roles == {chain["rewrite"]: "intermediary", chain["own"]: "origin"}  # own: the aggregator's text


def test_report_json_and_table(cli, chain) -> None:
    rep = json.loads(cli("report", str(chain["rewrite"]), "--format", "json").stdout)
    source = next(s for s in rep["sources"] if s["document"]["id"] == chain["aggregator"])
    assert source["role"] == "intermediary" and source["direction"] == "by-date"
    origin = source["matches"][0]["origin"]
    assert set(origin) == {"document", "position"}
    assert origin["document"]["id"] == chain["mehr"] and origin["document"]["undated"] is False
    table = cli("report", str(chain["rewrite"])).stdout
    assert "intermediary" in table and f"origin #{chain['mehr']}" in table
    md = cli("report", str(chain["rewrite"]), "--format", "markdown").stdout
    assert "intermediary" in md


def test_trace_follows_the_chain_to_the_origin(store, chain) -> None:
    tr = provenance.trace(store, MEHR_LINES[3])
    assert tr.earliest is not None and tr.earliest.document.id == chain["mehr"]
    assert tr.earliest.position == 3
    assert {o.document.id for o in tr.later} == {chain["aggregator"], chain["rewrite"]}


def _verdicts(findings) -> set[tuple[int, int, str, str]]:
    return {(f.document.id, f.source.id, f.rule, f.severity) for f in findings}


def test_audit_judges_against_the_origin(store, chain) -> None:
    m, a, r, o = chain["mehr"], chain["aggregator"], chain["rewrite"], chain["own"]
    rep = provenance.audit(store, include_compliant=True)
    got = _verdicts(rep.findings)
    assert got == {
        # the aggregator copied Mehr verbatim without credit or licence: errors against Mehr
        (a, m, "missing-credit", "error"),
        (a, m, "missing-licence-notice", "error"),
        # the rewrite took the aggregator's copy, credits Mehr and names its licence: judged once, compliant
        (r, m, "compliant", "info"),
        # the aggregator's own sentences are judged against the aggregator (all rights reserved)
        (o, a, "unlicensed-reuse", "error"),
        (o, m, "compliant", "info"),
    }
    # nothing is judged against the aggregator for text that originates in Mehr
    assert not [f for f in rep.findings if f.document.id == r and f.source.id == a]
    compliant = next(f for f in rep.findings if f.document.id == r)
    assert [v.id for v in compliant.via] == [a] and "through doc" in compliant.message
    own = next(f for f in rep.findings if (f.document.id, f.source.id) == (o, a))
    assert own.via == [] and "3 sentences" in own.message and "World Affairs Daily" in own.message
    # edges: a→m error, r→m ok, r→a ok (all its text is Mehr's), o→a error, o→m ok
    assert rep.summary["edges"] == 5
    assert rep.summary["verdicts"] == {"error": 2, "warning": 0, "ok": 3}


def test_crediting_the_origin_is_what_counts(store, tmp_path) -> None:
    """A rewrite of the aggregator's copy that names no licence: a missing notice, never a missing credit."""
    ids = _ingest(store, tmp_path)
    path = tmp_path / "bare.txt"
    path.write_text("\n".join([*MEHR_LINES[1:5], "Source: Mehr News Agency"]), encoding="utf-8")
    bare = provenance.ingest(store, [str(path)], published_at=datetime(2022, 10, 19)).results[0].document_id
    got = _verdicts(provenance.audit(store, bare).findings)
    assert got == {(bare, ids["mehr"], "missing-licence-notice", "error")}


def test_audit_cli_json(cli, chain) -> None:
    res = cli("audit", str(chain["rewrite"]), "--format", "json", "--all")
    assert res.exit_code == 0
    payload = json.loads(res.stdout)
    [finding] = payload["findings"]
    assert (finding["rule"], finding["severity"]) == ("compliant", "info")
    assert finding["source"]["id"] == chain["mehr"] and finding["direction"] == "by-date"
    assert [v["id"] for v in finding["via"]] == [chain["aggregator"]]
    res = cli("audit", str(chain["aggregator"]), "--format", "json")
    assert res.exit_code == 3
    rules = {(f["rule"], f["severity"], f["source"]["id"]) for f in json.loads(res.stdout)["findings"]}
    assert rules == {
        ("missing-credit", "error", chain["mehr"]),
        ("missing-licence-notice", "error", chain["mehr"]),
    }
    res = cli("audit", str(chain["own"]), "--format", "json")
    assert res.exit_code == 3
    [own] = json.loads(res.stdout)["findings"]
    assert (own["rule"], own["source"]["id"]) == ("unlicensed-reuse", chain["aggregator"])


def _matches(store: provenance.Store, links: list[tuple[int, int, int, int]]) -> None:
    from sqlalchemy import delete, insert

    from provenance.store.models import matches

    with store.begin() as conn:
        conn.execute(delete(matches))
        for later, lpos, earlier, epos in links:
            conn.execute(
                insert(matches).values(
                    later_id=later, later_position=lpos, earlier_id=earlier, earlier_position=epos,
                    kind="verbatim", score=1.0, quote=False,
                )
            )  # fmt: skip


def test_origins_follow_chains_and_end_on_cycles(store) -> None:
    from provenance.api.reports import Origins

    for i, text in enumerate(["Alpha beta gamma delta.", "Epsilon zeta eta theta.", "Iota kappa lambda mu."]):
        provenance.ingest_text(store, text, source=f"{i}.txt", published_at=datetime(2024, 1, 3 - i))
    _matches(store, [(1, 0, 2, 0), (2, 0, 3, 0)])
    with store.read() as conn:
        assert Origins(conn).of([(1, 0), (2, 0), (3, 0), (1, 5)]) == {
            (1, 0): (3, 0),  # transitively, to the sentence that matches nothing earlier
            (2, 0): (3, 0),
            (3, 0): (3, 0),  # its own origin
            (1, 5): (1, 5),
        }
    _matches(store, [(1, 0, 2, 0), (2, 0, 3, 0), (3, 0, 1, 0)])  # a cycle: the walk ends
    with store.read() as conn:
        found = Origins(conn).of([(1, 0), (2, 0)])
    assert found == {(1, 0): (3, 0), (2, 0): (3, 0)}  # the chronologically first sentence of the cycle
