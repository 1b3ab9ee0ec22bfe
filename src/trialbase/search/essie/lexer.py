"""Cutting an Essie query into tokens: words, phrases, parentheses, keywords and bracket operators.

The rules, from ClinicalTrials.gov's description of the syntax:

* Words are separated by white space and end at ``(``, ``)`` or ``"``. Adjacent words are put
  together into one multi-word term by the parser.
* ``AND``, ``OR``, ``NOT``, ``ALL`` and ``MISSING`` are operators only when written in capitals as
  a whole word; ``and`` or ``Missing`` are ordinary words.
* An operator with an argument is its name in capitals immediately followed by ``[``:
  ``AREA[Condition]``. Letters directly followed by ``[`` at the start of a word are always read
  as an operator name, so a misspelt one (``EXPANSON[``) is an error rather than a search for it.
* A backslash makes the next character literal: ``\\MISSING`` is the word MISSING, ``\\"`` a quote
  character, ``\\(`` a parenthesis, ``\\\\`` a backslash. A word written with a backslash anywhere is
  never an operator.
* In a phrase, ``"sleep deprivation"``, everything is literal except ``\\"`` and ``\\\\``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from trialbase.search.essie.ast import Span
from trialbase.search.essie.errors import EssieSyntaxError, did_you_mean, one_of


class TokenKind(enum.Enum):
    WORD = "word"
    PHRASE = "phrase"
    OPEN = "("
    CLOSE = ")"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    ALL = "ALL"
    MISSING = "MISSING"
    OPERATOR = "operator"
    END = "end"


KEYWORDS = {
    "AND": TokenKind.AND,
    "OR": TokenKind.OR,
    "NOT": TokenKind.NOT,
    "ALL": TokenKind.ALL,
    "MISSING": TokenKind.MISSING,
}
BRACKET_OPERATORS = ("AREA", "COVERAGE", "DISTANCE", "EXPANSION", "RANGE", "SEARCH", "TILT")

# Letters at the start of a word, directly followed by "[": an operator name.
OPERATOR_START = re.compile(r"[A-Za-z]+\[")
# Characters that end a word (besides white space).
_DELIMITERS = frozenset('()"')
# Characters that cannot appear between an operator's brackets.
_NOT_IN_BRACKETS = frozenset('[]()"')


@dataclass(frozen=True, slots=True)
class Token:
    """One token. ``text`` is a word with its escapes resolved, a keyword, or an operator's name."""

    kind: TokenKind
    text: str
    span: Span
    words: tuple[str, ...] = ()  # PHRASE: its words
    argument: str = ""  # OPERATOR: the text between the brackets
    argument_column: int = 0  # OPERATOR: the column just after "["

    def describe(self) -> str:
        """How a message names this token, e.g. ``"aspirin"``, ``AND``, ``AREA[Condition]``."""
        if self.kind is TokenKind.END:
            return "the end of the query"
        if self.kind in (TokenKind.OPEN, TokenKind.CLOSE):
            return f'"{self.kind.value}"'
        if self.kind is TokenKind.WORD:
            return f'"{self.text}"'
        if self.kind is TokenKind.PHRASE:
            return f'the phrase "{" ".join(self.words)}"'
        if self.kind is TokenKind.OPERATOR:
            return f"{self.text}[{self.argument}]"
        return self.text

    def describe_at(self) -> str:
        return f"{self.describe()} at column {self.span.start}"


