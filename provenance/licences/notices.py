"""Licence notices: the statements by which an article (or a photo in it) is licensed.

A licence *mentioned* is not a licence *granted*. "The museum released 3,000
images under Creative Commons last year" is news, not a notice. A mention
becomes a notice only with notice grammar around it, in the same sentence:

* a licensing verb ("licensed / available / published / republished / released /
  distributed ... under", "marked with", "dedicated to the public domain") whose
  subject is this content: "This work / article / story", "All content by X",
  "Text", "Content on this site", "Except where otherwise noted, ...",
  "X licenses this ...", or the verb itself opening the sentence ("Licensed
  under ...", "Republished from X under ...");
* a label: "Licence: CC BY 4.0";
* "To view a copy of this license, visit <URL>";
* the licence standing alone on its line or sentence ("CC BY-SA 4.0", a bare
  deed URL at the foot of the article);
* a photo or image credit ("Photo: Jane Doe / CC BY-SA 4.0", "Image by X via
  Flickr (CC BY 2.0)"): such a notice licenses the picture, not the article, and
  gets ``scope="media"``; every other notice has ``scope="article"``.

Copyright lines ("© 2024 Reuters. All rights reserved.", "Copyright 2022 The
Associated Press.", "Copyright © 2019-2022 Name") give
``LicenseRef-All-Rights-Reserved`` with their holder, except that a copyright
line without "All rights reserved" next to an article-scope Creative Commons
notice ("© 2022 Jane Doe. This work is licensed under CC BY 4.0") only names
the holder of that licence; "Some rights reserved" never means all rights.

Version-less Creative Commons notices are never given a guessed version: see
:mod:`provenance.licences.ids` for the ``LicenseRef-...-unversioned`` and
``LicenseRef-CC-unspecified`` ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from provenance.licences._spans import clause_end, clause_start, ends_with_abbreviation, period_ends_sentence
from provenance.licences.ids import LICENSEREF_ARR, LicenceMention, find_licences, is_valid_licence_id

SCOPES = ("article", "media")


@dataclass(frozen=True, slots=True)
class Notice:
    """One licence notice: ``text == article[start:end]``."""

    spdx: str
    holder: str | None
    text: str
    start: int
    end: int
    scope: str = "article"

    def __post_init__(self) -> None:
        if not is_valid_licence_id(self.spdx):
            raise ValueError(f"not an SPDX licence id or LicenseRef- id: {self.spdx!r}")
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}: {self.scope!r}")


_I = re.IGNORECASE
# Cheap gate (substrings of the lower-cased text) before any regular expression runs.
_PRECHECK = (
    "commons", "licen", "©", "(c)", "copyright", "rights reserved", "cc by", "cc-by", "ccby", "cc0", "cc-0",
    "cc zero", "public domain", "attribution",
)  # fmt: skip
_MEDIA_NOUN = (
    r"(?:photo(?:graph)?|image|picture|pic|illustration|graphic|video|footage|map|chart|infographic"
    r"|artwork|drawing|cartoon)s?"
)
_CONTENT_NOUN = (
    r"(?:work|article|stor(?:y|ies)|content|text|piece|post|blog(?:\s+post)?|page|site|website|material"
    r"|report|essay|column|op-ed|interview|translation|podcast|transcript|corpus|dataset|data|publication"
    r"|newsletter|feature|episode|document|book|chapter|paper|entry|entries|item|audio|recording"
    r"|contribution|everything)s?"
)
_NOUN = rf"(?:{_MEDIA_NOUN}|{_CONTENT_NOUN})"
_LEAD_IN = re.compile(
    r"^[\s(\[\"'“‘]*(?:(?:(?:except|unless)\s+(?:where\s+|as\s+)?otherwise\s+(?:noted|stated|indicated|specified"
    r"|marked)|if\s+not\s+(?:explicitly\s+|otherwise\s+)?(?:specified|stated|noted|indicated|marked)"
    r"(?:\s+otherwise)?)(?:\s+\w+){0,3}\s*,\s*)?",
    _I,
)
_CONT = (
    r"\s*(?:\(|©|(?:is|are|was|were|has|have|had|may|can|will|on|of|in|from|by|at|licen[cs]ed|appearing"
    r"|(?:re)?published\s+(?:on|in|at|by|here)|hosted|posted|written|produced)\b)"
)
_SUBJECT = re.compile(
    r"^(?:all|this|these|our|every|each|any)\s+(?:(?:the|of\s+the|of\s+our|of\s+this)\s+)?"
    rf"(?:[\w'’&-]+\s+){{0,3}}?(?P<noun>{_NOUN})\b(?!['’])(?=\s*,|{_CONT})"
    rf"|^(?:the\s+)?(?P<noun2>{_NOUN})\b(?!['’])(?={_CONT})"
    r"|^(?:this|it|everything)\s+(?:is|was|are|has|may|can)\b"
    r"|^[^\"”’\n]{1,150}[\"”’]\s+(?:\([^)]{0,40}\)\s+)?by\s+"
    r"|^(?:is\s+|are\s+|was\s+|has\s+been\s+)?(?:licen[cs]ed|available|published|republished|reprinted"
    r"|reproduced|released|distributed|shared|made\s+available|dedicated|reused|used|offered)\b"
    r"|^[^,;]{1,80}?\s+licen[cs]es\s+(?:this|it|the|these|all|our|its|his|her|their)\b"
    # "Community content is", "Forests News content is", "user contributions licensed"
    rf"|^(?:(?-i:[A-Z][\w'’&.-]*)\s+|(?:community|user|site|original|editorial|written|all)\s+){{1,4}}?"
    rf"(?P<noun3>{_NOUN})\b(?!['’])(?={_CONT})"
    # the licence chooser's "WORK by HOLDER is licensed under"
    r"|^[^,;:\"“]{1,120}?\s+by\s+[^,;:]{1,120}?\s+(?:is|are)\s+licen[cs]ed\b"
    # "Boing Boing is published under", "Global Voices is licensed under"
    r"|^(?-i:(?:[A-Z][\w'’&.-]*\s+){1,6}?)(?:is|are)\s+(?:published|licen[cs]ed|available|released|distributed)\b"
    r"|^(?:this|the)\s+(?:article|story|post|piece|report)\s+(?:first\s+appeared|was\s+(?:first|originally)"
    r"\s+published)\b",
    _I,
)
# The licence chooser's sentences in other languages: the words before the licence name.
_FOREIGN_LEAD = re.compile(
    r"\b(?:(?:ist|sind|steht|stehen|wird|werden)\s+(?:lizenziert\s+)?unter\s+(?:einer|der|die)"
    r"|(?:est[áa]|est[áa]n)\s+(?:bajo|sujet[ao]s?\s+a)\s+(?:una|la)(?:\s+licencia(?:\s+de)?)?"
    r"|(?:bajo|con)\s+(?:una|la)\s+licencia(?:\s+de)?"
    r"|mise?s?\s+à\s+disposition\s+selon\s+les\s+termes\s+de\s+la(?:\s+licence)?"
    r"|(?:est|sont)\s+(?:publiée?s?\s+|diffusée?s?\s+)?sous(?:\s+(?:la|une))?(?:\s+licence)?"
    r"|تحت\s+(?:مجوز|لیسانس|پروانه))\s*[(\[]?\s*$",
    _I,
)
# Who the chooser's sentence in another language names before its lead: "Todo el contenido de
# Diario Abierto está bajo…", "Tous les contenus du Journal des Communes sont…", "Alle Inhalte von
# netzpolitik.org sind…", "تمامی محتوای خبرگزاری مهر تحت مجوز…".
_FOREIGN_HOLDER = re.compile(
    r"^(?:(?:todos?\s+)?(?:el|los)\s+contenidos?|(?:tous\s+)?(?:le|les)\s+contenus?|(?:alle\s+|die\s+)?inhalte"
    r"|der\s+inhalt)\s+(?:(?:de|del|de\s+la|du|des|de\s+l['’]|von|der|des)\s*)"
    r"(?!(?:este|esta|estos|ce|cet|cette|ces|dieser|diese|dieses|unserer|nuestro|notre)\b)(?P<h>.+?)\s*$"
    r"|^(?:تمامی|تمام|کلیه|همه)\s+(?:محتوای|مطالب|محتویات)\s+(?!این\s|اين\s)(?P<fa>.+?)\s*$",  # not "this site"
    _I,
)
_VERB_TAIL = re.compile(
    r"\b(?:licen[cs]ed|licen[cs]es\b[^.;]{0,40}|available|published|republished|reprinted|reproduced"
    r"|released|distributed|shared|reused|used|offered|provided|made\s+available|dedicated|marked|covered"
    r"|governed)\b(?:[^.;]{0,80}?\b(?:under|with|via|as|using|to\s+the\s+public\s+domain\s+(?:under|with)))?"
    r"(?:\s+the\s+terms\s+of)?(?:\s+(?:a|an|the|this|its|their|our))?(?:\s+(?:free|open|permissive))?"
    r"\s*[:(\[]?\s*$",
    _I,
)
_STORY_SUFFIX = re.compile(
    r"^\s*(?:(?:are|is|were|was|have|has|had|will|would|could|can|last|earlier|later|since|after|before"
    r"|because|which|that|this\s+(?:week|month|year))\b"
    r"|,\s*(?:the\s+|a\s+)?[\w\s'’-]{0,40}?\b(?:said|says|announced|reported|added|told|according)\b)",
    _I,
)
_LABEL = re.compile(
    r"^(?:licen[cs]e[ds]?|licen[cs]ing|copyright|rights|reuse|terms\s+of\s+(?:re)?use)"
    r"(?:\s+(?:info(?:rmation)?|terms|status|details))?\s*[:=–—-]?\s*[(\[]?\s*$",
    _I,
)
_COPY_OF = re.compile(r"\bcopy\s+of\s+(?:this|the)\s+licen[cs]e\b", _I)
_DECOR = re.compile(r"[\s()\[\]{}<>|.,;:*_–—-]*(?:licen[cs]e)?[\s()\[\]{}<>|.,;:*_–—-]*", _I)
# What may follow a licence standing alone on its line: decoration, then another item of a footer
# line after a separator ("CC BY-NC-ND 3.0 DE · Impressum").
_DECOR_AFTER = re.compile(rf"{_DECOR.pattern}(?:[·•|].*)?", _I | re.S)

_MEDIA_LEAD = re.compile(
    r"^[(\[]?\s*(?:(?:(?:top|main|lead|header|featured|cover|hero|banner|above|below)\s+)?"
    rf"{_MEDIA_NOUN}(?:\s+credits?)?\s*(?::|by\b|courtesy(?:\s+of)?\b|via\b|from\b|credit\b|©|—|–|-|\|)"
    r"|credits?\s*:)",
    _I,
)
_MEDIA_ANY = re.compile(
    r"\b(?:photo(?:graph)?|image|picture)\s+(?:by|courtesy|credit)\b"
    r"|\b(?:via|on|from)\s+(?:Flickr|Wikimedia(?:\s+Commons)?|Unsplash)\b"
    r"|\b(?:Flickr|Wikimedia(?:\s+Commons)?|Unsplash)\s*/|\bflickr\.com\b",
    _I,
)
_MEDIA_ANY_MAX_WORDS = 15
_MEDIA_HOLDER_STOP = re.compile(
    r"\s*(?:\s/|/(?=\s*(?:\Z|CC\b|Creative|https?:|(?:www\.)?creativecommons|Flickr|Wikimedia|Unsplash))"
    r"|\(|\[|,|;|\bvia\b|\bon\s+(?:Flickr|Unsplash|Wikimedia)|\bfrom\b|\blicen[cs]ed\b|\bunder\b|\||–|—|\s-\s)",
    _I,
)
_DETERMINERS = r"This|These|Those|That|Our|All|Every|Each|Any|The|Its|Their|My|Your|His|Her|It|Everything"
_NOT_A_HOLDER = re.compile(rf"(?:{_DETERMINERS}|{_NOUN})", _I)  # "The © symbol", "Text is available"
_HOLDER_PATTERNS = (
    re.compile(
        rf"^(?:(?:all|this|these|our)\s+)?(?:[\w'’-]+\s+){{0,2}}?{_NOUN}\s*,?\s+(?:by|from|of|on|©)\s+(?P<h>.+?)"
        r"\s*,?\s+(?:is|are|was|were|has|have|may|can)\b",
        _I,
    ),
    re.compile(r"^[^\"”’\n]{1,150}[\"”’]\s+(?:\([^)]{0,40}\)\s+)?by\s+(?P<h>[^,]+?)\s*,?\s+(?:is|are)\b", _I),
    re.compile(r"\b(?:re)?published\s+(?:from|by)\s+(?P<h>.+?)\s+under\b", _I),
    re.compile(r"\blicen[cs]ed\s+by\s+(?P<h>.+?)\s+under\b", _I),
    re.compile(r"^(?P<h>[^,;]+?)\s+licen[cs]es\s+(?:this|it|the|these|all|our|its|his|her|their)\b", _I),
    re.compile(
        r"\b(?:first\s+appeared|(?:first|originally)\s+published)\s+(?:on|in|at|by)\s+(?P<h>.+?)\s+and\s+"
        r"(?:is|was|has\s+been)\s+(?:re)?published\b",
        _I,
    ),
    re.compile(
        rf"^(?-i:(?!(?:{_DETERMINERS})\b)(?P<h>(?:[A-Z][\w'’&.-]*\s+){{1,5}}[A-Z][\w'’&.-]*))\s+{_CONTENT_NOUN}"
        r"\s+(?:is|are)\b",
        _I,
    ),
    re.compile(
        rf"^(?-i:(?!(?:{_DETERMINERS})\b)(?P<h>(?:[A-Z][\w'’&.-]*\s+){{0,5}}[A-Z][\w'’&.-]*))\s+(?:is|are)\s+(?:published|licen[cs]ed"
        r"|available|released|distributed)\s+under\b",
        _I,
    ),
)
# The licence chooser's "WORK by HOLDER is licensed under ...": the holder as the user typed it.
_CHOOSER_HOLDER = re.compile(
    r"^[^,;:\"“]{1,120}?\s+by\s+(?P<h>[^,;:]{1,120}?)\s+(?:is|are)\s+licen[cs]ed\b", _I
)
# "This story was originally published by ProPublica. It is republished under ...": the holder
# named just before a republication notice.
_REPUBLISHED_FROM = re.compile(
    r"\b(?:originally|first)\s+(?:published|appeared)\s+(?:by|on|in|at)\s+(?P<h>[A-Z][^,.;:()]{1,80})"
)
_SOFTWARE_LICENCE = re.compile(
    r"\b(?:MIT|GPL|LGPL|Apache|BSD|ISC|MPL)\b(?:[\s-]+(?:v?\d(?:\.\d)?|licen[cs]e))?", _I
)
_YEARS = r"(?:19|20)\d{2}(?:\s*[-–—/]\s*(?:(?:19|20)?\d{2}|present))?"
_COPY_LEAD = re.compile(
    r"(?:©|\([cC]\)(?=\s*(?:(?:19|20)\d{2}|Copyright)))"
    r"\s*(?:(?:Copyright|COPYRIGHT|copyright)\b\s*(?:©\s*)?)?"
    r"|(?:Copyright|COPYRIGHT)\b\s*(?:(?:©|\([cC]\))\s*|(?=(?:19|20)\d{2}\b)|:\s*(?=[A-Z]))"
)
_COPY_YEARS = re.compile(rf"(?P<years>{_YEARS})[,.]?\s*(?:[-–—]\s+)?")
# "© 2008-2020 ", "Copyright © ": a copyright sign and years before a licence name make it no
# copyright holder's name ("© 2008-2020 Creative Commons BY" is the CC licence).
_COPY_PREFIX = re.compile(
    rf"[\s(\[]*(?:copyright\s*)?(?:©|\(c\))\s*(?:{_YEARS})?[\s,.–—-]*|[\s(\[]*copyright\s*:?\s*", _I
)
_HOLDER_STOP = re.compile(
    r"\s*[,.;]?\s*(?:all|some)\s+rights\s+reserved"
    r"|\s*[,;]?\s+(?-i:(?:is\s+|are\s+)?(?:licen[cs]ed|under|published|released|distributed|available))\b"
    r"|\s*[|\n;©)·•\[]|\s/\s|\.(?=[\s\"”’)\]]|$)|\s*,\s*(?=(?:19|20)\d{2}|[a-z])|\s+[-–—]\s|$",
    _I,
)
_RESERVED_AFTER = re.compile(r"[\s.,;|–—-]*(?P<kind>all|some)\s+rights\s+reserved\b\.?", _I)
_ARR = re.compile(r"\ball\s+rights\s+reserved\b\.?", _I)
_AFFILIATES = re.compile(
    r",?\s+(?:or|and)\s+(?:its|their)\s+(?:affiliated\s+companies|affiliates|subsidiaries|licensors)$", _I
)


def clean_holder(raw: str | None, *, keep_article: bool = False) -> str | None:
    """Trim a holder name of punctuation, years, "Copyright", "All rights reserved"; None if nothing left."""
    if not raw:
        return None
    h = raw.strip(" \t\r\n,;:-–—|©")
    h = re.sub(r"^(?:(?:copyright|©|\(c\))\s*)+", "", h, flags=_I)
    h = re.sub(r"[\s,.]*(?:all|some)\s+rights\s+reserved.*$", "", h, flags=_I)
    h = re.sub(rf"^{_YEARS}[,.]?\s*", "", h)
    h = re.sub(rf"[\s,]*{_YEARS}$", "", h)
    h = re.sub(r"\s+copyright$", "", h, flags=_I)
    h = _AFFILIATES.sub("", h)
    if not keep_article:
        h = re.sub(r"^the\s+(?=[A-Z])", "", h)
    h = h.strip(" \t\r\n,;:-–—|©")
    if h.endswith(".") and not ends_with_abbreviation(h):
        h = h.rstrip(".")
    if h.count("(") > h.count(")"):
        h = h[: h.rfind("(")].rstrip()
    if (
        not h
        or not (
            h[0].isupper()
            or h[0].isdigit()
            or (h[0].isalpha() and h[0].lower() == h[0].upper())  # a script without case: Persian, Chinese
            or (keep_article and h[:4].lower() == "the ")
        )
        or len(h) > 100
    ):
        return None
    return h


def _media_holder(prefix: str) -> str | None:
    m = _MEDIA_LEAD.match(prefix)
    rest = prefix[m.end() :] if m else prefix
    stop = _MEDIA_HOLDER_STOP.search(rest)
    return clean_holder(rest[: stop.start()] if stop else rest)


def _article_holder(lead: str) -> str | None:
    chooser = _CHOOSER_HOLDER.search(lead)
    if chooser:
        return clean_holder(chooser.group("h"), keep_article=True)
    for pattern in _HOLDER_PATTERNS:
        m = pattern.search(lead)
        if m:
            holder = clean_holder(m.group("h"))
            if holder and not _NOT_A_HOLDER.fullmatch(holder):
                return holder
    return None


def is_media_prefix(prefix: str) -> bool:
    """True when the clause before a licence is a photo/image credit."""
    if _MEDIA_LEAD.match(prefix):
        return True
    return len(prefix.split()) <= _MEDIA_ANY_MAX_WORDS and _MEDIA_ANY.search(prefix) is not None


def _licence_notice(text: str, mention: LicenceMention) -> Notice | None:
    """The notice around ``mention``, or None when the grammar around it is not a notice's."""
    cs = clause_start(text, mention.start)
    ce = max(clause_end(text, mention.end), mention.end)
    prefix = text[cs : mention.start]
    suffix = text[mention.end : ce]
    lead = prefix[_LEAD_IN.match(prefix).end() :]  # type: ignore[union-attr]  # always matches
    subject = _SUBJECT.match(lead)
    if subject is None and ";" in lead:  # "Site design by X; user contributions licensed under ..."
        lead = lead.rsplit(";", 1)[1].lstrip()
        subject = _SUBJECT.match(lead)
    if is_media_prefix(prefix):
        return Notice(mention.spdx, _media_holder(prefix), text[cs:ce], cs, ce, "media")
    line_start, _ = _line(text, mention.start)
    paren = text.rfind("(", line_start, mention.start)
    lead_start = paren + 1 if paren >= 0 and ")" not in text[paren : mention.start] else line_start
    media_lead = text[lead_start : mention.start].lstrip()
    if lead_start < cs and is_media_prefix(media_lead):  # "(Image: © X / flickr.com | CC BY 2.0)"
        start = mention.start - len(media_lead)
        return Notice(mention.spdx, _media_holder(media_lead), text[start:ce], start, ce, "media")
    if (lead_in := _FOREIGN_LEAD.search(prefix)) and not _STORY_SUFFIX.match(suffix):
        named = _FOREIGN_HOLDER.match(prefix[: lead_in.start()].strip())
        holder = clean_holder(named.group("h") or named.group("fa"), keep_article=True) if named else None
        return Notice(mention.spdx, holder, text[cs:ce], cs, ce, "article")
    if _VERB_TAIL.search(prefix) and subject and not _STORY_SUFFIX.match(suffix):
        noun = subject.group("noun") or subject.group("noun2") or subject.group("noun3") or ""
        scope = "media" if noun and re.fullmatch(_MEDIA_NOUN, noun, _I) else "article"
        return Notice(mention.spdx, _article_holder(lead), text[cs:ce], cs, ce, scope)
    standalone = (_DECOR.fullmatch(prefix) or _COPY_PREFIX.fullmatch(prefix)) and _DECOR_AFTER.fullmatch(
        suffix
    )
    if standalone and mention.form == "bare" and not _alone_on_line(text, mention):
        return None  # "Home | About | Creative Commons | Contact": a menu item, not a notice
    if _LABEL.match(lead) or _COPY_OF.search(prefix) or standalone:
        return Notice(mention.spdx, None, text[cs:ce], cs, ce, "article")
    return None


