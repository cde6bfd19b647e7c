"""Index keys of revision 0007: those of 0005 over normalisation version 2, frozen as ingest writes them.

Revision 0007 re-fingerprints stored sentences with ``provenance.text.normalise`` version 2 (words
broken across line ends joined, page-number lines dropped, invisible characters removed, look-alike
letters of mixed-script words folded by the UTS #39 skeleton of ICU).
The key rules (``provenance.match.keys.sentence_keys`` and ``template_key``, ``words.STOPWORDS`` and
``stem``, the defaults of ``MatchConfig``) are those of revision 0005, unchanged, over the new
normalisation; ``normalise`` and its helpers are copied from ``provenance/text/normalise.py`` as of the
commit that added 0007. Loaded by the revision from this file's path; it imports nothing of the project
(ICU, through PyICU, is a third-party library), and it never changes: a new rule is a new revision with
its own frozen module.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from hashlib import blake2b
from itertools import combinations

import icu

STEM_LENGTH = 5
KEY_STEMS = 4
KEY_MIN_WORD_LENGTH = 4
TEMPLATE_MIN_WORDS = 4

_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")

_INVISIBLE_SET = icu.UnicodeSet("[[:Cf:][:Default_Ignorable_Code_Point:]]")
# Scripts that never make a word "mixed": Common (digits, punctuation), Inherited (combining marks),
# Unknown. Han, Hiragana, Katakana, Hangul and Bopomofo are written together in one word (Japanese,
# Korean, Chinese with Bopomofo): UTS #39's augmented script sets count them as one.
_NEUTRAL = frozenset({"Zyyy", "Zinh", "Zzzz"})
_CJK = "Hani"
_CJK_SCRIPTS = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
_SPOOF = icu.SpoofChecker()
_MAX_FOLDS = 8


def _ranges(uset: icu.UnicodeSet) -> str:
    return "".join(
        f"\\U{ord(str(uset.getRangeStart(i))):08x}-\\U{ord(str(uset.getRangeEnd(i))):08x}"
        for i in range(uset.getRangeCount())
    )


_INVISIBLE = re.compile(f"[{_ranges(_INVISIBLE_SET)}]")


def strip_invisible(text: str) -> str:
    """``text`` without format characters (Cf) and default-ignorable code points."""
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=1 << 16)
def _script(ch: str) -> str:
    name = str(icu.Script.getScript(ch).getShortName())
    return _CJK if name in _CJK_SCRIPTS else name


@lru_cache(maxsize=1 << 16)
def _skeleton(ch: str) -> str:
    return str(_SPOOF.getSkeleton(0, ch))


@lru_cache(maxsize=64)
def _letters_by_skeleton(script: str) -> dict[str, tuple[str, ...]]:
    """The NFKC-stable letters of ``script``, by their UTS #39 skeleton."""
    pattern = "[[:Han:][:Hiragana:][:Katakana:][:Hangul:][:Bopomofo:]]" if script == _CJK else None
    letters = icu.UnicodeSet(pattern or f"[[:sc={script}:]&[:L:]]")
    table: dict[str, list[str]] = {}
    for ch in letters:
        ch = str(ch)
        if len(ch) == 1 and unicodedata.normalize("NFKC", ch) == ch:
            table.setdefault(_skeleton(ch), []).append(ch)
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1 << 14)
def _lookalike(ch: str, script: str) -> str | None:
    """The letter of ``script`` that ``ch`` poses as (the same skeleton), or None.

    Of several, the one of ``ch``'s case (Cyrillic "І" is Latin "I", "і" is "i", though "I" and "l"
    share a skeleton), then the skeleton's own prototype, then ASCII, then the lowest code point.
    """
    key = _skeleton(ch)
    found = _letters_by_skeleton(script).get(key)
    if not found:
        return None

    def rank(c: str) -> tuple[bool, bool, bool, int]:
        return (c.isupper() != ch.isupper(), unicodedata.normalize("NFD", c) != key, not c.isascii(), ord(c))

    return min(found, key=rank)


_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_NON_ASCII_WORD = re.compile(r"[^\W_]*[^\W\d_a-zA-Z][^\W_]*")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")


@lru_cache(maxsize=64)
def _other_letter(script: str) -> re.Pattern[str]:
    """A letter of no script but ``script`` (and Common, Inherited): the text is not all one script."""
    scripts = _CJK_SCRIPTS if script == _CJK else {script}
    own = "".join(f"[:sc={s}:]" for s in sorted(scripts))
    return re.compile(r"[^\W\d_" + _ranges(icu.UnicodeSet(f"[{own}[:sc=Zyyy:][:sc=Zinh:]]")) + "]")


@lru_cache(maxsize=1 << 18)
def _word_scripts(word: str) -> Counter[str]:
    """How many letters of each script ``word`` has (not to be changed: it is cached)."""
    return Counter(s for c in word if c.isalpha() and (s := _script(c)) not in _NEUTRAL)


