"""Terminal rendering of a paste search (``provenance search``)."""

from __future__ import annotations

from provenance.render import escape
from provenance.render.registry import register
from provenance.render.reuse import differences
from provenance.render.table import cell, counted, table
from provenance.results import SearchResult


@register("table", SearchResult, escapes=True)
def search_text(result: SearchResult) -> str:
    found = sum(1 for s in result.sentences if s.found_in)
    head = (
        f"{escape.one_line(result.name)}: {counted(len(result.sentences), 'sentence')}, {found} found in the store "
        f"(coverage {result.coverage:.0%}); {len(result.hits)} stored article"
        f"{'' if len(result.hits) == 1 else 's'}"
    )
    if not result.hits:
        return head + "\nNo stored article reuses this text or is reused by it."
    rows = [
        (
            f"#{h.document.id} {h.document.title or h.document.path}",
            h.publisher,
            h.document.published_at or "undated",
            "reuses the text" if h.relation == "reuses" else "reused by the text",
            f"{h.text_coverage:.0%}",
            f"{h.document_coverage:.0%}",
            h.derivation,
        )
        for h in result.hits
    ]
    out = [
        head,
        "",
        table(["ARTICLE", "PUBLISHER", "DATE", "RELATION", "TEXT", "ARTICLE%", "DERIVATION"], rows),
    ]
    for h in result.hits:
        out += ["", f"#{h.document.id} {cell(h.document.title or h.document.path)}:"]
        out.append(
            table(
                ["#", "THEIR#", "KIND", "SCORE", "TEXT SENTENCE", "THEIR SENTENCE"],
                [
                    (
                        m.text_position,
                        m.position,
                        m.kind + (" (quote)" if m.quote else ""),
                        m.score,
                        # the later side of the pair marked with its differences from the earlier
                        differences(m.sentence, m.text_sentence)
                        if h.relation == "reused-by" and m.kind != "verbatim"
                        else m.text_sentence,
                        differences(m.text_sentence, m.sentence)
                        if h.relation == "reuses" and m.kind != "verbatim"
                        else m.sentence,
                    )
                    for m in h.matches
                ],
                wrap=(4, 5),
            )
        )
    return "\n".join(out)
