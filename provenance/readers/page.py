"""A web page's evidence outside its article text: licence links, meta tags, JSON-LD, furniture lines.

The article text is what the extractor (trafilatura) finds; this module reads the rest of the page,
once parsed with lxml, for what the article text cannot hold:

* licence links (``<a rel="license">``, ``<link rel="license">``: ``rel`` is a token list);
* rights meta tags (``dcterms.license``, ``dc.rights``, ``copyright``, ...);
* schema.org JSON-LD (a list, ``@graph``, nested objects): ``license``, ``copyrightHolder``,
  ``copyrightYear``, ``copyrightNotice``, ``creditText``, ``isBasedOn``, and the page metadata
  (headline, authors, publisher, dates, URL, language);
* furniture lines (footer, sidebars, anything outside the article text) that carry a rights
  keyword, figure captions and photo credits (scope ``media``), and credit lines ("Source: X",
  "originally published by X", a byline, a link to "the original article").

Nothing is interpreted here: each piece is kept as :class:`PageEvidence` with its exact text, and
``provenance.licences.page`` reads it through the notice grammar. Malformed parts are warnings; the
reading never raises on a page's content. Every size is bounded (lines, characters, JSON-LD depth).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

EVIDENCE_SCOPES = ("article", "media")
MAX_LINE = 1000  # characters of one furniture line kept
MAX_LINES = 40  # furniture lines kept from one page
MAX_LINKS = 60  # licence links kept from one page
MAX_JSON_LD = 1_000_000  # characters of one JSON-LD block read
MAX_JSON_NODES = 5000  # objects walked in one page's JSON-LD
_RIGHTS = (
    "©", "copyright", "licen", "lizenz", "creative commons", "rights reserved", "(cc", "cc by", "cc-by", "cc0",
    "derechos reservados", "droits réservés", "rechte vorbehalten", "کریتیو", "کپی رایت", "حق نشر",
)  # fmt: skip
_CREDIT = re.compile(
    r"^\s*(?:source|sources|credit|credits|via)\s*:"
    r"|\b(?:originally\s+(?:published|appeared)|first\s+(?:published|appeared)|republished\s+(?:from|with)"
    r"|reprinted\s+(?:from|with)|courtesy\s+of)\b",
    re.I,
)
_ORIGINAL_LINK = re.compile(
    r"\b(?:original\s+(?:article|story|post|report)|read\s+the\s+original|source)\b", re.I
)
_BLOCKS = frozenset(
    "p div li footer section aside header td th dd dt address small figcaption blockquote h1 h2 h3 h4 h5 h6 "
    "span em strong b i font center nav article main body".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
_CAPTION_CLASS = re.compile(
    r"(?:^|[\s_-])(?:credit|caption|photo-credit|image-credit|wp-caption-text)(?:$|[\s_-])", re.I
)
# The heading of a list of the sources a report was written from (Wikinews' "Sources", a blog's
# "References"): each item of the list that follows is a credit.
_SOURCES_HEADING = re.compile(
    r"^(?:sources?|references|fuentes?|quellen|quelle|fonti|fontes?|bronnen|источники)\s*:?$", re.I
)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_BYLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:byline|author|writer|by|autor)(?:$|[\s_-])", re.I)
_BYLINE = re.compile(
    r"^(?:written\s+|words\s+)?(?:by|por|von|par)\s+(?P<names>[A-Z][^|·•,\d]{1,80}?)(?:\s*[|·•,]|\s+\d|$)",
    re.I,
)
_LICENCE_META = frozenset({"dcterms.license", "dc.license", "license", "licence", "dcterms.licence"})
_RIGHTS_META = frozenset({"dc.rights", "dcterms.rights", "copyright", "rights", "dcterms.rightsholder"})
_ARTICLE_TYPES = re.compile(
    r"(?:News|Blog|Scholarly|Tech|Report|Reportage|Opinion|Analysis|Review)?Article$|BlogPosting|WebPage|CreativeWork|Report"
)


@dataclass(frozen=True, slots=True)
class PageEvidence:
    """One piece of licence / copyright / credit evidence found in a web page outside the article text."""

    kind: str  # "rel-license" | "meta" | "json-ld" | "footer" | "figcaption" | "credit"
    text: str  # exact evidence text: anchor text, meta content, JSON-LD value, the furniture line
    url: str | None = None  # href of a licence link, a JSON-LD licence URL, the URL of a credited source
    holder: str | None = None  # JSON-LD copyrightHolder name
    year: str | None = None  # JSON-LD copyrightYear
    scope: str = "article"  # "media" for captions and image credits
    where: str | None = None  # "a[rel=license]", "meta dcterms.license", "json-ld NewsArticle.license", ...


@dataclass
class PageMeta:
    """What the page's markup says about the article (JSON-LD first, then Open Graph and meta tags)."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None  # the raw value, parsed by the caller
    modified: str | None = None
    url: str | None = None
    language: str | None = None
    visible: str | None = None  # the first <time datetime> of the page: the date shown to readers


