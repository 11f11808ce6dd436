"""``portal check``: everything an editor or translator can get wrong, in one run.

On top of what the build refuses (see ``project.collect``), it reports
translations that differ from their source in links, code, emphasis or
placeholders, Burmese typed in Zawgyi, and whatever GNU ``msgfmt --check``
finds in each catalog when gettext is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from .catalogs import page_domain
from .checks import consistency_problems
from .plainlanguage import Advice, review_plain_language
from .problems import ProblemLog
from .project import PortalSettings, PreparedSite, collect

MSGFMT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<message>.+)$")


def _display(settings: PortalSettings, path: Path) -> str:
    return str(path.relative_to(settings.translations.parent))


def check_consistency(prepared: PreparedSite, log: ProblemLog) -> None:
    settings = prepared.settings
    for path, by_language in sorted(prepared.translations.pages.items()):
        wanted = {message for message, _ in prepared.messages[path].messages}
        for code, entries in sorted(by_language.items()):
            display = _display(settings, settings.layout.catalog(code, page_domain(path)))
            for msgid, entry in entries.items():
                if msgid in wanted and not entry.fuzzy:  # a stale translation is the translator's to-do
                    for message, hint in consistency_problems(msgid, entry.text, code):
                        log.add(display, entry.line, message, hint)
    for code, catalog in sorted(prepared.translations.theme.items()):
        display = _display(settings, settings.layout.catalog(code, "theme"))
        for message in catalog:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            for text in filter(None, strings):
                for problem, hint in consistency_problems(ids[-1], text, code):
                    log.add(display, message.lineno, problem, hint)


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
            log.add(_display(settings, path), None, f"msgfmt --check failed: {result.stderr.strip()}")
    return True


def review(settings: PortalSettings) -> tuple[ProblemLog, bool, list[Advice]]:
    """Every problem in the project; the flag says whether msgfmt ran; then the plain-language warnings."""
    log = ProblemLog()
    prepared = collect(settings, log)
    check_consistency(prepared, log)
    ran_msgfmt = check_with_msgfmt(settings, log)
    return log, ran_msgfmt, review_plain_language(prepared, log)
