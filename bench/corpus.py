"""A seeded generator of news-like articles with planted reuse, for ``bench/scale.py``.

    python bench/corpus.py --articles N [--out DIR] [--eval PATH] [--seed S] [--reuse-share 0.3]
                           [--footer-share 0.5] [--shard-size 10000] [--jobs J] [--force]

Writes, into DIR (default ``bench/out/corpus-N-sSEED``, git-ignored; never commit it):

* ``articles-00000.jsonl`` ... shards of ``--shard-size`` articles, one JSON object a line:
  ``id`` (0-based article number), ``title``, ``published_at`` (strictly increasing with ``id``, so an
  article is published after every article it reuses), ``publisher`` and ``text``.
  ``provenance ingest`` reads these files as they are.
* ``truth.jsonl``: one line per reusing article,
  ``{"id": i, "sources": [{"id": j, "pairs": [[src_start, src_end, start, end, kind], ...]}],
  "indirect": [...same shape...]}``: the planted sentence pairs, as character ranges into the two
  articles' texts; ``kind`` is ``verbatim``, ``near-verbatim`` (a word or two changed or dropped) or
  ``paraphrase`` (the other sentence of an MSRP positive pair). ``indirect`` lists grand-sources:
  when i reuses a sentence of j that j had itself taken from k, the pair (i, k) is planted as well
  (its kind the loosest along the way).
* ``manifest.json``: the arguments, the shards, counts and the generation time. The same command
  again reuses a complete corpus made with the same arguments (``--force`` rebuilds it).

The output depends on --articles, --seed, --reuse-share, --footer-share and --shard-size, not on --jobs.

Sentence material. It is real and read from PATH (default ``../shared/eval`` beside the repository; its
licences forbid copying it into the repository, hence generation on demand): the MSRP training sentences,
the Clough & Stevenson texts and the repository's ``seeds/``. That pool holds about 11,000 distinct
sentences while 1M articles need 30M, and reusing a pool sentence in two unrelated articles would be
reuse by definition. So the real sentences are *templates*: a sentence keeps its function words (the
project's stopword list), short words, punctuation and structure, and every content word, proper noun
and number is replaced by one drawn from the material's own vocabulary by frequency (content words by
their suffix class "-ly", "-ing", "-ed", "-s" or other, so the text keeps its inflections and a Zipf
distribution). Half of the proper nouns are the article's three "story entities", made-up names drawn
Zipf-like (P(rank r) ~ 1/r) from 200,000, so that articles have topics and the vocabulary of the store
keeps growing with its size, as a newsroom's does. Unrelated articles thus share function words, common
words and popular names, never sentences. Replacements are consistent within a sentence and across the
two sentences of an MSRP positive pair: an article containing the rendering of s1 and a reuse containing
the rendering of s2 with the same replacements differ exactly as the judged pair does (order, voice,
added or dropped words) -- a real paraphrase with different words.

Reuse. A share (``--reuse-share``) of the articles reuses one earlier article (10% of them two), chosen
70% of the time among the 50 latest, else among the latest 2,000 to 4,000 of its shard. A quarter of
the reusers republish (about 90% of the source's sentences, in order, 70% verbatim, 20% near-verbatim,
10% paraphrased where the sentence allows); the others rewrite (3 to 12 sentences taken and the rest
dropped; 35% verbatim, 35% near-verbatim, 30% paraphrased where possible, else near-verbatim; half of
them reordered by a few moves) among new sentences. Every article has 20 to 40 body sentences in
paragraphs of 1 to 4. Half of the articles (``--footer-share``) end with their publisher's footer
(newsletter lines, licence and copyright notices; 40 publishers, 8 footers): boilerplate shared by
thousands of articles, never planted reuse.

Speed and memory. Shards are generated independently (each from its own seed; a source is always in
the same shard as its reuser) by ``--jobs`` processes, and each keeps only its latest 4,000 articles,
so 1M articles stream in constant memory. The drawing is vectorised with numpy per block of 512
articles; Python only formats sentences and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from provenance.match.words import STOPWORDS  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaldata import read_msrp, read_text  # noqa: E402
from provenance.text import segment  # noqa: E402

GENERATOR = "bench/corpus.py 2"
DEFAULT_EVAL = REPO.parent / "shared" / "eval"
DEFAULT_OUT = REPO / "bench" / "out"

# Word classes of template variables: common words by suffix, proper nouns, numbers.
LOWER_SUFFIXES = ("ly", "ing", "ed", "s", "")
PROPER = len(LOWER_SUFFIXES)
NUM = PROPER + 1
N_CLASSES = NUM + 1
KINDS = ("verbatim", "near-verbatim", "paraphrase")
_LOOSENESS = {k: i for i, k in enumerate(KINDS)}

RECENT, WINDOW = 50, 2000  # sources: 70% among the latest RECENT articles, else the latest WINDOW..2*WINDOW
ENTITIES, STORY_ENTITIES, ENTITY_SHARE = 200_000, 3, 0.5
PAIR_SHARE = 0.3  # share of fresh sentences that are one side of an MSRP positive pair (paraphrasable)
DRAW_TABLE = 1 << 18  # slots per word class in the drawing table (rarest word: 1 / 100,000)
BLOCK = 512  # articles whose fresh sentences are drawn in one vectorised pass
START = datetime(2020, 1, 1)
STEP = timedelta(seconds=41)

_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:[.,:]\d+)*")
_NOT_TEMPLATE = re.compile(r"licen[cs]|copyright|©|rights reserved|creative commons|http|www\.", re.I)

PUBLISHER_WORDS = (
    "Times", "Herald", "Post", "Gazette", "Chronicle", "Tribune", "Observer", "Courier", "Monitor",
    "Dispatch", "Ledger", "Journal", "Wire", "Daily", "Review", "Standard", "Express", "Sentinel",
)  # fmt: skip
FOOTERS = (
    "Sign up for our daily newsletter to get the top stories in your inbox every morning.",
    "Sign up for our daily newsletter to get the top stories in your inbox every morning.\n\n"
    "Follow us on social media for breaking news and live coverage.",
    "This article is licensed under a Creative Commons Attribution 4.0 International License.",
    "© 2024 {publisher}. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed without permission.",
    "Support independent journalism: become a member of {publisher} today.\n\n"
    "Content on this site is available under CC BY-SA 4.0 unless otherwise noted.",
    "Have a tip? Write to the newsroom of {publisher}; we read every message.",
    "Copyright 2024 {publisher}. All rights reserved.",
    "Reporting by our correspondents; editing by the {publisher} news desk.\n\n"
    "Our standards: the {publisher} Trust Principles.",
)


# --------------------------------------------------------------------------------------------------
# Reading the material


def read_prose(paths: list[Path]) -> list[str]:
    """Sentences of prose files (hard-wrapped lines joined), by the project's own segmenter."""
    out = []
    for path in paths:
        for para in re.split(r"\n\s*\n", read_text(path)):
            out.extend(s.text for s in segment(" ".join(para.split())))
    return out


