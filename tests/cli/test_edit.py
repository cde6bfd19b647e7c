"""`provenance set` and `provenance delete`: output, errors, what stays, and all-or-nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

import provenance
from provenance.errors import NotFoundError, UsageError
from provenance.store.models import common_keys, documents, publishers, reuse_edges
from tests.conftest import SEED_000, SEED_002


@pytest.fixture
def two(cli):
    """Seed 000 and its rewrite 002, 002 mis-dated before 000 (so 000 seems to copy 002)."""
    assert cli("ingest", SEED_000, "--published-at", "2022-10-15").exit_code == 0
    assert cli("ingest", SEED_002, "--published-at", "2022-10-01", "--publisher", "Wrong").exit_code == 0
    return cli


def _edge(store) -> tuple[int, int]:
    with store.read() as conn:
        [(later, earlier)] = conn.execute(select(reuse_edges.c.later_id, reuse_edges.c.earlier_id)).all()
    return later, earlier


def test_set_table_names_fields_and_reversed_edge(two, store):
    assert _edge(store) == (1, 2)
    done = two("set", "2", "--published-at", "2022-10-16", "--title", "Iran and Iraq")
    assert done.exit_code == 0, done.stderr
    assert "published_at: 2022-10-01 -> 2022-10-16" in done.stdout
    assert "title: - -> Iran and Iraq" in done.stdout
    assert "reversed" in done.stdout and "1 edge changed, 0 unchanged" in done.stdout
    assert _edge(store) == (2, 1)


def test_set_json_shape(two):
    edit = json.loads(two("set", "2", "--url", "https://example.org/a", "--format", "json").stdout)
    assert set(edit) == {"document", "changes", "redetected", "edges", "edges_unchanged", "publisher_removed"}
    assert edit["changes"] == [{"name": "url", "before": None, "after": "https://example.org/a"}]
    assert edit["redetected"] is False and edit["edges"] == []  # a url re-detects nothing


def test_set_with_nothing_to_change_is_a_usage_error(two):
    done = two("set", "2")
    assert done.exit_code == 2 and "nothing to change" in done.stderr
    done = two("set", "2", "--published-at", "2022-10-01")
    assert done.exit_code == 2 and "already has published_at 2022-10-01T00:00:00" in done.stderr
    done = two("set", "2", "--publisher", "Wrong")
    assert done.exit_code == 2


def test_unknown_document_and_bad_date(two):
    assert two("set", "9", "--title", "x").exit_code == 1
    assert "no document with id 9" in two("delete", "9").stderr
    assert two("set", "2", "--published-at", "yesterday").exit_code == 2


def test_publisher_by_alias_and_kept_when_a_user_declared_for_it(two, store):
    assert two("publisher", "alias", "Mehr News Agency", "MNA").exit_code == 0
    assert two("licence", "set", "--publisher", "Wrong", "CC-BY-4.0").exit_code == 0
    edit = json.loads(two("set", "2", "--publisher", "MNA", "--format", "json").stdout)
    assert edit["changes"] == [{"name": "publisher", "before": "Wrong", "after": "Mehr News Agency"}]
    assert edit["publisher_removed"] is None  # its licence declaration keeps "Wrong"
    with store.read() as conn:
        names = set(conn.execute(select(publishers.c.name)).scalars())
        pub = conn.execute(select(documents.c.publisher_id).where(documents.c.id == 2)).scalar()
    assert names == {"Mehr News Agency", "Wrong"} and pub is not None


def test_delete_table_and_json(two, store):
    done = two("delete", SEED_002.name)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("deleted document 2")
    assert "1 reuse_edges" in done.stdout and "publisher 'Wrong' deleted" in done.stdout
    gone = json.loads(two("delete", "1", "--format", "json").stdout)
    assert set(gone) == {"document", "removed", "edges", "publisher_removed", "common_keys_kept"}
    assert gone["removed"]["documents"] == 1 and gone["removed"]["reuse_edges"] == 0
    assert json.loads(two("docs", "--format", "json").stdout)["documents"] == []


def test_python_api(store):
    provenance.ingest(store, [str(SEED_000)], published_at=provenance.parse_datetime("2022-10-15"))
    provenance.ingest(store, [str(SEED_002)])
    edit = provenance.set_document(store, 2, published_at=provenance.parse_datetime("2022-10-14"))
    assert [c.change for c in edit.edges] == ["reversed"] and edit.edges[0].after.later == 1
    with pytest.raises(UsageError):
        provenance.set_document(store, 2)
    gone = provenance.delete_document(store, 2)
    assert gone.removed["sentences"] == 20
    with pytest.raises(NotFoundError):
        provenance.delete_document(store, 2)


def test_an_interrupted_set_changes_nothing(two, store, monkeypatch):
    from provenance.reuse import Detector

    def interrupted(self, articles):
        raise KeyboardInterrupt

    monkeypatch.setattr(Detector, "detect_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        provenance.set_document(store, 2, published_at=None, publisher="Other")
    with store.read() as conn:
        row = conn.execute(
            select(documents.c.published_at, documents.c.publisher_id).where(documents.c.id == 2)
        ).one()
        names = set(conn.execute(select(publishers.c.name)).scalars())
    assert row.published_at.isoformat() == "2022-10-01T00:00:00" and names == {"Wrong"}
    assert _edge(store) == (1, 2)  # the edges deleted before detection are back


def test_a_key_made_common_stays_common(store):
    """The one thing delete cannot undo: a key that 002's postings made too common stays in common_keys
    (the other documents' postings of it were dropped then); everything else goes."""
    tight = provenance.DetectConfig(max_key_postings=1)
    provenance.ingest(store, [str(SEED_000)], detect_config=tight)
    with store.read() as conn:
        before = set(conn.execute(select(common_keys.c.key)).scalars())
    provenance.ingest(store, [str(SEED_002)], detect_config=tight)
    with store.read() as conn:
        made = set(conn.execute(select(common_keys.c.key)).scalars()) - before
    assert made  # 000 and 002 share keys: held by 2 > 1 sentences
    gone = provenance.delete_document(store, 2)
    assert gone.common_keys_kept >= len(made)
    with store.read() as conn:
        assert made <= set(conn.execute(select(common_keys.c.key)).scalars())
