"""The catalogue finds the shipped templates, identifies them by hash, and rejects bad input."""

from __future__ import annotations

import re
from datetime import date

import pytest

from register.texts import (
    InvalidTemplate,
    TemplateChanged,
    UnknownTemplate,
    get_template,
    list_templates,
    render_document,
    sample_context,
)
from register.texts.catalogue import load_template


def test_finds_both_shipped_templates_with_their_metadata():
    templates = {info.key: info for info in list_templates()}

    assert set(templates) == {"convenant-3.0/1", "convenant-4.0/1"}
    new, old = templates["convenant-4.0/1"], templates["convenant-3.0/1"]
    assert (new.covenant_version, new.valid_from, new.language) == ("4.0", date(2022, 8, 1), "nl")
    assert (old.covenant_version, old.valid_from, old.language) == ("3.0", date(2018, 3, 1), "nl")
    assert [(a.number, a.title, a.per_product) for a in new.annexes] == [
        (1, "Privacybijsluiter", True),
        (2, "Beveiligingsbijlage", False),
        (3, "Wijzigingsbijlage", False),
    ]
    assert [a.title for a in old.annexes] == ["Privacybijsluiter", "Beveiligingsbijlage"]
    assert {"controller.name", "products[].subprocessors", "deviations[].text"} <= set(
        new.placeholders
    )
    assert not any(path.startswith("deviations") for path in old.placeholders)
    for info in (new, old):
        assert "template.toml" in info.files
        assert {"agreement.html.j2", "signatures.html.j2"} <= set(info.files)
        assert {annex.file for annex in info.annexes} <= set(info.files)
        assert re.fullmatch(r"[0-9a-f]{64}", info.sha256)
    assert new.sha256 != old.sha256


def test_get_template_returns_the_listed_template():
    listed = {info.key: info for info in list_templates()}

    assert get_template("convenant-4.0", "1") == listed["convenant-4.0/1"]


@pytest.mark.parametrize(
    ("template_id", "version"),
    [
        ("convenant-9.9", "1"),
        ("convenant-4.0", "2"),
        ("../agreements/convenant-4.0", "1"),
        ("convenant-4.0", "../1"),
        ("_shared", "1"),
        ("", ""),
    ],
)
def test_unknown_template_raises_a_named_error(template_id, version):
    with pytest.raises(UnknownTemplate):
        get_template(template_id, version)


def test_hash_is_stable_and_independent_of_the_folder_location(copy_template):
    folder = copy_template("convenant-4.0", "1")

    first, second = load_template(folder), load_template(folder)

    assert first.sha256 == second.sha256 == get_template("convenant-4.0", "1").sha256


@pytest.mark.parametrize(
    "change",
    ["edit a text", "add a file", "rename a file", "edit the metadata"],
)
def test_hash_changes_when_a_file_changes(copy_template, change):
    folder = copy_template("convenant-4.0", "1")
    before = load_template(folder).sha256
    body = folder / "agreement.html.j2"
    if change == "edit a text":
        body.write_text(body.read_text(encoding="utf-8") + "\n<p>Extra.</p>\n", encoding="utf-8")
    elif change == "add a file":
        (folder / "_notes.html.j2").write_text("<p>x</p>", encoding="utf-8")
    elif change == "rename a file":
        (folder / "annex-2-beveiligingsbijlage.html.j2").rename(folder / "annex-2.html.j2")
    else:
        toml = folder / "template.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + "\n# comment\n", encoding="utf-8")

    assert load_template(folder).sha256 != before


def test_hidden_files_are_not_part_of_a_template(copy_template):
    folder = copy_template("convenant-4.0", "1")
    before = load_template(folder)

    (folder / ".agreement.html.j2.swp").write_bytes(b"editor junk")

    after = load_template(folder)
    assert (after.sha256, after.files) == (before.sha256, before.files)


def test_rendering_refuses_files_changed_after_loading(copy_template):
    folder = copy_template("convenant-4.0", "1")
    info = load_template(folder)
    body = folder / "agreement.html.j2"
    body.write_text(body.read_text(encoding="utf-8").replace("Artikel 1", "Artikel 01"), "utf-8")

    with pytest.raises(TemplateChanged) as excinfo:
        render_document(info, sample_context())
    assert excinfo.value.expected == info.sha256


def test_the_root_folder_is_configurable(copy_template, tmp_path):
    copy_template("convenant-3.0", "1")

    templates = list_templates(tmp_path / "agreements")

    assert [info.key for info in templates] == ["convenant-3.0/1"]
    assert templates[0].path == tmp_path / "agreements" / "convenant-3.0" / "1"
    assert list_templates(tmp_path / "missing") == []


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("id = ", "template.toml is onleesbaar"),
        ('id = "x"\nversion = "1"', "'title' ontbreekt of is geen tekst"),
        (
            'id="x"\nversion="1"\ntitle="t"\ncovenant_version="4.0"\nlanguage="nl"\n'
            'valid_from="gisteren"\nplaceholders=[]\nannexes=[]',
            "'valid_from' ontbreekt of is geen datum (JJJJ-MM-DD)",
        ),
    ],
)
def test_unreadable_metadata_raises_invalid_template(copy_template, toml, expected):
    folder = copy_template("convenant-4.0", "1")
    (folder / "template.toml").write_text(toml, encoding="utf-8")

    with pytest.raises(InvalidTemplate) as excinfo:
        load_template(folder)

    assert any(expected in problem for problem in excinfo.value.problems)
