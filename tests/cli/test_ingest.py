"""`provenance ingest`: formats, options, idempotency, bad input, exit statuses."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from sqlalchemy import func, select

from provenance.store import Store
from provenance.store.models import Document, Sentence
from tests.conftest import SEED_000, SEED_002, SEEDS


def _doc_count(db_url: str) -> int:
    with Store(db_url) as s, s.read() as conn:
        return conn.execute(select(func.count()).select_from(Document.__table__)).scalar_one()


def _whole(db_url: str) -> None:
    """Every stored document has exactly its sentence rows (no article stored in part)."""
    with Store(db_url) as s, s.read() as conn:
        counts = dict(
            conn.execute(select(Sentence.document_id, func.count()).group_by(Sentence.document_id)).all()
        )
        for doc_id, expected in conn.execute(select(Document.id, Document.sentence_count)):
            assert counts.get(doc_id, 0) == expected > 0


def test_ingest_seeds_then_again_is_idempotent(cli, db_url):
    first = cli("ingest", SEED_000, SEED_002)
    assert first.exit_code == 0, first.stderr
    assert "2 stored, 0 already present, 0 failed" in first.stdout
    again = cli("ingest", *sorted(SEEDS.glob("*.txt")))  # seeds/web/ holds the HTML copy the demo uses
    assert again.exit_code == 0
    assert "0 stored, 2 already present" in again.stdout
    assert "already stored" in again.stdout
    assert _doc_count(db_url) == 2
    _whole(db_url)


def test_options_override_file_metadata(cli, tmp_path):
    page = tmp_path / "a.jsonl"
    page.write_text(
        json.dumps(
            {"text": "One sentence here. And another one.", "title": "From file", "publisher": "File Pub"}
        )
        + "\n"
    )
    res = cli(
        "ingest",
        page,
        "--title",
        "Given title",
        "--publisher",
        "Mehr News Agency",
        "--published-at",
        "2022-10-15",
        "--url",
        "https://example.org/a",
    )
    assert res.exit_code == 0, res.stderr
    listed = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    assert listed[0]["title"] == "Given title"
    assert listed[0]["publisher"] == "Mehr News Agency"
    assert listed[0]["published_at"] == "2022-10-15T00:00:00"
    assert listed[0]["url"] == "https://example.org/a"
    assert listed[0]["sentences"] == 2


def test_timezone_aware_dates_are_stored_in_utc(cli, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("A sentence.")
    assert cli("ingest", f, "--published-at", "2022-10-15T10:00:00+02:00").exit_code == 0
    listed = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    assert listed[0]["published_at"] == "2022-10-15T08:00:00"


def test_bad_inputs_each_get_one_line_and_the_rest_is_stored(cli, tmp_path, db_url):
    good = tmp_path / "good.txt"
    good.write_text("A good article. It has two sentences.")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    blank = tmp_path / "blank.md"
    blank.write_text("   \n\t\n")
    big = tmp_path / "big.txt"
    big.write_text("Words and more words. " * 100)
    lines = tmp_path / "feed.jsonl"
    lines.write_text(
        '{"text": "First article text."}\n{"text": broken}\n{"title": "no text"}\n{"text": "Fourth article text."}\n'
    )
    csv = tmp_path / "labels.csv"
    csv.write_text("a,b\n")
    missing = tmp_path / "nope.txt"
    res = cli("ingest", good, binary, empty, blank, big, lines, csv, missing, "--max-bytes", "1000")
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 8, res.stderr
    joined = "\n".join(errors)
    for name in ("image.txt", "empty.txt", "blank.md", "big.txt", "labels.csv", "nope.txt"):
        assert name in joined
    assert "feed.jsonl:2" in joined and "feed.jsonl:3" in joined
    assert "binary" in joined and "empty" in joined and "limit" in joined and "no such file" in joined
    assert "Traceback" not in res.stderr + res.stdout
    assert "3 stored" in res.stdout and "7 failed" not in res.stdout
    assert _doc_count(db_url) == 3  # good.txt and two JSONL lines
    _whole(db_url)


def test_directory_skips_other_types_and_recurses(cli, tmp_path):
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text("Alpha text.")
    (tmp_path / "corpus" / "sub" / "b.md").write_text("Beta text.")
    (tmp_path / "corpus" / "labels.csv").write_text("x\n")
    (tmp_path / "corpus" / "README").write_text("about")
    res = cli("ingest", tmp_path / "corpus")
    assert res.exit_code == 0, res.stderr
    assert "2 stored, 0 already present, 0 failed, 2 skipped" in res.stdout


def test_windows_1252_fallback_is_reported(cli, tmp_path):
    f = tmp_path / "cp.txt"
    f.write_bytes("Caf\xe9 society \x93quoted\x94.".encode("latin-1"))
    res = cli("ingest", f)
    assert res.exit_code == 0
    assert "cp.txt" in res.stderr and "Windows-1252" in res.stderr
    shown = json.loads(cli("show", "cp.txt", "--format", "json").stdout)
    assert shown["sentences"][0]["text"] == "Café society “quoted”."
    assert shown["encoding"] == "windows-1252"


def test_stdin(cli):
    res = cli("ingest", "-", "--title", "Piped", input="Read from standard input. Twice.")
    assert res.exit_code == 0, res.stderr
    docs = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    assert docs[0]["title"] == "Piped" and docs[0]["sentences"] == 2


def test_usage_errors_exit_2(cli, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Text.")
    assert cli("ingest").exit_code == 2
    bad = cli("ingest", f, "--published-at", "yesterday")
    assert bad.exit_code == 2
    assert "--published-at" in bad.stderr


def test_interrupted_ingest_leaves_only_whole_articles(cli, tmp_path, db_url, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(7):
        (corpus / f"{i:02}.txt").write_text(
            f"Article number {i} begins. It has a second sentence. And a third {i}."
        )
    ingest_mod = importlib.import_module("provenance.prepare")

    real = ingest_mod.prepare
    calls = {"n": 0}

    def interrupted(article, now):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return real(article, now)

    monkeypatch.setattr(ingest_mod, "prepare", interrupted)
    res = cli("ingest", corpus, "--batch", "2")
    assert res.exit_code == 130
    assert "interrupted" in res.stderr
    assert _doc_count(db_url) == 4  # two whole batches committed; the open one rolled back
    _whole(db_url)
    monkeypatch.setattr(ingest_mod, "prepare", real)
    again = cli("ingest", corpus)
    assert "3 stored, 4 already present" in again.stdout
    assert _doc_count(db_url) == 7
    _whole(db_url)


def test_clough_stevenson_corpus_ingests_whole(cli, eval_dir: Path, db_url):
    corpus = eval_dir / "clough-stevenson"
    res = cli("ingest", corpus)
    assert res.exit_code == 0, res.stderr
    assert "100 stored, 0 already present, 0 failed, 1 skipped" in res.stdout
    assert res.stderr.count("Windows-1252") >= 1
    again = cli("ingest", corpus)
    assert "0 stored, 100 already present" in again.stdout
    assert _doc_count(db_url) == 100


def test_a_store_error_fails_one_article_and_keeps_the_batch(cli, tmp_path, db_url, monkeypatch):
    from sqlalchemy.exc import OperationalError

    writes = importlib.import_module("provenance.store.documents")
    real = writes.insert_documents

    def poisoned(conn, docs, *args, **kwargs):
        if any("POISON" in d.text for d in docs):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(conn, docs, *args, **kwargs)

    monkeypatch.setattr(writes, "insert_documents", poisoned)
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(
            f"Article {i} about topic {i * 11}." + (" POISON here." if i == 2 else "")
        )
    res = cli("ingest", tmp_path, "--batch", "10")
    assert res.exit_code == 1
    assert [line for line in res.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / '2.txt'}: cannot store: disk I/O error"
    ]
    assert "3 stored" in res.stdout
    assert _doc_count(db_url) == 3
    _whole(db_url)


def test_content_stored_concurrently_is_reported_present(cli, tmp_path, db_url, monkeypatch):
    (tmp_path / "a.txt").write_text("Stored by another process a moment ago.")
    assert cli("ingest", tmp_path / "a.txt").exit_code == 0
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.txt").write_text("Stored by another process a moment ago.")
    writes = importlib.import_module("provenance.store.documents")
    real = writes.existing_hashes
    calls = {"n": 0}

    def stale(conn, hashes):  # the first look misses the row the other process just committed
        calls["n"] += 1
        return {} if calls["n"] == 1 else real(conn, hashes)

    monkeypatch.setattr(writes, "existing_hashes", stale)
    res = cli("ingest", tmp_path / "copy" / "a.txt")
    assert res.exit_code == 0, res.stderr
    assert "0 stored, 1 already present" in res.stdout
    assert _doc_count(db_url) == 1


def test_nul_characters_are_refused_and_overlong_publishers_truncated(cli, tmp_path, db_url):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": "Fine article text."})
        + "\n"
        + json.dumps({"text": "Has a \u0000 NUL."})
        + "\n"
        + json.dumps({"text": "Title has one.", "title": "bad\u0000title"})
        + "\n"
        + json.dumps({"text": "Long publisher.", "publisher": "P" * 301})
        + "\n"
    )
    res = cli("ingest", feed)
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {feed}:2: field 'text' contains a NUL character (U+0000)",
        f"error: {feed}:3: field 'title' contains a NUL character (U+0000)",
    ]
    warnings = [line for line in res.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {feed}:4: publisher name is 301 characters; stored truncated to 300"]
    assert _doc_count(db_url) == 2


PAGE = (
    "<!DOCTYPE html><html><head><title>Harbour</title></head><body><article><p>{}</p></article></body></html>"
)
HARBOUR = "The harbour reopened on Monday after the storm. Ferries ran to the islands again by noon."


def test_stdin_format_is_guessed_and_said_unless_given(cli):
    guessed = cli("ingest", "-", input=PAGE.format(HARBOUR))
    assert guessed.exit_code == 0, guessed.stderr
    assert guessed.stderr.splitlines() == [
        "note: -: standard input read as html (guessed from its first bytes; --input-format to choose)"
    ]
    [doc] = json.loads(cli("docs", "--format", "json").stdout)["documents"]
    shown = json.loads(cli("show", str(doc["id"]), "--format", "json").stdout)
    assert [x["text"] for x in shown["sentences"]] == HARBOUR.split(" F")[0:1] + [
        "F" + HARBOUR.split(" F")[1]
    ]
    assert shown["format"] == "html"  # the text, not the markup

    lines = json.dumps({"text": "A first line's article. It has two sentences."}) + "\n"
    lines += json.dumps({"text": "A second line's article. Also two sentences."}) + "\n"
    piped = cli("ingest", "-", "--format", "json", input=lines)
    assert json.loads(piped.stdout)["stored"] == 2  # one article a line, not one document
    assert "read as jsonl" in piped.stderr

    given = cli("ingest", "-", "--input-format", "txt", input=PAGE.format("Kept as markup. Two sentences."))
    assert given.exit_code == 0 and given.stderr == ""  # nothing guessed, nothing said
    assert cli("ingest", "-", "--quiet", input="Quiet text. Nothing said.").stderr == ""


def test_input_format_is_for_stdin_only(cli):
    res = cli("ingest", SEED_000, "--input-format", "html")
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        "error: --input-format is for - (standard input) only; files are read by their extension"
    )
    assert cli("ingest", "-", "--input-format", "pdf", input="x").exit_code == 2
