"""HTTP tests of products: list, detail with licences, create, edit, validation, access."""

from __future__ import annotations

import sqlalchemy as sa

from register.auth.models import UserRole
from register.extensions import db
from register.products.models import Product, ProductKind
from tests.products.conftest import product_form


def _products(app):
    with app.app_context():
        return db.session.scalars(sa.select(Product).order_by(Product.id)).all()


def test_create_product(app, client, staff):
    response = client.post("/producten/nieuw", data=product_form())
    assert response.status_code == 302
    [product] = _products(app)
    assert (product.code, product.kind, product.target_groups, product.uses_eck_id) == (
        "DOENIN",
        ProductKind.LEARNING_PRODUCT,
        "PO VO",
        True,
    )
    assert product.target_group_list == ["PO", "VO"]


def test_list_and_detail(client, staff, make_product, make_organisation, make_licence):
    product = make_product(code="SVA", name="Scholing voor Arbeid (SVA)", target_groups="VO MBO")
    make_product(code="OUD", name="Oud product", is_active=False)
    school = make_organisation(name="ROC Brugzijl")
    make_licence(school, product)
    text = client.get("/producten/").get_data(as_text=True)
    assert "Scholing voor Arbeid (SVA)" in text and "Oud product" not in text
    assert "Oud product" in client.get("/producten/?status=inactief").get_data(as_text=True)
    assert client.get("/producten/?sort=%00&page=x&status=?").status_code == 200
    detail = client.get(f"/producten/{product.id}").get_data(as_text=True)
    assert "ROC Brugzijl" in detail and "VO, MBO" in detail
    assert client.get("/producten/424242").status_code == 404


def test_product_list_uses_a_fixed_number_of_queries(app, client, staff, make_organisation):
    with app.app_context():
        products = [
            Product(code=f"P{n}", name=f"Product {n}", kind=ProductKind.LEARNING_PRODUCT)
            for n in range(30)
        ]
        db.session.add_all(products)
        db.session.commit()
    statements = []

    def count(conn, cursor, statement, *args):
        if "product" in statement:
            statements.append(statement)

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            text = client.get("/producten/").get_data(as_text=True)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
    assert "30 resultaten" in text
    assert len(statements) == 2


def test_validation_messages_keep_the_input(app, client, staff, make_product):
    make_product(code="DOENIN", name="Bestaand")
    response = client.post(
        "/producten/nieuw",
        data=product_form(code="doenin", name="Nieuw", url="www.zonder-schema.nl"),
    )
    text = response.get_data(as_text=True)
    assert "https://" in text  # the URL message
    assert 'value="Nieuw"' in text
    assert len(_products(app)) == 1
    response = client.post("/producten/nieuw", data=product_form(code="doenin", name="Nieuw"))
    assert "De code doenin is al in gebruik bij product Bestaand." in response.get_data(
        as_text=True
    )
    response = client.post(
        "/producten/nieuw", data=product_form(code="met spatie", target_groups=["HBO"])
    )
    text = response.get_data(as_text=True)
    assert "zonder spaties" in text and "is een ongeldige keuze voor dit veld" in text
    assert len(_products(app)) == 1


def test_edit_and_stale_edit(app, client, staff, make_product):
    product = make_product(code="SVA", name="SVA")
    response = client.post(
        f"/producten/{product.id}/bewerken",
        data=product_form(code="SVA", name="Scholing voor Arbeid", version="1"),
    )
    assert response.status_code == 302
    assert _products(app)[0].name == "Scholing voor Arbeid"
    stale = client.post(
        f"/producten/{product.id}/bewerken",
        data=product_form(code="SVA", name="Oude weergave", version="1"),
    )
    assert stale.status_code == 409 and 'value="Oude weergave"' in stale.get_data(as_text=True)
    assert _products(app)[0].name == "Scholing voor Arbeid"


def test_deactivate_and_reactivate(app, client, staff, make_product):
    product = make_product()
    client.post(f"/producten/{product.id}/deactiveren", data={"version": "1"})
    assert _products(app)[0].is_active is False
    client.post(f"/producten/{product.id}/activeren", data={"version": "2"})
    assert _products(app)[0].is_active is True


def test_auditor_reads_but_cannot_post(app, client, auth, make_user, make_product):
    product = make_product(name="Alleen lezen")
    auth.login_as(make_user(UserRole.AUDITOR))
    assert "Alleen lezen" in client.get(f"/producten/{product.id}").get_data(as_text=True)
    assert client.post("/producten/nieuw", data=product_form()).status_code == 403
    assert (
        client.post(f"/producten/{product.id}/bewerken", data=product_form(version="1")).status_code
        == 403
    )
    assert client.post(f"/producten/{product.id}/licenties/nieuw", data={}).status_code == 403
    assert [p.name for p in _products(app)] == ["Alleen lezen"]


def test_contract_manager_gets_403(client, auth, make_user, make_organisation, make_product):
    school = make_organisation()
    product = make_product()
    auth.login_as(make_user(UserRole.CONTRACT_MANAGER, organisations=[school]))
    for url in ("/producten/", f"/producten/{product.id}", "/producten/nieuw"):
        assert client.get(url).status_code == 403, url


def test_leaflet_fields_are_saved_and_shown(app, client, staff):
    data = product_form(
        access="Leraar: voortgang van de eigen groepen\n\nSchoolbeheerder\n",
        certifications="ISO/IEC 27001:2022\n NEN 7510 ",
    )
    assert client.post("/producten/nieuw", data=data).status_code == 302
    [product] = _products(app)
    assert product.access_list == [
        {"who": "Leraar", "what": "voortgang van de eigen groepen"},
        {"who": "Schoolbeheerder", "what": ""},
    ]
    assert product.certification_list == ["ISO/IEC 27001:2022", "NEN 7510"]
    detail = client.get(f"/producten/{product.id}").text
    assert "Leraar: voortgang van de eigen groepen" in detail and "NEN 7510" in detail
    # A control character is refused in these lines as in every text field.
    data["access"] = "Leraar\x00: alles"
    data["code"], data["name"] = "ANDER", "Ander product"
    response = client.post("/producten/nieuw", data=data)
    assert "Dit veld bevat ongeldige tekens." in response.text
    assert len(_products(app)) == 1