@lru_cache(maxsize=1 << 18)
def _fold_word(word: str, context: str | None) -> str:
    scripts = _word_scripts(word)
    if not scripts:
        return word
    if len(scripts) == 1:
        (script,) = scripts
        if context != "Latn" or script == context:
            return word
        # A word wholly in another script in Latin text: folded only if every letter poses as a basic
        # Latin letter ("а" for the article "a", "сор" for "cop"); a word of real Cyrillic ("мир",
        # "Известия") has letters that do not, and is left alone.
        folded = [_lookalike(c, context) if c.isalpha() and _script(c) == script else c for c in word]
        if not all(f is not None and f.isascii() for f in folded):
            return word
        return "".join(f for f in folded if f is not None)
    # Mixed: the script the other letters can be folded into (each has a look-alike there), then the
    # script of most letters ("Москвa" is Cyrillic), then the text's main script.
    letters = [(c, _script(c)) for c in word if c.isalpha() and _script(c) not in _NEUTRAL]

    def rank(target: str) -> tuple[int, int, bool, str]:
        unfoldable = sum(1 for c, s in letters if s != target and _lookalike(c, target) is None)
        return (unfoldable, -scripts[target], target != context, target)

    target = min(scripts, key=rank)
    return "".join(
        (_lookalike(c, target) or c) if c.isalpha() and _script(c) not in _NEUTRAL | {target} else c
        for c in word
    )


def _fold_once(text: str) -> str:
    first = _NON_ASCII_LETTER.search(text)
    if first is None:  # letters of ASCII only (quotes and dashes may be non-ASCII)
        return text
    script = _script(first.group())
    if script not in _NEUTRAL and _other_letter(script).search(text) is None:
        return text  # one script throughout: nothing poses as another
    counts: Counter[str] = Counter({"Latn": len(_ASCII_LETTER.findall(text))})
    mixed = False
    for w in _NON_ASCII_WORD.findall(text):
        scripts = _word_scripts(w)
        mixed = mixed or len(scripts) > 1
        counts.update(scripts)
    counts = +counts
    if not mixed and (len(counts) < 2 or counts.most_common(1)[0][0] != "Latn"):
        return text  # only Latin text has whole words folded; no word mixes scripts
    context = counts.most_common(1)[0][0]
    return _WORD.sub(lambda m: m.group() if m.group().isascii() else _fold_word(m.group(), context), text)


def fold_confusables(text: str) -> str:
    """Fold letters posing as another script's into that script (UTS #39 skeleton, per word).

    A word mixing scripts has its minority letters replaced by the look-alike letter of its majority
    script (ties: the text's main script); a word wholly in a script other than the text's main one
    (the script of most of its letters) is folded into the main script when every letter has a
    look-alike there. Words of one script in text of that script are never changed, so Russian stays
    Cyrillic and Greek stays Greek. ASCII text is returned as it is. Repeated to a fixed point (a fold
    can change which script is the text's main one), so folding twice changes nothing.
    """
    for _ in range(_MAX_FOLDS):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


_BREAK = r"(?:\r\n|[\n\r\u2028\u2029\x85])"
_SOFT_HYPHEN_BREAK = re.compile(rf"\u00ad[ \t]*{_BREAK}\s*")
_HYPHEN_BREAK = re.compile(rf"(?<![\W_])([^\W\d_]+)-[ \t]*{_BREAK}\s*(?=([^\W\d_]+))")
_NUMBER_LINE = re.compile(rf"{_BREAK}[ \t]*[-–—(\[]?\s?\d{{1,4}}\s?[-–—)\]]?[ \t]*(?={_BREAK}|$)")


def join_line_breaks(text: str) -> str:
    """Words broken across a line end joined again, and page numbers on their own line dropped.

    A soft hyphen (U+00AD) at a line end always joins ("num\u00ad⏎ber": "number"). A hyphen at a line
    end before a lower-case letter joins too ("num-⏎ber": "number"; and a word in capitals,
    "CALAVE-⏎RAS"), unless the hyphenated form is
    written within a line of the same text ("well-⏎known" stays "well-known" where "well-known"
    occurs); before a capital or a digit it stays ("anti-⏎American"). A line holding only a number
    ("12", "- 12 -", "[12]") after another line is a page or column number: left out.
    """
    if not any(c in text for c in "\n\r\u2028\u2029\x85"):
        return text
    text = _SOFT_HYPHEN_BREAK.sub("", text)
    text = _NUMBER_LINE.sub("", text)
    folded = text.casefold()

    def join(m: re.Match[str]) -> str:
        before, after = m.group(1), m.group(2)
        split = after[0].islower() or (before.isupper() and after.isupper())  # "CALAVE-⏎RAS" too
        if not split or f"{before}-{after}".casefold() in folded:
            return before + "-"
        return before

    return _HYPHEN_BREAK.sub(join, text)


