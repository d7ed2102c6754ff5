"""Adding, changing, deactivating and reactivating vocabulary terms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from register.audit.recorder import set_active
from register.vocabularies.errors import DuplicateLabel, StaleTerm
from register.vocabularies.models import Term, Vocabulary


@dataclass(frozen=True)
class TermCommand:
    label: str
    description: str = ""
    reference: str = ""
    group: str = ""
    is_special_category: bool = False
    is_criminal_data: bool = False
    is_national_identifier: bool = False
    sort_order: int = 0


def slug(label: str) -> str:
    """A stable code from a label: lower-case ASCII words joined by underscores."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:50] or "term"


def _unique_code(session: Session, vocabulary: Vocabulary, label: str) -> str:
    base = slug(label)
    taken = set(
        session.scalars(
            sa.select(Term.code).where(Term.vocabulary == vocabulary, Term.code.like(f"{base}%"))
        )
    )
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}_{n}"
    return code


def _check_label(session: Session, vocabulary: Vocabulary, label: str, own_id: int | None) -> None:
    other = session.scalar(
        sa.select(Term).where(
            Term.vocabulary == vocabulary,
            sa.func.lower(Term.label) == label.lower(),
            Term.id != (own_id or -1),
        )
    )
    if other is not None:
        state = "" if other.is_active else str(_l(" (gedeactiveerd; u kunt die weer activeren)"))
        raise DuplicateLabel(
            _l(
                "Deze lijst bevat al een term ‘%(label)s’%(state)s. Kies een andere omschrijving.",
                label=other.label,
                state=state,
            ),
            field="label",
        )


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as error:
        raise DuplicateLabel(
            _l("Deze lijst bevat al een term met deze omschrijving."), field="label"
        ) from error


def create_term(session: Session, vocabulary: Vocabulary, command: TermCommand) -> Term:
    """Add a term to a vocabulary; its code is derived from the label."""
    _check_label(session, vocabulary, command.label, None)
    term = Term(
        vocabulary=vocabulary,
        code=_unique_code(session, vocabulary, command.label),
        **vars(command),
    )
    session.add(term)
    _flush(session)
    return term


def update_term(
    session: Session, term: Term, command: TermCommand, seen_version: int | None
) -> Term:
    """Change a term's label, explanation, reference, group, flags or order (not its code)."""
    if seen_version != term.version:
        raise StaleTerm()
    _check_label(session, term.vocabulary, command.label, term.id)
    for key, value in vars(command).items():
        setattr(term, key, value)
    _flush(session)
    return term


def set_term_active(session: Session, term: Term, active: bool, seen_version: int | None) -> Term:
    """Deactivate a term (no longer offered for new entries) or make it active again."""
    if seen_version != term.version:
        raise StaleTerm()
    set_active(session, term, active)
    return term
