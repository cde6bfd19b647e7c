"""The compiled text kernels (provenance/text/_fast.pyx) and their pure-Python twins (_pure.py) give the
same results: each function on its own over generated and real inputs, then ingest's per-sentence
outputs with every kernel swapped. And which of the two is in use: CI must run the compiled one."""

from __future__ import annotations

import dataclasses
import importlib
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.match import keys
from provenance.prepare import new_sentence
from provenance.store.records import NewSentence
from provenance.text import _pure, normalise, segment
from provenance.text.segment import Segment, sentence_offsets
from tests.conftest import REPO, SEEDS

ON_CI = os.environ.get("CI", "").lower() == "true"
NOT_BUILT = "the compiled kernels are not built (pip install -e . compiles them); on CI (CI=true) this fails"
segment_module = importlib.import_module("provenance.text.segment")
try:
    fast = importlib.import_module("provenance.text._fast")
except ImportError:
    if ON_CI:
        raise
    pytest.skip(NOT_BUILT, allow_module_level=True)

FIXTURES = REPO / "tests" / "fixtures"

SAMPLES = [
    "",
    " ",
    "\n",
    "_",
    "__init__ of a_b",
    "Hello, World!",
    "The minister said the talks would resume.",
    "Write to the newsroom of The Italy Tribune; we read every message.",
    "Shares of Apple rose 2% on Monday.",
    "Die Regierung hat am Montag die neuen Regeln für den Hafen vorgestellt.",
    "Café déjà vu — naïve coöperation, résumé of Zoë.",
    "İstanbul’da ılık bir gün; DİKKAT: ışık!",
    "Straße STRASSE ﬁne ﬀ ß ẞ",
    "北京时间3月5日，中国外交部发言人表示，双方将继续保持沟通。",
    "東京都の小池百合子知事は２０２４年に記者会見を開いた。",
    "서울에서 열린 회의에서 장관은 말했다.",
    "وزير الخارجية الإيراني حسين أمير عبد اللهيان قال ٢٠٢٣ في بغداد.",
    "وزير الخارجية الإيراني حسين أمير عبداللهيان قال في بغداد",
    "Министр иностранных дел России Сергей Лавров заявил в понедельник.",
    "pаypаl (with Cyrillic а) and Pаypal",
    "Ελληνικά: Ο υπουργός είπε ότι 3 συνομιλίες θα συνεχιστούν.",
    "हिन्दी में एक वाक्य है जिसमें १२३ अंक हैं।",
    "num-\nber and soft\u00adhyphen and wo\u200brd",
    "Line one\r\nline two\rline three\u2028four\u2029five\x85six",
    "tabs\tand\x0bvertical\x0cfeeds\x1c\x1d\x1e\x1f and \x00 NUL",
    "A1 b2 3c 4D ½ ² ³ ¼ Ⅻ ⅻ ① ⑴ 𝟙 𝐀 𝐚",
    "Emoji 😀 and flags 🇮🇷 and ZWJ 👩‍👩‍👧 family",
    "ALL CAPS SENTENCE WITH SEVERAL WORDS HERE",
    "Mixed CASE Words With Capitals Everywhere In It",
    "numbers 1 22 333 4444 1,000 3.14 10% $5 2024-01-01",
    "a" * 5000,
    "word " * 2000,
    "'quoted' \"double\" “curly” ‘single’ «guillemets» „low“",
    "---- *** ... !!! ???",
    "\U0001d400\U0001d41a \U00020000\U0002a6d6 astral",
    "ǅungla ǈudi ǋ Titlecase ᾈ",
    "e\u0301 combining acute, a\u0308 and \u0301 alone",
]


def _seed_and_fixture_texts() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "wrapped").glob("*.txt"))
    paths += sorted((FIXTURES / "ocr").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _random_texts(n: int, seed: int = 16) -> list[str]:
    """Strings drawn from a mix of scripts, punctuation, digits and spaces, of every length to 600."""
    rng = random.Random(seed)
    alphabets = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        " \t\n\r.,;:!?-–—'\"’“”()[]_/&%$#@",
        "éèêëàâäôöûüçñßøåæœÉÀÖÜÇİıĞğŞş",
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГД",
        "αβγδεζηθικλμνξοπρστυφχψωΑΒΓ",
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年",
        "ابتثجحخدذرسشصضطظعغفقكلمنهوي٠١٢٣٤٥٦٧٨٩",
        "\u200b\u200c\u200d\u00ad\ufeff\u0301\u0308①½²Ⅻ０１２ＡＢｃ",
    ]
    out = []
    for _ in range(n):
        chosen = rng.sample(alphabets, rng.randint(1, 4))
        pool = "".join(chosen) + " " * 8
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(0, 600))))
    return out


