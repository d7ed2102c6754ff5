"""Settings: REGISTER_* variables parsed to their types, and the README's table of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from register import create_app
from register.config import (
    ConfigurationError,
    Defaults,
    environment_variable,
    parse_settings,
    settings,
)

README = Path(__file__).resolve().parents[2] / "README.md"
_ROW = re.compile(r"^\| `(REGISTER_\w+)` \| (.+) \| (.+) \|$")


def _documented() -> dict[str, str]:
    """Variable → default column of the README's configuration table."""
    return {
        match[1]: match[3]
        for line in README.read_text().splitlines()
        if (match := _ROW.match(line))
    }


def _shown(value: object) -> str:
    """How the README writes a default."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, dict):
        return "`{" + ", ".join(f'"{k}": {_shown(v).strip("`")}' for k, v in value.items()) + "}`"
    return f"`{value}`"


def test_every_setting_is_documented_with_its_default():
    documented = _documented()
    expected = {environment_variable(name): _shown(value) for name, value in settings().items()}
    assert set(documented) == set(expected)
    for variable, default in expected.items():
        # "none" may be followed by what the application then uses, in brackets.
        assert documented[variable].split(" (")[0] == default, variable


def test_values_are_parsed_to_the_settings_types():
    parsed = parse_settings(
        {
            "DATABASE_URL": "postgresql://db/x",
            "ENV": "development",
            "SESSION_COOKIE_SECURE": "yes",
            "RATELIMIT_HEADERS_ENABLED": "0",
            "IDLE_TIMEOUT_MINUTES": "15",
            "SECRET_KEY": "12345",
            "SEAL_KEY_FILE": "",
            "SQLALCHEMY_ENGINE_OPTIONS": '{"pool_size": 5}',
            "LOGIN_RATE_LIMIT_IP": "10 per minute",
            "RATELIMIT_ENABLED": "false",
            "SOMETHING_ELSE": "x",
            "SOME_FLAG": "false",
            "SOME_NUMBER": "5",
        }
    )
    assert parsed == {
        "SQLALCHEMY_DATABASE_URI": "postgresql://db/x",
        "REGISTER_ENV": "development",
        "SESSION_COOKIE_SECURE": True,
        "RATELIMIT_HEADERS_ENABLED": False,
        "IDLE_TIMEOUT_MINUTES": 15,
        "SECRET_KEY": "12345",  # a string, even when it looks like a number
        "SEAL_KEY_FILE": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 5},
        "LOGIN_RATE_LIMIT_IP": "10 per minute",
        "RATELIMIT_ENABLED": False,
        # Not ours: read as Flask reads them (JSON where it is JSON, else the string).
        "SOMETHING_ELSE": "x",
        "SOME_FLAG": False,
        "SOME_NUMBER": 5,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [("PAGE_SIZE", "many"), ("SESSION_COOKIE_SECURE", "maybe"), ("PROXY_COUNT", "1.5")],
)
def test_a_value_that_does_not_parse_names_the_variable(name, value):
    with pytest.raises(ConfigurationError, match=f"REGISTER_{name}="):
        parse_settings({name: value})


def test_the_environment_reaches_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTER_PAGE_SIZE", "7")
    monkeypatch.setenv("REGISTER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("REGISTER_EXCHANGE_STAGING_DIR", str(tmp_path / "staging"))
    app = create_app({"TESTING": True})
    assert app.config["PAGE_SIZE"] == 7
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'x.db'}"
    assert app.config["EXCHANGE_STAGING_DIR"] == str(tmp_path / "staging")
    assert "DATABASE_URL" not in app.config


def test_defaults_are_all_annotated():
    """An unannotated setting would be missed by the parser and by the README check."""
    names = {name for name in vars(Defaults) if name.isupper()}
    assert names == set(settings())


def test_rate_limits_are_turned_off_by_the_environment(monkeypatch, tmp_path):
    """`REGISTER_RATELIMIT_ENABLED=false` was read as the string "false", which is true: the
    limiter stayed on (a benchmark that turned it off measured it all the same)."""
    monkeypatch.setenv("REGISTER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("REGISTER_RATELIMIT_ENABLED", "false")
    app = create_app({"TESTING": True})
    assert app.config["RATELIMIT_ENABLED"] is False
    checks = [f.__qualname__ for f in app.before_request_funcs.get(None, [])]
    assert not any(name.startswith("Limiter.") for name in checks), checks
    monkeypatch.delenv("REGISTER_RATELIMIT_ENABLED")
    app = create_app({"TESTING": True})
    checks = [f.__qualname__ for f in app.before_request_funcs.get(None, [])]
    assert any(name.startswith("Limiter.") for name in checks), checks