@dataclass
class PageReading:
    evidence: list[PageEvidence] = field(default_factory=list)
    meta: PageMeta = field(default_factory=PageMeta)
    warnings: list[str] = field(default_factory=list)


def _clean(value: object, limit: int = MAX_LINE) -> str:
    return " ".join(str(value).split())[:limit] if value is not None else ""


def read_page(root: etree._Element, article_text: str) -> PageReading:
    """The evidence and metadata of a parsed page; ``article_text`` is what the extractor kept (its
    lines are not furniture)."""
    out = PageReading()
    _json_ld(root, out)
    _meta_tags(root, out.meta, out.evidence)
    _licence_links(root, out)
    _furniture(root, article_text, out)
    seen: set[PageEvidence] = set()
    out.evidence = [e for e in out.evidence if not (e in seen or seen.add(e))]  # type: ignore[func-returns-value]
    return out


# --- licence links and meta tags ---------------------------------------------------------------------


def _tokens(value: str | None) -> set[str]:
    return set((value or "").lower().split())


def _in_figure(el: etree._Element) -> bool:
    return any(a.tag in ("figure", "figcaption") for a in el.iterancestors() if isinstance(a.tag, str))


def _licence_links(root: etree._Element, out: PageReading) -> None:
    links = [el for el in root.iter("a", "link", "area") if "license" in _tokens(el.get("rel"))]
    if len(links) > MAX_LINKS:
        out.warnings.append(f"{len(links)} licence links in the page; read the first {MAX_LINKS}")
        links = links[:MAX_LINKS]
    for el in links:
        href = (el.get("href") or "").strip() or None
        text = _clean(el.text_content()) if el.tag != "link" else ""
        scope = "media" if _in_figure(el) else "article"
        out.evidence.append(
            PageEvidence("rel-license", text, href, scope=scope, where=f"{el.tag}[rel=license]")
        )


def _meta_tags(root: etree._Element, meta: PageMeta, evidence: list[PageEvidence]) -> None:
    values: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = _clean(el.get("content"))
        if not key or not content:
            continue
        values.setdefault(key, content)
        if key in _LICENCE_META or key in _RIGHTS_META:
            evidence.append(PageEvidence("meta", content, where=f"meta {key}"))
        if key == "author" and content not in meta.authors and not content.startswith("http"):
            meta.authors.append(content)
    for el in root.iter("link"):
        if "canonical" in _tokens(el.get("rel")) and el.get("href") and not meta.url:
            meta.url = el.get("href", "").strip() or None
    meta.title = meta.title or values.get("og:title") or values.get("twitter:title")
    meta.publisher = meta.publisher or values.get("og:site_name") or values.get("application-name")
    meta.published = meta.published or next(
        (values[k] for k in ("article:published_time", "og:published_time", "datepublished", "dc.date",
                              "dcterms.date", "dc.date.issued", "date", "pubdate", "publish-date") if k in values),
        None,
    )  # fmt: skip
    meta.modified = meta.modified or next(
        (values[k] for k in ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
         if k in values),
        None,
    )  # fmt: skip
    meta.url = meta.url or values.get("og:url")
    shown = next(
        (t.get("datetime") for t in root.iter("time") if t.get("datetime") and not _skipped(t)), None
    )
    meta.visible = shown.strip() if shown else None
    html = root if root.tag == "html" else next(root.iterancestors("html"), None)
    lang = (html.get("lang") or html.get("xml:lang")) if html is not None else None
    locale = values.get("og:locale")
    meta.language = (
        meta.language
        or (lang.strip() if lang and lang.strip() else None)
        or (locale.replace("_", "-") if locale else None)
    )
    meta.publisher = meta.publisher or _publisher_from_title(root, meta.url)
    meta.modified = meta.modified or _edited_date(root)
    authors = [
        a
        for el in root.iter("a")
        if "author" in _tokens(el.get("rel"))
        for a in [_clean(el.text_content(), 200)]
        if a
    ]
    for a in authors:
        if a not in meta.authors:
            meta.authors.append(a)


