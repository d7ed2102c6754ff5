"""What the texts say: art. 28(3) topics, the leaflet's fields, versions, signatures, edge cases."""

from __future__ import annotations

import html as html_lib
import re

import pytest
from markupsafe import escape

from register.texts import (
    edge_case_context,
    get_template,
    render_document,
    render_leaflet,
    sample_context,
)


def _text(document: str) -> str:
    """Visible text, lower case, whitespace collapsed."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", document.split("<body>", 1)[-1]))
    return re.sub(r"\s+", " ", text).lower()


# GDPR art. 28(3) and the model's topics, as phrases of the 4.0 text.
ARTICLE_28_PHRASES = [
    "het onderwerp van de verwerking",  # subject matter
    "de verwerking duurt zolang",  # duration
    "de aard van de verwerking",  # nature
    "uitsluitend de volgende doeleinden",  # purpose
    "soorten persoonsgegevens",  # types of personal data
    "categorieën van betrokkenen",  # categories of data subjects
    "de onderwijsinstelling heeft het recht",  # controller's rights
    "de onderwijsinstelling staat ervoor in",  # controller's obligations
    "schriftelijke instructies",  # (a)
    "onmiddellijk in kennis indien naar zijn oordeel een instructie inbreuk maakt",
    "geheimhouding",  # (b)
    "artikel 32 avg",  # (c)
    "algemene schriftelijke toestemming om subverwerkers in te schakelen",  # (d)
    "bezwaar maken",
    "rechten van betrokkenen",  # (e)
    "gegevensbeschermingseffectbeoordeling",  # (f)
    "voorafgaande raadpleging",
    "binnen 24 uur",  # breach notification
    "de aard van het datalek",  # notification contents
    "geeft de verwerker naar keuze van de onderwijsinstelling alle persoonsgegevens terug",  # (g)
    "verwijdert",
    "alle informatie ter beschikking die nodig is om aan te tonen",  # (h)
    "audit",
    "advertenties",  # purpose limitation
    "commerciële profilering",
    "niet voor eigen doeleinden",
    "buiten de europese economische ruimte",  # transfers
    "modelcontractbepalingen",
    "aansprakelijk",
    "wijzigingsbijlage",
    "rangorde",  # conflicts
    "opzegtermijn van 3 maanden",  # termination
    "nederlands recht",
    "bevoegde rechter in het arrondissement",
    "ondertekening",
]

DEFINITIONS = [
    "digitaal onderwijsmiddel",
    "leerling",
    "privacybijsluiter",
    "beveiligingsbijlage",
    "subverwerker",
    "datalek",
    "inbreuk in verband met persoonsgegevens",
    "ecK iD (ketenid)",
]


@pytest.mark.parametrize("phrase", ARTICLE_28_PHRASES + DEFINITIONS)
def test_model_40_covers_every_required_topic(document_40, phrase):
    assert phrase.lower() in _text(document_40)


def test_model_40_definitions_are_all_defined(document_40):
    definitions = re.findall(r"<li><strong>([^<]+)</strong>", document_40)

    assert {
        "Digitaal Onderwijsmiddel",
        "Leerling",
        "Privacybijsluiter",
        "Beveiligingsbijlage",
        "Subverwerker",
        "Datalek",
        "ECK iD",
        "Wijzigingsbijlage",
    } <= set(definitions)


def _leaflet_values(product: dict) -> list[str]:
    """Every value of a product that its leaflet must show."""
    values = [product["name"], product["url"], product["description"], product["deletion_at_end"]]
    values += [product["rights_handling"], product["leaflet_version"], *product["users"]]
    values += product["target_groups"] + product["data_sources"] + product["certifications"]
    for group in product["data_groups"]:
        values.append(group["subject"])
        for category in group["categories"]:
            values += [category["name"], category["purpose"], category["retention"]]
    values += [v for purpose in product["purposes"] for v in purpose.values()]
    values += [v for row in product["access"] for v in row.values()]
    values += [v for sub in product["subprocessors"] for v in sub.values()]
    values += [v for transfer in product["transfers"] for v in transfer.values()]
    values += [v for row in product["retention"] for v in row.values()]
    return values + product["processing_locations"]


@pytest.mark.parametrize("context_name", ["sample", "edge case"])
@pytest.mark.parametrize("template_id", ["convenant-4.0", "convenant-3.0"])
def test_leaflet_shows_every_field(template_id, context_name):
    info = get_template(template_id, "1")
    context = sample_context() if context_name == "sample" else edge_case_context()
    context["agreement"].update(template_id=info.id, covenant_version=info.covenant_version)
    processor = context["processor"]

    for index, product in enumerate(context["products"]):
        leaflet = render_leaflet(info, context, index)
        text = _text(leaflet)
        for value in _leaflet_values(product):
            assert str(escape(value)) in leaflet, value
        for contact in (processor["privacy_contact"], processor["breach_contact"]):
            assert contact["email"] in leaflet and contact["name"] in leaflet
        assert processor["website"] in leaflet
        assert (
            "verwerking buiten de europese economische ruimte: "
            + ("ja" if product["outside_eea"] else "nee")
            in text
        )
        assert "bijlage 2 (beveiligingsbijlage)" in text
        assert ("verplicht" in text) and (
            "optioneel" in text
            or all(c["required"] for g in product["data_groups"] for c in g["categories"])
        )
        eck_line = "gebruikt dit digitaal onderwijsmiddel het eck id? " + (
            "ja" if product["eck_id"] else "nee"
        )
        assert eck_line in text  # 3.0 too since issue 12 (its article 3a)


def test_model_30_has_no_change_annex_and_no_chain_id_clause():
    info = get_template("convenant-3.0", "1")
    context = sample_context()
    context["agreement"].update(template_id=info.id, covenant_version="3.0")

    document = render_document(info, context)
    text = _text(document)

    assert "wijzigingsbijlage" not in text
    assert "ketenid" not in text
    assert "artikel 7 eck id" not in text
    assert context["deviations"][0]["text"].lower() not in text
    assert document.count('<section class="annex">') == 3  # two leaflets + security annex
    assert "model 3.0 versie 1" in text
    for phrase in [
        "schriftelijke instructies",
        "geheimhouding",
        "subverwerker",
        "datalek",
        "rechten van betrokkenen",
        "verwijdert",
        "audit",
        "nederlands recht",
    ]:
        assert phrase in text


def test_deviations_are_listed_or_explicitly_absent(document_40):
    info = get_template("convenant-4.0", "1")
    deviation = sample_context()["deviations"][0]

    assert str(escape(deviation["text"])) in document_40
    assert "geen afwijkingen" not in _text(document_40)
    edge = _text(render_document(info, edge_case_context()))
    assert (
        "partijen zijn geen afwijkingen van het model verwerkersovereenkomst overeengekomen" in edge
    )


def test_signature_page_shows_electronic_signatures_and_no_blank_lines(document_40):
    signatures = document_40.partition("<h1>Ondertekening</h1>")[2]
    text = _text(signatures)

    # The processor signed electronically; the school board has not signed yet.
    assert "naam: m. bakker functie: directeur tijdstip: 15 juli 2026 om 11:12" in text
    assert "ip-adres: 192.0.2.15" in text
    # Issue 12: no blank "Plaats/Datum ____" lines beside an electronic signature.
    assert '<div class="signature-line"></div>' not in signatures
    assert "naam: drs. e. voorbeeld functie: voorzitter college van bestuur" in text
    assert "plaats:" not in text and "____" not in text


def test_signature_page_without_signatures_names_who_signs_without_blank_lines():
    info = get_template("convenant-4.0", "1")
    document = render_document(info, edge_case_context())
    signatures = document.partition("<h1>Ondertekening</h1>")[2]

    assert signatures.count("Ondertekening elektronisch in het register") == 2
    assert "____" not in signatures
    assert "IP-adres:" not in signatures  # no signature record yet


def test_edge_case_renders_absent_values_explicitly():
    text = _text(render_document(get_template("convenant-4.0", "1"), edge_case_context()))

    assert "geldt voor onbepaalde tijd" in text
    assert "functionaris gegevensbescherming niet aangewezen niet aangewezen" in text
    assert "voor dit digitaal onderwijsmiddel worden geen subverwerkers ingeschakeld" in text
    assert "voorbeeldtoets rekenen & taal: doorgifte buiten de eer naar verenigd koninkrijk" in text
    assert "rio-code" not in text
    assert "none" not in text.split()
