"""The one error the Essie parser raises, with the column and what would have been accepted."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class EssieSyntaxError(ValueError):
    """A query that is not valid Essie.

    ``column`` is 1-based, in characters; ``expected`` lists what would have been accepted there;
    ``code`` names the kind of mistake for programs (e.g. ``unclosed-parenthesis``); the message
    (``str(error)``) is for people and repeats the column.
    """

    def __init__(self, message: str, *, column: int, code: str, expected: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.code = code
        self.expected = tuple(expected)

    def __repr__(self) -> str:
        return f"EssieSyntaxError({self.message!r}, column={self.column}, code={self.code!r})"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a mistyped word most likely meant (ignoring case), if any is close enough."""
    by_upper = {choice.upper(): choice for choice in choices}
    if len(word) >= 3:  # an abbreviation: "relax" for Relaxation, "full" for FullMatch
        prefixed = [choice for upper, choice in by_upper.items() if upper.startswith(word.upper())]
        if len(prefixed) == 1:
            return prefixed[0]
    matches = difflib.get_close_matches(word.upper(), list(by_upper), n=1, cutoff=0.75)
    return by_upper[matches[0]] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` — did you mean X?`` when a choice is close to the word, else an empty string."""
    suggestion = closest(word, choices)
    return f" — did you mean {suggestion}?" if suggestion is not None else ""


def one_of(choices: Iterable[str], conjunction: str = "or") -> str:
    """``A, B or C`` (or ``A, B and C``)."""
    items = list(choices)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
