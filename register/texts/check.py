"""Check agreement templates: metadata, placeholders, syntax, and renders of the samples.

``check_all()`` is what ``flask agreements check`` runs; ``format_report()`` turns its
result into the text such a command prints.
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, meta
from markupsafe import escape

from .catalogue import METADATA_FILE, TemplateInfo, load_template, template_folders
from .errors import InvalidTemplate, TextsError
from .sample import edge_case_context, sample_context
from .sandbox import (
    BODY_FILE,
    SIGNATURES_FILE,
    make_environment,
    read_sources,
    render_document,
    render_leaflet,
)
from .schema import PER_PRODUCT_VARIABLES, TOP_LEVEL_KEYS, known_paths
from .structure import structure_problems

SAMPLES: tuple[tuple[str, Callable[[], dict[str, Any]]], ...] = (
    ("voorbeeldcontext", sample_context),
    ("randgevallencontext", edge_case_context),
)


def check_all(root: Path | None = None) -> dict[str, list[str]]:
    """``<id>/<version>`` -> Dutch problems (empty list: fine) for every template folder."""
    folders = template_folders(root)
    if not folders:
        return {str(root or "agreements"): ["Geen templates gevonden (map met template.toml)."]}
    results: dict[str, list[str]] = {}
    for folder in folders:
        key = f"{folder.parent.name}/{folder.name}"
        try:
            results[key] = check_template(load_template(folder))
        except InvalidTemplate as exc:
            results[key] = exc.problems
    return results


def format_report(results: Mapping[str, list[str]]) -> str:
    """Plain-text report of ``check_all()``: one line per template plus its problems."""
    lines = []
    for key, problems in results.items():
        lines.append(
            f"{key}: {'in orde' if not problems else f'{len(problems)} probleem/problemen'}"
        )
        lines += [f"  - {problem}" for problem in problems]
    return "\n".join(lines)


def check_template(info: TemplateInfo) -> list[str]:
    """Dutch descriptions of everything wrong with one template (empty list: fine)."""
    problems = _metadata_problems(info) + _placeholder_problems(info)
    missing = _missing_files(info)
    try:
        sources = read_sources(info)
    except (TextsError, UnicodeDecodeError) as exc:
        return [*problems, *missing, f"De bestanden zijn niet te lezen: {exc}"]
    problems += missing + _source_problems(info, sources)
    if problems:  # rendering would only repeat these problems less precisely
        return problems
    for label, build in SAMPLES:
        problems += _render_problems(info, label, _for_template(build(), info))
    return problems


def _metadata_problems(info: TemplateInfo) -> list[str]:
    problems = []
    folder_id, folder_version = info.path.parent.name, info.path.name
    if info.id != folder_id:
        problems.append(f"{METADATA_FILE}: id {info.id!r} wijkt af van de mapnaam {folder_id!r}")
    if info.version != folder_version:
        problems.append(
            f"{METADATA_FILE}: version {info.version!r} wijkt af van de mapnaam {folder_version!r}"
        )
    for field in ("title", "covenant_version"):
        if not getattr(info, field).strip():
            problems.append(f"{METADATA_FILE}: '{field}' is leeg")
    if info.language != "nl":
        problems.append(f"{METADATA_FILE}: language is {info.language!r}, verwacht 'nl'")
    numbers = [annex.number for annex in info.annexes]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.append(f"{METADATA_FILE}: bijlagen moeten doorlopend vanaf 1 genummerd zijn")
    if sum(annex.per_product for annex in info.annexes) != 1:
        problems.append(f"{METADATA_FILE}: precies één bijlage moet per_product = true hebben")
    problems += [
        f"{METADATA_FILE}: bijlage {annex.number} ({annex.file!r}) moet een .j2-bestand zijn"
        for annex in info.annexes
        if not annex.file.endswith(".j2")
    ]
    return problems


def _missing_files(info: TemplateInfo) -> list[str]:
    required = [(f"Bijlage {a.number} ({a.title})", a.file) for a in info.annexes]
    required += [("Hoofdtekst", BODY_FILE), ("Ondertekening", SIGNATURES_FILE)]
    if info.cover:
        required.append(("Voorblad", info.cover))
    return [
        f"{label}: bestand {name!r} ontbreekt in {info.key}"
        for label, name in required
        if name not in info.files
    ]


def _placeholder_problems(info: TemplateInfo) -> list[str]:
    known = known_paths()
    problems = [
        f"{METADATA_FILE}: placeholder {path!r} bestaat niet in het contextschema"
        for path in info.placeholders
        if path not in known
    ]
    if not info.placeholders:
        problems.append(f"{METADATA_FILE}: 'placeholders' is leeg")
    return problems


def _source_problems(info: TemplateInfo, sources: Mapping[str, str]) -> list[str]:
    """Syntax errors and variables outside the schema or the declared placeholders."""
    env = make_environment(sources)
    declared = {_root(path) for path in info.placeholders}
    per_product = {annex.file for annex in info.annexes if annex.per_product}
    problems = []
    for name, source in sources.items():
        try:
            env.get_template(name)
            used = meta.find_undeclared_variables(env.parse(source, name))
        except TemplateSyntaxError as exc:
            problems.append(f"{name}, regel {exc.lineno}: syntaxfout: {exc.message}")
            continue
        allowed = set(TOP_LEVEL_KEYS) | set(env.globals)
        if name in per_product or name.startswith("_"):
            allowed |= PER_PRODUCT_VARIABLES
        for variable in sorted(used):
            if variable not in allowed:
                problems.append(f"{name}: variabele {variable!r} staat niet in het contextschema")
                continue
            root = "products" if variable in PER_PRODUCT_VARIABLES else variable
            if root in TOP_LEVEL_KEYS and root not in declared:
                problems.append(
                    f"{name}: gebruikt {variable!r}, maar 'placeholders' in {METADATA_FILE} "
                    f"noemt niets onder {root!r}"
                )
    return problems


def _render_problems(info: TemplateInfo, label: str, context: dict[str, Any]) -> list[str]:
    try:
        html = render_document(info, context)
        leaflets = [render_leaflet(info, context, i) for i in range(len(context["products"]))]
    except Exception as exc:  # any failure is a finding, reported with its template line
        return [f"Weergave met de {label} mislukt{_location(exc)}: {type(exc).__name__}: {exc}"]
    problems = [f"{label}: {problem}" for problem in structure_problems(html)]
    body = html.partition("<body>")[2]  # the <head> metadata does not count
    names = [context["controller"]["name"], context["processor"]["name"]]
    names += [product["name"] for product in context["products"]]
    problems += [
        f"{label}: de naam {name!r} komt niet in het document voor"
        for name in names
        if str(escape(name)) not in body
    ]
    expected = sum(len(context["products"]) if a.per_product else 1 for a in info.annexes)
    found = html.count('<section class="annex">')
    if found != expected:
        problems.append(f"{label}: {found} bijlagen in het document, verwacht {expected}")
    for product, leaflet in zip(context["products"], leaflets, strict=True):
        if str(escape(product["name"])) not in leaflet:
            problems.append(f"{label}: de privacybijsluiter mist de naam {product['name']!r}")
    return problems


def _location(exc: BaseException) -> str:
    """`` (agreement.html.j2, regel 12)`` from the innermost template frame, if any."""
    frames = [
        frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.endswith(".j2")
    ]
    if not frames:
        return ""
    return f" ({frames[-1].filename}, regel {frames[-1].lineno})"


def _for_template(context: dict[str, Any], info: TemplateInfo) -> dict[str, Any]:
    context = copy.deepcopy(context)
    context["agreement"].update(
        template_id=info.id,
        template_version=info.version,
        covenant_version=info.covenant_version,
    )
    return context


def _root(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]