# --------------------------------------------------------------------------------------------------
# Templates


@dataclass(frozen=True, slots=True)
class Rendering:
    fmt: str  # a %-format string with one "%s" per slot
    slot_var: tuple[int, ...]  # the variable each slot shows
    slot_case: tuple[int, ...]  # 0: as drawn, 1: capitalised


@dataclass(frozen=True, slots=True)
class Unit:
    """A single sentence (one rendering) or an MSRP positive pair (two renderings sharing variables)."""

    var_class: tuple[int, ...]
    renderings: tuple[Rendering, ...]


def _lower_class(word: str) -> int:
    for c, suffix in enumerate(LOWER_SUFFIXES):
        if word.endswith(suffix) and not (suffix == "s" and word.endswith("ss")):
            return c
    return PROPER - 1


def _compile(
    sentence: str, variables: dict[tuple[int, str], int], classes: list[int], lower: set[str]
) -> Rendering:
    pieces: list[str] = []
    slot_var: list[int] = []
    slot_case: list[int] = []
    pos = 0
    first_word = True
    for m in _TOKEN.finditer(sentence):
        tok = m.group()
        cls = None
        if tok[0].isdigit():
            if len(tok) >= 2:
                cls, key, case = NUM, tok, 0
        else:
            low = tok.lower()
            if low not in STOPWORDS and len(tok) >= 3:
                if tok[0].isupper() and not (first_word and low in lower):
                    cls, key, case = PROPER, tok, 0
                else:
                    cls, key, case = _lower_class(low), low, int(tok[0].isupper())
            first_word = False
        if cls is None:
            continue
        pieces.append(sentence[pos : m.start()].replace("%", "%%"))
        pieces.append("%s")
        pos = m.end()
        var = variables.get((cls, key))
        if var is None:
            var = variables[(cls, key)] = len(classes)
            classes.append(cls)
        slot_var.append(var)
        slot_case.append(case)
    pieces.append(sentence[pos:].replace("%", "%%"))
    return Rendering("".join(pieces), tuple(slot_var), tuple(slot_case))