_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:·•»]{1,2}\s+")


def _publisher_from_title(root: etree._Element, url: str | None) -> str | None:
    """The site name a page's ``<title>`` ends with, when it spells the page's host name:
    "… - Wikinews, the free news source" on en.wikinews.org gives "Wikinews", "… | The Japan Times"
    on www.japantimes.co.jp "The Japan Times". A suffix that spells no label of the host is not
    taken (it may be a section or a slogan)."""
    title = next((t for t in root.iter("title") if not any(a.tag == "svg" for a in t.iterancestors())), None)
    host = re.match(r"^(?:https?:)?//([^/:?#]+)", url or "")
    if title is None or host is None:
        return None
    labels = {label for label in host.group(1).lower().split(".") if len(label) > 2}
    pieces = _TITLE_SEPARATOR.split(_clean(title.text_content(), 300))
    for piece in (pieces[-1], pieces[0]) if len(pieces) > 1 else ():
        name = piece.split(",")[0].strip()
        letters = re.sub(r"[\W_]+", "", name.lower())
        if letters in labels or letters.removeprefix("the") in labels:
            return name
    return None


# A modification date in words, as a line of its own (never prose in the article): "This page was
# last edited on 6 September 2023, at 10:12.", "Last updated: March 3, 2024", and MediaWiki's German,
# French and Spanish forms.
_EDITED = re.compile(
    r"^\s*(?:(?:this|the)\s+(?:page|article|story|post)\s+was\s+)?last\s+(?:edited|modified|updated|changed)"
    r"\s*(?:on\s+|:\s*)(?P<en>[^.;()]{6,40}?\d{4}(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2})?)"
    r"|^\s*diese\s+seite\s+wurde\s+zuletzt\s+am\s+(?P<de>.{6,40}?)\s+bearbeitet"
    r"|^\s*la\s+dernière\s+modification\s+de\s+cette\s+page\s+a\s+été\s+faite\s+le\s+"
    r"(?P<fr>[^.;()]{6,40}?\d{4}(?:\s+à\s+\d{1,2}[:h]\d{2})?)"
    r"|^\s*esta\s+página\s+se\s+editó\s+por\s+última\s+vez\s+el\s+"
    r"(?P<es>[^.;()]{6,40}?\d{4}(?:\s+a\s+las\s+\d{1,2}:\d{2})?)",
    re.I,
)


