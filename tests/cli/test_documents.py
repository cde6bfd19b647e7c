"""`provenance docs` and `provenance show`: lookup by id, path and name; JSON shapes."""

from __future__ import annotations

import json

from tests.conftest import SEED_000, SEED_002

DOC_KEYS = {
    "id",
    "title",
    "name",
    "path",
    "url",
    "publisher",
    "published_at",
    "ingested_at",
    "sentences",
    "undated",
}


def test_docs_table_and_json(cli):
    assert (
        cli("ingest", SEED_000, "--published-at", "2022-10-15", "--publisher", "Tehran Times").exit_code == 0
    )
    assert cli("ingest", SEED_002, "--published-at", "2022-10-16").exit_code == 0
    table = cli("docs")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "PUBLISHER", "PUBLISHED", "SENTENCES"]
    assert "000_19c93ae14d6297da.txt" in lines[1] and "Tehran Times" in lines[1] and "2022-10-15" in lines[1]
    payload = json.loads(cli("docs", "--format", "json").stdout)
    assert [set(d) for d in payload["documents"]] == [DOC_KEYS, DOC_KEYS]
    first, second = payload["documents"]
    assert first["path"] == str(SEED_000.resolve())
    assert first["sentences"] == 11
    assert second["sentences"] == 20
    assert (
        json.loads(cli("docs", "--format", "json", "--limit", "1", "--offset", "1").stdout)["documents"][0][
            "id"
        ]
        == second["id"]
    )


def test_show_by_id_path_and_name(cli):
    cli("ingest", SEED_000)
    by_id = json.loads(cli("show", "1", "--format", "json").stdout)
    by_path = json.loads(cli("show", str(SEED_000), "--format", "json").stdout)
    by_name = json.loads(cli("show", SEED_000.name, "--format", "json").stdout)
    assert by_id == by_path == by_name
    assert set(by_id) == {
        "document",
        "sha256",
        "encoding",
        "format",
        "licences",
        "sentences",
        "modified_at",
        "language",
        "authors",
        "undated",
    }
    text = SEED_000.read_text(encoding="utf-8")
    for s in by_id["sentences"]:
        assert set(s) == {"position", "start", "end", "text", "fingerprint"}
        assert text[s["start"] : s["end"]] == s["text"]
        assert len(s["fingerprint"]) == 16
    assert [s["position"] for s in by_id["sentences"]] == list(range(11))
    shown = cli("show", "1")
    assert "Amir-Abdollahian" in shown.stdout and shown.exit_code == 0


def test_show_errors(cli, tmp_path):
    a, b = tmp_path / "x", tmp_path / "y"
    a.mkdir(), b.mkdir()
    (a / "same.txt").write_text("First text here.")
    (b / "same.txt").write_text("Second text here.")
    cli("ingest", a, b)
    ambiguous = cli("show", "same.txt")
    assert ambiguous.exit_code == 2 and "2 documents are named 'same.txt'" in ambiguous.stderr
    assert cli("show", str(b / "same.txt"), "--format", "json").exit_code == 0
    missing = cli("show", "99")
    assert missing.exit_code == 1 and "no document with id 99" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_fingerprints_unify_hyphens_quotes_and_case(cli, tmp_path):
    (tmp_path / "a.txt").write_text("Amir-Abdollahian said Iraq’s security matters.")
    (tmp_path / "b.txt").write_text('AMIR ABDOLLAHIAN said "Iraq\'s" security — matters!')
    cli("ingest", tmp_path)
    a = json.loads(cli("show", "a.txt", "--format", "json").stdout)["sentences"][0]["fingerprint"]
    b = json.loads(cli("show", "b.txt", "--format", "json").stdout)["sentences"][0]["fingerprint"]
    assert a == b