def tokenize(text: str) -> list[Token]:
    """The tokens of a query, ending with an END token at the column after the last character."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        character = text[position]
        if character.isspace():
            position += 1
        elif character in "()":
            kind = TokenKind.OPEN if character == "(" else TokenKind.CLOSE
            tokens.append(Token(kind, character, Span(position + 1, position + 2)))
            position += 1
        elif character == '"':
            token, position = _phrase(text, position)
            tokens.append(token)
        elif (match := OPERATOR_START.match(text, position)) is not None:
            token, position = _operator(text, position, match.end() - 1)
            tokens.append(token)
        else:
            token, position = _word(text, position)
            tokens.append(token)
    tokens.append(Token(TokenKind.END, "", Span(len(text) + 1, len(text) + 1)))
    return tokens


def _escaped(text: str, position: int) -> str:
    """The character a backslash at ``position`` escapes."""
    following = position + 1
    if following < len(text) and not text[following].isspace():
        return text[following]
    found = "the end of the query" if following >= len(text) else f"a space at column {following + 1}"
    raise EssieSyntaxError(
        f"the backslash at column {position + 1} must be followed by the character it escapes "
        f'(e.g. \\MISSING, \\" or \\\\ for a backslash), found {found}',
        column=position + 1,
        code="dangling-escape",
        expected=("a character to escape",),
    )


def _word(text: str, start: int) -> tuple[Token, int]:
    characters: list[str] = []
    escaped = False
    position = start
    while position < len(text):
        character = text[position]
        if character == "\\":
            characters.append(_escaped(text, position))
            escaped = True
            position += 2
        elif character.isspace() or character in _DELIMITERS:
            break
        else:
            characters.append(character)
            position += 1
    word = "".join(characters)
    kind = TokenKind.WORD if escaped else KEYWORDS.get(word, TokenKind.WORD)
    return Token(kind, word, Span(start + 1, position + 1)), position


def _phrase(text: str, start: int) -> tuple[Token, int]:
    words: list[str] = []
    current: list[str] = []
    position = start + 1
    while position < len(text):
        character = text[position]
        if character == "\\":
            current.append(_escaped(text, position))
            position += 2
        elif character == '"':
            if current:
                words.append("".join(current))
            if not words:
                raise EssieSyntaxError(
                    f"empty phrase at column {start + 1}: put words between the quotes, or remove them",
                    column=start + 1,
                    code="empty-phrase",
                    expected=("a word",),
                )
            return Token(
                TokenKind.PHRASE, '"', Span(start + 1, position + 2), words=tuple(words)
            ), position + 1
        elif character.isspace():
            if current:
                words.append("".join(current))
                current = []
            position += 1
        else:
            current.append(character)
            position += 1
    raise EssieSyntaxError(
        f'expected a closing quote (") for the phrase that starts at column {start + 1}, '
        f"found the end of the query at column {len(text) + 1}",
        column=len(text) + 1,
        code="unclosed-phrase",
        expected=('"',),
    )


def _operator(text: str, start: int, bracket: int) -> tuple[Token, int]:
    name = text[start:bracket]
    if name not in BRACKET_OPERATORS:
        suggestion = did_you_mean(name, BRACKET_OPERATORS)
        if suggestion:
            message = f'unknown operator "{name}[" at column {start + 1}{suggestion}'
        else:
            message = (
                f'unknown operator "{name}[" at column {start + 1}: the operators written with '
                f"brackets are {one_of(BRACKET_OPERATORS, 'and')}; to search for the text itself, "
                f"write {name}\\["
            )
        raise EssieSyntaxError(message, column=start + 1, code="unknown-operator", expected=BRACKET_OPERATORS)
    position = bracket + 1
    while position < len(text) and text[position] not in _NOT_IN_BRACKETS:
        position += 1
    if position >= len(text) or text[position] != "]":
        found = (
            f"the end of the query at column {len(text) + 1}"
            if position >= len(text)
            else f'"{text[position]}" at column {position + 1}'
        )
        raise EssieSyntaxError(
            f'expected a closing "]" for the "[" of {name} at column {bracket + 1}, found {found}',
            column=position + 1,
            code="unclosed-bracket",
            expected=('"]"',),
        )
    token = Token(
        TokenKind.OPERATOR,
        name,
        Span(start + 1, position + 2),
        argument=text[bracket + 1 : position],
        argument_column=bracket + 2,
    )
    return token, position + 1