def _usable(sentence: str) -> bool:
    n = len(sentence.split())
    return 6 <= n <= 60 and not _NOT_TEMPLATE.search(sentence) and sentence[-1:] in ".!?\"”'"


def _entity_names(proper: list[str], lower: list[str], n: int) -> list[str]:
    """``n`` distinct made-up names: the start of a real name and the end of a real word."""
    heads = sorted({p[:k] for p in proper if p.isalpha() and not p.isupper() for k in (3, 4) if len(p) > k})
    tails = sorted({w[-k:] for w in lower if w.isalpha() for k in (3, 4) if len(w) > k + 2})
    rng = random.Random(7)
    rng.shuffle(heads)
    rng.shuffle(tails)
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while len(out) < n:
        name = heads[i % len(heads)] + tails[(i * 7919) % len(tails)]
        i += 1
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _csr_gather(starts: np.ndarray, counts: np.ndarray, out_start: np.ndarray, total: int) -> np.ndarray:
    """``starts[j] + 0 .. starts[j] + counts[j] - 1`` for every j, concatenated (``out_start``: their offsets)."""
    return np.repeat(starts - out_start, counts) + np.arange(total)


class Material:
    """Templates and vocabularies built from the evaluation data and the seeds."""

    def __init__(self, eval_dir: Path, seeds_dir: Path) -> None:
        msrp = read_msrp(eval_dir)
        prose = read_prose(
            sorted((eval_dir / "clough-stevenson").glob("*.txt")) + sorted(seeds_dir.glob("*.txt"))
        )
        counts: list[dict[str, int]] = [{} for _ in range(N_CLASSES)]
        for sentence in [s for _, a, b in msrp for s in (a, b)] + prose:
            first = True
            for m in _TOKEN.finditer(sentence):
                tok = m.group()
                if tok[0].isdigit():
                    if len(tok) >= 2:
                        counts[NUM][tok] = counts[NUM].get(tok, 0) + 1
                    continue
                low = tok.lower()
                if low not in STOPWORDS and len(tok) >= 3:
                    if tok[0].isupper() and not first:
                        counts[PROPER][tok] = counts[PROPER].get(tok, 0) + 1
                    elif tok.islower():
                        c = _lower_class(low)
                        counts[c][low] = counts[c].get(low, 0) + 1
                first = False
        lower = {w for c in range(PROPER) for w in counts[c]}
        for tok in list(
            counts[PROPER]
        ):  # "the Senate" and "the senate": a capitalised common word is no name
            if tok.lower() in lower and not tok.isupper():
                counts[_lower_class(tok.lower())][tok.lower()] += counts[PROPER].pop(tok)
        self.sources = {"msrp_pairs": len(msrp), "prose_sentences": len(prose)}

        pairs, singles, seen = [], [], set()
        for quality, s1, s2 in msrp:
            if quality == 1 and _usable(s1) and _usable(s2):
                variables: dict[tuple[int, str], int] = {}
                classes: list[int] = []
                r1 = _compile(s1, variables, classes, lower)
                r2 = _compile(s2, variables, classes, lower)
                if r1.slot_var and r2.slot_var:
                    pairs.append(Unit(tuple(classes), (r1, r2)))
            for s in (s1, s2):
                if s not in seen and _usable(s):
                    seen.add(s)
                    singles.append(s)
        singles.extend(s for s in prose if _usable(s))
        single_units = []
        for s in singles:
            variables, classes = {}, []
            r = _compile(s, variables, classes, lower)
            if r.slot_var:
                single_units.append(Unit(tuple(classes), (r,)))
        self.units: list[Unit] = pairs + single_units
        self.n_pairs = len(pairs)

        # One id space: the classes in order, then the entity names. ``strings[at[id]]`` is the word as
        # drawn, ``strings[at[id] + 1]`` capitalised (common words only: other words are capitalised).
        words: list[str] = []
        cums: list[np.ndarray] = []
        self.base: list[int] = []
        for cls in range(N_CLASSES):
            items = sorted(counts[cls].items(), key=lambda kv: (-kv[1], kv[0]))
            self.base.append(len(words))
            words.extend(w for w, _ in items)
            weights = np.array([c for _, c in items], dtype=np.float64)
            cums.append(cls + np.cumsum(weights) / weights.sum())
        # Drawing by table: class c's ids fill DRAW_TABLE slots in proportion to their frequency
        # (the inverse of the cumulative distribution at DRAW_TABLE evenly spaced points).
        q = (np.arange(DRAW_TABLE) + 0.5) / DRAW_TABLE
        self.draw_table = np.concatenate(
            [
                self.base[c] + np.minimum(np.searchsorted(cums[c] - c, q), len(cums[c]) - 1)
                for c in range(N_CLASSES)
            ]
        ).astype(np.int64)
        self.entity_base = len(words)
        words.extend(_entity_names(sorted(counts[PROPER]), sorted(lower), ENTITIES))
        self.words = words
        strings: list[str] = []
        at = []
        for i, w in enumerate(words):
            at.append(len(strings))
            strings.append(w)
            if i < self.base[PROPER]:
                strings.append(w.capitalize())
        self.strings = strings
        self.at = np.array(at, dtype=np.int64)

        # Flattened (CSR) views of the units' first rendering, for drawing many sentences at once.
        u = self.units
        self.unit_nvars = np.array([len(x.var_class) for x in u], dtype=np.int64)
        self.unit_var_start = np.cumsum(self.unit_nvars) - self.unit_nvars
        self.var_class = np.array([c for x in u for c in x.var_class], dtype=np.int64)
        r0 = [x.renderings[0] for x in u]
        self.unit_nslots = np.array([len(r.slot_var) for r in r0], dtype=np.int64)
        self.unit_slot_start = np.cumsum(self.unit_nslots) - self.unit_nslots
        self.slot_var = np.array([v for r in r0 for v in r.slot_var], dtype=np.int64)
        self.slot_case = np.array([c for r in r0 for c in r.slot_case], dtype=np.int64)
        self.fmt0 = [r.fmt for r in r0]

    def render(self, unit: int, side: int, ids: tuple[list[int], int]) -> str:
        r = self.units[unit].renderings[side]
        s, at = self.strings, self.at
        values, o = ids
        return r.fmt % tuple(s[at[values[o + v]] + c] for v, c in zip(r.slot_var, r.slot_case, strict=True))


