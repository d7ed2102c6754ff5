"""The English catalogue: complete, no fuzzy entries, placeholders intact, in step with the .pot."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from register.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "register" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def _catalogue(path):
    with path.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def english():
    return _catalogue(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


def _messages(catalogue):
    return [message for message in catalogue if message.id]


def _forms(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


def test_every_message_is_translated(english):
    untranslated = [
        message.id
        for message in _messages(english)
        if not all(form and form.strip() for form in _forms(message.string))
    ]
    assert untranslated == []


def test_no_fuzzy_or_obsolete_entries(english):
    assert [m.id for m in _messages(english) if m.fuzzy] == []
    assert list(english.obsolete) == []


def test_placeholders_match(english):
    wrong = []
    for message in _messages(english):
        ids = _forms(message.id)
        strings = _forms(message.string)
        if isinstance(message.id, tuple):
            # English has two plural forms, like Dutch.
            if len(strings) != 2:
                wrong.append((message.id, message.string))
                continue
            expected = [sorted(PLACEHOLDER.findall(ids[0])), sorted(PLACEHOLDER.findall(ids[1]))]
        else:
            expected = [sorted(PLACEHOLDER.findall(ids[0]))]
        found = [sorted(PLACEHOLDER.findall(s)) for s in strings]
        if found != expected:
            wrong.append((message.id, message.string))
    assert wrong == []


def test_catalogue_covers_the_template(english):
    template = _catalogue(TRANSLATIONS / "messages.pot")
    missing = sorted(str(m.id) for m in _messages(template) if m.id not in english)
    assert missing == [], "run the update described in docs/translations.md"


def test_template_is_in_step_with_the_sources(tmp_path):
    # Extract afresh, as docs/translations.md does: a message added to the code or the
    # templates without re-extracting would otherwise stay untranslated unnoticed.
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
            "-k", "_l", "-k", "lazy_gettext", "-k", "ngettext:1,2", "-o", str(fresh), ".",
        ],
        cwd=PROJECT_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    committed = {m.id for m in _messages(_catalogue(TRANSLATIONS / "messages.pot"))}
    extracted = {m.id for m in _messages(_catalogue(fresh))}
    assert sorted(map(str, extracted - committed)) == [], "run docs/translations.md step 1-3"
    assert sorted(map(str, committed - extracted)) == [], "run docs/translations.md step 1-3"
