"""Stored text made safe for where it is shown: a terminal, Markdown, JSON.

A stored text may hold anything its input held: terminal escape sequences (ESC, the C1 controls,
an OSC sequence that sets the window title or writes a hyperlink), bidirectional overrides that
make a line read in another order, a file name with a newline in it, Markdown or HTML that a
renderer would run (``<script>``, ``[x](javascript:…)``). Each output escapes it:

* the terminal (``table`` output, messages on stderr): every control character but the newline
  that ends a line, and every invisible bidirectional control, is written as its escape
  (``\\x1b``, ``\\u202e``), so it is seen, not obeyed; a message is one line (``\\n`` shown too);
* Markdown: the same, plus the characters that make markup (``< > &`` as entities, ``\\ ` * _ [ ] ( )
  ! | ~ #`` backslash-escaped), so stored text is always shown as text;
* JSON: the C1 controls, DEL and the bidirectional controls, which JSON allows raw in a string, are
  written as ``\\uXXXX`` escapes (the same value for a parser);
* HTML pages escape in their templates (:mod:`provenance.render.html`).
"""

from __future__ import annotations

import re

_INVISIBLE = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_TERMINAL = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_JSON = re.compile(f"[\\x7f-\\x9f{_INVISIBLE}]")
_MARKDOWN = re.compile(r"[\\`*_\[\]()!|~#]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` for a terminal: control characters (newlines aside) and bidirectional controls escaped."""
    return _TERMINAL.sub(_escaped, text)


def one_line(text: str) -> str:
    """``text`` as one terminal line: :func:`terminal`, newlines escaped too (``a\\nb``)."""
    return _LINE.sub(_escaped, text)


def markdown(text: str) -> str:
    """Stored text as Markdown text (one line, for a table cell or a heading): never markup."""
    flat = one_line(" ".join(text.split()))
    flat = _MARKDOWN.sub(lambda m: "\\" + m.group(), flat)
    return re.sub("[&<>]", lambda m: _ENTITIES[m.group()], flat)


def json_text(text: str) -> str:
    """A JSON document with the raw controls JSON allows inside strings written as ``\\uXXXX``."""
    return _JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
