"""Licence rules for one reuse edge: the later article L reuses text of the earlier article E.

Pure: the store/API layer gathers plain facts into :class:`EdgeFacts` and
:func:`judge` returns :class:`Finding` objects. E is the document whose text L reuses: the earlier
article of the edge, or the *origin* of that text when L took it from a copy (``edge.via``, the
intermediaries). Rule ids and severities:

=========================  =========  ===================================================
rule                       severity   when
=========================  =========  ===================================================
same-holder                info       E and L share a holder/publisher (normalised names or
                                      aliases equal); no other rule is applied
shared-source              info       L and E both credit one third party (an agency: "(AP)",
                                      "— Reuters", "MADRID, 9 may (EFE).-") and neither
                                      credits the other: siblings of that source, not
                                      copies of each other; no other rule is applied
direction-uncertain        warning    ``edge.direction`` is "by-ingest-order" (E or L or
                                      both undated) or "uncertain" (equal dates, or
                                      published within the direction window of each other),
                                      so which copied which is unknown. The edge's other
                                      findings stay, their messages prefixed "if doc L
                                      copied doc E: " instead of asserting the copying;
                                      when "uncertain", errors among them become warnings
public-domain              info       E is CC0-1.0, CC-PDM-1.0 or CC-PDDC
missing-credit             error      E is CC (BY family): L credits neither E's holder nor
                                      E's publisher (or an alias) nor links E's URL; a
                                      warning when the reuse is not substantial, or when E
                                      has no holder, publisher or URL to look for
missing-licence-notice     error      E is CC: L neither names nor links E's licence (same
                                      elements and version; ports ignored); a warning when
                                      the reuse is not substantial
changes-not-indicated      warning    E is CC, L adapted E (``edge.adapted``) and no
                                      "changes-indicated" credit in L
sharealike-mismatch        error      E is ShareAlike, L adapted E substantially and L's
                                      licence is not :func:`sharealike_compatible`; a
                                      warning for verbatim copies and reuse not substantial
derivative-of-nd           error      E is NoDerivatives and L adapted E (verbatim is allowed)
noncommercial-review       warning    E is NonCommercial and L's publisher is not marked
                                      non-commercial
unspecified-cc-terms       warning    E's notice says only "a Creative Commons licence": the
                                      NC/ND/SA terms must be checked by hand
unlicensed-reuse           error      E is all-rights-reserved, unknown or not recognised
                                      (``LicenseRef-unrecognised``) and the reuse is
                                      substantial; a warning below that
licence-not-evaluated      info       E carries a non-CC licence (e.g. MIT): out of scope
compliant                  info       E is CC and no error or warning was raised
=========================  =========  ===================================================

Reuse is *substantial* at coverage >= ``substantial_coverage`` (0.2) or >= ``substantial_sentences``
(3) matched sentences. A ``non-derived`` edge whose only evidence is one matched sentence is at
most a warning, whatever the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from provenance.licences.credits import Credit, credits_name
from provenance.licences.ids import CC0, LICENSEREF_ARR, LICENSEREF_CC_UNSPECIFIED, PDDC, PDM
from provenance.licences.notices import Notice
from provenance.text import normalise

SUBSTANTIAL_COVERAGE = 0.2
"""Share of L's (non-boilerplate) sentences sourced from E from which reuse is substantial."""
SUBSTANTIAL_SENTENCES = 3
"""Number of matched sentences from which reuse is substantial, whatever the coverage."""
UNKNOWN = "unknown"
UNRECOGNISED = "LicenseRef-unrecognised"  # a licence value that names no licence (kept in the note's notice)
BY_INGEST_ORDER = "by-ingest-order"
UNCERTAIN = "uncertain"  # dated within the direction window of each other (provenance.match.direction)
HEDGED = (BY_INGEST_ORDER, UNCERTAIN)
_PUBLIC_DOMAIN = frozenset({CC0, PDM, PDDC, "LicenseRef-PDM-1.0"})
_CC = re.compile(
    r"^(?:LicenseRef-)?CC-(?P<els>BY(?:-(?:NC|SA|ND))*|SA|ND|NC)(?:-(?P<ver>\d\.\d))?(?:-(?P<port>[A-Z]+))?"
    r"(?P<unversioned>-unversioned)?$"
)


