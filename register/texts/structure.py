"""Structural checks of a rendered agreement document (well-formed, expected landmarks)."""

from __future__ import annotations

from html.parser import HTMLParser

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Elements that fetch or execute something; user text only ever reaches them escaped.
_FORBIDDEN = frozenset({"script", "link", "base", "iframe", "object", "embed", "frame"})


class _TagBalance(HTMLParser):
    """Collects unbalanced and forbidden tags; every non-void element must be closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _FORBIDDEN:
            self.problems.append(f"regel {line}: element <{tag}> hoort niet in een overeenkomst")
        if tag not in _VOID:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN:
            line = self.getpos()[0]
            self.problems.append(f"regel {line}: element <{tag}> hoort niet in een overeenkomst")

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in _VOID:
            return
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
            return
        open_tag = f"<{self.stack[-1][0]}> van regel {self.stack[-1][1]}" if self.stack else "niets"
        self.problems.append(f"regel {line}: </{tag}> sluit {open_tag}")
        if any(name == tag for name, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass


def structure_problems(html: str) -> list[str]:
    """Dutch descriptions of structural problems in a rendered HTML document."""
    parser = _TagBalance()
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    problems += [f"regel {line}: <{tag}> wordt niet afgesloten" for tag, line in parser.stack]
    if not html.startswith("<!doctype html>"):
        problems.append("het document begint niet met <!doctype html>")
    return problems
