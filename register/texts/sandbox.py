"""Render agreement templates in a sandboxed Jinja environment.

The environment is an ``ImmutableSandboxedEnvironment`` with autoescape and
``StrictUndefined``. Its loader serves only the files of the template's own version folder,
read into memory once per render and checked against the template's ``sha256``, so what is
rendered is exactly what the hash identifies. Templates cannot reach the file system.

Compiling the templates is most of the cost of a render, so the environment (with its
compiled templates) is kept per hash of the files it was built from: a render still reads
and checks the folder, and reuses the compiled templates only when the files are the same.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .catalogue import Annex, TemplateInfo, hash_files, read_folder
from .errors import InvalidContext, TemplateChanged, TextsError, UnknownProduct
from .filters import FILTERS
from .parts import SHARED_AGREEMENT_KEYS, DocumentParts, Segment
from .schema import validate_context

BODY_FILE = "agreement.html.j2"
SIGNATURES_FILE = "signatures.html.j2"

_ANNEX = Markup('<section class="annex">\n{}</section>\n')
_SIGNATURES = Markup('<div class="page-break"></div>\n<section class="signatures">\n{}</section>\n')
_COVER = Markup('<section class="cover">\n{}</section>\n')
_LEAFLET = Markup('<main class="leaflet">\n{}</main>\n')

# Environments by the hash of their sources (a few versions are in use at a time).
_ENVIRONMENTS: OrderedDict[str, ImmutableSandboxedEnvironment] = OrderedDict()
_ENVIRONMENTS_KEPT = 8
_environments_lock = threading.Lock()


class _SourceLoader(BaseLoader):
    """Serves in-memory sources; the template name doubles as its filename in tracebacks."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = dict(sources)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template not in self._sources:
            raise TemplateNotFound(template)
        return self._sources[template], template, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self._sources)


def read_sources(info: TemplateInfo) -> dict[str, str]:
    """The ``.j2`` files of the template's folder, after checking the folder's hash."""
    contents = read_folder(info.path)
    actual = hash_files(contents)
    if actual != info.sha256:
        raise TemplateChanged(info.key, info.sha256, actual)
    return {name: data.decode("utf-8") for name, data in contents.items() if name.endswith(".j2")}


def environment_for(info: TemplateInfo) -> ImmutableSandboxedEnvironment:
    """The environment over the template's checked files, compiled once per distinct files."""
    sources = read_sources(info)  # raises TemplateChanged unless the files match info.sha256
    with _environments_lock:
        env = _ENVIRONMENTS.get(info.sha256)
        if env is not None:
            _ENVIRONMENTS.move_to_end(info.sha256)
            return env
    env = make_environment(sources)
    with _environments_lock:
        _ENVIRONMENTS[info.sha256] = env
        while len(_ENVIRONMENTS) > _ENVIRONMENTS_KEPT:
            _ENVIRONMENTS.popitem(last=False)
    return env