def _inputs() -> list[str]:
    texts = SAMPLES + _seed_and_fixture_texts() + _random_texts(400)
    sentences = [s.text for t in _seed_and_fixture_texts() for s in segment(t)]
    lines = [line for t in _seed_and_fixture_texts() for line in t.splitlines()]
    return texts + sentences + lines


INPUTS = _inputs()


def test_the_inputs_are_varied() -> None:
    scripts = {unicodedata.name(c, "?").split()[0] for t in INPUTS for c in t if c.isalpha()}
    assert {"LATIN", "CYRILLIC", "GREEK", "ARABIC", "CJK", "HANGUL", "DEVANAGARI"} <= scripts
    assert "" in INPUTS and any(len(t) > 5000 for t in INPUTS) and any("\n" in t for t in INPUTS)
    assert sum(not t.isascii() for t in INPUTS) > 300 and sum(t.isascii() for t in INPUTS) > 100


def test_ascii_fold_is_the_same_compiled_and_pure() -> None:
    texts = [t for t in INPUTS if t.isascii()] + ["".join(map(chr, range(128))), "\x7f~`^|\\{}<>=+*"]
    for text in texts:
        assert fast.ascii_fold(text) == _pure.ascii_fold(text), text
    assert fast.ascii_fold("  Hello,  WORLD_42!  ") == "hello world 42"


def test_ascii_fold_refuses_other_text_alike() -> None:
    for text in ("café", "北京", "\x80", "a\u200bb"):
        with pytest.raises(ValueError):
            fast.ascii_fold(text)
        with pytest.raises(ValueError):
            _pure.ascii_fold(text)


@pytest.mark.parametrize(("max_gaps", "min_words"), [(2, 4), (0, 0), (1, 1), (3, 2), (10, 0)])
def test_template_words_are_the_same_compiled_and_pure(max_gaps: int, min_words: int) -> None:
    found = 0
    for text in INPUTS:
        got = fast.template_words(text, max_gaps, min_words)
        assert got == _pure.template_words(text, max_gaps, min_words), text
        found += got is not None
    # (some inputs have a template under every setting but max_gaps 0: a template leaves a word out)
    assert found > 20 if max_gaps else found == 0


def _words() -> list[str]:
    return [w for t in INPUTS for w in normalise(t).split()]


def test_pair_keys_are_the_same_compiled_and_pure() -> None:
    rng = random.Random(7)
    edges = [0, 1, 2, (1 << 63) - 1, 1 << 63, (1 << 64) - 1]
    pairs = [(a, b) for a in edges for b in edges] + [
        (rng.getrandbits(64), rng.getrandbits(64)) for _ in range(5000)
    ]
    for a, b in pairs:
        assert fast.pair_key(a, b) == _pure.pair_key(a, b), (a, b)
    assert any(fast.pair_key(a, b) < 0 for a, b in pairs) and any(fast.pair_key(a, b) > 0 for a, b in pairs)


def _real_miss(word: str) -> int | None:
    found = keys._key_stem(word, 3, 5)
    return None if found is None else keys._stem_hash(found)


def _odd_miss(word: str) -> int | None:
    """A hash function with collisions, None for a third of the words and the extreme values."""
    h = hash(word) % 97
    return None if h % 3 == 0 else [0, (1 << 64) - 1, h, h << 40][h % 4]


@pytest.mark.parametrize("miss", [_real_miss, _odd_miss])
@pytest.mark.parametrize("k", [0, 1, 2, 4, 6, 40])
def test_sketch_pair_keys_are_the_same_compiled_and_pure(miss: Callable[[str], int | None], k: int) -> None:
    fast_known: dict[str, int | None] = {}
    pure_known: dict[str, int | None] = {}
    norms = [normalise(t) for t in INPUTS] + [t for t in INPUTS if t.isascii()]
    some = 0
    for norm in norms:
        got = fast.sketch_pair_keys(norm, fast_known, miss, k)
        assert got == _pure.sketch_pair_keys(norm, pure_known, miss, k), norm
        some += bool(got)
    assert fast_known == pure_known and len(fast_known) > 1000  # the caches filled alike
    assert (some > 100) == (k >= 2)


def test_sketch_pair_keys_use_the_cache_before_the_function() -> None:
    for impl in (fast, _pure):
        known: dict[str, int | None] = {"alpha": 5, "beta": None, "gamma": 3}
        asked: list[str] = []

        def miss(word: str, asked: list[str] = asked) -> int | None:
            asked.append(word)
            return 9

        assert impl.sketch_pair_keys("alpha beta gamma delta alpha", known, miss, 4) == [
            _pure.pair_key(3, 5),
            _pure.pair_key(3, 9),
            _pure.pair_key(5, 9),
        ]
        assert asked == ["delta"] and known["delta"] == 9
        with pytest.raises(ValueError):
            impl.sketch_pair_keys("alpha", known, miss, -1)