def _alone_on_line(text: str, mention: LicenceMention) -> bool:
    """True when the line holding ``mention`` holds nothing else but decoration."""
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    end = len(text) if end < 0 else end
    return bool(_DECOR.fullmatch(text[start : mention.start]) and _DECOR.fullmatch(text[mention.end : end]))


@dataclass(frozen=True, slots=True)
class _Copyright:
    start: int
    end: int
    holder: str | None
    reserved: str | None  # "all", "some" or None
    scope: str


def _cut_holder(text: str, pos: int) -> tuple[str | None, int]:
    """The holder name starting at ``pos`` and the offset where it stops."""
    limit = min(len(text), pos + 150)
    for stop in _HOLDER_STOP.finditer(text, pos, limit):
        if stop.start() == limit and limit < len(text):
            break
        if stop.group().startswith(".") and not period_ends_sentence(text, stop.start()):
            continue
        if stop.group().strip() == ")" and text.count("(", pos, stop.start()) > text.count(
            ")", pos, stop.start()
        ):
            continue  # "The Gleaner Company (Media) Limited"
        return clean_holder(text[pos : stop.start()]), stop.start()
    return None, pos


# A short name standing before "©" or "All rights reserved" on its line ("Luxurious Magazine © 2011",
# "Jamaica Observer, 2022 © All Rights Reserved", "The Japan Times LTD. All rights reserved.").
_NAME_BEFORE = re.compile(
    rf"^(?P<h>(?-i:[A-Z0-9][\w'’&.()-]*)(?:[ \t]+(?-i:(?:[A-Z0-9(][\w'’&.()-]*|of|and|&|de|the)))"
    rf"{{0,7}}?)[\s,.]*(?:{_YEARS})?[\s,.]*$"
)