# --------------------------------------------------------------------------------------------------
# Generation

# A sentence is a plain tuple, for speed: (text, unit, ids, side, lineage). ``ids`` locates the vocabulary ids
# of its unit's variables (pair units only: to render the other side) as (list, offset), ``side`` the rendering,
# ``lineage`` the (article, start, end, kind) of the earlier sentences it copies, nearest first.
TEXT, UNIT, IDS, SIDE, LINEAGE = range(5)


@dataclass(slots=True)
class Stored:
    id: int
    sents: list[tuple]
    spans: list[tuple[int, int]]


class Generator:
    """Articles ``first .. first + n - 1`` of one shard, from the shard's own seed."""

    def __init__(self, material: Material, *, seed: int, reuse_share: float, footer_share: float) -> None:
        self.m = material
        self.rng = np.random.default_rng(seed)
        self.py = random.Random(seed)
        self.reuse_share = reuse_share
        self.footer_share = footer_share
        self.window: list[Stored] = []
        self.publishers = self._publishers()
        self.counts = {
            "articles": 0,
            "reusing": 0,
            "sentences": 0,
            "pairs": dict.fromkeys(KINDS, 0),
            "footers": 0,
        }
        self._edit_words: list[str] = []

    def _publishers(self) -> list[tuple[str, str]]:
        m = self.m
        proper = [w for w in m.words[m.base[PROPER] : m.base[NUM]][:600] if not w.isupper()]
        out = []
        for i in range(40):
            name = f"The {proper[(i * 37) % len(proper)]} {PUBLISHER_WORDS[i % len(PUBLISHER_WORDS)]}"
            out.append((name, FOOTERS[i % len(FOOTERS)].format(publisher=name)))
        return out

    # -- fresh sentences, drawn for a block of articles at once ---------------------------------------

    def _fresh_block(self, sizes: list[int]) -> list[list[tuple]]:
        m, rng = self.m, self.rng
        total = sum(sizes)
        is_pair = rng.random(total) < PAIR_SHARE
        units = np.where(
            is_pair, rng.integers(0, m.n_pairs, total), rng.integers(m.n_pairs, len(m.units), total)
        )
        nvars = m.unit_nvars[units]
        var_end = np.cumsum(nvars)
        var_start = var_end - nvars
        n_var = int(var_end[-1])
        cls = m.var_class[_csr_gather(m.unit_var_start[units], nvars, var_start, n_var)]
        ids = m.draw_table[cls * DRAW_TABLE + rng.integers(0, DRAW_TABLE, n_var)]
        # proper nouns: some of them the article's story entities (P(rank r) ~ 1/r over ENTITIES names)
        story = np.exp(rng.random((len(sizes), STORY_ENTITIES)) * np.log(ENTITIES)).astype(np.int64) - 1
        proper = np.flatnonzero(cls == PROPER)
        pick = proper[rng.random(len(proper)) < ENTITY_SHARE]
        var_article = np.repeat(np.repeat(np.arange(len(sizes)), sizes), nvars)
        ids[pick] = m.entity_base + story[var_article[pick], rng.integers(0, STORY_ENTITIES, len(pick))]
        nslots = m.unit_nslots[units]
        slot_end = np.cumsum(nslots)
        slot_start = slot_end - nslots
        flat = _csr_gather(m.unit_slot_start[units], nslots, slot_start, int(slot_end[-1]))
        arg = m.at[ids[np.repeat(var_start, nslots) + m.slot_var[flat]]] + m.slot_case[flat]
        words = itemgetter(*arg.tolist())(m.strings)
        ss, se = slot_start.tolist(), slot_end.tolist()
        units_list = units.tolist()
        fmt0 = m.fmt0
        ids_list = ids.tolist()
        refs = np.where(is_pair, var_start, -1).tolist()
        out: list[list[tuple]] = []
        i = 0
        for size in sizes:
            out.append(
                [
                    (
                        fmt0[units_list[j]] % words[ss[j] : se[j]],
                        units_list[j],
                        (ids_list, refs[j]) if refs[j] >= 0 else None,
                        0,
                        (),
                    )
                    for j in range(i, i + size)
                ]
            )
            i += size
        return out

    # -- edits -----------------------------------------------------------------------------------------

    def _word(self) -> str:
        if not self._edit_words:
            m = self.m
            c = PROPER - 1  # common words with none of the suffixes
            draws = m.draw_table[c * DRAW_TABLE + self.rng.integers(0, DRAW_TABLE, 4096)]
            self._edit_words = [m.words[d] for d in draws.tolist()]
        return self._edit_words.pop()

    def near_verbatim(self, text: str) -> str:
        """A word or two changed or dropped (never the first or the last word)."""
        py = self.py
        words = text.split(" ")
        if len(words) < 4:
            return text[:-1] + " " + self._word() + text[-1:]
        for _ in range(1 if py.random() < 0.6 else 2):
            inner = [i for i in range(1, len(words) - 1) if len(words[i]) >= 4 and words[i].isalpha()]
            if inner and py.random() < 0.6:
                i = py.choice(inner)
                new = self._word()
                words[i] = new.capitalize() if words[i][0].isupper() else new
            elif len(words) > 4:
                del words[py.randrange(1, len(words) - 1)]
        out = " ".join(words)
        return out if out != text else text.replace(" ", " " + self._word() + " ", 1)

    # -- reuse -----------------------------------------------------------------------------------------

    def _pick_source(self, exclude: set[int]) -> Stored | None:
        py = self.py
        for _ in range(10):
            k = (
                py.randrange(min(RECENT, len(self.window)))
                if py.random() < 0.7
                else py.randrange(len(self.window))
            )
            cand = self.window[-1 - k]
            if cand.id not in exclude:
                return cand
        return None

    def _reuse(self, fresh: list[tuple]) -> tuple[list[tuple], list[tuple]]:
        """Body sentences of a reusing article, and the reused ones among them."""
        py = self.py
        src = self._pick_source(set())
        assert src is not None
        sources = [src]
        if py.random() < 0.1 and len(self.window) > 1:
            other = self._pick_source({src.id})
            if other is not None:
                sources.append(other)
        republish = len(sources) == 1 and py.random() < 0.25
        taken: list[tuple] = []
        for s in sources:
            n = len(s.sents)
            if republish:
                idx = [i for i in range(n) if py.random() >= 0.1]
                weights = (0.7, 0.2, 0.1)
            else:
                idx = sorted(py.sample(range(n), py.randint(3, min(12, n))))
                weights = (0.35, 0.35, 0.3)
            for i in idx:
                orig = s.sents[i]
                kind = py.choices(KINDS, weights)[0]
                if kind == "paraphrase" and orig[IDS] is None:
                    kind = "near-verbatim"
                s0, s1 = s.spans[i]
                lineage = ((s.id, s0, s1, kind),) + tuple(
                    (a, a0, a1, max(akind, kind, key=_LOOSENESS.__getitem__))
                    for a, a0, a1, akind in orig[LINEAGE][:3]
                )
                if kind == "verbatim":
                    new = (orig[TEXT], orig[UNIT], orig[IDS], orig[SIDE], lineage)
                elif kind == "near-verbatim":
                    new = (self.near_verbatim(orig[TEXT]), orig[UNIT], None, orig[SIDE], lineage)
                else:
                    side = 1 - orig[SIDE]
                    new = (self.m.render(orig[UNIT], side, orig[IDS]), orig[UNIT], orig[IDS], side, lineage)
                taken.append(new)
        if republish:
            lead = fresh[: py.randint(1, 3)]
            tail = fresh[len(lead) : len(lead) + py.randint(0, 2)]
            taken = taken[: 40 - len(lead) - len(tail)]
            return lead + taken + tail, taken
        if py.random() < 0.5 and len(taken) > 2:  # reordered: a few moves
            for _ in range(py.randint(1, 3)):
                taken.insert(py.randrange(len(taken)), taken.pop(py.randrange(len(taken))))
        taken = taken[:39]
        n_new = max(1, len(fresh) - len(taken))
        at = set(
            py.sample(range(n_new + len(taken)), len(taken))
        )  # the reused run spread among new sentences
        it_new, it_taken = iter(fresh[:n_new]), iter(taken)
        body = [next(it_taken) if k in at else next(it_new) for k in range(n_new + len(taken))]
        return body, taken

    # -- articles --------------------------------------------------------------------------------------

    def _layout(self, body: list[tuple], footer: str | None) -> tuple[str, list[tuple[int, int]]]:
        """The text (paragraphs of 1 to 4 sentences, then the footer) and each sentence's span in it."""
        rand = self.py.random
        texts = [s[TEXT] for s in body]
        seps = [" "] * len(texts)
        k = 0
        while k < len(texts):
            k += 1 + int(rand() * 4)
            if k < len(texts):
                seps[k - 1] = "\n\n"
        seps[-1] = "\n\n" + footer if footer else ""
        parts = [x for pair in zip(texts, seps, strict=True) for x in pair]
        ends = list(accumulate(map(len, parts)))
        spans = [(ends[2 * i] - len(t), ends[2 * i]) for i, t in enumerate(texts)]
        return "".join(parts), spans

    def articles(self, first: int, n: int):
        """Yield (article dict, truth dict or None) for articles first .. first + n - 1."""
        py = self.py
        done = 0
        while done < n:
            sizes = [py.randint(20, 40) for _ in range(min(BLOCK, n - done))]
            for fresh in self._fresh_block(sizes):
                idx = first + done
                done += 1
                truth = None
                if len(self.window) >= 5 and py.random() < self.reuse_share:
                    body, taken = self._reuse(fresh)
                else:
                    body, taken = fresh, []
                name, footer_text = self.publishers[int(py.random() * len(self.publishers))]
                footer = footer_text if py.random() < self.footer_share else None
                text, spans = self._layout(body, footer)
                if taken:
                    where = {id(s): k for k, s in enumerate(body)}
                    direct: dict[int, list[list]] = {}
                    indirect: dict[int, list[list]] = {}
                    pairs = self.counts["pairs"]
                    for new in taken:
                        start, end = spans[where[id(new)]]
                        (j, s0, s1, kind), *ancestors = new[LINEAGE]
                        direct.setdefault(j, []).append([s0, s1, start, end, kind])
                        pairs[kind] += 1
                        for a, a0, a1, akind in ancestors:
                            indirect.setdefault(a, []).append([a0, a1, start, end, akind])
                    truth = {
                        "id": idx,
                        "sources": [{"id": j, "pairs": p} for j, p in sorted(direct.items())],
                        "indirect": [
                            {"id": j, "pairs": p} for j, p in sorted(indirect.items()) if j not in direct
                        ],
                    }
                    self.counts["reusing"] += 1
                self.counts["articles"] += 1
                self.counts["sentences"] += len(body)
                self.counts["footers"] += footer is not None
                self.window.append(Stored(idx, body, spans))
                if len(self.window) > 2 * WINDOW:
                    del self.window[:WINDOW]
                article = {
                    "id": idx,
                    "title": " ".join(body[0][TEXT].split(" ", 9)[:9]).rstrip(".,;:"),
                    "published_at": (START + idx * STEP).isoformat(),
                    "publisher": name,
                    "text": text,
                }
                yield article, truth