@dataclass(frozen=True, slots=True)
class LicenceTerms:
    """The conditions of one licence id.

    ``family`` is "cc" (any CC licence with conditions), "public-domain" (CC0, PDM),
    "all-rights-reserved", "unknown", or "other" (a non-CC SPDX licence).
    ``specified`` is False for "a Creative Commons licence" whose terms are not stated.
    """

    spdx: str
    family: str
    attribution: bool = False
    sharealike: bool = False
    noderivatives: bool = False
    noncommercial: bool = False
    version: str | None = None
    port: str | None = None
    specified: bool = True


def licence_family(spdx: str) -> LicenceTerms:
    """Parse a licence id ("CC-BY-NC-SA-4.0", "CC-BY-SA-2.0-UK", "CC0-1.0", "unknown", ...) into its terms."""
    if spdx in _PUBLIC_DOMAIN:
        return LicenceTerms(spdx, "public-domain")
    if spdx == LICENSEREF_ARR:
        return LicenceTerms(spdx, "all-rights-reserved")
    if spdx == LICENSEREF_CC_UNSPECIFIED:
        return LicenceTerms(spdx, "cc", attribution=True, specified=False)
    m = _CC.match(spdx)
    if m is None:
        return LicenceTerms(
            spdx, UNKNOWN if spdx in (UNKNOWN, "") or spdx.startswith("LicenseRef-") else "other"
        )
    els = m.group("els").split("-")
    return LicenceTerms(
        spdx,
        "cc",
        attribution="BY" in els,
        sharealike="SA" in els,
        noderivatives="ND" in els,
        noncommercial="NC" in els,
        version=m.group("ver"),
        port=m.group("port"),
    )


def _same_elements(a: LicenceTerms, b: LicenceTerms) -> bool:
    return (a.attribution, a.sharealike, a.noderivatives, a.noncommercial) == (
        b.attribution, b.sharealike, b.noderivatives, b.noncommercial,
    )  # fmt: skip


def sharealike_compatible(source: str, target: str) -> bool:
    """May an adaptation of a ``source``-licensed work be licensed under ``target``?

    True when ``source`` has no ShareAlike condition. Otherwise ``target`` must be a CC
    licence with the same elements (BY-SA → BY-SA, BY-NC-SA → BY-NC-SA) and the same or a
    later version; ported and unported licences of a version are interchangeable
    (CC-BY-SA-2.0-UK → CC-BY-SA-2.0 and later). 1.0 licences allow only the same version.
    An unversioned source accepts any version; an unversioned target is not verifiable
    and so is not compatible with a versioned source. CC's one-way compatibility of
    BY-SA 4.0 with GPLv3 is out of scope.
    """
    s, t = licence_family(source), licence_family(target)
    if not s.sharealike:
        return True
    if t.family != "cc" or not _same_elements(s, t):
        return False
    if s.version is None:
        return True
    if t.version is None:
        return False
    if s.version == "1.0":
        return t.version == "1.0"
    return float(t.version) >= float(s.version)


