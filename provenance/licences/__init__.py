"""Licences: notice detection, attribution credits and the reuse rules.

A pure layer over strings and plain data: no database, no command line, no
files. It imports nothing of the project except :mod:`provenance.text`.

* :func:`detect_notices` — licence notices in an article ("All Content by X is
  licensed under a Creative Commons Attribution 4.0 International License.",
  "© 2024 Reuters. All rights reserved.", a bare deed URL, photo credits).
* :func:`detect_credits`, :func:`credits_name` — how an article credits its sources.
* :func:`judge` — the licence rules for one reuse edge.
"""

from provenance.licences.audit import (
    SUBSTANTIAL_COVERAGE,
    SUBSTANTIAL_SENTENCES,
    EdgeFacts,
    Finding,
    LicenceTerms,
    Party,
    judge,
    licence_family,
    sharealike_compatible,
)
from provenance.licences.canonical import canonical_licence_id
from provenance.licences.evidence import licence_spans, non_evidence_positions
from provenance.licences.credits import Credit, credits_name, detect_credits, url_matches
from provenance.licences.ids import (
    LICENSEREF_ARR,
    LICENSEREF_CC_UNSPECIFIED,
    LicenceMention,
    find_licences,
    is_valid_licence_id,
    licence_from_url,
)
from provenance.licences.names import LICENSEREF_UNRECOGNISED, licence_from_name
from provenance.licences.notices import Notice, detect_notices

__all__ = [
    "LICENSEREF_ARR",
    "LICENSEREF_CC_UNSPECIFIED",
    "LICENSEREF_UNRECOGNISED",
    "SUBSTANTIAL_COVERAGE",
    "SUBSTANTIAL_SENTENCES",
    "Credit",
    "EdgeFacts",
    "Finding",
    "LicenceMention",
    "LicenceTerms",
    "Notice",
    "Party",
    "canonical_licence_id",
    "credits_name",
    "detect_credits",
    "detect_notices",
    "find_licences",
    "is_valid_licence_id",
    "judge",
    "licence_family",
    "licence_from_name",
    "licence_from_url",
    "licence_spans",
    "non_evidence_positions",
    "sharealike_compatible",
    "url_matches",
]
