"""Data types of the matcher and its two configuration objects.

Every threshold the matcher uses is a field of :class:`MatchConfig` (sentence
pairs, kinds, derivation classes) or of :class:`DetectConfig` (candidate search
and boilerplate), with its meaning beside it. The defaults were set by hand on the development sets (the
seed pair, MSRP training pairs, Clough-Stevenson answers); no model is learned.
"""

from __future__ import annotations

from dataclasses import dataclass

VERBATIM = "verbatim"
NEAR_VERBATIM = "near-verbatim"
PARAPHRASE = "paraphrase"
KINDS = (VERBATIM, NEAR_VERBATIM, PARAPHRASE)

WHOLLY = "wholly-derived"
PARTIALLY = "partially-derived"
NON = "non-derived"
DERIVATIONS = (WHOLLY, PARTIALLY, NON)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, as the matcher sees it."""

    position: int  # index within its article
    text: str  # original text
    norm: str  # normalise(text)
    boilerplate: bool = False  # recurs across many articles: never evidence of reuse


@dataclass(frozen=True, slots=True)
class Match:
    """One reuse link: the later sentence draws on the earlier one."""

    later_position: int
    earlier_position: int
    sentence: str  # the later article's sentence (original text)
    source_sentence: str  # the earlier article's sentence (original text)
    kind: str  # "verbatim" | "near-verbatim" | "paraphrase"
    score: float  # in [0, 1]; 1.0 only for verbatim (a copied part of a longer sentence scores less)
    quote: bool  # the shared text is inside quotation marks in both sentences


@dataclass(frozen=True, slots=True)
class EdgeSummary:
    """How much of a later article comes from an earlier one."""

    matched_sentences: int  # distinct later sentences with a source in the earlier article
    coverage: float  # share of the later article's non-boilerplate sentences that have a source
    source_share: float  # share of the earlier article's non-boilerplate sentences reused
    kinds: dict[str, int]  # number of matches of each kind
    derivation: str  # "wholly-derived" | "partially-derived" | "non-derived"


@dataclass(frozen=True, slots=True)
class Comparison:
    """Result of :func:`provenance.match.compare`."""

    matches: list[Match]
    summary: EdgeSummary
    earlier: list[Sentence]
    later: list[Sentence]


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Every threshold of the matcher. Scores and shares are in [0, 1]."""

    # --- words -----------------------------------------------------------------------------------
    stem_length: int = 5
    """Light stemmer: a content word drops one inflectional suffix, then keeps this many letters."""

    # --- pair similarity -------------------------------------------------------------------------
    overlap_weight: float = 0.5
    """Weight of content-stem overlap (Dice) in the pair score; the rest is RapidFuzz token_sort_ratio."""
    topic_weighting: bool = True
    """Weight content stems by rarity within the two articles (local IDF) in the overlap part of the score."""
    topic_prior: int = 10
    """Smoothing of that weighting: as if this many more sentences lacked every stem."""
    number_penalty: float = 0.03
    """Subtracted from the pair score for each number that appears in only one of the two sentences."""
    min_content_words: int = 2
    """A sentence with fewer distinct content stems ("1.", "He said so.") never matches, not even verbatim."""
    min_shared_words: int = 3
    """A non-verbatim pair must share at least this many distinct content stems."""

    # --- acceptance ------------------------------------------------------------------------------
    pair_threshold: float = 0.59
    """Pair score at which two sentences match on their own (no help from their neighbours)."""
    context_threshold: float = 0.45
    """Lower score accepted for a pair best for one of its sentences that continues a run of links in
    the order of both articles: the sentence before (after) it on one side is linked to one before
    (after) its partner on the other, and it crosses no link. Links so accepted extend the run."""
    containment_threshold: float = 0.75
    """Share of the shorter sentence's content stems found in the longer one for a split/merge part."""
    containment_min_words: int = 4
    """A split/merge part must share at least this many distinct content stems."""
    verbatim_part_share: float = 0.9
    """Share of a shorter sentence's words found in order (LCS) in a longer one to be a copied part."""
    verbatim_part_min_words: int = 8
    """A copied part matches on its own (with no split/merge partner) only if it has this many words."""
    extra_gain: float = 0.2
    """A second link of a sentence is kept only if it explains this share of its content stems anew."""

    # --- kinds -----------------------------------------------------------------------------------
    near_verbatim_similarity: float = 0.8
    """Share of words kept in order (LCS, classify.copied_share) for "near-verbatim", not "paraphrase"."""
    verbatim_run_min_words: int = 8
    """A link whose shorter sentence (at least this many words) is found word for word, as one
    unbroken run, inside the longer one is "verbatim": a copied part (cut out of a longer sentence,
    or one of two sentences joined), not a rewording. Shorter runs ("the prime minister said")
    are too common to tell copying from chance and keep the kind their copied share gives."""
    quote_share: float = 0.5
    """quote=True when both sentences quote and share this share of the shorter quotation's content stems."""

    # --- evidence (provenance.match.evidence) ----------------------------------------------------
    evidence_min_words: int = 4
    """A matched sentence is evidence of reuse on its own only with this many distinct content words
    (letters only, at least three, not stopwords: "United States.", "Mehr erfahren", a dateline or a
    credit line have fewer) ..."""
    evidence_min_letters: int = 20
    """... and this many letters in them; a shorter sentence's match counts only inside a run of
    counted matches."""
    evidence_run_gap: int = 2
    """A short sentence's match continues a run when a counted match lies within this many sentences
    of it, before (or after) it in both articles."""

    # --- cost of long articles -------------------------------------------------------------------
    dense_max_pairs: int = 250_000
    """Sentence pairs (later x earlier) up to which every pair is scored at once (500 x 500 sentences).
    Longer article pairs are aligned by candidate pairs only (stems indexed by prefix filtering), in
    time and memory linear in their length; the links are the same unless ``max_prefix_postings`` bites."""
    max_prefix_postings: int = 200
    """Long article pairs: a stem in the index prefixes (a sentence's rarest stems) of more than this
    many of their sentences finds no pairs, which bounds the pairs scored per sentence; a pair whose
    only shared prefix stems are all that common is not scored."""

    # --- derivation (METER classes) --------------------------------------------------------------
    wholly_derived_coverage: float = 0.8
    """Coverage at or above which the later article is "wholly-derived" from the earlier one."""
    partially_derived_coverage: float = 0.1
    """Coverage at or above which it is "partially-derived" (below: "non-derived")."""
    partially_derived_sentences: int = 3
    """... or at least this many matched later sentences also make it "partially-derived"."""

    # --- candidate keys --------------------------------------------------------------------------
    key_stems: int = 4
    """sentence_keys: size of the sentence's sketch (its content stems with the smallest hashes); every
    pair of sketch stems is one key, with the fingerprint at most 1 + 6 keys."""
    key_min_word_length: int = 4
    """sentence_keys: content words shorter than this many letters give no key."""