# --------------------------------------------------------------------------------------------------
# Driver

_MATERIAL: Material | None = None  # built once in the parent, inherited by forked workers


def _shard(job: tuple[Path, int, int, int, int, float, float]) -> dict:
    out, shard, first, count, seed, reuse_share, footer_share = job
    assert _MATERIAL is not None
    gen = Generator(
        _MATERIAL, seed=seed * 1_000_003 + shard, reuse_share=reuse_share, footer_share=footer_share
    )
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    name = f"articles-{shard:05d}.jsonl"
    t0 = time.perf_counter()
    with (
        (out / name).open("w", encoding="utf-8") as f,
        (out / f"truth-{shard:05d}.part").open("w", encoding="utf-8") as tf,
    ):
        lines: list[str] = []
        truths: list[str] = []
        for article, truth in gen.articles(first, count):
            lines.append(dumps(article))
            if truth is not None:
                truths.append(dumps(truth))
            if len(lines) >= 2048:
                f.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            f.write("\n".join(lines) + "\n")
        if truths:
            tf.write("\n".join(truths) + "\n")
    return {
        "file": name,
        "first": first,
        "count": count,
        "counts": gen.counts,
        "seconds": time.perf_counter() - t0,
    }


def corpus_args(articles: int, seed: int, reuse_share: float, footer_share: float, shard_size: int) -> dict:
    return {
        "generator": GENERATOR, "articles": articles, "seed": seed, "reuse_share": reuse_share,
        "footer_share": footer_share, "shard_size": shard_size,
    }  # fmt: skip


