"""A rendered document as segments: those particular to one agreement and those it shares.

A template with a cover (``cover`` in template.toml) puts everything particular to one
agreement (parties, licences, term, contacts) on the cover and in the ``per_agreement``
annexes and the signature page. Its body and other annexes are rendered from the shared
context only (``SHARED_AGREEMENT_KEYS`` of ``agreement``, ``processor``, ``products``,
``security``): the agreements of a round with the same products get the very same HTML
for them, which ``register.pdf.sharing`` lays out once and stamps into each agreement.

A document is three HTML documents away from its segments:

- ``full_html()``: every segment in order, one document (previews, checks);
- ``shared_html()``: only the shared segments, each starting a page in a
  ``section.shared-segment`` whose id is ``segment_id(name)``, with no page furniture;
- ``own_html(placeholders)``: the segments of this agreement, each shared one replaced by
  its placeholder (blank pages carrying the page furniture, from ``register.pdf``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

# The agreement's fields a shared segment may print (the same for every agreement of a text).
SHARED_AGREEMENT_KEYS = ("template_id", "template_version", "covenant_version")

_DOCUMENT = Markup(
    "<!doctype html>\n"
    '<html lang="nl">\n'
    "<head>\n"
    '<meta charset="utf-8">\n'
    "<title>{title}</title>\n"
    '<meta name="author" content="{author}">\n'
    '<meta name="description" content="{description}">\n'
    "</head>\n"
    "<body>\n"
    "{doc_ref}"
    "{content}"
    "</body>\n"
    "</html>\n"
)
_DOC_REF = Markup('<header class="doc-ref">{}</header>\n')
_SHARED = Markup('<section class="shared-segment" id="{}">\n{}</section>\n')


@dataclass(frozen=True, slots=True)
class Segment:
    """One part of a document: its own wrapper (``html``) and bare ``content``."""

    name: str
    html: Markup
    content: Markup
    shared: bool


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """A document's metadata, running reference and segments in reading order."""

    title: str
    author: str
    description: str
    doc_ref: str
    segments: tuple[Segment, ...]

    @property
    def shared(self) -> tuple[Segment, ...]:
        """The shared segments, in order."""
        return tuple(segment for segment in self.segments if segment.shared)

    def full_html(self) -> str:
        """Every segment in order: the document as one HTML document."""
        return self._document(Markup("").join(segment.html for segment in self.segments))

    def shared_html(self) -> str:
        """The shared segments alone, without metadata of any agreement ('' when none)."""
        if not self.shared:
            return ""
        content = Markup("").join(
            _SHARED.format(segment_id(segment.name), segment.content) for segment in self.shared
        )
        return str(
            _DOCUMENT.format(
                title="Gedeelde tekst",
                author=self.author,
                description="",
                doc_ref="",
                content=content,
            )
        )

    def own_html(self, placeholders: Mapping[str, str]) -> str:
        """This agreement's document, each shared segment replaced by its placeholder."""
        content = Markup("").join(
            Markup(placeholders[segment.name]) if segment.shared else segment.html  # noqa: S704
            for segment in self.segments
        )
        return self._document(content)

    def _document(self, content: Markup) -> str:
        # A plain str: Markup's methods would escape their arguments.
        return str(
            _DOCUMENT.format(
                title=self.title,
                author=self.author,
                description=self.description,
                doc_ref=_DOC_REF.format(self.doc_ref),
                content=content,
            )
        )


def segment_id(name: str) -> str:
    """The HTML id of a shared segment's section in ``shared_html()``."""
    return f"segment-{name}"