DEFAULT_CONFIG = MatchConfig()


@dataclass(frozen=True, slots=True)
class DetectConfig:
    """Settings of candidate search and boilerplate (listed in the README)."""

    boilerplate_min_docs: int = 10
    """A sentence whose exact normalised form occurs in at least this many stored documents ..."""
    boilerplate_ratio: float = 3.0
    """... and in at least this many times as many documents as the article's median sentence, is boilerplate."""
    max_key_postings: int = 1000
    """A key held by more sentences than this is too common to be kept: the store enters it in
    ``common_keys`` and drops its postings (a key once common stays common)."""
    max_link_postings: int = 30
    """Keys held by at most this many stored sentences link sentences; a sentence with none of those (a
    story republished everywhere) links through its other keys to their first stored sentences only,
    this many. Links are weighed by the rarity of their keys, so a pair of words many sentences share
    counts little for a candidate."""
    min_linked_sentences: int = 2
    """A stored document is a candidate when this many of its sentences, or of the new article's, are linked
    (a sentence of one shares a key with a sentence of the other: two stems of their sketches, or the
    fingerprint) ..."""
    strong_shared_pairs: int = 2
    """... or one is strongly, sharing this many stem-pair keys (three sketch stems) or the fingerprint:
    a single reused sentence is still found."""
    max_candidates: int = 30
    """The candidates with the most evidence (linked sentences weighed by key rarity), at most this many, are
    aligned with the new article ..."""
    min_link_score: float = 0.45
    """... if one of their linked sentence pairs has this pair score (without the topic weighting; 0: align
    every candidate). Two sentences sharing two stems by chance score less."""


DEFAULT_DETECT = DetectConfig()