def normalise(text: str) -> str:
    """``provenance.text.normalise``, version 2: line-end breaks joined, invisible characters removed,
    NFKC, look-alike letters folded, case folding, NFKC, folded again, non-word runs to one space."""
    text = join_line_breaks(text)
    if (
        text.isascii()
    ):  # the same as below, faster: no invisible or look-alike character, NFKC changes nothing
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = fold_confusables(unicodedata.normalize("NFKC", strip_invisible(text)))
    # Case folding can produce decomposed sequences (e.g. "İ" -> "i̇"); NFKC again keeps the function
    # idempotent, and so does folding again (a small letter can pose where its capital did not).
    folded = fold_confusables(unicodedata.normalize("NFKC", text.casefold()))
    return _NON_WORD.sub(" ", folded).strip()


def fingerprint(normalised: str) -> int:
    """``provenance.text.fingerprint``: signed 64-bit BLAKE2b of a normalised string."""
    digest = blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


STOPWORDS: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost along already also although always am
    among an and another any anyone anything are around as at be became because become becomes been before
    beforehand being below beside besides between both but by can cannot could did do does doing done down
    during each either else elsewhere enough etc even ever every few for former formerly from further had has
    have having he hence her here hers herself him himself his how however i ie if in indeed into is it its
    itself just least less let like ltd many may me meanwhile might more moreover most mostly much must my
    myself namely neither never nevertheless next no nobody none nor not nothing now of off often on once one
    only onto or other others otherwise our ours ourselves out over own per perhaps quite rather same shall
    she should since so some somehow someone something sometime sometimes somewhere still such than that the
    their theirs them themselves then thence there thereafter thereby therefore therein thereupon these they
    this those though through throughout thus to together too toward towards under until up upon us very via
    was we well were what whatever when whence whenever where whereas whereby wherein whether which while who
    whoever whole whom whose why will with within without would yet you your yours yourself yourselves
    s t d ll m re ve don doesn didn isn aren wasn weren hasn haven hadn wouldn shouldn couldn
    mr mrs ms dr
    say says said saying tell tells told add adds added stated stating noted according
    """.split()
)

_SUFFIXES = ("ingly", "edly", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s")


def stem(word: str, length: int = STEM_LENGTH) -> str:
    """``provenance.match.words.stem``: drop one inflectional suffix, keep ``length`` letters."""
    if word[:1].isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:length]


_MASK = (1 << 64) - 1


@lru_cache(maxsize=1 << 18)
def _stem_hash(stem_: str) -> int:
    """Unsigned 64-bit BLAKE2b of a stem: its place in every sketch."""
    return int.from_bytes(blake2b(b"w\x00" + stem_.encode("utf-8"), digest_size=8).digest(), "big")


def _pair_key(a: int, b: int) -> int:
    """Signed 64-bit key of two stems' hashes (``a < b``): SplitMix64's finaliser."""
    x = (a * 0x9E3779B97F4A7C15 + b) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    x ^= x >> 31
    return x - (1 << 64) if x >= 1 << 63 else x


@lru_cache(maxsize=1 << 18)
def _key_stem(word: str) -> str | None:
    if word in STOPWORDS:
        return None
    if word[:1].isdigit():
        return word if len(word) >= 2 else None
    return stem(word, STEM_LENGTH) if len(word) >= KEY_MIN_WORD_LENGTH else None


def key_stems(norm: str) -> set[str]:
    """Distinct stems of a normalised sentence that may become keys."""
    return {found for word in norm.split() if (found := _key_stem(word)) is not None}


def sentence_keys(norm: str) -> list[int]:
    """Candidate keys of a normalised sentence: its fingerprint, then one key per pair of sketch stems."""
    keys = [fingerprint(norm)]
    sketch = sorted(heapq.nsmallest(KEY_STEMS, map(_stem_hash, key_stems(norm))))
    keys.extend(_pair_key(a, b) for a, b in combinations(sketch, 2))
    return keys


_TOKEN = re.compile(r"\w+")


TEMPLATE_MAX_GAPS = 2


def template_key(text: str) -> int | None:
    """Key of a sentence's template (original text): without capitalised words after the first and
    tokens with a digit; None when nothing is left out, when those are more than ``TEMPLATE_MAX_GAPS``
    separate runs, or when fewer than ``TEMPLATE_MIN_WORDS`` words stay.

    Frozen as at 0d2c037/8019b30 (the runs limit came after 7f98d85 without a revision of its own):
    0005 is the revision whose keys ingest writes from then on, so a store it upgrades must hold the
    keys ingest would have written.
    """
    words = _TOKEN.findall(text)
    dropped = [
        bool((i and w[:1].isupper()) or (not w.isalpha() and any(c.isdigit() for c in w)))
        for i, w in enumerate(words)
    ]
    kept = [w for w, out in zip(words, dropped, strict=True) if not out]
    runs = sum(1 for i, out in enumerate(dropped) if out and (i == 0 or not dropped[i - 1]))
    if not runs or runs > TEMPLATE_MAX_GAPS or len(kept) < TEMPLATE_MIN_WORDS:
        return None
    digest = blake2b(b"t\x00" + normalise(" ".join(kept)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def index_keys(sentence: str) -> list[int]:
    """What revision 0007 indexes for a sentence (original text): its candidate keys and template key."""
    template = template_key(sentence)
    return sentence_keys(normalise(sentence)) + ([] if template is None else [template])
