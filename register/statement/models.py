"""Published versions of the privacy statement and the cookie register it explains."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from register.calendar import LOCAL_ZONE
from register.db import EditableMixin, LabelledEnum, Model, enum_column, utcnow

if TYPE_CHECKING:
    from register.activities.models import Activity
    from register.auth.models import User
    from register.vocabularies.models import Term


class StatementPublication(Model):
    """One published version of the statement: what it said, as data and as the page shown.

    `content` is the snapshot of the statement's data (StatementData as JSON), from which the
    changes of a later version are computed; `body_html` is the statement text exactly as it
    was published, so a later change of the templates never alters an old version; `sha256`
    is the hash of `body_html`. The PDF is made from `body_html` by the job worker and stored
    (`StatementPdf`), so it says what the page says. Rows are never changed or deleted.
    """

    __tablename__ = "statement_publication"
    __audit__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    content: Mapped[dict[str, Any]]
    body_html: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))

    published_by: Mapped[User | None] = relationship()

    @property
    def published_on(self) -> dt.date:
        """The publication's date in the Netherlands, as the statement names it."""
        return self.published_at.astimezone(LOCAL_ZONE).date()

    def __repr__(self) -> str:
        return f"<StatementPublication {self.number}>"


class StatementPdf(Model):
    """The PDF of a publication, rendered once by the job worker (register.statement.document).

    Not audited: it is made from the audited publication's `body_html` and can be made again.
    """

    __tablename__ = "statement_pdf"

    publication_id: Mapped[int] = mapped_column(
        sa.ForeignKey("statement_publication.id", ondelete="CASCADE"), primary_key=True
    )
    rendered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    size: Mapped[int]
    content: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary(), nullable=False))


class CookieKind(LabelledEnum):
    FUNCTIONAL = "functional", _l("Functioneel")
    TECHNICAL = "technical", _l("Technisch")
    ANALYTICAL = "analytical", _l("Analytisch")
    MARKETING = "marketing", _l("Marketing")


class Cookie(EditableMixin, Model):
    """A cookie (or similar technique) the company's websites place, as the statement tells it.

    `activity` is the processing activity in the register that describes what happens with the
    data the cookie collects (data categories, recipients, transfers): the statement takes
    those from the activity, never from free text here. `ground` records the choice made and
    why (for example: analytical cookies only after consent, because data go to Google).
    """

    __tablename__ = "cookie"
    __audit__ = True
    __table_args__ = (sa.UniqueConstraint("name", "provider"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    provider: Mapped[str] = mapped_column(sa.String(200))
    purpose: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[CookieKind] = mapped_column(enum_column(CookieKind))
    retention: Mapped[str] = mapped_column(sa.String(200))
    legal_basis_id: Mapped[int | None] = mapped_column(sa.ForeignKey("term.id"))
    ground: Mapped[str] = mapped_column(sa.Text, default="")
    activity_id: Mapped[int | None] = mapped_column(sa.ForeignKey("activity.id"))

    legal_basis: Mapped[Term | None] = relationship()
    activity: Mapped[Activity | None] = relationship()

    def __repr__(self) -> str:
        return f"<Cookie {self.name}>"
