"""How the free-text headers of a message are folded, so they unfold to exactly the text.

Python's own folding (`email.policy.default`, 3.11–3.13) gets a subject wrong in two ways a
reader sees: a value that fits on a line of its own is moved whole to the next line, leaving
`Subject:` empty, so the subject arrives with a leading space; and a space before an encoded
word at a line end is kept on both sides of the fold, so it arrives doubled.

`MAIL_POLICY` folds `Subject` itself (RFC 5322 and RFC 2047): words separated by one space,
runs of non-ASCII words as UTF-8 encoded words of at most 75 characters (the spaces between
those words inside the encoded text, since the space between two encoded words is dropped on
decoding), and a fold only ever replaces one of those spaces. Every other header is folded by
the standard policy.
"""

from __future__ import annotations

import base64
from email.policy import EmailPolicy
from typing import Any

FREE_TEXT_HEADERS = frozenset({"subject"})
_MAX_LINE = 78
_ENCODED_PREFIX = "=?utf-8?b?"
_ENCODED_SUFFIX = "?="
# 42 bytes of UTF-8 make 56 characters of base64, an encoded word of 68 characters: within
# RFC 2047's 75, and short enough to follow "Subject: " on a line of 78.
_ENCODED_BYTES = 42


def _plain(word: str) -> bool:
    """A word that can stand as it is: printable ASCII that does not look encoded."""
    return word.isascii() and word.isprintable() and "=?" not in word


def _encoded_words(text: str) -> list[str]:
    """`text` as UTF-8 encoded words of at most 75 characters, split between characters."""
    chunks: list[str] = []
    current = ""
    for character in text:
        if len((current + character).encode()) > _ENCODED_BYTES:
            chunks.append(current)
            current = ""
        current += character
    chunks.append(current)
    return [
        _ENCODED_PREFIX + base64.b64encode(chunk.encode()).decode("ascii") + _ENCODED_SUFFIX
        for chunk in chunks
    ]


def header_tokens(value: str) -> list[str]:
    """The value as tokens joined by single spaces: plain words and encoded words."""
    tokens: list[str] = []
    run: list[str] = []  # consecutive words that need encoding
    for word in value.split(" "):
        if word and _plain(word):
            if run:
                tokens.extend(_encoded_words(" ".join(run)))
                run = []
            tokens.append(word)
        else:
            run.append(word)
    if run:
        tokens.extend(_encoded_words(" ".join(run)))
    return tokens


def fold_free_text(name: str, value: str, linesep: str) -> str:
    """`name: value` folded at spaces into lines of at most 78 characters where possible."""
    value = " ".join(value.split())
    lines = [f"{name}:"]
    for token in header_tokens(value) if value else []:
        if len(lines[-1]) + 1 + len(token) > _MAX_LINE and lines[-1] != f"{name}:":
            lines.append("")
        lines[-1] += " " + token
    return linesep.join(lines) + linesep


class MailPolicy(EmailPolicy):
    """The standard SMTP policy, with free-text headers folded by `fold_free_text`."""

    def fold(self, name: str, value: Any) -> str:
        if name.lower() in FREE_TEXT_HEADERS:
            return fold_free_text(name, str(value), self.linesep)
        return super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        if name.lower() in FREE_TEXT_HEADERS:
            return fold_free_text(name, str(value), self.linesep).encode("ascii")
        return super().fold_binary(name, value)


MAIL_POLICY = MailPolicy(linesep="\r\n")
