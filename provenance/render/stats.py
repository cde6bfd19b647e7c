"""``provenance stats`` as text."""

from __future__ import annotations

from provenance.render.registry import register
from provenance.render.table import counted, table
from provenance.results import ReuseStats


def _pct(value: float) -> str:
    return f"{value:.0%}"


@register("table", ReuseStats)
def stats_table(s: ReuseStats) -> str:
    t = s.totals
    out = [
        f"{counted(t['documents'], 'document')} from {counted(t['publishers'], 'publisher')}, "
        f"{counted(t['sentences'], 'sentence')}; {counted(t['reuse_edges'], 'reuse edge')}, "
        f"{counted(t['matches'], 'matched sentence pair')}; "
        f"{counted(t['derived_articles'], 'article')} derived from another outlet's",
        "",
    ]
    headers = [
        "PUBLISHER",
        *(["MONTH"] if s.by == "month" else []),
        "ARTICLES",
        "WHOLLY",
        "PARTIALLY",
        "DERIVED",
    ]
    rows = [
        (
            r.publisher or "(no publisher)",
            *([r.month or "undated"] if s.by == "month" else []),
            r.articles,
            f"{r.wholly_derived} ({_pct(r.wholly_share)})",
            f"{r.partially_derived} ({_pct(r.partially_share)})",
            _pct(r.derived_share),
        )
        for r in s.rows
    ]
    out.append(table(headers, rows, wrap=(0,)) if rows else "No documents.")
    if s.top_sources:
        out += ["", "Most reused sources"]
        out.append(
            table(
                ["SOURCE", "PUBLISHER", "REUSED BY", "OUTLETS"],
                [
                    (
                        f"#{x.document.id} {x.document.title or x.document.path}",
                        x.publisher,
                        x.reused_by,
                        x.reusing_publishers,
                    )
                    for x in s.top_sources
                ],
                wrap=(0,),
            )
        )
    if s.top_outlets:
        out += ["", "Most reusing outlets"]
        out.append(
            table(
                ["PUBLISHER", "DERIVED ARTICLES", "SOURCES"],
                [(o.publisher or "(no publisher)", o.derived_articles, o.sources) for o in s.top_outlets],
                wrap=(0,),
            )
        )
    c = s.credit
    judged = sum(c.values())
    if judged:
        out += [
            "",
            f"Audited reuse ({counted(judged, 'judgement')}): {c['both']} attributed and licensed, {c['attributed']} "
            f"attributed only, {c['licensed']} licensed only, {c['neither']} neither; {c['same-holder']} same holder",
        ]
    b = s.boilerplate
    out += [
        "",
        f"Boilerplate: {b['boilerplate']} of {b['sentences']} sentences ({_pct(b['boilerplate_share'])}); "
        f"with licence notices and credit lines {_pct(b['excluded_share'])} are no evidence of reuse",
    ]
    return "\n".join(out)
