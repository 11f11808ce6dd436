"""A site built in shards and merged is the site one build writes, byte for byte; shards that
cannot make that site are refused in one line; the publish workflow's matrix covers every edition."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_SITE, REPO, run_portal
from portal.buildcache import relative_files
from portal.buildlock import build_lock
from portal.cli import load_settings
from portal.shards import MANIFEST

SETTINGS = FIXTURE_SITE / "pelicanconf.py"
GROUPS = ("ko,ru", "en,uz")  # the source edition with a target, and the target it falls back to apart


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` by its path, with the sha256 of its bytes."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in relative_files(folder)}


def build_shards(settings: Path, root: Path, groups=GROUPS) -> list[Path]:
    shards = []
    for number, languages in enumerate(groups, 1):
        shard = root / f"part{number}"
        run_portal(settings, "build", "--languages", languages, "--output", str(shard))
        shards.append(shard)
    return shards


def refusal(settings: Path, *args: str) -> str:
    """The one line a refused command prints (it must fail, without a traceback)."""
    result = run_portal(settings, *args, check=False)
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> list[Path]:
    return build_shards(SETTINGS, tmp_path_factory.mktemp("shards"))


def test_a_shard_holds_its_editions_and_no_root(shards):
    first, second = shards
    assert sorted(path.name for path in first.iterdir()) == [MANIFEST, "downloads", "images", "ko", "ru", "status",
                                                             "status.json", "theme"]
    assert sorted(path.name for path in (first / "downloads").iterdir()) == ["portal-ko.zip", "portal-ru.zip"]
    # its editions' pages of the dashboard (the source language's at the folder itself)
    assert sorted(relative_files(first / "status")) == ["index.html", "ru/index.html"]
    assert sorted(relative_files(second / "status")) == ["en/index.html", "uz/index.html"]
    assert (first / "status.json").read_bytes() == (second / "status.json").read_bytes()
    assert not any((shard / name).exists() for shard in shards
                   for name in ("index.html", "404.html", "sitemap.xml", "robots.txt", "_headers", "sw.js"))
    manifest = json.loads((second / MANIFEST).read_text("utf-8"))
    assert manifest["editions"] == ["en", "uz"]
    assert manifest["languages"] == ["ko", "en", "ru", "uz"]
    assert manifest["fingerprint"] == json.loads((first / MANIFEST).read_text("utf-8"))["fingerprint"]


def test_merged_shards_are_byte_identical_to_one_build(shards, fixture_output, tmp_path):
    merged = tmp_path / "output"
    run_portal(SETTINGS, "merge", *map(str, shards), "--output", str(merged))
    expected, found = file_hashes(fixture_output), file_hashes(merged)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if found[name] != expected[name]] == []
    # every root file is there: the chooser, the dashboards, the host files
    for name in ("index.html", "404.html", "status.json", "status/index.html", "status/en/index.html",
                 "sitemap.xml", "robots.txt", "_headers", "sw.js"):
        assert name in found
    # the shards are left as they were (the merge links, it never writes into them)
    assert (shards[0] / MANIFEST).is_file() and not (shards[0] / "index.html").exists()

    # merged again over its own output: the same files, and the unchanged ones keep their inodes
    inodes = {name: os.stat(merged / name).st_ino for name in found}
    run_portal(SETTINGS, "merge", *map(str, reversed(shards)), "--output", str(merged))
    assert file_hashes(merged) == expected
    assert all(os.stat(merged / name).st_ino == inode for name, inode in inodes.items())


def test_merge_refuses_an_edition_in_two_shards(shards, tmp_path):
    extra = tmp_path / "extra"
    run_portal(SETTINGS, "build", "--languages", "uz", "--output", str(extra))
    line = refusal(SETTINGS, "merge", *map(str, shards), str(extra), "--output", str(tmp_path / "output"))
    assert "the 'uz' edition is in two shards" in line and str(extra) in line
    assert not (tmp_path / "output").exists()


def test_merge_refuses_a_missing_edition(shards, tmp_path):
    line = refusal(SETTINGS, "merge", str(shards[1]), "--output", str(tmp_path / "output"))
    assert "no shard holds the 'ko', 'ru' editions" in line
    assert not (tmp_path / "output").exists()


def test_merge_refuses_a_folder_that_is_not_a_shard(shards, fixture_output, tmp_path):
    line = refusal(SETTINGS, "merge", str(shards[0]), str(fixture_output), "--output", str(tmp_path / "output"))
    assert f"{fixture_output} is not a shard" in line


def test_merge_refuses_shards_of_different_sources_and_leaves_the_output(site_copy, tmp_path):
    settings = site_copy / "pelicanconf.py"
    first, second = build_shards(settings, tmp_path)
    output = tmp_path / "output"
    run_portal(settings, "merge", str(first), str(second), "--output", str(output))
    published = file_hashes(output)

    # a catalog changed after the shards were built: they are not this checkout's
    catalog = next((site_copy / "translations" / "en").rglob("*.po"))
    catalog.write_text(catalog.read_text("utf-8") + "\n", "utf-8")
    line = refusal(settings, "merge", str(first), str(second), "--output", str(output))
    assert "built from other sources, catalogs or settings than this checkout" in line

    # one shard built again from the changed catalogs: the two shards disagree
    run_portal(settings, "build", "--languages", GROUPS[1], "--output", str(second))
    line = refusal(settings, "merge", str(first), str(second), "--output", str(output))
    assert f"{first} and {second} were built from different sources, catalogs or settings" in line or (
        f"{second} and {first} were built from different sources, catalogs or settings" in line)

    # other settings (another address): refused as well
    run_portal(settings, "build", "--languages", GROUPS[0], "--output", str(first))
    (site_copy / "elsewhere.py").write_text("from pelicanconf import *  # noqa: F403\n"
                                            "SITEURL = 'https://example.org'\n", "utf-8")
    line = refusal(site_copy / "elsewhere.py", "merge", str(first), str(second), "--output", str(output))
    assert "than this checkout" in line
    assert file_hashes(output) == published  # every refusal left the output as it was


def test_unknown_language_is_refused_before_building(tmp_path):
    result = run_portal(SETTINGS, "build", "--languages", "ko,xx", "--output", str(tmp_path / "shard"),
                        check=False)
    assert result.returncode != 0
    assert "--languages: error: unknown language 'xx'" in result.stderr
    assert "ko,en,ru,uz" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "shard").exists()
    # a shard into the site's own output/ would publish a part of the site
    result = run_portal(SETTINGS, "build", "--languages", "ko", check=False)
    assert result.returncode != 0 and "a shard is not a whole site: it needs its own folder" in result.stderr
    assert not (FIXTURE_SITE / "output").exists()


def test_make_builds_a_shard_and_merges():
    """`make html LANGUAGES=...` builds a shard into shards/<codes>, `make merge` joins shards/*."""
    def dry_run(*args: str) -> str:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("MAKE", "MFLAGS"))}
        lines = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=REPO, capture_output=True,
                               text=True, check=True, env=env).stdout.splitlines()
        return next(line for line in reversed(lines) if ".venv/bin/portal " in line)

    assert dry_run("html", "LANGUAGES=ko,en").endswith("portal build --languages ko,en --output shards/ko-en")
    assert dry_run("publish", "LANGUAGES=vi", "OUTPUT=shards/part2").endswith(
        "portal --settings publishconf.py build --languages vi --output shards/part2")
    assert dry_run("merge", "SETTINGS=publishconf.py", "SHARDS=shards/a shards/b").endswith(
        "portal --settings publishconf.py merge shards/a shards/b ")


def test_merge_waits_for_the_build_lock(shards, tmp_path):
    output = tmp_path / "output"
    with build_lock(output, say=lambda _: None):
        merge = subprocess.Popen([sys.executable, "-m", "portal", "--settings", str(SETTINGS), "merge",
                                  *map(str, shards), "--output", str(output)],
                                 cwd=SETTINGS.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        waited = ""
        while "waiting: another build" not in waited and merge.poll() is None:
            waited += merge.stderr.readline()  # the merge says it waits, then blocks on the lock
        assert "waiting: another build" in waited
        time.sleep(0.2)
        assert merge.poll() is None and not output.exists()
    _, errors = merge.communicate(timeout=120)
    assert merge.returncode == 0, errors
    assert (output / "index.html").is_file()


def test_publish_workflow_shards_cover_every_edition_once():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    matrix = jobs["shard"]["strategy"]["matrix"]["include"]
    codes = [code for group in matrix for code in group["languages"].split(",")]
    editions = load_settings(str(REPO / "pelicanconf.py")).languages.codes
    assert sorted(codes) == sorted(editions) and len(codes) == len(set(codes))
    assert len({group["name"] for group in matrix}) == len(matrix)
    # the single build stays the default; the shard jobs and the merge only run when switched on
    assert "PORTAL_SHARDS" in jobs["build"]["if"] and "!" in jobs["build"]["if"]
    for name in ("shard", "merge"):
        assert "PORTAL_SHARDS" in jobs[name]["if"] and "!" not in jobs[name]["if"]
    assert set(jobs["merge"]["needs"]) >= {"shard"}
    # the manifest is a hidden file: the artifact must keep it
    uploads = [step for step in jobs["shard"]["steps"] if step.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["include-hidden-files"] is True
    assert "${{ matrix.languages }}" in " ".join(step.get("run", "") for step in jobs["shard"]["steps"])


@pytest.mark.parametrize("pattern", ["status.json", "theme/js/lunr.*.js", "images/*"])
def test_merge_refuses_shards_whose_shared_files_differ(shards, tmp_path, pattern):
    """Every shard writes the theme's files, the images and status.json: a shard whose copy
    differs was not built as the others (or was changed after), and the merge names the file."""
    changed = tmp_path / "part2"
    shutil.copytree(shards[1], changed)
    target = next(changed.glob(pattern))
    target.write_bytes(target.read_bytes() + b"\n")
    line = refusal(SETTINGS, "merge", str(shards[0]), str(changed), "--output", str(tmp_path / "output"))
    assert f"{target} differs from the one another shard or this checkout writes" in line
    assert not (tmp_path / "output").exists()