def default_out(articles: int, seed: int = 1) -> Path:
    return DEFAULT_OUT / f"corpus-{articles}-s{seed}"


def read_manifest(out: Path) -> dict | None:
    try:
        return json.loads((out / "manifest.json").read_text())
    except (OSError, ValueError):
        return None


def generate(
    out: Path, *, articles: int, eval_dir: Path = DEFAULT_EVAL, seed: int = 1, reuse_share: float = 0.3,
    footer_share: float = 0.5, shard_size: int = 10_000, jobs: int | None = None, force: bool = False, log=print,
) -> Path:  # fmt: skip
    """Write the corpus into ``out`` (or reuse the complete one there); return ``out``."""
    global _MATERIAL
    args = corpus_args(articles, seed, reuse_share, footer_share, shard_size)
    manifest = read_manifest(out)
    if not force and manifest is not None and manifest.get("args") == args:
        log(f"corpus: {out} is complete with these arguments; reusing it (--force rebuilds)")
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in [
        *out.glob("articles-*.jsonl"),
        *out.glob("truth-*.part"),
        out / "truth.jsonl",
        out / "manifest.json",
    ]:
        old.unlink(missing_ok=True)
    t0 = time.perf_counter()
    _MATERIAL = Material(eval_dir, REPO / "seeds")
    material = _MATERIAL
    log(
        f"corpus: {len(material.units):,} templates ({material.n_pairs:,} MSRP paraphrase pairs), "
        f"{len(material.words) - ENTITIES:,} words + {ENTITIES:,} entity names, {time.perf_counter() - t0:.1f} s"
    )
    shards = [
        (out, k, first, min(shard_size, articles - first), seed, reuse_share, footer_share)
        for k, first in enumerate(range(0, articles, shard_size))
    ]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(shards)))
    t1 = time.perf_counter()
    done: list[dict] = []
    if jobs == 1:
        results = map(_shard, shards)
    else:
        pool = multiprocessing.get_context("fork").Pool(jobs)
        results = pool.imap(_shard, shards)
    for r in results:
        done.append(r)
        n = sum(d["count"] for d in done)
        if len(shards) > 1:
            log(f"corpus: {n:,}/{articles:,} articles, {n / (time.perf_counter() - t1):,.0f} articles/s")
    if jobs > 1:
        pool.close()
        pool.join()
    with (out / "truth.jsonl").open("wb") as tf:
        for k in range(len(shards)):
            part = out / f"truth-{k:05d}.part"
            with part.open("rb") as pf:
                shutil.copyfileobj(pf, tf)
            part.unlink()
    seconds = time.perf_counter() - t1
    counts = {"articles": 0, "reusing": 0, "sentences": 0, "pairs": dict.fromkeys(KINDS, 0), "footers": 0}
    for d in done:
        for key, value in d.pop("counts").items():
            if key == "pairs":
                for kind, v in value.items():
                    counts["pairs"][kind] += v
            else:
                counts[key] += value
    manifest = {
        "args": args, "eval": str(eval_dir), "jobs": jobs, "shards": done, "counts": counts,
        "material": {"templates": len(material.units), "msrp_pairs": material.n_pairs, **material.sources,
                     "words": len(material.words) - ENTITIES, "entities": ENTITIES},
        "seconds": round(seconds, 2), "articles_per_second": round(articles / seconds),
        "footers": [footer for _, footer in Generator(material, seed=0, reuse_share=0, footer_share=0).publishers],
    }  # fmt: skip
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    log(
        f"corpus: {articles:,} articles ({counts['reusing']:,} reusing; {counts['sentences']:,} body sentences; "
        f"planted pairs {counts['pairs']}) in {seconds:.1f} s = {articles / seconds:,.0f} articles/s "
        f"with {jobs} process(es) -> {out}"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--articles", type=int, required=True, help="how many articles (10000, 100000, 1000000 ...)"
    )
    p.add_argument(
        "--out", type=Path, help="output folder (default bench/out/corpus-N-sSEED; never commit it)"
    )
    p.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="evaluation data (default ../shared/eval)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--reuse-share", type=float, default=0.3, help="share of articles reusing earlier ones (0.3)"
    )
    p.add_argument(
        "--footer-share", type=float, default=0.5, help="share of articles with a boilerplate footer (0.5)"
    )
    p.add_argument("--shard-size", type=int, default=10_000, help="articles per JSONL shard (10000)")
    p.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="rebuild even if a complete corpus is there")
    ns = p.parse_args(argv)
    if ns.articles < 1 or ns.shard_size < 1:
        p.error("--articles and --shard-size must be positive")
    if not (ns.eval / "msrp" / "msr_paraphrase_train.txt").is_file():
        p.error(f"no MSRP data under {ns.eval} (give --eval PATH)")
    generate(
        ns.out or default_out(ns.articles, ns.seed), articles=ns.articles, eval_dir=ns.eval, seed=ns.seed,
        reuse_share=ns.reuse_share, footer_share=ns.footer_share, shard_size=ns.shard_size, jobs=ns.jobs,
        force=ns.force,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
