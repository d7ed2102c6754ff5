"""One rule for search terms: every search box read from the address, asked with a NUL.

Before `register.characters.search_text`, five pickers and lists read their term with
`.strip()[:100]` and passed a NUL on to the query: PostgreSQL refuses it (a 500). Now every
term goes through it, which drops control characters, and the search runs for what is left.
"""

from __future__ import annotations

import pytest

from register.auth.models import UserRole
from register.characters import search_text

# (page, its search parameter): grep `search_text(`.
SEARCHES = [
    ("/gebruikers/", "q"),
    ("/organisaties/", "q"),
    ("/producten/", "q"),
    ("/producten/{product}/licenties/nieuw", "school"),
    ("/verwerkingen/", "q"),
    ("/overeenkomsten/", "school"),
    ("/overeenkomsten/nieuw", "q"),
    ("/overeenkomsten/zonder-overeenkomst", "school"),
    ("/verzoeken/nieuw", "school"),
]


def test_search_text_drops_control_characters_trims_and_caps():
    assert search_text(" \x00Duin\x07meer\t ") == "Duinmeer"
    assert search_text("a\u202eb 😀") == "a\u202eb 😀"
    assert search_text("x" * 500) == "x" * 100 and search_text("x" * 500, 200) == "x" * 200
    assert search_text(None) == "" and search_text(["lijst"]) == ""


@pytest.mark.parametrize(("page", "parameter"), SEARCHES)
def test_a_nul_in_a_search_term_searches_for_the_rest(
    client, auth, make_user, make_organisation, make_product, page, parameter
):
    make_organisation(name="Stichting Duinmeer")
    make_user(UserRole.PRIVACY, name="Medewerker Duinmeer")
    product = make_product()
    auth.login_as(make_user(UserRole.ADMIN))
    url = page.format(product=product.id)
    response = client.get(url, query_string={parameter: "\x00Duin\x00meer"})
    assert response.status_code == 200, url
    assert "Duinmeer" in response.text  # what it found, or the term as searched