def make_environment(sources: Mapping[str, str]) -> ImmutableSandboxedEnvironment:
    """A sandboxed, autoescaping, strict environment over the given sources only."""
    env = ImmutableSandboxedEnvironment(
        loader=_SourceLoader(sources),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_refuse_none,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


def _refuse_none(value: Any) -> Any:
    # "None" must never be printed into a legal text: optional values need an explicit branch.
    if value is None:
        raise UndefinedError("a value printed by the template is None; handle it with {% if %}")
    return value


def render_document(info: TemplateInfo, context: Mapping[str, Any]) -> str:
    """The complete HTML document: body, each annex in a ``section.annex``, signature page."""
    return document_parts(info, context).full_html()


def render_leaflet(info: TemplateInfo, context: Mapping[str, Any], product_index: int) -> str:
    """A standalone HTML document with the Privacybijsluiter of one product."""
    return leaflet_parts(info, context, product_index).full_html()


def document_parts(info: TemplateInfo, context: Mapping[str, Any]) -> DocumentParts:
    """The agreement as segments: [cover,] body, each annex, signature page (see ``parts``).

    With a cover, the body and the annexes not ``per_agreement`` are rendered from the
    shared context: a shared segment that prints anything of one agreement fails here.
    """
    _require_valid(info, context)
    env = environment_for(info)
    shared = _shared_context(context) if info.cover else None
    segments = []
    if info.cover:
        cover = _render(env, info.cover, context)
        segments.append(Segment("cover", _COVER.format(cover), cover, shared=False))
    body = _render_shared(env, BODY_FILE, shared) if shared else _render(env, BODY_FILE, context)
    segments.append(Segment("body", body, body, shared=shared is not None))
    for annex in sorted(info.annexes, key=lambda annex: annex.number):
        own = shared is None or annex.per_agreement
        source = context if shared is None or own else shared
        for name, variables in _annex_variables(annex, source):
            content = (_render if own else _render_shared)(env, annex.file, variables)
            segments.append(Segment(name, _ANNEX.format(content), content, shared=not own))
    signatures = _render(env, SIGNATURES_FILE, context)
    segments.append(Segment("signatures", _SIGNATURES.format(signatures), signatures, False))
    agreement, controller, processor = (
        context["agreement"],
        context["controller"],
        context["processor"],
    )
    products = ", ".join(product["name"] for product in context["products"])
    return DocumentParts(
        title=agreement["title"],
        author=processor["name"],
        description=(
            f"Verwerkersovereenkomst {agreement['number']} tussen {controller['name']} "
            f"(verwerkingsverantwoordelijke) en {processor['name']} (verwerker) voor {products}"
        ),
        doc_ref=_doc_ref(info, context),
        segments=tuple(segments),
    )


def leaflet_parts(
    info: TemplateInfo, context: Mapping[str, Any], product_index: int
) -> DocumentParts:
    """The Privacybijsluiter of one product as a document of one segment.

    The segment has the name of that annex in ``document_parts``, so a shared leaflet is
    the same pages as the annex in the agreement.
    """
    _require_valid(info, context)
    products = context["products"]
    if not 0 <= product_index < len(products):
        raise UnknownProduct(product_index, len(products))
    annex = leaflet_annex(info)
    product = products[product_index]
    env = environment_for(info)
    shared = info.cover is not None
    variables = {
        **(_shared_context(context) if shared else context),
        "product": product,
        "product_index": product_index,
    }
    content = (_render_shared if shared else _render)(env, annex.file, variables)
    segment = Segment(
        _annex_name(annex, product_index), _LEAFLET.format(content), content, shared=shared
    )
    processor = context["processor"]
    return DocumentParts(
        title=f"{annex.title} {product['name']} — {processor['name']}",
        author=processor["name"],
        description=(
            f"{annex.title} van {product['name']} (versie {product['leaflet_version']}) bij "
            f"verwerkersovereenkomst {context['agreement']['number']}"
        ),
        doc_ref=f"{_doc_ref(info, context)} · Bijlage {annex.number} {product['name']}",
        segments=(segment,),
    )


def _shared_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """What a shared segment may use: the same for every agreement of a text and products."""
    agreement = context["agreement"]
    return {
        "agreement": {key: agreement[key] for key in SHARED_AGREEMENT_KEYS},
        "processor": context["processor"],
        "products": context["products"],
        "security": context["security"],
    }


def leaflet_annex(info: TemplateInfo) -> Annex:
    """The per-product annex (the Privacybijsluiter) of a template."""
    for annex in info.annexes:
        if annex.per_product:
            return annex
    raise TextsError(f"agreement template {info.key} has no per-product annex")


def _annex_variables(
    annex: Annex, context: Mapping[str, Any]
) -> list[tuple[str, Mapping[str, Any]]]:
    if not annex.per_product:
        return [(_annex_name(annex), context)]
    return [
        (_annex_name(annex, index), {**context, "product": product, "product_index": index})
        for index, product in enumerate(context["products"])
    ]


def _annex_name(annex: Annex, product_index: int | None = None) -> str:
    if product_index is None:
        return f"annex-{annex.number}"
    return f"annex-{annex.number}-{product_index + 1}"


def _render(env: ImmutableSandboxedEnvironment, name: str, variables: Mapping[str, Any]) -> Markup:
    # The output of an autoescaping template is safe HTML by construction.
    return Markup(env.get_template(name).render(variables))  # noqa: S704


def _render_shared(
    env: ImmutableSandboxedEnvironment, name: str, variables: Mapping[str, Any]
) -> Markup:
    try:
        return _render(env, name, variables)
    except UndefinedError as error:
        # Same exception and traceback (the check reports its template line), with a hint.
        error.args = (f"{error.message}; {_SHARED_HINT}", *error.args[1:])
        raise


_SHARED_HINT = (
    "deze tekst is gedeeld door alle overeenkomsten met dezelfde producten en kent alleen "
    "processor, products, security en agreement.template_id, .template_version en "
    ".covenant_version; wat één overeenkomst betreft (school, nummer, data, contactpersonen) "
    "hoort op het voorblad"
)


def _doc_ref(info: TemplateInfo, context: Mapping[str, Any]) -> str:
    number = context["agreement"]["number"]
    return f"{number} · Model {info.covenant_version} versie {info.version}"


def _require_valid(info: TemplateInfo, context: Mapping[str, Any]) -> None:
    problems = validate_context(context)
    if not problems:
        agreement = context["agreement"]
        expected = {
            "template_id": info.id,
            "template_version": info.version,
            "covenant_version": info.covenant_version,
        }
        problems = [
            f"agreement.{key} is {agreement[key]!r}, maar de template heeft {value!r}"
            for key, value in expected.items()
            if agreement[key] != value
        ]
    if problems:
        raise InvalidContext(problems)