def _edited_date(root: etree._Element) -> str | None:
    """A modification date the page gives only in words, as ISO text (dateparser reads the words)."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        for piece in (el.text, el.tail):
            m = _EDITED.search(piece) if piece and len(piece) < 2000 else None
            if m is None or _skipped(el):
                continue
            import dateparser  # only here: it takes half a second to import

            words = next(g for g in m.groups() if g)
            found = dateparser.parse(
                words.replace(" at ", " ").replace(" à ", " ").replace(" a las ", " ").replace(" Uhr", ""),
                languages=[m.lastgroup or "en"],
                settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False},
            )
            return found.isoformat() if found is not None else None
    return None


# --- JSON-LD -----------------------------------------------------------------------------------------


def _json_ld(root: etree._Element, out: PageReading) -> None:
    blocks = [
        el for el in root.iter("script") if (el.get("type") or "").strip().lower() == "application/ld+json"
    ]
    article: dict[str, Any] | None = None
    for number, el in enumerate(blocks, 1):
        raw = (el.text or "").strip()
        if not raw:
            continue
        if len(raw) > MAX_JSON_LD:
            out.warnings.append(f"JSON-LD block {number} is over {MAX_JSON_LD:,} characters; not read")
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as err:
            reason = err.msg if isinstance(err, json.JSONDecodeError) else "nested too deep"
            out.warnings.append(f"JSON-LD block {number} is not JSON: {reason}")
            continue
        for obj, path in _objects(data, out):
            types = _types(obj)
            name = types[0] if types else "Thing"
            media = any(
                t in ("ImageObject", "VideoObject", "AudioObject", "MediaObject") for t in types
            ) or path.endswith(("image", "video", "associatedMedia", "thumbnail"))
            holder = _name(obj.get("copyrightHolder"))
            if obj.get("copyrightHolder") is not None and holder is None:
                out.warnings.append(f"JSON-LD {name}.copyrightHolder has no name that is text; ignored")
            year = _clean(obj.get("copyrightYear"), 20) or None
            scope = "media" if media else "article"
            licences = obj.get("license", obj.get("licence"))
            for value in _list(licences):
                url, text = _licence_value(value)
                if url or text:
                    out.evidence.append(
                        PageEvidence("json-ld", text, url, holder, year, scope, f"json-ld {name}.license")
                    )
                elif value is not None:
                    out.warnings.append(
                        f"JSON-LD {name}.license is {type(value).__name__} with no name or URL"
                    )
            if holder and licences is None:
                out.evidence.append(
                    PageEvidence("json-ld", "", None, holder, year, scope, f"json-ld {name}.copyrightHolder")
                )
            for key in ("copyrightNotice", "creditText"):
                if isinstance(obj.get(key), str) and obj[key].strip():
                    kind = "meta" if key == "copyrightNotice" else ("figcaption" if media else "credit")
                    out.evidence.append(
                        PageEvidence(
                            kind, _clean(obj[key]), None, holder, year, scope, f"json-ld {name}.{key}"
                        )
                    )
            for key in ("isBasedOn", "isBasedOnUrl", "sourceOrganization"):
                for value in _list(obj.get(key)):
                    url = value if isinstance(value, str) else _url(value)
                    label = _name(value) if isinstance(value, dict) else None
                    if url or label:
                        text = (
                            f"Based on: {label or url}"
                            if key != "sourceOrganization"
                            else f"Source: {label or url}"
                        )
                        out.evidence.append(PageEvidence("credit", text, url, where=f"json-ld {name}.{key}"))
            if article is None and not media and any(_ARTICLE_TYPES.search(t) for t in types):
                article = obj
    if article is not None:
        meta = out.meta
        meta.title = _clean(article.get("headline") or article.get("name"), 2000) or None
        meta.authors = [a for a in (_name(v) for v in _list(article.get("author"))) if a][:20]
        meta.publisher = _name(article.get("publisher"))
        meta.published = _clean(article.get("datePublished"), 64) or None
        meta.modified = _clean(article.get("dateModified"), 64) or None
        page = article.get("mainEntityOfPage")
        meta.url = _url(article) or (page if isinstance(page, str) else _url(page))
        language = article.get("inLanguage")
        meta.language = (_clean(language, 35) or None) if isinstance(language, str) else _name(language)


def _objects(data: Any, out: PageReading) -> Iterator[tuple[dict[str, Any], str]]:
    """Every JSON object in ``data`` with its key path, depth first, bounded in number and depth."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    walked = 0
    while stack:
        value, path, depth = stack.pop()
        if depth > 40:
            continue
        if isinstance(value, list):
            stack.extend((v, path, depth + 1) for v in reversed(value[:500]))
        elif isinstance(value, dict):
            walked += 1
            if walked > MAX_JSON_NODES:
                out.warnings.append(f"JSON-LD has over {MAX_JSON_NODES:,} objects; read the first")
                return
            yield value, path
            stack.extend(
                (v, k, depth + 1) for k, v in reversed(list(value.items())) if isinstance(v, (dict, list))
            )


def _types(obj: dict[str, Any]) -> list[str]:
    return [t.rsplit("/", 1)[-1] for t in _list(obj.get("@type")) if isinstance(t, str)]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _name(value: Any) -> str | None:
    if isinstance(value, str):
        return _clean(value, 300) or None
    if isinstance(value, dict):
        return _name(value.get("name") or value.get("legalName"))
    if isinstance(value, list) and value:
        return _name(value[0])
    return None


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        found = value.get("url") or value.get("@id")
        return found.strip() or None if isinstance(found, str) else None
    return None


def _licence_value(value: Any) -> tuple[str | None, str]:
    """(URL, name) of one JSON-LD licence value: a URL or name string, or an object with url/@id/name."""
    if isinstance(value, str):
        value = value.strip()
        return (
            (value, "")
            if re.match(r"(?:https?:)?//|www\.|creativecommons\.org/", value, re.I)
            else (None, _clean(value))
        )
    if isinstance(value, dict):
        return _url(value), _name(value) or ""
    return None, ""


# --- furniture lines: rights, captions, credits ------------------------------------------------------


def _block_of(el: etree._Element) -> etree._Element:
    while el is not None and el.tag not in _BLOCKS:
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return el


def _skipped(el: etree._Element) -> bool:
    return el.tag in _SKIP or any(a.tag in _SKIP for a in el.iterancestors())