def _names_licence(named: str, licence: LicenceTerms) -> bool:
    """Does a licence named in L (``named``) name E's licence (same elements and version)?"""
    n = licence_family(named)
    if n.family != "cc":
        return False
    if not licence.specified:
        return True  # E itself only says "Creative Commons": any CC licence named is as good
    return (
        n.specified
        and _same_elements(n, licence)
        and (licence.version is None or n.version == licence.version)
    )


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a reuse edge."""

    document_id: int
    title: str | None
    licence: str
    holder: str | None
    publisher: str | None
    publisher_aliases: tuple[str, ...] = ()
    url: str | None = None
    noncommercial: bool = False
    undated: bool = False
    licence_value: str | None = None  # the value given, for an ``LicenseRef-unrecognised`` licence


@dataclass(frozen=True, slots=True)
class EdgeFacts:
    """What the audit knows about L (``later``) reusing E (``earlier``).

    ``direction``: "by-date", "by-credit" (the dates do not decide, L's credit of E does),
    "uncertain" (dated within the direction window of each other) or "by-ingest-order" (undated):
    see the ``direction-uncertain`` rule. ``shared_source``: a third party both L and E credit
    (an agency), when neither credits the other: they are siblings (``shared-source``).
    ``via``: the ids of the copies L took E's text from, when E is its origin and not (only) a
    document L reuses directly. ``derivation`` of the edge, when known ("non-derived" with a single
    matched sentence caps every finding at a warning).
    """

    later: Party
    earlier: Party
    later_credits: tuple[Credit, ...]
    later_notices: tuple[Notice, ...]
    adapted: bool
    matched_sentences: int
    coverage: float
    source_share: float
    direction: str = "by-date"
    via: tuple[int, ...] = ()
    derivation: str | None = None
    shared_source: str | None = None
    same_date: bool = False  # both dated, equal (for the direction-uncertain message)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on an edge."""

    rule: str
    severity: str
    licence: str
    message: str


def _names(p: Party) -> list[str]:
    return [n for n in (p.holder, p.publisher, *p.publisher_aliases) if n]


def _who(p: Party) -> str | None:
    return p.holder or p.publisher


def _label(p: Party) -> str:
    return f"doc {p.document_id}"


def _norm(name: str) -> str:
    n = normalise(name)
    return n[4:] if n.startswith("the ") else n


def _same_holder(a: Party, b: Party) -> str | None:
    """A name (holder, publisher or alias) both parties share, compared after normalising."""
    theirs = {_norm(n) for n in _names(b)} - {""}
    return next((n for n in _names(a) if _norm(n) in theirs), None)


def _reuses(edge: EdgeFacts) -> str:
    """ "doc 3 reuses doc 1", or "doc 3 reuses doc 1 (through doc 2)" when L took the text from copies."""
    through = f" (through {', '.join(f'doc {i}' for i in edge.via)})" if edge.via else ""
    return f"{_label(edge.later)} reuses {_label(edge.earlier)}{through}"


def _cc_findings(edge: EdgeFacts, terms: LicenceTerms, substantial: bool) -> list[Finding]:
    e, later = edge.earlier, edge.later
    lic = e.licence
    who = _who(e)
    src = f"{_reuses(edge)} ({lic}{', ' + who if who else ''})"
    out: list[Finding] = []
    major = "error" if substantial else "warning"
    small = "" if substantial else " (reuse not substantial)"

    def add(rule: str, severity: str, message: str) -> None:
        out.append(Finding(rule, severity, lic, message))

    if terms.attribution:
        names = _names(e)
        if not names and not e.url:
            add(
                "missing-credit",
                "warning",
                f"{src}; cannot check the credit: no holder, publisher or URL known",
            )
        elif not credits_name(edge.later_credits, names, [e.url] if e.url else []):
            add(
                "missing-credit",
                major,
                f"{src} without crediting {' or '.join(dict.fromkeys(names)) or e.url}{small}",
            )
    named = [n.spdx for n in edge.later_notices] + [
        c.licence for c in edge.later_credits if c.kind == "licence-named" and c.licence
    ]
    if not any(_names_licence(n, terms) for n in named):
        add("missing-licence-notice", major, f"{src} without naming or linking the licence {lic}{small}")
    if not terms.specified:
        add(
            "unspecified-cc-terms",
            "warning",
            f"{src}; the notice names no licence terms: check NC/ND/SA by hand",
        )
    if terms.noderivatives and edge.adapted:
        add("derivative-of-nd", "error", f"{src} and adapts it, but {lic} allows verbatim copies only")
    elif edge.adapted and not any(c.kind == "changes-indicated" for c in edge.later_credits):
        add(
            "changes-not-indicated",
            "warning",
            f"{src} and adapts it without indicating that changes were made",
        )
    if terms.sharealike and not sharealike_compatible(lic, later.licence):
        if edge.adapted:
            add(
                "sharealike-mismatch",
                major,
                f"{src} and adapts it, but is licensed {later.licence}, not {lic} or a compatible licence{small}",
            )
        else:
            add(
                "sharealike-mismatch",
                "warning",
                f"{src} verbatim; the copied text stays under {lic} although "
                f"{_label(later)} is licensed {later.licence}",
            )
    if terms.noncommercial and not later.noncommercial:
        add(
            "noncommercial-review",
            "warning",
            f"{src}, a NonCommercial licence, and {later.publisher or 'its publisher'} "
            "is not marked non-commercial: review the use",
        )
    if not any(f.severity in ("error", "warning") for f in out):
        add("compliant", "info", f"{src} with credit and licence notice")
    return out


def judge(
    edge: EdgeFacts,
    *,
    substantial_coverage: float = SUBSTANTIAL_COVERAGE,
    substantial_sentences: int = SUBSTANTIAL_SENTENCES,
) -> list[Finding]:
    """Apply the licence rules (see the module docstring) to one reuse edge."""
    e, later = edge.earlier, edge.later
    lic = e.licence or UNKNOWN
    shared = _same_holder(e, later)
    if edge.shared_source and not shared:
        return [
            Finding(
                "shared-source",
                "info",
                lic,
                f"{_label(later)} and {_label(e)} share text and both credit {edge.shared_source}: "
                f"both carry {edge.shared_source}'s story; neither is taken to have copied the other",
            )
        ]
    if shared:
        return [
            Finding(
                "same-holder",
                "info",
                lic,
                f"{_reuses(edge)}; both belong to {shared}, so no licence condition applies",
            )
        ]
    substantial = edge.coverage >= substantial_coverage or edge.matched_sentences >= substantial_sentences
    found = _licence_findings(edge, lic, substantial)
    if edge.derivation == "non-derived" and edge.matched_sentences <= 1:
        found = [replace(f, severity="warning") if f.severity == "error" else f for f in found]
    if edge.direction not in HEDGED:
        return found
    if edge.direction == UNCERTAIN:  # published together: no error accuses either side of copying
        found = [replace(f, severity="warning") if f.severity == "error" else f for f in found]
    hedge = f"if {_label(later)} copied {_label(e)}: "
    return [_direction_uncertain(edge, lic)] + [replace(f, message=hedge + f.message) for f in found]


def _direction_uncertain(edge: EdgeFacts, lic: str) -> Finding:
    e, later = edge.earlier, edge.later
    undated = [_label(p) for p in (later, e) if p.undated]
    if undated:
        why = f"{' and '.join(undated)} {'is' if len(undated) == 1 else 'are'} undated"
        taken = "by ingest order"
    else:
        why = (
            "both have the same publication date"
            if edge.same_date or edge.direction == BY_INGEST_ORDER
            else "they were published within the direction window of each other (a date-only value covers its day)"
        )
        taken = "by the earlier time, or the order of the texts' digests"
    return Finding(
        "direction-uncertain",
        "warning",
        lic,
        f"{_label(later)} and {_label(e)} share text, but {why}: which copied which is not known "
        f"({_label(e)} is taken as the earlier {taken})",
    )


def _licence_findings(edge: EdgeFacts, lic: str, substantial: bool) -> list[Finding]:
    e, later = edge.earlier, edge.later
    terms = licence_family(lic)
    if terms.family == "public-domain":
        return [
            Finding("public-domain", "info", lic, f"{_reuses(edge)} ({lic}): public domain, no conditions")
        ]
    if terms.family == "cc":
        return _cc_findings(edge, terms, substantial)
    if terms.family == "other":
        return [
            Finding(
                "licence-not-evaluated",
                "info",
                lic,
                f"{_reuses(edge)} ({lic}): not a Creative Commons licence, not evaluated",
            )
        ]
    if terms.family == "all-rights-reserved":
        what = "all rights reserved"
    elif lic == UNRECOGNISED:
        what = (
            f"licence not recognised ({e.licence_value!r})" if e.licence_value else "licence not recognised"
        )
    else:
        what = "licence unknown"
    who = _who(e)
    credited = credits_name(edge.later_credits, _names(e), [e.url] if e.url else [])
    whom = e.publisher or who or "the source"
    credit_note = f"{whom} is credited" if credited else f"{whom} is not credited"
    noun = "sentence" if edge.matched_sentences == 1 else "sentences"
    amount = f"{edge.matched_sentences} {noun}, {edge.coverage:.0%} of {_label(later)}"
    return [
        Finding(
            "unlicensed-reuse",
            "error" if substantial else "warning",
            lic,
            f"{_reuses(edge)} ({what}{', ' + who if who else ''}) "
            f"{'substantially' if substantial else 'in part'} ({amount}) without a licence; {credit_note}",
        )
    ]