def _name_before(text: str, start: int, pos: int) -> str | None:
    m = _NAME_BEFORE.match(text[start:pos])
    holder = clean_holder(m.group("h"), keep_article=True) if m else None
    if holder is None or _NOT_A_HOLDER.fullmatch(holder):
        return None  # "The © symbol"
    return holder


def _line(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _copyrights(text: str, mentions: list[LicenceMention]) -> list[_Copyright]:
    found: list[_Copyright] = []
    for m in _COPY_LEAD.finditer(text):
        if found and m.start() < found[-1].end:
            continue
        line_start, line_end = _line(text, m.start())
        line = text[line_start:line_end]
        if _SOFTWARE_LICENCE.search(line) and re.search(r"licen[cs]", line, _I):
            continue  # "Lightbox2 © Lokesh Dhakar, licensed under the MIT license": a script's credit
        years = _COPY_YEARS.match(text, m.end())
        pos = years.end() if years else m.end()
        holder, end = _cut_holder(text, pos)
        if any(pos <= x.start < max(end, pos + 1) for x in mentions):
            continue  # "© 2008-2020 Creative Commons BY": a licence, not a holder
        symbol = "©" in m.group() or "(" in m.group()
        start = m.start()
        cs = clause_start(text, m.start())
        if holder is None and symbol:
            before = _name_before(text, max(cs, line_start), m.start())
            if before:
                holder, start = before, max(cs, line_start)
        if holder is None and (years is None or not symbol):
            continue  # "the © symbol", "Copyright 2022 legislation", "Copyright:" with nothing after it
        if holder is None or start < m.start():
            end = max(end, years.end() if years else m.end())
            while end > m.start() and text[end - 1] in " ,.":
                end -= 1
        reserved = None
        after = _RESERVED_AFTER.match(text, end)
        if after:
            reserved, end = after.group("kind").lower(), after.end()
        elif text[end : end + 1] == ".":
            end += 1
        prefix = text[cs : m.start()]
        media = is_media_prefix(prefix + "©") or _MEDIA_ANY.search(line) is not None
        found.append(_Copyright(start, end, holder, reserved, "media" if media else "article"))
    return found


def _standalone_arr(text: str, taken: list[tuple[int, int]]) -> list[Notice]:
    out: list[Notice] = []
    for m in _ARR.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        cs = clause_start(text, m.start())
        ce = max(clause_end(text, m.end()), m.end())
        if not _DECOR.fullmatch(text[m.end() : ce]):
            continue
        if _DECOR.fullmatch(text[cs : m.start()]):
            line_start, _ = _line(text, m.start())
            before = text[line_start:cs]  # "The Japan Times LTD." ended a sentence on the same line
            holder = _name_before(text, line_start, cs) if before.strip() else None
            start = line_start if holder else cs
            out.append(Notice(LICENSEREF_ARR, holder, text[start:ce], start, ce, "article"))
            continue
        holder = _name_before(text, cs, m.start())
        if holder:
            out.append(Notice(LICENSEREF_ARR, holder, text[cs:ce], cs, ce, "article"))
    return out


def _merge(text: str, notices: list[Notice]) -> list[Notice]:
    """Join notices of one licence that overlap or follow each other with only space between."""
    out: list[Notice] = []
    for n in sorted(notices, key=lambda n: (n.start, -n.end)):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.spdx == n.spdx
            and prev.scope == n.scope
            and (n.start < prev.end or not text[prev.end : n.start].strip())
        ):
            end = max(prev.end, n.end)
            out[-1] = replace(prev, end=end, text=text[prev.start : end], holder=prev.holder or n.holder)
        else:
            out.append(n)
    return out


