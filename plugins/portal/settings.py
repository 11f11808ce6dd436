"""A portal's settings, validated once into a typed object.

Settings come from a Pelican-style settings file (a plain dict of its
upper-case names), so the command line and the Pelican adapter share
them. As MkDocs does with its configuration, every value is checked
against a schema (``SETTINGS``, by the validator front matter and data
files use) and every problem is collected before stopping: each names
the settings file and line, what was expected and the valid choices,
and an unknown ``PORTAL_*`` name gets the nearest known one. Nothing
else reads raw settings values: a typo cannot silently mean a default.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogs import CatalogLayout
from .languages import Languages, load_languages
from .limits import PAGE_SECONDS
from .problems import PortalError, ProblemLog
from .schema import Field, Schema, validate_record
from .yamlnodes import Located, locate

PREFIX = "PORTAL_"
INTERNAL = ("PORTAL_SETTINGS_FILE", "PORTAL_CACHE_PATH", "PORTAL_PREVIOUS_OUTPUT", "PORTAL_ENVIRONMENT_KEY",
            "PORTAL_BUILD_PART", "PORTAL_KEEP_GOING")
SETTINGS = Schema("setting", {
    # Pelican's own settings that the portal reads too
    "PATH": Field("string", hint="the content folder, relative to the settings file"),
    "THEME": Field("string", hint="the theme folder (with templates/ and static/)"),
    "SITEURL": Field("any"),
    "RELATIVE_URLS": Field("bool"),
    "STATIC_PATHS": Field("string", many=True, hint="folders of content/ copied as they are, like 'images'"),
    # the portal's
    "PORTAL_SETTINGS_FILE": Field("string"),
    "PORTAL_TRANSLATIONS": Field("string", hint="the catalogs folder, relative to the settings file"),
    "PORTAL_SOURCE_LANGUAGE": Field("string", hint="the code of the language editors write in, like 'ko'"),
    "PORTAL_LANGUAGES": Field("any"),  # checked entry by entry by languages.load_languages
    "PORTAL_FEED_SECTIONS": Field("id", many=True, hint="section folders whose pages get an Atom feed"),
    "PORTAL_WORKERS": Field("count", hint="a number of processes, or None for one per core"),
    "PORTAL_DIRECTORY_SECTION": Field("id", hint="the section folder of the service points directory"),
    "PORTAL_COMMUNITIES_SECTION": Field("id", hint="the section folder of the community pages"),
    "PORTAL_VISA_RULES_ROUTE": Field("route"),
    "PORTAL_EXPIRED_RULES": Field("choice", choices=("flag", "hide")),
    "PORTAL_QUICK_EXIT_URL": Field("url"),
    "PORTAL_PAGE_TIME_LIMIT": Field("seconds", hint="seconds of processor time one page may take to render"),
    "PORTAL_ALLOWED_LINK_HOSTS": Field("string", many=True,
                                       hint="host names a translation may link to although its source does not, "
                                            "like 'www.hikorea.go.kr' (a host allows its subdomains)"),
    "PORTAL_PLAIN_LANGUAGE": Field("any"),  # checked key by key by plainlanguage.PlainLanguageLimits
    # set by `portal build` for the Pelican run it starts
    "PORTAL_CACHE_PATH": Field("string"),
    "PORTAL_PREVIOUS_OUTPUT": Field("string"),
    "PORTAL_ENVIRONMENT_KEY": Field("string"),
    "PORTAL_BUILD_PART": Field("any"),  # portal.shards.BuildPart: a shard's editions, or a merge's root
    "PORTAL_KEEP_GOING": Field("bool"),  # portal build --keep-going
}, subject="{key}", unknown="unknown setting {key}", missing="{key} is not set")
SETTINGS = dataclasses.replace(SETTINGS, listed=tuple(
    key for key in SETTINGS.fields if key.startswith(PREFIX) and key not in INTERNAL))


def assignment_lines(settings_file: Path | None) -> dict[str, tuple[str, int]]:
    """Where each upper-case name is assigned: name -> (file, line).

    Follows ``from NAME import *`` of a file beside it (publishconf.py
    imports pelicanconf.py), so an inherited value is found where it is written.
    """
    if settings_file is None or not settings_file.is_file():
        return {}
    try:
        tree = ast.parse(settings_file.read_bytes(), str(settings_file))
    except (SyntaxError, ValueError, OSError):
        return {}
    found: dict[str, tuple[str, int]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module and statement.level == 0 and any(
                alias.name == "*" for alias in statement.names):
            sibling = settings_file.parent / (statement.module.replace(".", "/") + ".py")
            if sibling.is_file() and sibling.resolve() != settings_file.resolve():
                found.update(assignment_lines(sibling))
        targets = (statement.targets if isinstance(statement, ast.Assign)
                   else [statement.target] if isinstance(statement, ast.AnnAssign | ast.AugAssign) else [])
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id.isupper():
                    found[name.id] = (str(settings_file), statement.lineno)
    return found


@dataclass(frozen=True)
class PortalSettings:
    """The settings the portal library reads, validated (paths made absolute)."""

    content: Path
    translations: Path
    theme_templates: Path
    languages: Languages
    feed_sections: tuple[str, ...]
    workers: int | None
    settings_file: Path | None
    directory_section: str = "directory"
    communities_section: str = "communities"
    visa_rules_route: str = "visas/rules"
    expired_rules: str = "flag"
    quick_exit_url: str = "https://www.wikipedia.org/"
    site_url: str = ""
    relative_urls: bool = True
    static_paths: tuple[str, ...] = ("images",)
    page_time_limit: float = PAGE_SECONDS
    plain_language: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # plainlanguage's limits
    # sites a translation may link to although its source does not (a ministry's own
    # page in the reader's language); a host allows its subdomains too
    allowed_link_hosts: tuple[str, ...] = ()
    # set by `portal build` for the Pelican run it starts (a plain `pelican` run has none)
    cache_path: Path | None = None
    previous_output: Path | None = None
    environment_key: str = ""
    keep_going: bool = False  # broken translations fall back instead of stopping the build

    @property
    def layout(self) -> CatalogLayout:
        return CatalogLayout(self.translations)

    @property
    def theme(self) -> Path:
        return self.theme_templates.parent

    @classmethod
    def from_mapping(cls, settings: Mapping[str, Any], settings_file: Path | None = None) -> PortalSettings:
        """Validate the settings; raise a ``PortalError`` with every problem found."""
        settings_file = settings_file or (Path(settings["PORTAL_SETTINGS_FILE"])
                                          if isinstance(settings.get("PORTAL_SETTINGS_FILE"), str) else None)
        log = ProblemLog()
        values = _validated(settings, settings_file, log)
        base = settings_file.parent if settings_file else Path.cwd()
        try:
            languages = load_languages(values.get("PORTAL_LANGUAGES", []),
                                       values.get("PORTAL_SOURCE_LANGUAGE", "ko"), settings_file)
        except PortalError as error:
            log.extend(error.problems)
            languages = None
        theme = (base / values.get("THEME", "theme")).resolve()
        content = (base / values.get("PATH", "content")).resolve()
        lines = assignment_lines(settings_file)
        for key, folder, what in (("PATH", content, "the content folder"),
                                  ("THEME", theme / "templates", "the theme's templates folder")):
            if not folder.is_dir():
                where, line = lines.get(key, (str(settings_file or "settings"), None))
                log.add(where, line, f"{key}: {what} {folder} does not exist",
                        f"set {key} to a folder relative to {base}")
        log.raise_if_any()
        site_url = settings.get("SITEURL") or ""
        return cls(
            content=content,
            translations=(base / values.get("PORTAL_TRANSLATIONS", "translations")).resolve(),
            theme_templates=theme / "templates",
            languages=languages,
            feed_sections=tuple(values.get("PORTAL_FEED_SECTIONS", ("notices",))),
            workers=values.get("PORTAL_WORKERS"),
            settings_file=settings_file,
            directory_section=values.get("PORTAL_DIRECTORY_SECTION", "directory"),
            communities_section=values.get("PORTAL_COMMUNITIES_SECTION", "communities"),
            visa_rules_route=values.get("PORTAL_VISA_RULES_ROUTE", "visas/rules"),
            expired_rules=values.get("PORTAL_EXPIRED_RULES", "flag"),
            quick_exit_url=values.get("PORTAL_QUICK_EXIT_URL", "https://www.wikipedia.org/"),
            site_url=site_url if isinstance(site_url, str) else "",
            relative_urls=values.get("RELATIVE_URLS", True),
            static_paths=tuple(values.get("STATIC_PATHS", ("images",))),
            page_time_limit=values.get("PORTAL_PAGE_TIME_LIMIT", PAGE_SECONDS),
            plain_language=values.get("PORTAL_PLAIN_LANGUAGE") or {},
            allowed_link_hosts=tuple(sorted({name.lower().rstrip(".")
                                             for name in values.get("PORTAL_ALLOWED_LINK_HOSTS", ())})),
            cache_path=Path(values["PORTAL_CACHE_PATH"]) if values.get("PORTAL_CACHE_PATH") else None,
            previous_output=(Path(values["PORTAL_PREVIOUS_OUTPUT"]) if values.get("PORTAL_PREVIOUS_OUTPUT")
                             else None),
            environment_key=values.get("PORTAL_ENVIRONMENT_KEY") or "",
            keep_going=bool(values.get("PORTAL_KEEP_GOING")),
        )


def _validated(settings: Mapping[str, Any], settings_file: Path | None, log: ProblemLog) -> dict[str, Any]:
    """The portal's settings (every ``PORTAL_*`` name and the Pelican ones it reads), checked.

    ``None`` means "not set" (the default), as Pelican's own settings do.
    """
    lines = assignment_lines(settings_file)
    where = str(settings_file or "settings")
    located = {key: locate(value, lines.get(key, (where, 0))[1])
               for key, value in settings.items()
               if value is not None and (key.startswith(PREFIX) or key in SETTINGS.fields)}
    located = dict(sorted(located.items(), key=lambda item: item[1].line))  # problems in file order
    # a value inherited from another file (publishconf.py <- pelicanconf.py) is reported there
    by_file: dict[str, dict[str, Located]] = {}
    for key, value in located.items():
        by_file.setdefault(lines.get(key, (where, 0))[0], {})[key] = value
    values: dict[str, Any] = {}
    for file, items in by_file.items():
        validated = validate_record(Located(items, 1), SETTINGS, file, log)
        values.update(validated.values if validated else {})
    return values