def _furniture(root: etree._Element, article_text: str, out: PageReading) -> None:
    article = " ".join(article_text.split()).lower()
    blocks: dict[etree._Element, str] = {}  # block -> kind, in document order
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        classes = el.get("class") or ""
        if el.tag == "figcaption" or (_CAPTION_CLASS.search(classes) and not _skipped(el)):
            blocks.setdefault(el, "figcaption")
            continue
        if _BYLINE_CLASS.search(classes) and el.tag not in ("body", "article", "main") and not _skipped(el):
            blocks.setdefault(el, "credit")
        if el.tag == "a" and "license" in _tokens(el.get("rel")) and not _skipped(el):
            parent = el.getparent()
            if parent is not None:
                blocks.setdefault(_block_of(parent), "line")  # the sentence around a licence link
        if el.tag in _HEADINGS and _SOURCES_HEADING.match(_clean(el.text_content(), 100)):
            for item in _list_items_after(el):
                blocks.setdefault(item, "credit")
        for piece, owner in ((el.text, el), (el.tail, el.getparent())):
            if not piece or owner is None or not piece.strip():
                continue
            low = piece.lower()
            if any(k in low for k in _RIGHTS) or _CREDIT.search(piece):
                block = _block_of(owner)
                if not _skipped(block):
                    blocks.setdefault(block, "line")
    lines = 0
    for block, kind in blocks.items():
        if (
            any(a in blocks and blocks[a] == "figcaption" for a in block.iterancestors())
            and kind != "figcaption"
        ):
            continue  # a line inside a caption is the caption's
        text = _clean(block.text_content(), 100_000)
        if not text:
            continue
        if len(text) > MAX_LINE:
            text = _clean(" ".join(p for p in _own_text(block)), MAX_LINE)
        if kind == "credit" and not out.meta.authors and (byline := _BYLINE.match(text)):
            names = re.split(r"\s+(?:and|y|und|et)\s+|\s*&\s*", byline.group("names"))
            out.meta.authors = [n.strip() for n in names if n.strip()]
        if not text or text.lower() in article:
            continue  # the extractor kept it in the article text: a notice there is found there
        if kind == "line":
            kind = (
                "credit" if _CREDIT.search(text) and not any(k in text.lower() for k in _RIGHTS) else "footer"
            )
        url = next(
            (
                a.get("href")
                for a in block.iter("a")
                if a.get("href") and "license" not in _tokens(a.get("rel"))
            ),
            None,
        )
        if kind == "footer" and _only_licence_links(block, text):
            continue  # "CC BY 1.0" as a link's own text: the link is the evidence, read above
        lines += 1
        if lines > MAX_LINES:
            out.warnings.append(
                f"more than {MAX_LINES} rights or credit lines in the page; read the first {MAX_LINES}"
            )
            break
        scope = "media" if kind == "figcaption" else "article"
        out.evidence.append(
            PageEvidence(
                kind, text, url if kind != "footer" else None, scope=scope, where=_where(block, kind)
            )
        )
    for a in root.iter("a"):
        text = _clean(a.text_content(), 200)
        href = a.get("href")
        if (
            href
            and text
            and _ORIGINAL_LINK.search(text)
            and not _skipped(a)
            and "license" not in _tokens(a.get("rel"))
        ):
            out.evidence.append(PageEvidence("credit", text, href.strip(), where="a"))


def _list_items_after(heading: etree._Element) -> Iterator[etree._Element]:
    """The items of the list(s) right after ``heading`` (up to the next heading)."""
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in _HEADINGS:
            return
        if sibling.tag in ("ul", "ol"):
            yield from (li for li in sibling.iterchildren("li"))


def _only_licence_links(block: etree._Element, text: str) -> bool:
    linked = " ".join(_clean(a.text_content()) for a in block.iter("a") if "license" in _tokens(a.get("rel")))
    return bool(linked) and _clean(text) == _clean(linked)


def _own_text(block: etree._Element) -> Iterator[str]:
    """The text pieces of ``block`` that carry a rights or credit keyword (for an over-long block)."""
    for el in block.iter():
        for piece in (el.text, el.tail if el is not block else None):
            if piece and (any(k in piece.lower() for k in _RIGHTS) or _CREDIT.search(piece)):
                yield piece


def _where(block: etree._Element, kind: str) -> str:
    if kind in ("figcaption", "credit"):
        return kind if block.tag != "figcaption" else "figcaption"
    for el in (block, *block.iterancestors()):
        if el.tag == "footer" or "footer" in (el.get("class") or "").lower() or el.get("id") == "footer":
            return "footer"
    return "page"
