"""`provenance graph`: GraphML loaded by networkx, PROV-JSON by the W3C `prov` package, DOT, JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
from prov.model import PROV_TYPE, ProvDerivation, ProvDocument, ProvInfluence

from tests.conftest import SEED_000, SEED_002
from tests.web.seeded import seed_store


def _demo_store(cli, tmp_path: Path) -> None:
    """The seeds as ``make demo`` stores them, plus a later version of 002 under one URL."""
    for path, date in ((SEED_000, "2022-10-15"), (SEED_002, "2022-10-16")):
        assert (
            cli("ingest", path, "--published-at", date, "--url", f"https://example.org/{path.name}").exit_code
            == 0
        )
    assert cli("publisher", "alias", "Mehr News Agency", "MNA").exit_code == 0
    newer = tmp_path / "002-updated.txt"
    newer.write_text(SEED_002.read_text(encoding="utf-8") + "\nThis story was updated on 17 October.\n")
    result = cli(
        "ingest", newer, "--published-at", "2022-10-17", "--url", f"https://example.org/{SEED_002.name}",
        "--publisher", "Mehr News Agency",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_graphml_loads_in_networkx_with_every_document_and_edge(cli, tmp_path: Path) -> None:
    _demo_store(cli, tmp_path)
    edges = json.loads(cli("graph", "--format", "json").stdout)["edges"]
    out = tmp_path / "g.graphml"
    result = cli("graph", "--format", "graphml", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out.resolve())
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == 3
    reuse = [(a, b, d) for a, b, d in g.edges(data=True) if d["relation"] == "reuse"]
    revisions = [(a, b) for a, b, d in g.edges(data=True) if d["relation"] == "revision"]
    assert len(reuse) == len(edges) == 3  # 002 -> 000, the newer 002 -> 000 and -> 002
    assert revisions == [("d2", "d3")]
    by_pair = {(a, b): d for a, b, d in reuse}
    seeds = by_pair[("d1", "d2")]  # earlier -> later: the way the text went
    assert seeds["matched_sentences"] == 12 and seeds["derivation"] == "partially-derived"
    assert (seeds["near_verbatim"], seeds["paraphrase"]) == (3, 9)
    assert seeds["role"] == "origin" and seeds["verdict"] in {"error", "warning", "ok"}
    assert g.nodes["d3"]["publisher"] == "Mehr News Agency"
    assert g.nodes["d1"]["published_at"] == "2022-10-15T00:00:00" and g.nodes["d1"]["undated"] is False
    newer = by_pair[("d2", "d3")]  # the newer version repeats 002's 19 sentences (its licence line aside)
    assert (newer["verbatim"], newer["matched_sentences"], newer["derivation"]) == (19, 19, "wholly-derived")
    # 12 of them are 000's text: the edge feeds the judgement of 3 against 000 too (unlicensed), and
    # against 002 (the same holder, Mehr News Agency)
    assert newer["verdict"] == "error" and newer["rules"] == "unlicensed-reuse same-holder"


def test_prov_json_validates_with_the_prov_package(cli, tmp_path: Path) -> None:
    _demo_store(cli, tmp_path)
    result = cli("graph", "--format", "prov-json")
    assert result.exit_code == 0, result.stderr
    doc = ProvDocument.deserialize(content=result.stdout, format="json")
    entities = {
        str(e.identifier)
        for e in doc.get_records()
        if e.is_element() and "entity" in type(e).__name__.lower()
    }
    assert entities == {"doc:1", "doc:2", "doc:3"}
    derivations = [r for r in doc.get_records(ProvDerivation)]
    plain = [r for r in derivations if not list(r.get_attribute(PROV_TYPE))]
    typed = {
        str(next(iter(r.get_attribute(PROV_TYPE)))): r
        for r in derivations
        if list(r.get_attribute(PROV_TYPE))
    }
    pairs = {(str(r.formal_attributes[0][1]), str(r.formal_attributes[1][1])) for r in plain}
    assert ("doc:2", "doc:1") in pairs  # 002 wasDerivedFrom 000
    assert "prov:Revision" in typed and "prov:Quotation" in typed  # the newer 002 copies 002 word for word
    revision = typed["prov:Revision"]
    assert (str(revision.formal_attributes[0][1]), str(revision.formal_attributes[1][1])) == (
        "doc:3",
        "doc:2",
    )
    agents = [r for r in doc.get_records() if r.is_element() and "agent" in type(r).__name__.lower()]
    assert [str(a.label) for a in agents] == ["Mehr News Agency"]
    assert not list(doc.get_records(ProvInfluence))  # no non-derived edge here
    # and the round trip through prov's own writer gives the same records
    again = ProvDocument.deserialize(content=doc.serialize(), format="json")
    assert again == doc


def test_hostile_text_stays_well_formed_in_every_graph_format(cli, tmp_path: Path) -> None:
    seed_store(cli, tmp_path)
    assert cli("set", "3", "--title", 'Bad "title" \\ with \x01 control <b>&amp;</b>').exit_code == 0
    graphml = cli("graph", "-f", "graphml").stdout
    g = nx.read_graphml(io.StringIO(graphml))
    assert g.nodes["d3"]["title"] == 'Bad "title" \\ with \ufffd control <b>&amp;</b>'
    assert g.nodes["d3"]["publisher"] == "<b onmouseover=x>Evil</b>"
    dot = cli("graph", "-f", "dot").stdout
    line = next(x for x in dot.splitlines() if x.startswith("  d3 ["))
    assert 'title="Bad \\"title\\" \\\\ with \ufffd control <b>&amp;</b>"' in line
    ProvDocument.deserialize(content=cli("graph", "-f", "prov-json").stdout, format="json")


def test_table_and_json_name_every_edge(cli) -> None:
    for path, date in ((SEED_000, "2022-10-15"), (SEED_002, "2022-10-16")):
        cli("ingest", path, "--published-at", date)
    shape = json.loads(cli("graph", "-f", "json").stdout)
    assert set(shape) == {"nodes", "edges", "revisions"}
    assert [n["id"] for n in shape["nodes"]] == [1, 2]
    (edge,) = shape["edges"]
    assert set(edge) == {
        "later", "earlier", "coverage", "source_share", "derivation", "matched_sentences", "kinds",
        "quotes", "role", "direction", "verdict", "rules",
    }  # fmt: skip
    assert (edge["later"], edge["earlier"], edge["direction"]) == (2, 1, "by-date")
    report = json.loads(cli("report", "2", "-f", "json").stdout)["sources"][0]
    assert edge["coverage"] == report["coverage"] and edge["kinds"] == report["kinds"]
    audit = json.loads(cli("audit", "-f", "json", "--fail-on", "never").stdout)
    assert edge["verdict"] == (
        "error"
        if audit["summary"]["verdicts"]["error"]
        else "warning"
        if audit["summary"]["verdicts"]["warning"]
        else "ok"
    )
    assert sorted(edge["rules"]) == sorted(audit["summary"]["rules"])
    no_audit = json.loads(cli("graph", "-f", "json", "--no-audit").stdout)["edges"][0]
    assert no_audit["verdict"] == "not-audited" and no_audit["coverage"] == edge["coverage"]
    table = cli("graph").stdout
    assert "2 documents, 1 reuse edge, 0 revisions" in table and "partially-derived" in table
