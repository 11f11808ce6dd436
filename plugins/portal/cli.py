"""The editors' and translators' command line: ``portal COMMAND``.

Settings come from the project's ``pelicanconf.py``, read as a plain
Python file, so every command but ``build`` and ``serve`` works without Pelican.
Problems are printed one per line as ``file:line: error: ...`` with a
hint, and the command exits non-zero; no failure prints a Python
traceback (``portal.failures``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import runpy
import sys
import traceback
from pathlib import Path

import yaml

from .failures import explain
from .outputs import ROOT
from .problems import PortalError, Problem, ProblemLog
from .project import PortalSettings, prepare, read_site
from .review import format_warning, review
from .shards import parse_languages
from .status import as_json, as_table, below_minimum, parse_minimums, translation_status
from .workflow import extract, update

DEFAULT_SETTINGS = "pelicanconf.py"


def load_settings(path: str) -> PortalSettings:
    settings_file = Path(path).resolve()
    if not settings_file.is_file():
        raise PortalError([_problem(path, "settings file not found",
                                    "run the command from the project folder, or pass --settings")])
    try:
        namespace = runpy.run_path(str(settings_file))
    except SyntaxError as error:
        raise PortalError([Problem(str(settings_file), error.lineno, f"the settings file is not valid Python "
                                   f"({error.msg})", "settings are Python: NAME = value, one per line")]) from None
    except Exception as error:  # the settings file is a program: say where it failed
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if Path(frame.filename).resolve() == settings_file]
        raise PortalError([Problem(str(settings_file), frames[-1].lineno if frames else None,
                                   f"the settings file failed: {type(error).__name__}: {error}",
                                   "fix this line of the settings file")]) from None
    values = {k: v for k, v in namespace.items() if k.isupper()}
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
    _, _, messages = read_site(settings, log)
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
    _, _, messages = read_site(settings, log)
    log.raise_if_any()
    extract(messages, settings.theme_templates, settings.layout, settings.content.name)
    changes = update(settings.layout, settings.languages, log, only=[args.language])
    log.raise_if_any()
    _report(changes, "created")
    return 0


def cmd_check(args) -> int:
    settings = load_settings(args.settings)
    found = review(settings)
    for warning in found.warnings:
        print(format_warning(warning), file=sys.stderr)
    if not found.ran_msgfmt:
        print("note: GNU msgfmt not found; install gettext to also run msgfmt --check", file=sys.stderr)
    found.problems.raise_if_any()
    if found.warnings:
        count = len(found.warnings)
        print(f"no problems found; {count} warning{'s' if count != 1 else ''}"
              + (" (--strict: failing)" if args.strict else ""))
        return 1 if args.strict else 0
    print("no problems found")
    return 0


def cmd_status(args) -> int:
    settings = load_settings(args.settings)
    prepared = prepare(settings)
    report = translation_status(settings.languages, prepared.messages, prepared.translations)
    print(as_json(report) if args.json else as_table(report, pages=args.pages), end="")
    try:
        minimums = parse_minimums(args.min, [lang.code for lang in settings.languages.targets])
    except ValueError as error:
        raise PortalError([_problem("--min", str(error), "write --min 80 or --min ru=90")]) from None
    failures = below_minimum(report, minimums)
    for failure in failures:
        print(f"status: {failure}", file=sys.stderr)
    return 1 if failures else 0


def cmd_new(args) -> int:
    settings = load_settings(args.settings)
    relative = args.path.removesuffix(".md") + ".md"
    target = settings.content / relative
    if target.exists():
        raise PortalError([_problem(f"{settings.content.name}/{relative}", "the page already exists",
                                    "choose another path, or edit the existing file")])
    section = relative.split("/")[0] if "/" in relative else None
    if section and not (settings.content / section / "index.md").exists():
        raise PortalError([_problem(f"{settings.content.name}/{section}/index.md",
                                    f"there is no section '{section}'",
                                    f"create the section first with: portal new {section}/index")])
    dated = section in settings.feed_sections
    front_matter = {"title": args.title, "summary": args.summary or args.title}
    if dated:
        front_matter["date"] = dt.date.today().isoformat()
    text = "---\n" + yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False) + "---\n\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"created {settings.content.name}/{relative}")
    return 0


def cmd_serve(args) -> int:
    from portal_pelican.serve import serve

    load_settings(args.settings)  # every problem in the settings, before Pelican reads them
    serve(Path(args.settings), args.port)
    return 0


def cmd_build(args) -> int:
    from portal_pelican.build import build_site

    settings = load_settings(args.settings)  # every problem in the settings, before Pelican reads them
    languages = parse_languages(args.languages, settings.languages.codes) if args.languages else None
    if languages and not args.output:
        raise PortalError([_problem("--languages", "a shard is not a whole site: it needs its own folder",
                                    "add --output shards/NAME, then join the shards with portal merge")])
    output = build_site(Path(args.settings), Path(args.output) if args.output else None, full=args.full,
                        languages=languages, keep_going=args.keep_going)
    left_out = left_out_translations(output)
    if left_out:
        print(str(PortalError(left_out)), file=sys.stderr)
        print(f"published {output} with {len(left_out)} translation{'s' if len(left_out) != 1 else ''} "
              "left out (each shown in another language, listed on the status dashboard); "
              "fix them and build again", file=sys.stderr)
        return PortalError.exitcode
    return 0


def left_out_translations(output: Path) -> list[Problem]:
    """The translations a ``--keep-going`` build left out, as its status.json lists them."""
    try:
        report = json.loads((output / ROOT.status_json).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [Problem(item["file"], item["line"], item["problem"])
            for status in report.values() for item in status.get("broken", ())]


def cmd_merge(args) -> int:
    from portal_pelican.merge import merge_shards

    load_settings(args.settings)
    output = merge_shards(Path(args.settings), [Path(shard) for shard in args.shards],
                          Path(args.output) if args.output else None)
    print(f"merged {len(args.shards)} shards into {output}")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="portal", description=__doc__.split("\n\n")[0])
    main.add_argument("--settings", default=DEFAULT_SETTINGS, help="the settings file (pelicanconf.py)")
    commands = main.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build every language edition into the output folder")
    build.add_argument("--output", help="output folder (default: the settings' OUTPUT_PATH)")
    build.add_argument("--full", action="store_true",
                       help="render everything, ignoring what the last build left to reuse")
    build.add_argument("--languages", metavar="CODES",
                       help="build a shard: only these editions (ko,en,vi), for `portal merge`")
    build.add_argument("--keep-going", action="store_true",
                       help="publish even if some translations are broken: each falls back to another "
                            "language and is listed on the status dashboard; the command still fails")
    build.set_defaults(run=cmd_build)

    merge = commands.add_parser("merge", help="join shards (portal build --languages) into the output "
                                "one build would write")
    merge.add_argument("shards", nargs="+", help="the shards' folders")
    merge.add_argument("--output", help="output folder (default: the settings' OUTPUT_PATH)")
    merge.set_defaults(run=cmd_merge)

    commands.add_parser("extract", help="write translation templates (POT) from content and theme"
                        ).set_defaults(run=cmd_extract)

    upd = commands.add_parser("update", help="merge templates into the catalogs of every language")
    upd.add_argument("languages", nargs="*", help="only these language codes")
    upd.set_defaults(run=cmd_update)

    init = commands.add_parser("init", help="create the catalogs of a newly declared language")
    init.add_argument("language", help="the language code, as declared in PORTAL_LANGUAGES")
    init.set_defaults(run=cmd_init)

    check = commands.add_parser("check", help="report every problem in content and catalogs")
    check.add_argument("--strict", action="store_true",
                       help="fail on plain-language warnings too (long sentences and paragraphs)")
    check.set_defaults(run=cmd_check)

    status = commands.add_parser("status", help="translated, fuzzy and untranslated, per language")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.add_argument("--pages", action="store_true", help="add a row per page")
    status.add_argument("--min", action="append", default=[], metavar="[LANG=]PERCENT",
                        help="fail when a language has fewer words translated (repeatable)")
    status.set_defaults(run=cmd_status)

    new = commands.add_parser("new", help="create a page with valid front matter")
    new.add_argument("path", help="the page's path under content/, such as visas/student-visa")
    new.add_argument("--title", required=True, help="the page title, in the source language")
    new.add_argument("--summary", help="one sentence, in the source language")
    new.set_defaults(run=cmd_new)

    serve = commands.add_parser("serve", help="build, serve on localhost, rebuild on every change")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    return main


def crash_folder(args) -> Path:
    """Where a bug's traceback is saved: the build cache folder beside the output."""
    output = Path(args.output).resolve() if getattr(args, "output", None) else (
        Path(args.settings).resolve().parent / "output")
    return output.with_name(f".{output.name}-cache")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BaseException as error:  # noqa: BLE001 (the one place every failure is told)
        if isinstance(error, SystemExit):
            raise
        message, status = explain(error, crash_folder(args))
        print(message, file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
