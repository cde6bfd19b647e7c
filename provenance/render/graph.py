"""The reuse graph as GraphML, Graphviz DOT, W3C PROV-JSON and a table.

Written with the standard library (``xml.etree.ElementTree``, ``json``): each format is a few dozen
lines over plain result objects, and the product needs no graph library at run time; the tests load
the output with networkx and ``prov``. In GraphML and DOT an edge runs from the earlier article to
the later one (the way the text went); in PROV-JSON a derivation names the later article
``generatedEntity`` and the earlier ``usedEntity``, as the standard has it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from provenance.render.registry import register
from provenance.render.table import counted, table
from provenance.results import GraphEdge, GraphNode, ReuseGraph

KINDS = ("verbatim", "near-verbatim", "paraphrase")

# Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/U+FFFF): shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _label(node: GraphNode) -> str:
    return node.title or node.name


def _date(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _node_data(n: GraphNode) -> dict[str, object]:
    return {
        "label": _label(n),
        "title": n.title,
        "name": n.name,
        "url": n.url,
        "publisher": n.publisher,
        "published_at": _date(n.published_at),
        "undated": n.undated,
        "sentences": n.sentences,
        "licence": n.licence,
        "licence_holder": n.licence_holder,
    }


def _edge_data(e: GraphEdge) -> dict[str, object]:
    return {
        "relation": "reuse",
        "coverage": round(e.coverage, 4),
        "source_share": round(e.source_share, 4),
        "derivation": e.derivation,
        "matched_sentences": e.matched_sentences,
        **{k.replace("-", "_"): e.kinds.get(k, 0) for k in KINDS},
        "quotes": e.quotes,
        "role": e.role,
        "direction": e.direction,
        "verdict": e.verdict,
        "rules": " ".join(e.rules),
    }


_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def _graphml_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    return "string"


def _graphml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _xml_text(str(value))


@register("graphml", ReuseGraph)
def graph_graphml(g: ReuseGraph) -> str:
    """GraphML: one ``<node id="dN">`` per document, one ``<edge>`` per reuse edge (earlier → later,
    ``relation`` reuse) and per version (older → newer, ``relation`` revision)."""
    sample_node = _node_data(GraphNode(0, "", "", "", "", datetime.min, 0, "", ""))
    sample_edge = _edge_data(GraphEdge(0, 0, 0.0, 0.0, "", 0, {}, 0, "", "", ""))
    sample_edge["url"] = ""
    root = ET.Element("graphml", xmlns=_GRAPHML_NS)
    for where, sample in (("node", sample_node), ("edge", sample_edge)):
        for name, value in sample.items():
            ET.SubElement(
                root,
                "key",
                {
                    "id": f"{where[0]}_{name}",
                    "for": where,
                    "attr.name": name,
                    "attr.type": _graphml_type(value),
                },
            )
    graph = ET.SubElement(root, "graph", id="reuse", edgedefault="directed")

    def data(parent: ET.Element, where: str, values: dict[str, object]) -> None:
        for name, value in values.items():
            if value is not None:
                ET.SubElement(parent, "data", key=f"{where}_{name}").text = _graphml_value(value)

    for n in g.nodes:
        data(ET.SubElement(graph, "node", id=f"d{n.id}"), "n", _node_data(n))
    for i, e in enumerate(g.edges):
        edge = ET.SubElement(graph, "edge", id=f"e{i}", source=f"d{e.earlier}", target=f"d{e.later}")
        data(edge, "e", _edge_data(e))
    for i, r in enumerate(g.revisions):
        edge = ET.SubElement(graph, "edge", id=f"r{i}", source=f"d{r.earlier}", target=f"d{r.later}")
        data(edge, "e", {"relation": "revision", "url": r.url})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _dot(value: str) -> str:
    """A DOT quoted string: quotes and backslashes escaped, line breaks and controls made spaces."""
    clean = re.sub(r"[\x00-\x1f\x7f]", " ", _xml_text(value))
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


_VERDICT_COLOUR = {"error": "red3", "warning": "darkorange", "ok": "forestgreen"}


@register("dot", ReuseGraph)
def graph_dot(g: ReuseGraph) -> str:
    """Graphviz DOT (``dot -Tsvg``): documents as boxes, reuse edges earlier → later labelled with
    coverage and derivation and coloured by verdict; versions dashed."""
    lines = ["digraph reuse {", "  rankdir=LR;", "  node [shape=box, fontsize=10];"]
    for n in g.nodes:
        when = n.published_at.date().isoformat() if n.published_at else "undated"
        label = f"#{n.id} {_label(n)}\n{n.publisher or 'no publisher'}, {when}\n{n.licence}"
        attrs = {**{k: str(v) for k, v in _node_data(n).items() if v is not None}, "label": label}
        lines.append(f"  d{n.id} [{', '.join(f'{k}={_dot(v)}' for k, v in attrs.items())}];")
    for e in g.edges:
        style = "dashed" if e.derivation == "non-derived" else "solid"
        attrs = {
            "label": f"{e.coverage:.0%} {e.derivation}",
            "color": _VERDICT_COLOUR.get(e.verdict, "gray40"),
            "style": style,
            **{k: str(v) for k, v in _edge_data(e).items()},
        }
        lines.append(
            f"  d{e.earlier} -> d{e.later} [{', '.join(f'{k}={_dot(v)}' for k, v in attrs.items())}];"
        )
    for r in g.revisions:
        lines.append(f'  d{r.earlier} -> d{r.later} [relation="revision", style="dotted", label="revision"];')
    lines.append("}")
    return "\n".join(lines)


PROV_PREFIXES = {
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct": "http://purl.org/dc/terms/",
    "doc": "urn:provenance:document:",
    "pub": "urn:provenance:publisher:",
    "pv": "urn:provenance:terms#",
}


def _literal(value: object) -> object:
    """A PROV-JSON attribute value: strings and numbers as they are, a datetime typed xsd:dateTime."""
    if isinstance(value, datetime):
        return {"$": value.isoformat(), "type": "xsd:dateTime"}
    return value


def _qname(value: str) -> dict[str, str]:
    return {"$": value, "type": "prov:QUALIFIED_NAME"}


def _publisher_id(name: str, ids: dict[str, str]) -> str:
    if name not in ids:
        ids[name] = f"pub:{len(ids) + 1}"
    return ids[name]


@register("prov-json", ReuseGraph)
def graph_prov_json(g: ReuseGraph) -> str:
    """W3C PROV-JSON (the 2013 member submission): each document an ``entity``, each publisher an
    ``agent`` (prov:Organization) the documents are ``wasAttributedTo``; each reuse edge a
    ``wasDerivedFrom`` (later generatedEntity, earlier usedEntity) with the edge's figures, or a
    ``wasInfluencedBy`` when the matcher judged it non-derived; an edge with verbatim sentences is
    also a Quotation and a version a Revision. PROV-N's ``wasQuotedFrom`` and ``wasRevisionOf`` are
    written, as PROV-JSON has them, as ``wasDerivedFrom`` records typed ``prov:Quotation`` and
    ``prov:Revision`` (PROV-JSON has no record of those names)."""
    publisher_ids: dict[str, str] = {}
    entities: dict[str, object] = {}
    agents: dict[str, object] = {}
    attributed: dict[str, object] = {}
    for n in g.nodes:
        attrs: dict[str, object] = {
            "prov:label": _label(n),
            "dct:license": n.licence,
            "pv:sentences": n.sentences,
        }
        for key, value in (
            ("dct:title", n.title),
            ("pv:name", n.name),
            ("prov:location", n.url),
            ("dct:issued", n.published_at),
            ("dct:publisher", n.publisher),
            ("dct:rightsHolder", n.licence_holder),
        ):
            if value is not None:
                attrs[key] = _literal(value)
        entities[f"doc:{n.id}"] = attrs
        if n.publisher is not None:
            agent = _publisher_id(n.publisher, publisher_ids)
            agents[agent] = {"prov:label": n.publisher, "prov:type": _qname("prov:Organization")}
            attributed[f"_:a{n.id}"] = {"prov:entity": f"doc:{n.id}", "prov:agent": agent}
    derived: dict[str, object] = {}
    influenced: dict[str, object] = {}
    for i, e in enumerate(g.edges):
        figures = {f"pv:{k}": v for k, v in _edge_data(e).items() if k != "relation" and v != ""}
        if e.derivation == "non-derived":
            influenced[f"_:i{i}"] = {
                "prov:influencee": f"doc:{e.later}",
                "prov:influencer": f"doc:{e.earlier}",
                **figures,
            }
            continue
        derived[f"_:d{i}"] = {
            "prov:generatedEntity": f"doc:{e.later}",
            "prov:usedEntity": f"doc:{e.earlier}",
            **figures,
        }
        if e.kinds.get("verbatim", 0):
            derived[f"_:q{i}"] = {
                "prov:generatedEntity": f"doc:{e.later}",
                "prov:usedEntity": f"doc:{e.earlier}",
                "prov:type": _qname("prov:Quotation"),
                "pv:verbatim": e.kinds["verbatim"],
            }
    for i, r in enumerate(g.revisions):
        derived[f"_:r{i}"] = {
            "prov:generatedEntity": f"doc:{r.later}",
            "prov:usedEntity": f"doc:{r.earlier}",
            "prov:type": _qname("prov:Revision"),
        }
    doc: dict[str, object] = {"prefix": PROV_PREFIXES, "entity": entities}
    for key, records in (
        ("agent", agents),
        ("wasAttributedTo", attributed),
        ("wasDerivedFrom", derived),
        ("wasInfluencedBy", influenced),
    ):
        if records:
            doc[key] = records
    return json.dumps(doc, ensure_ascii=False, indent=2)


@register("table", ReuseGraph)
def graph_table(g: ReuseGraph) -> str:
    head = (
        f"{counted(len(g.nodes), 'document')}, {counted(len(g.edges), 'reuse edge')}, "
        f"{counted(len(g.revisions), 'revision')} "
        "(--format graphml, dot or prov-json for graph tools)"
    )
    names = {n.id: f"#{n.id} {_label(n)}" for n in g.nodes}
    rows = [
        (
            names.get(e.later, f"#{e.later}"),
            names.get(e.earlier, f"#{e.earlier}"),
            e.derivation,
            f"{e.coverage:.0%}",
            ", ".join(f"{e.kinds.get(k, 0)} {k}" for k in KINDS if e.kinds.get(k, 0)),
            e.role,
            e.verdict,
        )
        for e in g.edges
    ]
    if not rows:
        return head
    return (
        head
        + "\n"
        + table(["LATER", "EARLIER", "DERIVATION", "COVERAGE", "KINDS", "ROLE", "VERDICT"], rows, wrap=(0, 1))
    )
