"""``portal check``: everything an editor or translator can get wrong, in one run.

On top of what the build refuses (see ``project.collect``), it reports
translations that differ from their source in links, code, emphasis or
placeholders, Burmese typed in Zawgyi, what Babel's ``Catalog.check()``
and GNU ``msgfmt --check`` (when gettext is installed) find in each
catalog, plural entries where a page has none, and, as warnings,
catalogs of pages that no longer exist.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import THEME_DOMAIN, page_domain, read_catalog
from .checks import ZAWGYI_THRESHOLD, TranslationChecks, zawgyi_probability, zawgyi_problem
from .plainlanguage import review_plain_language
from .problems import Problem, ProblemLog
from .project import PortalSettings, PreparedSite, collect

SOURCE_SUFFIXES = (".md", ".yml", ".yaml")  # pages and data files
MSGFMT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.+)$")


@dataclass
class Review:
    """What ``portal check`` found: problems (it fails on them) and warnings (it does not)."""

    problems: ProblemLog
    warnings: list[Problem] = field(default_factory=list)
    ran_msgfmt: bool = False


def format_warning(problem: Problem) -> str:
    return str(problem).replace(": error: ", ": warning: ", 1)


def _display(settings: PortalSettings, path: Path) -> str:
    return str(path.relative_to(settings.translations.parent))


def check_consistency(prepared: PreparedSite, log: ProblemLog) -> None:
    settings = prepared.settings
    checks = TranslationChecks(prepared.site, settings.allowed_link_hosts)
    for path, by_language in sorted(prepared.translations.pages.items()):
        found = prepared.messages[path]
        wanted = {message for message, _ in found.messages}
        for code, entries in sorted(by_language.items()):
            display = _display(settings, settings.layout.catalog(code, page_domain(path)))
            for msgid, entry in entries.items():
                if msgid in wanted and not entry.fuzzy:  # a stale translation is the translator's to-do
                    for message, hint in checks.consistency(found.page, msgid, entry.text, code):
                        log.add(display, entry.line, message, hint)
    burmese = prepared.translations.theme.get("my")
    if burmese is not None:  # the rest of a theme catalog's checks are the build's own
        display = _display(settings, settings.layout.catalog("my", THEME_DOMAIN))
        for message in burmese:
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            if message.id and any(zawgyi_probability(text) > ZAWGYI_THRESHOLD for text in strings if text):
                log.add(display, message.lineno, *zawgyi_problem())


def check_catalog_files(prepared: PreparedSite, review: Review) -> None:
    """Every catalog on disk, read with Babel: ``Catalog.check()``, plural entries in
    page catalogs (a page has none), and catalogs whose page is gone (a warning: the
    build ignores them, ``portal update`` keeps their translations as obsolete)."""
    settings, log = prepared.settings, review.problems
    languages = settings.languages
    domains = {page_domain(path) for path in prepared.messages}
    already = {(problem.path, problem.line) for problem in log.problems}
    for path in sorted(settings.translations.rglob("*.po")):
        code, *rest = path.relative_to(settings.translations).with_suffix("").parts
        if code not in languages or not rest:  # an undeclared language is an error of its own
            continue
        domain = "/".join(rest)
        display = _display(settings, path)
        scratch = ProblemLog()
        catalog = read_catalog(path, scratch, display)
        if catalog is None:
            read_by_build = domain == THEME_DOMAIN or (domain in domains and languages[code] is not languages.source)
            if not read_by_build:  # else the build has reported it already
                log.extend(scratch.problems)
            continue
        for message, errors in catalog.check():
            if message.fuzzy or (display, message.lineno) in already:  # stale, or said in our own words
                continue
            for error in errors:
                log.add(display, message.lineno, f"Babel: {error}",
                        "write the plural forms and placeholders as the msgid has them")
        if domain == THEME_DOMAIN:
            continue
        for message in catalog:
            if message.id and message.pluralizable:
                log.add(display, message.lineno, "plural entry (msgid_plural) in a page catalog: page "
                        "texts have no plural forms, so this entry is never shown",
                        "run `portal update` (it keeps the entry as obsolete), then translate the "
                        "page's own msgid with a single msgstr")
        source = domain.removeprefix("content/")
        if not any((settings.content / f"{source}{suffix}").exists() for suffix in SOURCE_SUFFIXES) \
                and any(message.id for message in catalog):
            review.warnings.append(Problem(
                display, None, f"catalog of {settings.content.name}/{source}.md, which no longer "
                f"exists: the build does not use it",
                "run `portal update`: it keeps every translation as obsolete (it comes back if the page "
                "does); delete the file if the page is gone for good"))


def check_with_msgfmt(settings: PortalSettings, log: ProblemLog) -> bool:
    """Run GNU msgfmt --check on every catalog; False when msgfmt is not installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return False
    for path in sorted(settings.translations.rglob("*.po")):
        result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        if result.returncode == 0:
            continue
        before = len(log.problems)
        for line in result.stderr.splitlines():
            match = MSGFMT_LINE.match(line)
            if match and "warning" not in match["message"]:
                log.add(_display(settings, path), int(match["line"]), f"msgfmt: {match['message']}",
                        "fix the entry as GNU gettext reports it")
        if len(log.problems) == before:
            log.add(_display(settings, path), None, f"msgfmt --check failed: {result.stderr.strip()}",
                    "fix the file as GNU gettext reports it")
    return True


def review(settings: PortalSettings) -> Review:
    """Every problem in the project, and the warnings (the plain-language ones among them)."""
    result = Review(ProblemLog())
    prepared = collect(settings, result.problems)
    check_consistency(prepared, result.problems)
    check_catalog_files(prepared, result)
    result.ran_msgfmt = check_with_msgfmt(settings, result.problems)
    result.warnings += [Problem(advice.path, advice.line, advice.message, advice.hint)
                        for advice in review_plain_language(prepared, result.problems)]
    return result
