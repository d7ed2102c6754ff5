"""Discover the agreement templates in the top-level ``agreements/`` folder.

Layout: ``<root>/<template-id>/<version>/template.toml`` plus the template's Jinja files.
Folders whose name starts with ``_`` or ``.`` are not templates. A template is identified by
id + version + ``sha256``, a hash over the sorted file names and contents of its folder.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from register.config import package_folder

from .errors import InvalidTemplate, UnknownTemplate

DEFAULT_ROOT = package_folder("agreements")
METADATA_FILE = "template.toml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Annex:
    """One annex of an agreement; ``per_product`` annexes are rendered once per product.

    ``per_agreement`` annexes hold this one agreement's particulars (e.g. the agreed
    deviations); in a template with a cover the other annexes are shared (see ``sandbox``).
    """

    number: int
    title: str
    file: str
    per_product: bool = False
    per_agreement: bool = False


@dataclass(frozen=True)
class TemplateInfo:
    """Metadata of one template version, as read from its folder."""

    id: str
    version: str
    title: str
    covenant_version: str
    valid_from: date
    language: str
    annexes: tuple[Annex, ...]
    placeholders: tuple[str, ...]
    files: tuple[str, ...]
    sha256: str
    path: Path
    # The file with everything particular to one agreement (parties, licences, term,
    # contacts); with it, the body and the annexes not ``per_agreement`` are shared.
    cover: str | None = None

    @property
    def key(self) -> str:
        """``<id>/<version>``, the name used in reports."""
        return f"{self.id}/{self.version}"


def list_templates(root: Path | None = None) -> list[TemplateInfo]:
    """All templates under ``root`` (default: the project's ``agreements/`` folder).

    Raises ``InvalidTemplate`` when a folder's metadata cannot be read: ``check_all()``
    reports such folders instead of raising.
    """
    return [load_template(folder) for folder in template_folders(root)]


def get_template(template_id: str, version: str, root: Path | None = None) -> TemplateInfo:
    """The template ``template_id`` version ``version``, or ``UnknownTemplate``."""
    version = str(version)
    if not (_NAME.match(template_id) and _NAME.match(version)) or ".." in template_id + version:
        raise UnknownTemplate(template_id, version)
    folder = (root or DEFAULT_ROOT) / template_id / version
    if not (folder / METADATA_FILE).is_file():
        raise UnknownTemplate(template_id, version)
    return load_template(folder)


def template_folders(root: Path | None = None) -> list[Path]:
    """The version folders under ``root`` that hold a ``template.toml``, sorted."""
    base = root or DEFAULT_ROOT
    if not base.is_dir():
        return []
    return sorted(
        version
        for template in base.iterdir()
        if template.is_dir() and not template.name.startswith(("_", "."))
        for version in template.iterdir()
        if version.is_dir() and (version / METADATA_FILE).is_file()
    )


def load_template(folder: Path) -> TemplateInfo:
    """Read one version folder; ``InvalidTemplate`` if its metadata is unusable."""
    try:
        meta = tomllib.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidTemplate(folder, [f"{METADATA_FILE} is onleesbaar: {exc}"]) from exc
    problems: list[str] = []
    text = {key: _string(meta, key, problems) for key in _TEXT_KEYS}
    valid_from = _date(meta, problems)
    annexes = _annexes(meta, problems)
    placeholders = _placeholders(meta, problems)
    cover = meta.get("cover")
    if cover is not None and not isinstance(cover, str):
        problems.append(
            f"{METADATA_FILE}: 'cover' is geen tekst (de bestandsnaam van het voorblad)"
        )
        cover = None
    if problems:
        raise InvalidTemplate(folder, problems)
    contents = read_folder(folder)
    return TemplateInfo(
        **text,
        valid_from=valid_from,
        annexes=annexes,
        placeholders=placeholders,
        files=tuple(contents),
        sha256=hash_files(contents),
        path=folder,
        cover=cover,
    )


def read_folder(folder: Path) -> dict[str, bytes]:
    """Relative POSIX name -> bytes of every regular file in the folder, sorted.

    Hidden files (a name part starting with ``.``) and symbolic links are not part of a
    template: they are neither hashed nor loaded.
    """
    files = {
        path.relative_to(folder).as_posix(): path
        for path in folder.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }
    return {name: files[name].read_bytes() for name in sorted(files)}


def hash_files(contents: dict[str, bytes]) -> str:
    """SHA-256 over the sorted names and contents (length-prefixed, so unambiguous)."""
    digest = hashlib.sha256()
    for name in sorted(contents):
        encoded = name.encode("utf-8")
        data = contents[name]
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


# The `TemplateInfo` fields read as plain text from template.toml.
_TEXT_KEYS = ("id", "version", "title", "covenant_version", "language")


def _string(meta: dict[str, Any], key: str, problems: list[str]) -> str:
    value = meta.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool) and key == "version":
        value = str(value)
    if not isinstance(value, str):
        problems.append(f"{METADATA_FILE}: '{key}' ontbreekt of is geen tekst")
        return ""
    return value


def _date(meta: dict[str, Any], problems: list[str]) -> date:
    value = meta.get("valid_from")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{METADATA_FILE}: 'valid_from' ontbreekt of is geen datum (JJJJ-MM-DD)")
    return date.min


def _annexes(meta: dict[str, Any], problems: list[str]) -> tuple[Annex, ...]:
    raw = meta.get("annexes")
    if not isinstance(raw, list):
        problems.append(f"{METADATA_FILE}: 'annexes' ontbreekt of is geen lijst ([[annexes]])")
        return ()
    annexes = []
    for index, item in enumerate(raw, start=1):
        ok = (
            isinstance(item, dict)
            and isinstance(item.get("number"), int)
            and isinstance(item.get("title"), str)
            and isinstance(item.get("file"), str)
            and isinstance(item.get("per_product", False), bool)
            and isinstance(item.get("per_agreement", False), bool)
            and not (item.get("per_product") and item.get("per_agreement"))
        )
        if not ok:
            problems.append(
                f"{METADATA_FILE}: bijlage {index} heeft niet de velden number (getal), "
                "title (tekst), file (tekst) en eventueel per_product of per_agreement "
                "(true/false, niet allebei)"
            )
            continue
        annexes.append(
            Annex(
                item["number"],
                item["title"],
                item["file"],
                item.get("per_product", False),
                item.get("per_agreement", False),
            )
        )
    return tuple(annexes)


def _placeholders(meta: dict[str, Any], problems: list[str]) -> tuple[str, ...]:
    raw = meta.get("placeholders")
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems.append(f"{METADATA_FILE}: 'placeholders' ontbreekt of is geen lijst van teksten")
        return ()
    return tuple(raw)