def _segment_inputs(text: str, rng: random.Random) -> list[tuple[list[tuple[int, int]], list[int]]]:
    """Bling Fire's offsets and the line breaks segment() finds, then arbitrary ones within the text:
    overlapping, reversed, empty, gaps holding words."""
    n = len(text)
    found = ([], []) if not text.strip() else (sentence_offsets(text), segment_module._breaks(text)[0])
    out = [found, (found[0], []), ([(0, n)], found[1])]
    for _ in range(3):
        cuts = sorted(rng.randint(0, n) for _ in range(rng.randint(0, 12)))
        pairs = [(a, b) if rng.random() < 0.8 else (b, a) for a, b in zip(cuts, cuts[1:], strict=False)]
        out.append((pairs, sorted(rng.randint(0, n) for _ in range(rng.randint(0, 6)))))
    return out


def test_sentence_spans_are_the_same_compiled_and_pure() -> None:
    rng = random.Random(11)
    spans = 0
    for text in INPUTS:
        for offsets, breaks in _segment_inputs(text, rng):
            got = fast.sentence_spans(text, offsets, breaks)
            assert got == _pure.sentence_spans(text, offsets, breaks), (text, offsets, breaks)
            spans += len(got)
    assert spans > 5000


@pytest.mark.parametrize(
    ("offsets", "breaks"), [([(0, 9)], []), ([(-1, 2)], []), ([(2, 1)], [9]), ([(0, 1)], [-1])]
)
def test_sentence_spans_refuse_offsets_outside_the_text_alike(
    offsets: list[tuple[int, int]], breaks: list[int]
) -> None:
    for impl in (fast, _pure):
        with pytest.raises(ValueError):
            impl.sentence_spans("a b.", offsets, breaks)


def test_sentence_spans_fold_skipped_words_and_cut_at_breaks() -> None:
    text = "One two. xx Three\nFour.  "
    for impl in (fast, _pure):
        assert impl.sentence_spans(text, [(0, 8), (12, 24)], [18]) == [(0, 8), (9, 17), (18, 23)]


def test_joined_titles_are_the_same_compiled_and_pure() -> None:
    rng = random.Random(13)
    titled = [
        f"Dr. {a} Mr.  \n{b} St. x Prof.\tA Gen. b Lt. Ç Mt.Ö. Fr. É" for a, b in (("Ann", "Bob"), ("é", "Ü"))
    ]
    joined = 0
    for text in INPUTS + titled:
        for offsets, _ in _segment_inputs(text, rng):
            got = fast.join_titles(text, offsets, segment_module._TITLE)
            assert got == _pure.join_titles(text, offsets, segment_module._TITLE), (text, offsets)
            joined += len(offsets) - len(got)
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+\s*", text)]  # every word a "sentence"
        got = fast.join_titles(text, words, segment_module._TITLE)
        assert got == _pure.join_titles(text, words, segment_module._TITLE), text
        joined += len(words) - len(got)
    assert joined > 10


def test_joined_titles_refuse_offsets_outside_the_text_alike() -> None:
    for impl in (fast, _pure):
        for offsets in ([(0, 9)], [(-1, 2)], [(0, 1), (6, 2)]):
            with pytest.raises(ValueError):
                impl.join_titles("Dr. A", offsets, segment_module._TITLE)


