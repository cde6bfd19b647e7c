"""Sentences that are never evidence of reuse: boilerplate, licence notices and credit lines.

Pure rules over plain data: each sentence is anything with ``position``, ``fingerprint`` and
``evidence`` (``False`` for a licence notice or credit line, fixed by the text alone), and
``counts`` maps a fingerprint to the number of stored documents it occurs in.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from provenance.match.model import DEFAULT_DETECT, DetectConfig


class SentenceFacts(Protocol):
    @property
    def position(self) -> int: ...
    @property
    def fingerprint(self) -> int: ...
    @property
    def evidence(self) -> bool: ...


def recurrence(sentences: Iterable[tuple[int, int | None]], documents: Mapping[int, int]) -> dict[int, int]:
    """How many documents each sentence recurs in, by fingerprint: as itself or as its template
    (``keys.template_key``: the line with other names and figures), whichever is more.

    ``sentences`` are (fingerprint, template key or None) of one document; ``documents`` maps a
    fingerprint or template key to the stored documents holding it (absent: one). The one rule by
    which detection, re-judgement, reports and ``check`` count recurrence, so that a sentence is
    boilerplate alike whichever side of a pair it is on.
    """
    out: dict[int, int] = {}
    for fp, template in sentences:
        n = documents.get(fp, 1)
        if template is not None:
            n = max(n, documents.get(template, 1))
        out[fp] = max(out.get(fp, 1), n)
    return out


def boilerplate_positions(
    sentences: Sequence[SentenceFacts], counts: Mapping[int, int], config: DetectConfig = DEFAULT_DETECT
) -> set[int]:
    """Positions of sentences that recur across many documents, far more than the article's other sentences.

    A sentence is boilerplate when its fingerprint occurs in at least ``boilerplate_min_docs`` documents
    and in ``boilerplate_ratio`` times as many as the article's median sentence: a footer is, a wire story
    republished everywhere (all of whose sentences recur alike) is not.
    """
    if not sentences:
        return set()
    typical = statistics.median(counts.get(s.fingerprint, 1) for s in sentences)
    floor = max(config.boilerplate_min_docs, config.boilerplate_ratio * typical)
    return {s.position for s in sentences if counts.get(s.fingerprint, 1) >= floor}


def excluded_positions(
    sentences: Sequence[SentenceFacts], counts: Mapping[int, int], config: DetectConfig = DEFAULT_DETECT
) -> set[int]:
    """Sentences that are never evidence of reuse: boilerplate, licence notices and credit lines."""
    return boilerplate_positions(sentences, counts, config) | {
        s.position for s in sentences if not s.evidence
    }
