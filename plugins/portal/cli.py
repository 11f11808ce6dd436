"""The editors' and translators' command line: ``portal COMMAND``.

Settings come from the project's ``pelicanconf.py``, read as a plain
Python file, so every command but ``build`` works without Pelican.
Problems are printed one per line as ``file:line: error: ...`` with a
hint, and the command exits non-zero.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from .problems import PortalError, Problem, ProblemLog
from .project import PortalSettings, prepare, read_site
from .workflow import extract, update

DEFAULT_SETTINGS = "pelicanconf.py"


def load_settings(path: str) -> PortalSettings:
    settings_file = Path(path).resolve()
    if not settings_file.is_file():
        raise PortalError([_problem(path, "settings file not found",
                                    "run the command from the project folder, or pass --settings")])
    values = {k: v for k, v in runpy.run_path(str(settings_file)).items() if k.isupper()}
    return PortalSettings.from_mapping(values, settings_file)


def _problem(path, message: str, hint: str = "") -> Problem:
    return Problem(str(path), None, message, hint)


def _report(changes, verb: str) -> None:
    for path in changes.written:
        print(f"{verb} {path}")
    print(f"{len(changes.written)} written, {changes.unchanged} unchanged")


def cmd_extract(args) -> int:
    settings = load_settings(args.settings)
    log = ProblemLog()
    _, messages = read_site(settings, log)
    log.raise_if_any()
    _report(extract(messages, settings.theme_templates, settings.layout, settings.content.name), "wrote")
    return 0


def cmd_update(args) -> int:
    settings = load_settings(args.settings)
    languages = settings.languages
    unknown = [code for code in args.languages if code not in languages]
    if unknown:
        raise PortalError([_problem(settings.settings_file, f"unknown language {code!r}",
                                    f"declared languages: {', '.join(languages.codes)}")
                           for code in unknown])
    log = ProblemLog()
    changes = update(settings.layout, languages, log, only=args.languages or None)
    log.raise_if_any()
    _report(changes, "updated")
    return 0


def cmd_init(args) -> int:
    settings = load_settings(args.settings)
    if args.language not in settings.languages:
        raise PortalError([_problem(
            settings.settings_file, f"language {args.language!r} is not declared",
            f"add an entry such as {{'code': '{args.language}', 'locale': '{args.language}', "
            "'name': '...'} to PORTAL_LANGUAGES first")])
    log = ProblemLog()
    _, messages = read_site(settings, log)
    log.raise_if_any()
    extract(messages, settings.theme_templates, settings.layout, settings.content.name)
    changes = update(settings.layout, settings.languages, log, only=[args.language])
    log.raise_if_any()
    _report(changes, "created")
    return 0


def cmd_check(args) -> int:
    settings = load_settings(args.settings)
    prepare(settings)
    print("no problems found")
    return 0


def cmd_build(args) -> int:
    from portal_pelican.build import build_site

    build_site(Path(args.settings), Path(args.output) if args.output else None)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="portal", description=__doc__.split("\n\n")[0])
    main.add_argument("--settings", default=DEFAULT_SETTINGS, help="the settings file (pelicanconf.py)")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build every language edition into the output folder")
    build.add_argument("--output", help="output folder (default: the settings' OUTPUT_PATH)")
    build.set_defaults(run=cmd_build)

    commands.add_parser("extract", help="write translation templates (POT) from content and theme"
                        ).set_defaults(run=cmd_extract)

    upd = commands.add_parser("update", help="merge templates into the catalogs of every language")
    upd.add_argument("languages", nargs="*", help="only these language codes")
    upd.set_defaults(run=cmd_update)

    init = commands.add_parser("init", help="create the catalogs of a newly declared language")
    init.add_argument("language", help="the language code, as declared in PORTAL_LANGUAGES")
    init.set_defaults(run=cmd_init)

    commands.add_parser("check", help="report every problem in content and catalogs"
                        ).set_defaults(run=cmd_check)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except PortalError as error:
        print(str(error), file=sys.stderr)
        return error.exitcode


if __name__ == "__main__":
    sys.exit(main())
