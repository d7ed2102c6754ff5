"""check_template / check_all: the shipped templates pass, broken copies yield precise problems."""

from __future__ import annotations

import pytest

from register.texts import check_all, check_template, format_report
from register.texts.catalogue import load_template


def test_shipped_templates_have_no_problems():
    assert check_all() == {"convenant-3.0/1": [], "convenant-4.0/1": []}


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _line_count(path):
    return len(path.read_text(encoding="utf-8").splitlines())


def test_unknown_placeholder_is_reported(copy_template):
    folder = copy_template()
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            '"controller.name",', '"controller.name",\n    "controller.naam",'
        ),
        encoding="utf-8",
    )

    problems = check_template(load_template(folder))

    assert problems == [
        "template.toml: placeholder 'controller.naam' bestaat niet in het contextschema"
    ]


def test_syntax_error_is_reported_with_file_and_line(copy_template):
    folder = copy_template()
    body = folder / "agreement.html.j2"
    line = _line_count(body) + 2
    _append(body, "<p>Verdwaald:</p>\n{% endfor %}\n")

    problems = check_template(load_template(folder))

    assert len(problems) == 1
    assert problems[0].startswith(f"agreement.html.j2, regel {line}: syntaxfout:")
    assert "endfor" in problems[0]


def test_missing_annex_file_is_reported(copy_template):
    folder = copy_template()
    (folder / "annex-2-beveiligingsbijlage.html.j2").unlink()

    problems = check_template(load_template(folder))

    assert problems == [
        "Bijlage 2 (Beveiligingsbijlage): bestand 'annex-2-beveiligingsbijlage.html.j2' "
        "ontbreekt in convenant-4.0/1"
    ]


def test_several_problems_are_all_reported(copy_template):
    folder = copy_template()
    (folder / "annex-3-wijzigingsbijlage.html.j2").unlink()
    _append(folder / "signatures.html.j2", "{{ school.name }}")
    toml = folder / "template.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('language = "nl"', 'language = "en"'),
        encoding="utf-8",
    )

    problems = check_template(load_template(folder))

    assert problems == [
        "template.toml: language is 'en', verwacht 'nl'",
        "Bijlage 3 (Wijzigingsbijlage): bestand 'annex-3-wijzigingsbijlage.html.j2' "
        "ontbreekt in convenant-4.0/1",
        "signatures.html.j2: variabele 'school' staat niet in het contextschema",
    ]


def test_variable_missing_from_placeholders_is_reported(copy_template):
    folder = copy_template("convenant-3.0")
    _append(folder / "agreement.html.j2", "{% for d in deviations %}{{ d.text }}{% endfor %}")

    problems = check_template(load_template(folder))

    assert problems == [
        "agreement.html.j2: gebruikt 'deviations', maar 'placeholders' in template.toml "
        "noemt niets onder 'deviations'"
    ]


def test_render_failure_names_the_template_line(copy_template):
    folder = copy_template()
    body = folder / "agreement.html.j2"
    line = _line_count(body) + 1
    _append(body, "<p>{{ processor.naam }}</p>\n")

    problems = check_template(load_template(folder))

    assert problems[0].startswith(
        f"Weergave met de voorbeeldcontext mislukt (agreement.html.j2, regel {line}): "
        "UndefinedError:"
    )
    assert "naam" in problems[0]


def test_edge_case_sample_catches_unguarded_optional_values(copy_template):
    folder = copy_template()
    _append(folder / "cover.html.j2", "<p>Einde: {{ agreement.term_end|datum }}</p>\n")

    problems = check_template(load_template(folder))

    assert len(problems) == 1
    assert problems[0].startswith("Weergave met de randgevallencontext mislukt")


def test_shared_text_may_not_print_what_belongs_to_one_agreement(copy_template):
    # The body is shared by every agreement with the same products: the school, the
    # number or the dates of one agreement belong on the cover.
    folder = copy_template()
    body = folder / "agreement.html.j2"
    line = _line_count(body) + 1
    _append(body, "<p>{{ controller.name }} {{ agreement.number }}</p>\n")

    problems = check_template(load_template(folder))

    assert problems[0].startswith(
        f"Weergave met de voorbeeldcontext mislukt (agreement.html.j2, regel {line}): "
        "UndefinedError: 'controller' is undefined"
    )
    assert "voorblad" in problems[0]


def test_missing_party_name_in_output_is_reported(copy_template):
    folder = copy_template("convenant-3.0")
    # Drop every place in the texts that prints the controller's name.
    for name, printed in [
        ("agreement.html.j2", "{{ controller.name }}"),
        ("signatures.html.j2", "{{ organisation.name }}"),
    ]:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(printed, "—"), encoding="utf-8")

    problems = check_template(load_template(folder))

    assert problems == [
        "voorbeeldcontext: de naam 'Stichting Openbaar Onderwijs Voorbeeldstad' komt niet in "
        "het document voor",
        "randgevallencontext: de naam 'Stichting Openbaar Onderwijs Voorbeeldstad' komt niet "
        "in het document voor",
    ]


def test_unbalanced_html_is_reported(copy_template):
    folder = copy_template()
    _append(folder / "annex-3-wijzigingsbijlage.html.j2", "<ul><li>open\n")

    problems = check_template(load_template(folder))

    assert problems
    assert all("wordt niet afgesloten" in problem or "sluit" in problem for problem in problems)


def test_check_all_reports_unreadable_folders_instead_of_raising(copy_template, tmp_path):
    copy_template("convenant-3.0")
    broken = copy_template("convenant-4.0")
    (broken / "template.toml").write_text("id = [", encoding="utf-8")

    results = check_all(tmp_path / "agreements")

    assert results["convenant-3.0/1"] == []
    assert len(results["convenant-4.0/1"]) == 1
    assert results["convenant-4.0/1"][0].startswith("template.toml is onleesbaar")


def test_check_all_on_an_empty_folder_is_a_problem(tmp_path):
    results = check_all(tmp_path)

    assert list(results.values()) == [["Geen templates gevonden (map met template.toml)."]]


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ({"a/1": []}, "a/1: in orde"),
        ({"a/1": ["x", "y"]}, "a/1: 2 probleem/problemen\n  - x\n  - y"),
    ],
)
def test_format_report(results, expected):
    assert format_report(results) == expected