def has_notice_words(low: str) -> bool:
    """Whether lower-cased text holds a word every notice of :func:`detect_notices` needs."""
    return any(key in low for key in _PRECHECK)


def detect_notices(text: str) -> list[Notice]:
    """Every licence notice in ``text``, in order of position (see the module docstring for the grammar)."""
    if not has_notice_words(text.lower()):
        return []
    return notices_from_mentions(text, find_licences(text))


def _republished_holder(text: str, n: Notice) -> Notice:
    """ "This story was originally published by ProPublica, .... It is republished under CC ...": the
    holder of a republication notice without one is the publisher named just before it."""
    if n.holder is not None or n.scope != "article" or not re.search(r"\brepublished\b", n.text, _I):
        return n
    before = list(_REPUBLISHED_FROM.finditer(text, max(0, n.start - 300), n.start))
    holder = clean_holder(before[-1].group("h")) if before else None
    return replace(n, holder=holder) if holder else n


def notices_from_mentions(
    text: str, mentions: list[LicenceMention], *, low: str | None = None
) -> list[Notice]:
    """:func:`detect_notices` given ``find_licences(text)`` already computed (and ``text.lower()``,
    when the caller has it)."""
    notices = [n for m in mentions if (n := _licence_notice(text, m)) is not None]
    low = text.lower() if low is None else low
    copyrights = _copyrights(text, mentions) if "©" in text or "copyright" in low or "(c)" in low else []
    article_cc = any(n.scope == "article" for n in notices)
    donor = next(
        (c.holder for c in copyrights if c.scope == "article" and c.holder and c.reserved != "all"), None
    )
    if donor:
        notices = [
            replace(n, holder=donor) if n.scope == "article" and n.holder is None else n for n in notices
        ]
    notices = [_republished_holder(text, n) for n in notices]
    for c in copyrights:
        licensed_photo = c.scope == "media" and any(
            n.scope == "media" and _line(text, n.start) == _line(text, c.start) for n in notices
        )  # "© Camilo Rueda López / flickr.com | CC BY 2.0": the photo's holder, not all rights reserved
        if licensed_photo and c.reserved != "all":
            continue
        if c.reserved == "all" or (c.reserved is None and (c.scope == "media" or not article_cc)):
            notices.append(Notice(LICENSEREF_ARR, c.holder, text[c.start : c.end], c.start, c.end, c.scope))
    if "rights reserved" in low:
        notices.extend(_standalone_arr(text, [(c.start, c.end) for c in copyrights]))
    return _merge(text, notices)
