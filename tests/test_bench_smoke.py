"""The benchmark harness still runs: a 3-page synthetic portal in 12 languages builds,
and the renderer's floor (``bench/floor.py``) renders what it should.

No time is asserted (the machine is shared); the benchmark itself reports figures.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_benchmark_smoke_build():
    result = subprocess.run([sys.executable, "-m", "bench.smoke"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built 3 pages x 12 languages" in result.stdout


def test_markdown_floor_renders_every_page_language_and_nothing_else(tmp_path):
    """The floor engine renders each per-language file's body, header left out, as the portal would."""
    import markdown

    from bench.floor import body_of
    from bench.synth import synthesize
    from portal.segments import MARKDOWN_EXTENSION_CONFIGS, MARKDOWN_EXTENSIONS

    synthesize(3, 1, tmp_path, ("pelican",))
    content = tmp_path / "pelican" / "content"
    sources = sorted(content.rglob("*.md"))
    result = subprocess.run([sys.executable, "-P", str(REPO / "bench" / "floor.py"), str(content),
                             str(tmp_path / "floor")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"rendered {len(sources)} files" in result.stdout
    written = sorted((tmp_path / "floor").rglob("*.html"))
    assert [p.relative_to(tmp_path / "floor").with_suffix(".md") for p in written] == [
        p.relative_to(content) for p in sources]
    thai = next(p for p in sources if p.name.endswith(".th.md"))
    expected = markdown.markdown(body_of(thai.read_text("utf-8")), extensions=[*MARKDOWN_EXTENSIONS, "toc"],
                                 extension_configs=MARKDOWN_EXTENSION_CONFIGS, output_format="html")
    html = (tmp_path / "floor" / thai.relative_to(content)).with_suffix(".html").read_text("utf-8")
    assert html == expected
    assert "<p>" in html and "Title:" not in html and "Slug:" not in html


def test_markdown_floor_usage_error():
    result = subprocess.run([sys.executable, "-P", str(REPO / "bench" / "floor.py")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "usage: python bench/floor.py CONTENT OUTPUT" in result.stderr


def test_markdown_floor_refuses_a_folder_without_markdown(tmp_path):
    """Timing an empty folder would pass for a very fast renderer: the floor says what is wrong."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notes.txt").write_text("not Markdown", "utf-8")
    result = subprocess.run([sys.executable, "-P", str(REPO / "bench" / "floor.py"), str(tmp_path / "content"),
                             str(tmp_path / "floor")], capture_output=True, text=True)
    assert result.returncode == 1
    assert f"no Markdown files under {tmp_path / 'content'}" in result.stderr
    assert "python -m bench.synth" in result.stderr
    assert not (tmp_path / "floor").exists()
