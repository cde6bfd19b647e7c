"""Fuzzing the readers, ingest and compare (issue 14): arbitrary input never crashes them.

Readers: any bytes as a .txt, .md, .html or .jsonl file give articles, skips, notes or one-line
input errors naming the file -- never an exception, and never the catch-all "cannot be read" that
stands for an unexpected one. Ingest through the API: never an exception nor a catch-all failure
("cannot be read / prepared / store"), and every document it stores has all its sentences.
compare: any pair of Unicode texts (lone surrogates included) gives a comparison or the documented
InputError / UsageError. Profiles: tests/fuzz/profiles.py (``make fuzz`` runs the long one).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from provenance import api
from provenance.errors import InputError, UsageError
from provenance.readers import Article, ReaderNote, Skipped, iter_articles
from tests.fuzz.profiles import FUZZ
from tests.fuzz.strategies import any_text, input_file, prose

CATCH_ALL = ("cannot be read:", "cannot be prepared:", "cannot store:")  # an unexpected exception, caught
_names = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def fuzz_store(folder):
    store = api.open_store(f"sqlite:///{folder / 'fuzz.db'}")
    yield store
    store.close()


def _write(folder, suffix: str, data: bytes) -> str:
    path = folder / f"in{next(_names)}{suffix}"
    path.write_bytes(data)
    return str(path)


@FUZZ
@given(input_file())
def test_readers_never_raise(folder, case):
    path = _write(folder, *case)
    for item in iter_articles([path]):
        assert isinstance(item, Article | InputError | Skipped | ReaderNote), item
        if isinstance(item, InputError):
            assert str(item).startswith(path) and "\n" not in str(item), str(item)
            assert not any(c in item.reason for c in CATCH_ALL), str(item)
        elif isinstance(item, Article):
            assert item.text.strip()


@FUZZ
@given(input_file())
def test_ingest_never_fails_inside_and_stores_whole_articles(folder, fuzz_store, case):
    path = _write(folder, *case)
    with fuzz_store.begin() as conn:
        before = conn.execute(text("SELECT coalesce(max(id), 0) FROM documents")).scalar()
    summary = api.ingest(fuzz_store, [path])
    for r in summary.results:
        assert r.status in ("stored", "present", "failed", "skipped", "note"), r
        if r.status == "failed":
            assert r.message and "\n" not in r.message, r
            assert not any(c in r.message for c in CATCH_ALL), r.message
    with fuzz_store.begin() as conn:
        new = conn.execute(
            text(
                "SELECT d.id, d.sentence_count, count(s.position) FROM documents d "
                "LEFT JOIN sentences s ON s.document_id = d.id WHERE d.id > :before GROUP BY d.id, d.sentence_count"
            ),
            {"before": before},
        ).all()
    assert len(new) == summary.stored
    assert all(count == have > 0 for _, count, have in new), new


@FUZZ
@given(any_text | prose, any_text | prose)
def test_compare_any_pair(earlier, later):
    try:
        view = api.compare(earlier, later)
    except (InputError, UsageError) as exc:
        assert "\n" not in str(exc)
        return
    assert 0.0 <= view.coverage <= 1.0


@FUZZ
@given(prose, st.data())
def test_compare_a_text_and_its_edit(earlier, data):
    # The later text reuses slices of the earlier one among new text: alignment has work to do.
    cuts = sorted(data.draw(st.lists(st.integers(0, len(earlier)), min_size=2, max_size=6)))
    later = "".join(earlier[a:b] + data.draw(prose) for a, b in itertools.pairwise(cuts))
    try:
        view = api.compare(earlier, later)
    except (InputError, UsageError) as exc:
        assert "\n" not in str(exc)
        return
    assert 0.0 <= view.coverage <= 1.0
