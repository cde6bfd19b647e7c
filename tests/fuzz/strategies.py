"""Inputs for the fuzz tests: arbitrary bytes, and bytes near each format's structure (so the readers'
deeper paths are reached, not only "binary" and "not UTF-8")."""

from __future__ import annotations

import json

from hypothesis import strategies as st

# Any code point, lone surrogates included (Hypothesis leaves category Cs out unless asked).
any_char = st.characters(codec=None, exclude_categories=())
any_text = st.text(any_char, max_size=300)
words = st.lists(
    st.sampled_from(
        "the council met on Tuesday to discuss budget harbour minister said report 2022 £ é ñ Ω 中文 "
        "\u00ad \u200b \ufeff \u202e \x1b[31m \r\n \t -- ... ! ? « » “ ” Mr. Dr. U.S. e.g.".split(" ")
    ),
    max_size=80,
).map(" ".join)
prose = st.one_of(any_text, words, st.tuples(words, any_text, words).map("".join))

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=10,
)
_FIELDS = ("text", "title", "url", "published_at", "publisher", "licence")
_dates = st.one_of(
    any_text,
    st.sampled_from(
        ["2022-10-01", "0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "yesterday", ""]
    ),
)


@st.composite
def jsonl_line(draw) -> str:
    obj = {k: draw(json_value) for k in draw(st.lists(st.sampled_from(_FIELDS), unique=True))}
    if draw(st.booleans()):
        obj["text"] = draw(prose)
    if draw(st.booleans()):
        obj["published_at"] = draw(_dates)
    line = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    return draw(st.sampled_from([line, line[: len(line) // 2], line + "}", "[" * 50 + line]))


jsonl_bytes = st.lists(jsonl_line(), min_size=1, max_size=4).map(
    lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass")
)


@st.composite
def html_bytes(draw) -> bytes:
    charset = draw(st.sampled_from(["utf-8", "undefined", "punycode", "latin-1", "utf-16", "x", ""]))
    title, body, date = draw(prose), draw(prose), draw(_dates)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>'
        f'<meta property="article:published_time" content="{date}"></head>'
        f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    )
    cut = draw(st.integers(0, len(page)))
    return page[: cut or len(page)].encode(draw(st.sampled_from(["utf-8", "cp1252"])), "replace")


@st.composite
def md_bytes(draw) -> bytes:
    front = "\n".join(
        f"{k}: {draw(st.one_of(_dates, any_text))}" for k in draw(st.lists(st.sampled_from(_FIELDS)))
    )
    page = f"---\n{front}\n---\n# {draw(prose)}\n\n{draw(prose)}\n"
    return page.encode("utf-8", "surrogatepass")


text_bytes = prose.map(lambda t: t.encode(encoding="utf-8", errors="surrogatepass"))

SUFFIXES = (".txt", ".md", ".html", ".jsonl")
_BY_SUFFIX = {".txt": text_bytes, ".md": md_bytes(), ".html": html_bytes(), ".jsonl": jsonl_bytes}


@st.composite
def input_file(draw) -> tuple[str, bytes]:
    """(suffix, content): arbitrary bytes, or bytes shaped like the suffix's format, maybe with noise."""
    suffix = draw(st.sampled_from(SUFFIXES))
    data = draw(
        st.one_of(
            st.binary(max_size=3000),
            _BY_SUFFIX[suffix],
            st.sampled_from(list(_BY_SUFFIX.values())).flatmap(lambda s: s),
        )
    )
    if draw(st.booleans()):  # noise: a few bytes flipped or inserted
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.binary(max_size=8)) + data[pos + 1 :]
    return suffix, data