def test_text_lines_are_the_same_compiled_and_pure() -> None:
    breaks = ["\r\n", "\r", "\n", "\u2028", "\u2029", "\x85", "\n\r", "\r\r\n", " \t\n \x0b", "\x1c"]
    texts = INPUTS + ["".join(p) for p in zip(breaks, reversed(breaks), strict=True)] + breaks
    texts += [f"{a}x{b}" for a in breaks for b in breaks] + ["  line  \r\n\t\n  \u3000last\u3000 "]
    lines = 0
    for text in texts:
        got = fast.text_lines(text)
        assert got == _pure.text_lines(text), text
        assert got[-1][1] == got[-1][2] == len(text)
        lines += len(got)
    assert lines > 2 * len(texts)
    assert fast.text_lines(" a \r\nb\r") == [(0, 3, 5, "a", 2), (5, 6, 7, "b", 1), (7, 7, 7, "", 0)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\r\n\u2028\u2029\x85\x0b\u3000é中")), max_size=80))
def test_generated_lines_are_the_same_compiled_and_pure(text: str) -> None:
    assert fast.text_lines(text) == _pure.text_lines(text)


@pytest.mark.parametrize(
    ("cls", "values"),
    [
        (Segment, (3, 9, "a text")),
        (NewSentence, (0, 1, 2, -5, (-5, 7), False, None)),
        (NewSentence, (4, 0, 0, 1 << 62, (), True, 12)),
    ],
)
def test_frozen_instances_are_the_same_made_compiled_and_pure(cls: type, values: tuple[object, ...]) -> None:
    made = fast.frozen_maker(cls)(*values)
    want = cls(*values)
    assert _pure.frozen_maker(cls)(*values) == want
    assert type(made) is cls and made == want and hash(made) == hash(want) and repr(made) == repr(want)
    assert tuple(getattr(made, f.name) for f in dataclasses.fields(cls)) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 1  # type: ignore[attr-defined]
    for impl in (fast, _pure):
        with pytest.raises(TypeError):
            impl.frozen_maker(cls)(*values[:-1])


@dataclasses.dataclass(frozen=True)
class _NoSlots:
    a: int


@dataclasses.dataclass
class _NotFrozen:
    a: int


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    a: int

    def __post_init__(self) -> None:
        assert self.a > 0


@dataclasses.dataclass(frozen=True, slots=True)
class _Derived:
    a: int
    b: int = dataclasses.field(init=False, default=0)


@dataclasses.dataclass(frozen=True, slots=True)
class _InitOnly:
    a: int
    scale: dataclasses.InitVar[int] = 1


@pytest.mark.parametrize("cls", [_NoSlots, _NotFrozen, _Checked, _Derived, _InitOnly, tuple])
def test_frozen_makers_refuse_a_class_whose_init_does_more_alike(cls: type) -> None:
    for impl in (fast, _pure):
        with pytest.raises(ValueError):
            impl.frozen_maker(cls)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.integers(0, 4), st.integers(0, 6))
def test_generated_text_is_the_same_compiled_and_pure(text: str, max_gaps: int, min_words: int) -> None:
    assert fast.template_words(text, max_gaps, min_words) == _pure.template_words(text, max_gaps, min_words)
    norm = normalise(text)
    assert fast.ascii_fold(norm) == _pure.ascii_fold(norm) if norm.isascii() else True
    known_a: dict[str, int | None] = {}
    known_b: dict[str, int | None] = {}
    assert fast.sketch_pair_keys(norm, known_a, _real_miss, 4) == _pure.sketch_pair_keys(
        norm, known_b, _real_miss, 4
    )
    if text.strip():
        offsets, breaks = sentence_offsets(text), segment_module._breaks(text)[0]
        assert fast.sentence_spans(text, offsets, breaks) == _pure.sentence_spans(text, offsets, breaks)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=300))
def test_generated_ascii_is_folded_alike(text: str) -> None:
    assert fast.ascii_fold(text) == _pure.ascii_fold(text)


@pytest.fixture
def pure_kernels(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every kernel the text stages call swapped for its pure twin, where it is called."""
    monkeypatch.setattr(importlib.import_module("provenance.text.normalise"), "ascii_fold", _pure.ascii_fold)
    monkeypatch.setattr(segment_module, "sentence_spans", _pure.sentence_spans)
    monkeypatch.setattr(segment_module, "text_lines", _pure.text_lines)
    monkeypatch.setattr(segment_module, "join_titles", _pure.join_titles)
    monkeypatch.setattr(segment_module, "_segment", _pure.frozen_maker(Segment))
    monkeypatch.setattr(
        importlib.import_module("provenance.prepare"), "_new_sentence", _pure.frozen_maker(NewSentence)
    )
    monkeypatch.setattr(keys, "sketch_pair_keys", _pure.sketch_pair_keys)
    monkeypatch.setattr(keys, "template_words", _pure.template_words)
    monkeypatch.setattr(keys, "pair_key", _pure.pair_key)
    keys._KEY_HASHES.clear()  # (no word hash cached by the other implementation)
    yield
    keys._KEY_HASHES.clear()


def _sentences(texts: list[str]) -> list[object]:
    out: list[object] = []
    for text in texts:
        out += [new_sentence(i, text, s.start, s.end) for i, s in enumerate(segment(text))]
        out += [(normalise(text), keys.probe_keys(normalise(text)))]
    return out


def test_ingest_sentences_are_the_same_with_every_kernel_swapped(request: pytest.FixtureRequest) -> None:
    texts = SAMPLES + _seed_and_fixture_texts() + _random_texts(150, seed=3)
    keys._KEY_HASHES.clear()
    compiled = _sentences(texts)
    request.getfixturevalue("pure_kernels")
    assert keys.sketch_pair_keys is _pure.sketch_pair_keys  # (the swap took)
    assert segment_module.sentence_spans is _pure.sentence_spans
    assert _sentences(texts) == compiled
    assert sum(1 for s in compiled if getattr(s, "template", None) is not None) > 10
