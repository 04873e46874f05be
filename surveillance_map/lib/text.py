"""Checks and clean-ups of untrusted text: ids, NUL bytes, invisible and direction-changing
characters.

A name that becomes public (an operator or vendor a resident typed) must read as it looks:
control characters and the bidirectional overrides and isolates (U+202A–U+202E,
U+2066–U+2069, the "Trojan Source" characters) can make "Acme" display as another name, or
hide text. They are removed; zero-width joiners stay, since several scripts need them.
"""

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters with no place in a name (zero-width space, word joiner, BOM).
INVISIBLE = frozenset("\u200b\u2060\ufeff")
# A whole number as ASCII digits, at most what a bigint holds (the `²` of str.isdigit() is not).
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(text) -> int | None:
    """The int written as plain ASCII digits (at most 18), else None."""
    if isinstance(text, str) and _WHOLE_NUMBER.fullmatch(text):
        return int(text)
    return None


def is_unsafe_character(char: str, *, keep: str = "") -> bool:
    """Control, line/paragraph separator, surrogate or direction-changing character."""
    if char in keep:
        return False
    if char in BIDI_CONTROLS or char in INVISIBLE:
        return True
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")


def has_unsafe_characters(text: str, *, keep: str = "") -> bool:
    return any(is_unsafe_character(c, keep=keep) for c in text)


def strip_unsafe_characters(text: str, *, keep: str = "") -> str:
    """`text` without the characters `is_unsafe_character` names (those in `keep` stay)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c for c in text if not is_unsafe_character(c, keep=keep))


def public_name(text: str) -> str:
    """A name fit to publish: unsafe characters removed, runs of white space made one space."""
    return " ".join(strip_unsafe_characters(text).split())


def is_encodable(text: str) -> bool:
    """False for text no database can store: NUL bytes, lone surrogates."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
