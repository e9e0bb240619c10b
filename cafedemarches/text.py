"""Text that shows what it says: the characters refused wherever text enters the kit.

The bidirectional controls (embeddings, overrides, isolates: U+202A to U+202E, U+2066 to
U+2069) make a text display in another order than it is written: « Café ‮ehcram ud‬ » reads
« Café du marché » on screen, a phone number or an address can print reversed. NUL cuts a text
in two for some programs (SQLite's pattern matching stops at it). Both are refused in content
files (with file and line), letter values, the site's and association's names, a first name
on the sheet and an imported register. Translations keep their direction through the markup
(`dir="rtl"` on their blocks), never through these characters.
"""

from __future__ import annotations

from collections.abc import Iterator

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HIDDEN = BIDI_CONTROLS | {"\0"}


def describe(char: str) -> str:
    """The French words for one refused character."""
    code = f"U+{ord(char):04X}"
    if char == "\0":
        return f"un caractère nul ({code})"
    return f"un caractère invisible qui change le sens de l'écriture ({code})"


def hidden_characters(text: str) -> Iterator[tuple[int, str]]:
    """Where `text` holds a refused character: (index, character)."""
    if HIDDEN.isdisjoint(text):  # the common case, at C speed
        return
    for index, char in enumerate(text):
        if char in HIDDEN:
            yield index, char


def visible(text: str) -> str:
    """`text` with each refused character written as its code (for a message that quotes it)."""
    if HIDDEN.isdisjoint(text):
        return text
    return "".join(f"<U+{ord(c):04X}>" if c in HIDDEN else c for c in text)


def hidden_error(text: str) -> str | None:
    """Why `text` could show something else than it says (French, to follow « contient »), or
    None."""
    for _, char in hidden_characters(text):
        return f"{describe(char)} : il s'afficherait autrement qu'il est écrit"
    return None


def count(number: int | str, singular: str, plural: str) -> str:
    """« 1 séance », « 0 séance », « 3 séances »: a count and its words, agreed in French (0
    and 1 take the singular). A printed count that is not a number (« < 5 », « s », « nd »)
    takes the plural."""
    one = number in (0, 1) if isinstance(number, int) else number.strip() in ("0", "1")
    return f"{number} {singular if one else plural}"
