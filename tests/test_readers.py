"""provenance.readers: paths, stdin, encodings, formats and every per-input error."""

from __future__ import annotations

import io
import os
import sys
from datetime import datetime, timedelta, timezone, UTC
from pathlib import Path

import pytest

from provenance import readers
from provenance.errors import InputError, UsageError
from provenance.readers import DEFAULT_MAX_BYTES, Article, ReaderNote, Skipped, iter_articles, parse_datetime

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council approves new harbour plan | The Coastal Gazette</title>
<link rel="canonical" href="https://gazette.example/news/2022/10/harbour-plan">
<meta property="og:title" content="Council approves new harbour plan">
<meta property="og:site_name" content="The Coastal Gazette">
<meta property="article:published_time" content="2022-10-15T09:30:00+01:00">
<script>window.analytics = {track: function () {}};</script>
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a>
<a href="/subscribe">Subscribe today for unlimited access</a></nav></header>
<main><article>
<h1>Council approves new harbour plan</h1>
<p>The town council voted on Friday evening to approve a redevelopment of the old harbour, ending a
debate that has lasted more than a decade and divided residents of the seafront.</p>
<p>The plan, which will cost an estimated £40 million, includes a new breakwater, a public square and
two hundred homes, a quarter of which must be affordable under the terms agreed by councillors.</p>
<p>“This is a historic day for the town,” said the council leader, who added that work could begin as
early as next spring if the remaining permits are granted.</p>
<p>Opponents said they would consider a legal challenge, arguing that the consultation had not given
fishermen enough of a say over the future of the quay.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm closes coast road</a></li></ul></aside>
<footer><p>© 2022 Coastal Gazette Media Ltd. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/cookies">Cookie settings</a></footer>
</body></html>
"""


def read(*paths: str | Path, **kwargs: object) -> list[Article | Skipped | InputError]:
    return list(iter_articles([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def one(path: Path, **kwargs: object) -> Article | Skipped | InputError:
    (item,) = read(path, **kwargs)
    return item


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def error(item: object) -> str:
    assert isinstance(item, InputError), item
    return item.reason


# --- encodings and line terminators ------------------------------------------------------------


def test_utf8_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Zoë’s café — naïve\n")
    expected = Article(text="Zoë’s café — naïve\n", source=str(path), encoding="utf-8", fmt="txt")
    assert one(path) == expected


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    item = one(write(tmp_path / "a.txt", b"\xef\xbb\xbfcaf\xc3\xa9"))
    assert isinstance(item, Article)
    assert (item.text, item.encoding) == ("café", "utf-8-sig")


def test_windows_1252_fallback(tmp_path: Path) -> None:
    item = one(write(tmp_path / "a.txt", b"caf\xe9 \x93quoted\x94"))
    assert isinstance(item, Article)
    assert (item.text, item.encoding) == ("café “quoted”", "windows-1252")


def test_bytes_undefined_in_windows_1252_do_not_fail(tmp_path: Path) -> None:
    item = one(write(tmp_path / "a.txt", b"\x81caf\xe9\x9d \x85"))
    assert isinstance(item, Article)
    assert (item.text, item.encoding) == ("\x81café\x9d …", "windows-1252")


def test_line_terminators_normalised(tmp_path: Path) -> None:
    item = one(write(tmp_path / "a.txt", b"one\r\ntwo\rthree\n\r\nfour"))
    assert isinstance(item, Article)
    assert item.text == "one\ntwo\nthree\n\nfour"


def test_utf16_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "hello".encode("utf-16"))
    assert error(one(path)) == "UTF-16 text is not supported (save it as UTF-8)"


# --- paths and directories ---------------------------------------------------------------------


def test_directory_recursion_order_skips_and_hidden(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    names = [
        "b.txt",
        "a/z.md",
        "a/y.csv",
        "README",
        "c.JSONL",
        ".git/x.txt",
        ".hidden.txt",
        "a/.DS_Store",
        "d/e/f.htm",
        "B.html",
    ]
    for name in names:
        write(root / name, '{"text": "x"}' if name.lower().endswith(".jsonl") else "<p>x</p> text")
    got = [(type(item).__name__, item.source) for item in read(root)]
    assert got == [
        ("Article", f"{root}/B.html"),
        ("Skipped", f"{root}/README"),
        ("Skipped", f"{root}/a/y.csv"),
        ("Article", f"{root}/a/z.md"),
        ("Article", f"{root}/b.txt"),
        ("Article", f"{root}/c.JSONL"),
        ("Article", f"{root}/d/e/f.htm"),
    ]


def test_paths_keep_their_given_order_and_errors_do_not_stop_the_batch(tmp_path: Path) -> None:
    write(tmp_path / "z.txt", "last")
    write(tmp_path / "a.txt", "first")
    items = read(tmp_path / "z.txt", tmp_path / "missing.txt", tmp_path / "a.txt")
    assert [type(i) for i in items] == [Article, InputError, Article]
    assert [i.source for i in items] == [str(tmp_path / n) for n in ("z.txt", "missing.txt", "a.txt")]


def test_iter_articles_is_lazy(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "one")
    items = iter_articles([str(tmp_path / "a.txt"), str(tmp_path / "later.txt")])
    assert isinstance(next(items), Article)
    write(tmp_path / "later.txt", "created after the first article was read")
    assert isinstance(next(items), Article)


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "d" / "a.txt", "text")
    (tmp_path / "d" / "sub").mkdir()
    (tmp_path / "d" / "sub" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert [i.source for i in read(tmp_path / "d")] == [str(tmp_path / "d" / "a.txt")]


def test_symlinked_directory_is_walked(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", "text")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    assert [i.source for i in read(tmp_path / "d")] == [str(tmp_path / "d" / "link" / "a.txt")]


def test_directory_without_supported_files_yields_only_skipped(tmp_path: Path) -> None:
    write(tmp_path / "data.csv", "a,b")
    assert read(tmp_path) == [Skipped(str(tmp_path / "data.csv"))]
    (tmp_path / "empty").mkdir()
    assert read(tmp_path / "empty") == []


def test_explicit_unsupported_file_is_an_error(tmp_path: Path) -> None:
    expected = "(expected .txt, .md, .markdown, .html, .htm, .jsonl)"
    item = one(write(tmp_path / "data.csv", "a,b"))
    assert str(item) == f"{tmp_path}/data.csv: unsupported file type '.csv' {expected}"
    assert error(one(write(tmp_path / "README", "x"))) == f"unsupported file type: no extension {expected}"


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    assert isinstance(one(write(tmp_path / ".notes.txt", "x")), Article)


def test_missing_path(tmp_path: Path) -> None:
    item = one(tmp_path / "nope.txt")
    assert isinstance(item, InputError)
    assert str(item) == f"{tmp_path}/nope.txt: no such file or directory"
    assert item.line is None


def test_broken_symlink_is_missing(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert error(one(tmp_path / "gone.txt")) == "no such file or directory"


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", "x")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "open", denied, raising=False)
    assert error(one(path)) == "cannot read: permission denied"


def test_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert error(one(tmp_path / "pipe.txt")) == "not a regular file"


# --- content checks ----------------------------------------------------------------------------


def test_binary_file_nul_in_first_8k(tmp_path: Path) -> None:
    assert error(one(write(tmp_path / "a.txt", b"GIF89a\x00\x01\x02"))) == "binary file (not text)"


def test_binary_file_nul_later_in_content(tmp_path: Path) -> None:
    assert error(one(write(tmp_path / "a.md", b"x" * 20_000 + b"\x00"))) == "binary file (not text)"


@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n ", b"\xef\xbb\xbf\n"])
def test_empty_or_whitespace_text(tmp_path: Path, content: bytes) -> None:
    assert error(one(write(tmp_path / "a.txt", content))) == "empty text"


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "x" * 101)
    assert error(one(path, max_bytes=100)) == "file is 101 bytes, over the 100 bytes limit (--max-bytes)"
    assert isinstance(one(path, max_bytes=101), Article)


def test_size_limit_uses_stat_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 12.3 MB on paper, nothing on disk
        f.truncate(int(12.3 * 1024 * 1024))
    monkeypatch.setattr(readers, "open", lambda *a, **k: pytest.fail("opened it"), raising=False)
    assert error(one(path)) == "file is 12.3 MB, over the 10.0 MB limit (--max-bytes)"
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


# --- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_articles_and_every_malformed_kind(tmp_path: Path) -> None:
    lines = [
        '{"text": "First story.\\r\\nSecond line.", "title": " One ", "url": "https://x.example/1",'
        ' "published_at": "2022-10-15T09:30:00Z", "publisher": "Gazette", "licence": "CC-BY-4.0",'
        ' "extra": 1, "url2": null}',
        "",
        '{"text": "Second story.", "license": "CC0-1.0", "published_at": "2022-10-15"}',
        '{"text": "x", "title": "a" "b"}',
        "[1, 2]",
        '{"title": "no text"}',
        '{"text": 42}',
        '{"text": "  \\n "}',
        '{"text": "x", "published_at": "yesterday"}',
        '{"text": "x", "published_at": 20221015}',
        '{"text": "x", "title": ["a"]}',
        '{"text": "x", "licence": "MIT", "license": "GPL-3.0"}',
        "   ",
        '{"text": "Still read after the errors."}',
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    first, second, *errors, last = items
    assert first == Article(
        text="First story.\nSecond line.",
        source=str(path),
        line=1,
        title="One",
        url="https://x.example/1",
        published_at=datetime(2022, 10, 15, 9, 30, tzinfo=UTC),
        publisher="Gazette",
        licence="CC-BY-4.0",
        fmt="jsonl",
    )
    assert (second.line, second.licence, second.published_at) == (3, "CC0-1.0", datetime(2022, 10, 15))
    assert [(e.line, e.reason) for e in errors] == [
        (4, "invalid JSON: Expecting ',' delimiter at column 28"),
        (5, "expected a JSON object, got array"),
        (6, "missing required field 'text'"),
        (7, "field 'text': expected a string, got number"),
        (8, "empty text"),
        (9, "field 'published_at': not an ISO date or datetime: 'yesterday'"),
        (10, "field 'published_at': expected a string, got number"),
        (11, "field 'title': expected a string, got array"),
        (12, "fields 'licence' and 'license' disagree"),
    ]
    assert str(errors[0]).startswith(f"{path}:4: invalid JSON")
    assert (last.text, last.line) == ("Still read after the errors.", 14)


def test_jsonl_bom_crlf_and_windows_1252_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", b'\xef\xbb\xbf{"text": "one"}\r\n{"text": "caf\xe9"}\r\n')
    first, second = read(path)
    assert (first.text, first.encoding) == ("one", "utf-8-sig")
    assert (second.text, second.encoding, second.line) == ("café", "windows-1252", 2)


def test_jsonl_limit_is_per_line_not_per_file(tmp_path: Path) -> None:
    small = '{"text": "%s"}' % ("y" * 80)
    path = write(tmp_path / "a.jsonl", "\n".join([small] * 5 + ['{"text": "%s"}' % ("x" * 500), small]))
    items = read(path, max_bytes=100)
    assert [type(i) for i in items] == [Article] * 5 + [InputError, Article]
    assert items[5].line == 6
    assert items[5].reason == "line is 513 bytes, over the 100 bytes limit (--max-bytes)"
    assert items[6].line == 7


def test_jsonl_empty_and_binary(tmp_path: Path) -> None:
    assert error(one(write(tmp_path / "a.jsonl", "\n \n"))) == "empty file (no JSON lines)"
    item = one(write(tmp_path / "b.jsonl", b"\x00\x01\x02\n\x00\n"))
    assert (error(item), item.line) == ("binary file (not text)", None)


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = write(
        tmp_path / "story.md",
        (
            "---\r\n"
            'title: "Harbour plan: approved"\r\n'
            "url: https://gazette.example/harbour  # canonical\r\n"
            "date: 2022-10-15 09:30:00 +0100\r\n"
            "publisher: 'The Coastal Gazette'\r\n"
            "license: CC-BY-4.0\r\n"
            "tags:\r\n  - council\r\n"
            "---\r\n"
            "# A different heading\r\n\r\nBody text.\r\n"
        ),
    )
    item = one(path)
    assert item == Article(
        text="# A different heading\n\nBody text.\n",
        source=str(path),
        title="Harbour plan: approved",
        url="https://gazette.example/harbour",
        published_at=datetime(2022, 10, 15, 9, 30, tzinfo=timezone(timedelta(hours=1))),
        publisher="The Coastal Gazette",
        licence="CC-BY-4.0",
        fmt="md",
    )


def test_markdown_heading_is_title_without_front_matter(tmp_path: Path) -> None:
    text = "Intro line\n\n#hashtag not a heading\n# Why C# matters #\n\nText.\n"
    item = one(write(tmp_path / "a.markdown", text))
    assert (item.title, item.text, item.fmt) == ("Why C# matters", text, "md")
    assert one(write(tmp_path / "b.md", "No heading here.")).title is None


def test_markdown_unclosed_front_matter_is_text(tmp_path: Path) -> None:
    item = one(write(tmp_path / "a.md", "---\ntitle: x\nno closing fence\n"))
    assert (item.text, item.title) == ("---\ntitle: x\nno closing fence\n", None)


def test_markdown_front_matter_errors(tmp_path: Path) -> None:
    assert error(one(write(tmp_path / "a.md", "---\ntitle: only meta\n---\n\n"))) == "empty text"
    bad = one(write(tmp_path / "b.md", "---\ndate: last week\n---\nText"))
    assert error(bad) == "front matter date: not an ISO date or datetime: 'last week'"


# --- HTML ----------------------------------------------------------------------------------------


def test_html_news_page(tmp_path: Path) -> None:
    item = one(write(tmp_path / "page.html", NEWS_PAGE))
    assert isinstance(item, Article)
    assert item.fmt == "html" and item.encoding == "utf-8"
    assert item.title == "Council approves new harbour plan"
    assert item.url == "https://gazette.example/news/2022/10/harbour-plan"
    assert item.publisher == "The Coastal Gazette"
    assert item.published_at == datetime(2022, 10, 15, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert "The town council voted on Friday evening" in item.text
    assert "“This is a historic day for the town,” said the council leader" in item.text
    assert "fishermen enough of a say" in item.text
    for boilerplate in (
        "Subscribe today",
        "Privacy policy",
        "Cookie settings",
        "All rights reserved",
        "Most read",
        "Storm closes",
        "analytics",
    ):
        assert boilerplate not in item.text


def test_html_declared_charset(tmp_path: Path) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    page = NEWS_PAGE.replace('<meta charset="utf-8">', meta).replace("“", "\x93").replace("”", "\x94")
    item = one(write(tmp_path / "page.htm", page.encode("latin-1")))
    assert item.encoding == "windows-1252"
    assert "£40 million" in item.text and "“This is a historic day" in item.text


def test_html_undeclared_charset_falls_back(tmp_path: Path) -> None:
    page = NEWS_PAGE.replace('<meta charset="utf-8">', "").replace("“", "\x93").replace("”", "\x94")
    item = one(write(tmp_path / "page.html", page.encode("latin-1")))
    assert item.encoding == "windows-1252" and "“This is a historic day" in item.text


@pytest.mark.parametrize(
    ("head", "body", "text", "encoding"),
    [
        (b'<meta charset="shift_jis">', b"\x82\xa0 Japanese text", "あ Japanese text", "shift_jis"),
        (b'<meta charset="utf-16">', b"caf\xc3\xa9 mislabelled", "café mislabelled", "utf-8"),
        (b'<meta charset="no-such-charset">', b"caf\xe9 unknown", "café unknown", "windows-1252"),
        (b'<meta charset="utf-8">', b"caf\xe9 lying page", "café lying page", "windows-1252"),
        (b'<meta charset="windows-1252">', b"caf\xc3\xa9 BOM wins", "café BOM wins", "utf-8-sig"),
    ],
)
def test_html_charset_rules(tmp_path: Path, head: bytes, body: bytes, text: str, encoding: str) -> None:
    bom = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    page = bom + b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body></html>"
    item = one(write(tmp_path / "a.html", page))
    assert (item.text.strip(), item.encoding) == (text, encoding)


def test_html_falls_back_to_body_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    page = (
        "<html><head><title>T</title><style>p{}</style></head>"
        "<body><p>Only  this\ntext.</p><script>x()</script></body></html>"
    )
    item = one(write(tmp_path / "a.html", page))
    assert (item.text, item.title, item.fmt) == ("Only this\ntext.", None, "html")


def test_html_without_text(tmp_path: Path) -> None:
    page = "<html><head><title>Nothing</title></head><body><script>x()</script> </body></html>"
    assert error(one(write(tmp_path / "a.html", page))) == "no article text found in the HTML"


# --- stdin ---------------------------------------------------------------------------------------


def test_stdin_text_and_formats() -> None:
    (item,) = iter_articles(["-"], stdin=io.BytesIO(b"caf\xe9\r\n"), stdin_format="txt")
    assert item == Article(text="café\n", source="-", encoding="windows-1252")
    (md,) = iter_articles(["-"], stdin=io.BytesIO(b"# Title\nText"), stdin_format="md")
    assert (md.title, md.fmt) == ("Title", "md")
    items = list(iter_articles(["-"], stdin=io.BytesIO(b'{"text": "a"}\nnot json\n'), stdin_format="jsonl"))
    assert [(type(i), i.source, i.line) for i in items] == [(Article, "-", 1), (InputError, "-", 2)]


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"from the pipe")))
    assert [i.text for i in iter_articles(["-"]) if isinstance(i, Article)] == ["from the pipe"]


def test_stdin_over_limit() -> None:
    (item,) = iter_articles(["-"], stdin=io.BytesIO(b"x" * 11), max_bytes=10, stdin_format="txt")
    assert str(item) == "-: input is over the 10 bytes limit (--max-bytes)"


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"<!DOCTYPE html><html><body><p>Hi there.</p></body></html>", "html"),
        (b"\xef\xbb\xbf  <html lang='en'><p>Hi there.</p></html>", "html"),
        (b"<?xml version='1.0'?>\n<html><p>Hi there.</p></html>", "html"),
        (b'{"text": "One article.", "title": "A"}\n{"text": "Two."}\n', "jsonl"),
        (b'{"title": "no text key"}\n', "txt"),
        (b"---\ntitle: T\n---\nBody text.\n", "md"),
        (b"Plain text, <b>not</b> a page.\n", "txt"),
    ],
)
def test_stdin_format_is_guessed_from_the_first_bytes_and_said(head: bytes, fmt: str) -> None:
    items = list(iter_articles(["-"], stdin=io.BytesIO(head)))
    note, *rest = items
    assert isinstance(note, ReaderNote) and f"read as {fmt}" in note.message
    assert rest and all(isinstance(i, Article) and i.fmt == fmt for i in rest)
    if fmt == "jsonl":
        assert [i.text for i in rest] == ["One article.", "Two."]
    if fmt == "html":
        assert all("<" not in i.text for i in rest)


def test_usage_errors_are_raised_at_call_time() -> None:
    with pytest.raises(UsageError, match="stdin format 'csv'"):
        iter_articles(["-"], stdin_format="csv")
    with pytest.raises(UsageError, match="more than once"):
        iter_articles(["-", "-"])
    with pytest.raises(UsageError, match="max_bytes"):
        iter_articles(["a.txt"], max_bytes=0)
    with pytest.raises(TypeError):
        iter_articles("a.txt")


# --- parse_datetime ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-15", datetime(2022, 10, 15)),
        (" 2022-10-15T09:30:00 ", datetime(2022, 10, 15, 9, 30)),
        ("2022-10-15T09:30:00Z", datetime(2022, 10, 15, 9, 30, tzinfo=UTC)),
        (
            "2022-10-15T09:30:00.5-05:00",
            datetime(2022, 10, 15, 9, 30, 0, 500000, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_parse_datetime(value: str, expected: datetime) -> None:
    got = parse_datetime(value)
    assert got == expected and got.tzinfo == expected.tzinfo


@pytest.mark.parametrize("value", ["yesterday", "", "15/10/2022", "2022-13-01", "2022-10-15T25:00"])
def test_parse_datetime_rejects_garbage(value: str) -> None:
    with pytest.raises(ValueError, match=r"^not an ISO date or datetime: "):
        parse_datetime(value)


# --- real corpus ---------------------------------------------------------------------------------


@pytest.mark.eval
def test_clough_stevenson_corpus(eval_dir: Path) -> None:
    corpus = eval_dir / "clough-stevenson"
    items = read(corpus)
    errors = [i for i in items if isinstance(i, InputError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert errors == []
    assert len(articles) == 100 and all(a.source.endswith(".txt") for a in articles)
    assert [a.source for a in articles] == sorted(a.source for a in articles)
    assert any(a.encoding == "windows-1252" for a in articles)
    assert all("\r" not in a.text and a.text.strip() for a in articles)
    assert [i for i in items if isinstance(i, Skipped)] == [Skipped(str(corpus / "file_information.csv"))]


# --- web pages: bad markup never stops the article --------------------------------------------------

_ARTICLE = "".join(
    f"<p>Sentence {i} of the story says the council voted on the new harbour plan.</p>" for i in range(8)
)


def _page_items(tmp_path: Path, markup: str) -> list[Article]:
    page = tmp_path / "page.html"
    page.write_bytes(markup.encode("utf-8"))
    items = list(iter_articles([str(page)]))
    assert all(isinstance(i, Article) for i in items), items
    return items  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("head", "footer", "warning"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", "license": </script>', "", "not JSON"),
        ('<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>", "", "not JSON"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "copyrightHolder": {"name": {"x": 1}}}'
         "</script>", "", "copyrightHolder"),
        ("", "<p>© 2024 Daily Ledger. " + "All rights reserved. " * 250_000 + "</p>", None),
        ("", "".join(f'<a rel="license" href="https://creativecommons.org/licenses/by/{v}/">CC BY {v}</a>'
                     for v in ("1.0", "2.0", "2.5", "3.0", "4.0") * 10), None),
        ('<meta charset="undefined">', "", None),
        ('<meta charset="punycode">', "", None),
    ],
    ids=["json-ld-broken", "json-ld-deep", "holder-object", "5mb-footer", "50-links", "charset-undefined",
         "charset-punycode"],
)  # fmt: skip
def test_bad_page_markup_is_a_warning_and_the_article_is_kept(
    tmp_path: Path, head: str, footer: str, warning
):
    markup = f"<!DOCTYPE html><html><head>{head}</head><body><article>{_ARTICLE}</article>"
    [article] = _page_items(tmp_path, markup + f"<footer>{footer}</footer></body></html>")
    assert "council voted" in article.text and "rights reserved" not in article.text
    if warning:
        assert any(warning in w for w in article.warnings), article.warnings
    assert all(len(e.text) <= 1000 for e in article.evidence)


def test_json_ld_licence_lists_and_objects_are_all_read(tmp_path: Path):
    ld = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "headline": "Harbour plan",'
        ' "license": ["https://creativecommons.org/licenses/by/4.0/", {"name": "CC BY-SA 4.0"}],'
        ' "copyrightHolder": {"@type": "Organization", "name": "Daily Ledger"}, "copyrightYear": 2024,'
        ' "isBasedOn": "https://example.org/original-story", "author": [{"name": "A. Writer"}, "B. Writer"],'
        ' "datePublished": "2024-03-01T09:00:00Z", "dateModified": "2024-03-02T10:00:00+01:00",'
        ' "inLanguage": "en-GB"}]}'
    )
    markup = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>{_ARTICLE}</body></html>'
    )
    [article] = _page_items(tmp_path, markup)
    licences = [(e.url, e.text, e.holder) for e in article.evidence if e.kind == "json-ld"]
    assert licences == [
        ("https://creativecommons.org/licenses/by/4.0/", "", "Daily Ledger"),
        (None, "CC BY-SA 4.0", "Daily Ledger"),
    ]
    assert [(e.kind, e.url) for e in article.evidence if e.kind == "credit"] == [
        ("credit", "https://example.org/original-story")
    ]
    assert (article.title, article.authors, article.language) == (
        "Harbour plan",
        ("A. Writer", "B. Writer"),
        "en-GB",
    )
    assert str(article.published_at) == "2024-03-01 09:00:00+00:00"
    assert str(article.modified_at) == "2024-03-02 10:00:00+01:00"


def test_a_stray_nul_in_markup_is_read_as_html(tmp_path: Path):
    [article] = _page_items(tmp_path, f"<html><body>{_ARTICLE}\0<footer>x</footer></body></html>")
    assert "council voted" in article.text
