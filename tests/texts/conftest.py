"""Fixtures for the agreement-text tests: copies of shipped templates and tiny test templates."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from register.texts import TemplateInfo, get_template, render_document, sample_context
from register.texts.catalogue import DEFAULT_ROOT

MINIMAL_TOML = """\
id = "test"
version = "1"
title = "Testovereenkomst"
covenant_version = "4.0"
valid_from = 2026-01-01
language = "nl"
placeholders = ["agreement.number", "controller.name", "processor.name", "products[].name"]

[[annexes]]
number = 1
title = "Privacybijsluiter"
file = "annex-1.html.j2"
per_product = true
"""


@pytest.fixture
def copy_template(tmp_path: Path) -> Callable[[str, str], Path]:
    """Copy a shipped template version into ``tmp_path/agreements`` and return its folder."""

    def copy(template_id: str = "convenant-4.0", version: str = "1") -> Path:
        target = tmp_path / "agreements" / template_id / version
        shutil.copytree(DEFAULT_ROOT / template_id / version, target)
        return target

    return copy


@pytest.fixture
def make_template(tmp_path: Path) -> Callable[..., TemplateInfo]:
    """Write a minimal template (body ``body``, extra ``files``) and return its ``TemplateInfo``."""

    def make(body: str, files: dict[str, str] | None = None) -> TemplateInfo:
        folder = tmp_path / "minimal" / "test" / "1"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "template.toml").write_text(MINIMAL_TOML, encoding="utf-8")
        sources = {
            "agreement.html.j2": body,
            "annex-1.html.j2": "<p>{{ product.name }}</p>",
            "signatures.html.j2": "<p>{{ controller.name }} / {{ processor.name }}</p>",
        }
        sources.update(files or {})
        for name, text in sources.items():
            (folder / name).write_text(text, encoding="utf-8")
        return get_template("test", "1", root=tmp_path / "minimal")

    return make


def context_for(info: TemplateInfo, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """``context`` (default: the sample) with the template fields set to ``info``'s."""
    context = context if context is not None else sample_context()
    context["agreement"].update(
        template_id=info.id,
        template_version=info.version,
        covenant_version=info.covenant_version,
    )
    return context


@pytest.fixture
def render() -> Callable[..., str]:
    """Render a template with the sample context (or a given one) adapted to the template."""

    def render_(info: TemplateInfo, context: dict[str, Any] | None = None) -> str:
        return render_document(info, context_for(info, context))

    return render_


@pytest.fixture(scope="session")
def document_40() -> str:
    """The 4.0 agreement rendered once from the sample context."""
    return render_document(get_template("convenant-4.0", "1"), sample_context())
