"""The application factory, configuration and the headers on every response."""

import pytest

from register import create_app
from register.config import ConfigurationError


def test_refuses_production_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("REGISTER_SECRET_KEY", raising=False)
    monkeypatch.delenv("REGISTER_ENV", raising=False)
    with pytest.raises(ConfigurationError, match="REGISTER_SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})


def test_development_mode_keeps_a_generated_key(tmp_path, monkeypatch):
    monkeypatch.delenv("REGISTER_SECRET_KEY", raising=False)
    monkeypatch.setenv("REGISTER_ENV", "development")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = create_app({"SQLALCHEMY_DATABASE_URI": url}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": url}).config["SECRET_KEY"]
    assert len(first) == 64
    assert first == second


def test_postgres_url_uses_psycopg3():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "postgresql://user@localhost/x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://user@localhost/x"


def test_security_headers_on_pages(client):
    response = client.get("/aanmelden")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_over_https(client):
    response = client.get("/aanmelden", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_static_files_may_be_cached(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_unknown_url_is_a_dutch_404_page(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)


def test_session_cookie_is_https_only_in_production(tmp_path, monkeypatch):
    monkeypatch.delenv("REGISTER_SESSION_COOKIE_SECURE", raising=False)
    url = f"sqlite:///{tmp_path / 'x.db'}"
    production = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "k" * 32})
    development = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "k" * 32, "REGISTER_ENV": "development"}
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert development.config["SESSION_COOKIE_SECURE"] is False
