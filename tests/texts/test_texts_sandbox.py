"""Rendering: document shape, autoescape, the sandbox, strict undefined values, filters."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from jinja2 import TemplateNotFound, UndefinedError
from jinja2.sandbox import SecurityError

from register.texts import (
    InvalidContext,
    UnknownProduct,
    formatting,
    get_template,
    render_document,
    render_leaflet,
    sample_context,
)
from register.texts.filters import datum, gegevens, janeen, opsomming
from register.texts.structure import structure_problems


def test_document_has_the_agreed_shape(document_40):
    head, _, body = document_40.partition("<body>")

    assert head.startswith('<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">')
    assert "<title>Verwerkersovereenkomst Digitale Onderwijsmiddelen</title>" in head
    assert '<meta name="author" content="KPC Groep">' in head
    assert re.search(
        r'<meta name="description" content="Verwerkersovereenkomst VWO-2026-0042 ', head
    )
    assert body.lstrip().startswith(
        '<header class="doc-ref">VWO-2026-0042 · Model 4.0 versie 1</header>\n'
        '<section class="cover">\n<h1>'
    )
    # Two leaflets (one per product), the security annex, the change annex, then signatures.
    assert document_40.count('<section class="annex">') == 4
    order = [
        body.index("Bijlage 1.1 Privacybijsluiter DOENIN"),
        body.index("Bijlage 1.2 Privacybijsluiter Scholing voor Arbeid"),
        body.index("Bijlage 2 Beveiligingsbijlage"),
        body.index("Bijlage 3 Wijzigingsbijlage"),
        body.index("<h1>Ondertekening</h1>"),
    ]
    assert order == sorted(order)
    assert document_40.endswith("</section>\n</body>\n</html>\n")
    assert structure_problems(document_40) == []


PAYLOADS = [
    '<link rel="attachment" href="file:///etc/passwd">',
    '<base href="file:///etc/">',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_context_values_are_escaped_everywhere(payload, render):
    info = get_template("convenant-4.0", "1")
    context = sample_context()
    context["agreement"]["title"] = payload  # <title>
    context["processor"]["name"] = payload  # <meta content="...">, body, leaflets
    context["controller"]["name"] = payload
    context["products"][0]["description"] = payload
    context["deviations"][0]["text"] = payload
    context["security"]["measures"][0]["description"] = payload

    html = render(info, context)

    assert payload not in html
    assert payload.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in html
    assert re.search(r"<(link|base|script|img)\b", html) is None
    assert structure_problems(html) == []


def test_leaflet_values_are_escaped(render):
    info = get_template("convenant-4.0", "1")
    context = sample_context()
    context["products"][1]["name"] = "<script>x</script>"
    context["licences"][1]["product"] = "<script>x</script>"

    leaflet = render_leaflet(info, context, 1)

    assert "<script>" not in leaflet
    assert "&lt;script&gt;x&lt;/script&gt;" in leaflet


ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ controller.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ '{0.__class__}'.format(controller) }}",
    "{{ products.append(1) }}",
    "{{ controller.update({'name': 'x'}) }}",
    "{% set x = controller.pop('name') %}",
]


@pytest.mark.parametrize("body", ESCAPES)
def test_sandbox_escapes_raise_security_error(make_template, render, body):
    info = make_template(f"<p>{{{{ controller.name }}}}</p>{body}")

    with pytest.raises(SecurityError):
        render(info)


@pytest.mark.parametrize(
    "include",
    [
        "../../../agreements/convenant-3.0/1/agreement.html.j2",
        "/etc/passwd",
        "template.toml",
    ],
)
def test_templates_cannot_load_files_outside_their_folder(make_template, render, include):
    info = make_template(f'{{% include "{include}" %}}')

    with pytest.raises(TemplateNotFound):
        render(info)


def test_templates_may_include_partials_of_their_own_folder(make_template, render):
    info = make_template(
        '{% include "_party.html.j2" %}', files={"_party.html.j2": "<p>{{ controller.name }}</p>"}
    )

    assert "<p>Stichting Openbaar Onderwijs Voorbeeldstad</p>" in render(info)


def test_strict_undefined_fails_loudly(make_template, render):
    info = make_template("<p>{{ agreement.nonexistent }}</p>")

    with pytest.raises(UndefinedError, match="nonexistent"):
        render(info)


def test_printing_none_fails_loudly(make_template, render):
    info = make_template("<p>RIO-code {{ controller.rio }}</p>")
    context = sample_context()
    context["controller"]["rio"] = None

    with pytest.raises(UndefinedError, match="None"):
        render(info, context)


def test_missing_context_key_is_refused_before_rendering():
    context = sample_context()
    del context["controller"]["kvk"]

    with pytest.raises(InvalidContext) as excinfo:
        render_document(get_template("convenant-4.0", "1"), context)

    assert excinfo.value.problems == ["controller.kvk: ontbreekt"]


def test_context_for_another_template_is_refused():
    with pytest.raises(InvalidContext) as excinfo:
        render_document(get_template("convenant-3.0", "1"), sample_context())

    assert excinfo.value.problems == [
        "agreement.template_id is 'convenant-4.0', maar de template heeft 'convenant-3.0'",
        "agreement.covenant_version is '4.0', maar de template heeft '3.0'",
    ]


def test_leaflet_is_a_standalone_document_of_one_product():
    info = get_template("convenant-4.0", "1")

    leaflet = render_leaflet(info, sample_context(), 1)

    assert leaflet.startswith("<!doctype html>")
    assert "<title>Privacybijsluiter Scholing voor Arbeid — KPC Groep</title>" in leaflet
    assert "Privacybijsluiter Scholing voor Arbeid</h1>" in leaflet
    assert "DOENIN" not in leaflet
    assert "Artikel 1 Definities" not in leaflet
    assert structure_problems(leaflet) == []


@pytest.mark.parametrize("index", [2, -1])
def test_leaflet_of_an_unknown_product_raises(index):
    with pytest.raises(UnknownProduct):
        render_leaflet(get_template("convenant-4.0", "1"), sample_context(), index)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-08-01", "1 augustus 2026"),
        ("2026-03-31", "31 maart 2026"),
        (date(2026, 12, 5), "5 december 2026"),
        ("2026-08-01T14:03:00Z", "1 augustus 2026 om 16:03"),
        ("2026-08-01T00:30:00+02:00", "1 augustus 2026 om 00:30"),
        (datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "2 januari 2026 om 04:04"),
    ],
)
def test_datum_filter(value, expected):
    assert datum(value) == expected


@pytest.mark.parametrize("value", [None, 20260801, "1 augustus"])
def test_datum_filter_rejects_other_values(value):
    with pytest.raises((TypeError, ValueError)):
        datum(value)


def test_janeen_filter():
    assert (janeen(True), janeen(False)) == ("Ja", "Nee")
    with pytest.raises(TypeError):
        janeen("ja")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ""),
        (["PO"], "PO"),
        (["PO", "VO"], "PO en VO"),
        (["PO", "VO", "MBO"], "PO, VO en MBO"),
        (["PO", "", "VO"], "PO en VO"),
    ],
)
def test_opsomming_filter(values, expected):
    assert opsomming(values) == expected


def test_gegevens_filter_leaves_out_empty_parts():
    assert gegevens(["Jan", "jan@example.nl", ""]) == "Jan, jan@example.nl"
    assert gegevens(["", None]) == ""


@pytest.mark.parametrize(
    ("period", "trigger", "expected"),
    [
        ("3 jaar", "Na de laatste activiteit", "3 jaar na de laatste activiteit"),
        ("7 jaar", "het einde van het boekjaar", "7 jaar, vanaf het einde van het boekjaar"),
        ("1 jaar", "", "1 jaar"),
        ("2 jaar", "AVG-verzoek", "2 jaar, vanaf AVG-verzoek"),
    ],
)
def test_retention_term_reads_as_one_phrase(period, trigger, expected):
    assert formatting.term(period, trigger) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leerlingen, leraren en schoolbeheerders", ["Leerlingen", "leraren", "schoolbeheerders"]),
        (
            "Leerlingen en studenten, docenten en schoolbeheerders",
            ["Leerlingen en studenten", "docenten", "schoolbeheerders"],
        ),
        ("Leerlingen en studenten", ["Leerlingen en studenten"]),
        ("", []),
    ],
)
def test_users_typed_as_a_dutch_list_are_split_into_items(text, expected):
    assert formatting.split_listing(text) == expected
