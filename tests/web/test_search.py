"""Paste search: the detector's own lookup and alignment over the store, nothing written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

import provenance
from provenance.errors import InputError
from provenance.store.models import common_keys, documents, matches, reuse_edges, sentence_keys
from tests.conftest import SEED_000, SEED_002, SEED_PAIRS
from tests.web.seeded import seed_store

PARAGRAPH_2 = SEED_000.read_text(encoding="utf-8").splitlines()[1]


def _counts(store) -> dict[str, int]:
    with store.read() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (documents, sentence_keys, common_keys, matches, reuse_edges)
        }


@pytest.fixture
def seeded(cli, tmp_path, store):
    seed_store(cli, tmp_path)
    return store


def test_a_pasted_paragraph_finds_the_article_that_rewrote_it(seeded) -> None:
    before = _counts(seeded)
    result = provenance.search(seeded, PARAGRAPH_2)
    assert _counts(seeded) == before
    by_id = {h.document.id: h for h in result.hits}
    assert set(by_id) >= {1, 2}
    rewrite = by_id[2]
    assert rewrite.relation == "reuses" and rewrite.matched_sentences == 1
    (m,) = rewrite.matches
    assert "Amir-Abdollahian stated" in m.sentence and m.kind == "paraphrase" and m.text_position == 0
    assert by_id[1].matches[0].kind == "verbatim"
    assert result.coverage == 1.0 and result.sentences[0].found_in[:2] in ([1, 2], [2, 1])


def test_searching_a_whole_article_gives_the_pairs_ingest_stored(seeded) -> None:
    """002 searched as a text published after 000: the same 12 pairs as its stored edge."""
    result = provenance.search(
        seeded, SEED_002.read_text(encoding="utf-8"), published_at=provenance.parse_datetime("2022-10-17")
    )
    hit = next(h for h in result.hits if h.document.id == 1)
    assert hit.relation == "reused-by"
    stored = provenance.report(seeded, 2).sources[0]
    assert sorted((m.text_position, m.position, m.kind) for m in hit.matches) == sorted(
        (m.position, m.source_position, m.kind) for m in stored.matches
    )
    assert hit.text_coverage == pytest.approx(stored.coverage)
    assert hit.document_coverage == pytest.approx(stored.source_share)
    for later_phrase, earlier_phrase in SEED_PAIRS:
        assert any(later_phrase in m.text_sentence and earlier_phrase in m.sentence for m in hit.matches)
    assert [s.excluded for s in result.sentences].count(True) == 1  # the licence notice


def test_keys_too_common_for_the_search_are_not_entered_in_the_store(seeded) -> None:
    before = _counts(seeded)
    strict = provenance.DetectConfig(max_key_postings=1)
    provenance.search(seeded, SEED_002.read_text(encoding="utf-8"), detect_config=strict)
    assert _counts(seeded) == before


def test_a_text_found_nowhere_and_an_empty_text(seeded) -> None:
    result = provenance.search(
        seeded, "The harvest festival opened with music in the old market square. Farmers sold apples."
    )
    assert result.hits == [] and result.coverage == 0.0 and len(result.sentences) == 2
    with pytest.raises(InputError, match="empty text"):
        provenance.search(seeded, "  \n")


def test_cli_search_reads_stdin_and_files_in_every_format(cli, tmp_path, seeded) -> None:
    result = cli("search", "-", "--format", "json", input=PARAGRAPH_2 + "\n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {h["document"]["id"] for h in data["hits"]} >= {1, 2}
    assert set(data) == {"name", "sentences", "coverage", "hits"}
    assert set(data["hits"][0]) == {
        "document", "publisher", "relation", "text_coverage", "document_coverage", "derivation",
        "matched_sentences", "kinds", "matches",
    }  # fmt: skip
    table = cli("search", str(SEED_002))
    assert table.exit_code == 0 and "reuses the text" in table.stdout
    html = cli("search", str(SEED_002), "--format", "html", "-o", str(tmp_path / "s.html"))
    assert html.exit_code == 0 and (tmp_path / "s.html").read_text(encoding="utf-8").startswith(
        "<!DOCTYPE html>"
    )
    missing = cli("search", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 1 and "nope.txt" in missing.stderr
    bad = cli("search", "-", "--published-at", "yesterday", input="x")
    assert bad.exit_code == 2 and "--published-at" in bad.stderr
