"""The benchmark harness still runs: a 3-page synthetic portal in 12 languages builds,
the renderer's floor (``bench/floor.py``) renders what it should, the Pagefind engines,
the search transfer benchmark and the preview benchmark run and write their fields.

No time is asserted (the machine is shared); the benchmark itself reports figures.
Hugo (Debian) and Pagefind (npm, pinned in package.json) must be installed: a test that
needs one fails, saying how to install it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

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


# --- Hugo + Pagefind, search transfer, preview latency: the harness runs and writes its fields ---

def require_hugo_and_pagefind() -> None:
    """Fail (never skip) when a tool of the comparison is missing, saying how to install it."""
    from bench.engines import INSTALL_HUGO, pagefind_unavailable

    if shutil.which("hugo") is None:
        pytest.fail(INSTALL_HUGO)
    reason = pagefind_unavailable()
    if reason:
        pytest.fail(reason)


@pytest.fixture(scope="module")
def tiny_work(tmp_path_factory):
    """One 3-page synthetic site in every layout, shared by the runs below (each reuses it)."""
    from bench.synth import synthesize

    work = tmp_path_factory.mktemp("bench-work")
    synthesize(3, 1, work / "p3-s1")
    return work


def only_result(folder, kind: str) -> dict:
    found = sorted(folder.glob(f"{kind}-*.json"))
    assert len(found) == 1, found
    return json.loads(found[0].read_text("utf-8"))


def run_bench(module: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_pagefind_engines_are_measured_and_compared_with_ours(tiny_work, tmp_path):
    """Pagefind alone (over a prepared Hugo output) and Hugo + Pagefind are measured like any engine;
    the results file holds ours / (Hugo + Pagefind) and the costs per page-language."""
    require_hugo_and_pagefind()
    result = run_bench("bench.run", "--sizes", "3", "--repeat", "1", "--engines",
                       "ours,hugo,pagefind,hugo+pagefind", "--work", str(tiny_work), "--results", str(tmp_path))
    assert "ours / (Hugo + Pagefind), combined: wall_s" in result.stdout
    data = only_result(tmp_path, "full")
    size = data["sizes"]["3"]
    assert size["failed"] == []
    for engine in ("ours", "hugo", "pagefind", "hugo+pagefind"):
        assert size["median"][engine]["cpu_s"] > 0 and size["median"][engine]["peak_pss_mib"] > 0, engine
        assert size["files"][engine] > 0, engine
    assert size["files"]["hugo+pagefind"] > size["files"]["hugo"]  # Pagefind's bundle beside Hugo's pages
    for kind in ("combined", "summed"):
        assert set(size["ours_over_hugo_plus_pagefind"][kind]) == {"wall_s", "cpu_s", "peak_pss_mib"}
        assert all(value > 0 for value in size["ours_over_hugo_plus_pagefind"][kind].values())
    assert size["page_languages"] == 3 * 12
    assert set(size["per_page_language"]["ours"]) == {"wall_ms", "cpu_ms", "pss_kib"}
    # The binary is the npm package's, and Pagefind read every page's language from <html lang>.
    assert data["versions"]["pagefind"] == "pagefind 1.6.0"
    assert data["versions"]["pagefind_binary"].startswith(str(REPO / "node_modules" / "@pagefind") + "/")
    for engine in ("pagefind", "hugo+pagefind"):
        log = (tiny_work / "logs" / f"p3-{engine}-0.log").read_text("utf-8")
        assert "Indexed 12 languages" in log and "Found a data-pagefind-body element" in log, log


def test_rebuilds_are_compared_with_hugos_cold_build_in_the_same_run(tiny_work, tmp_path):
    require_hugo_and_pagefind()
    result = run_bench("bench.run", "--sizes", "3", "--repeat", "1", "--incremental", "--engines", "ours,hugo",
                       "--work", str(tiny_work), "--results", str(tmp_path))
    assert "hugo cold build:" in result.stdout and "edit-page" in result.stdout
    size = only_result(tmp_path, "incremental")["sizes"]["3"]
    hugo = size["anchors_cold"]["hugo"]
    assert hugo["wall_s"] > 0 and hugo["cpu_s"] > 0
    ratios = size["over_anchor_cold"]["hugo"]
    assert set(ratios) == {"full", "warm", "edit-page", "edit-catalog", "ci-restore"}
    # the build after a CI cache's restore changes what a local edit of the page changes
    restored, edited = size["median"]["ci-restore"], size["median"]["edit-page"]
    assert restored["files"] == size["median"]["full"]["files"]
    assert 0 < restored["changed"] <= edited["changed"] and restored["added"] <= edited["added"]
    # what the edit made new, in bytes: some, and less than the whole output
    assert 0 < edited["new_kb"] < size["median"]["full"]["new_kb"] and size["median"]["warm"]["new_kb"] == 0
    assert ratios["edit-page"] == round(size["median"]["edit-page"]["wall_s"] / hugo["wall_s"], 3)
    assert [row["scenario"] for row in size["runs"]].count("hugo cold") == 1


def test_scale_report_and_repeats_per_size():
    from bench.report import scale_table
    from bench.run import repeats_for

    assert repeats_for([50, 300, 1000, 2000], "3,3,1,1") == [3, 3, 1, 1]
    assert repeats_for([50, 300], "2") == [2, 2]
    with pytest.raises(ValueError, match="one count"):
        repeats_for([50, 300], "3,3,1")
    figures = {"wall_s": 2.0, "cpu_s": 3.0, "peak_pss_mib": 10.0}
    sizes = {"10": {"page_languages": 120, "median": {"ours": figures, "hugo+pagefind": figures},
                    "ours_over_hugo_plus_pagefind": {"combined": {"wall_s": 1.0, "cpu_s": 1.0,
                                                                  "peak_pss_mib": 1.0}}}}
    text = scale_table(sizes)
    ours = next(line for line in text.splitlines() if line.split()[:2] == ["10", "ours"])
    assert "16.67" in ours and "25.00" in ours and ours.endswith("1.00 1.00 1.00")  # ms per page-language


def test_search_transfer_counts_each_engines_first_query(tiny_work, tmp_path):
    """In headless Chromium, from a cold cache: every file each site's search box fetched, by kind."""
    require_hugo_and_pagefind()
    from bench.transfer import CHROMIUM

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    run_bench("bench.transfer", "--pages", "3", "--queries", "1", "--languages", "ko,th",
              "--work", str(tiny_work), "--results", str(tmp_path))
    data = only_result(tmp_path, "transfer")
    for code in ("ko", "th"):
        query = data["editions"][code]["queries"][0]
        assert query["query"]
        for engine in ("ours", "pagefind"):
            found = query[engine]
            assert found["code"] > 0 and found["index"] > 0, (code, engine, found)
            assert found["total"] == found["code"] + found["index"] + found["text"]
        assert f"/{code}/search/index.json" in query["ours"]["files"]
        assert any(name.endswith(".pf_meta") for name in query["pagefind"]["files"])
        assert set(data["editions"][code]["summary"]["ours_over_pagefind"]) == {"total", "data", "code"}
    # A word of a page's title finds that page (in spaced Korean; how a spaceless script is cut differs).
    assert all(data["editions"]["ko"]["queries"][0][engine]["results"] >= 1 for engine in ("ours", "pagefind"))


def test_search_transfer_queries_keep_the_vowel_signs_of_their_words():
    """A query is a word of the page: its combining marks (Thai, Lao, Khmer, Burmese vowel signs,
    not word characters to Python's regular expressions) stay, its punctuation goes."""
    from bench.transfer import longest_word

    assert longest_word(["ဗီ", "ဂိဌံတံ်။", "123456789"]) == "ဂိဌံတံ်"
    assert longest_word(["แทิ่าโกู้,", "ก"]) == "แทิ่าโกู้"
    assert longest_word(["(상담센터)", "안내"]) == "상담센터"


def test_search_transfer_sorts_requests_into_code_index_and_text():
    from bench.transfer import kind_of

    assert kind_of("ours", "/theme/js/lunr.js") == "code"
    assert kind_of("ours", "/theme/js/search-engine.js") == "code"
    assert kind_of("ours", "/theme/js/search-engine.88fd3f1b2d.js") == "code"  # content-hashed names
    assert kind_of("ours", "/ru/search/") is None  # the search page is a page, not search data
    assert kind_of("ours", "/ru/search/index.json") == "index"
    assert kind_of("ours", "/ru/search/postings-928c4bb24b.json") == "index"
    assert kind_of("ours", "/ru/search/text-20-62597843c4.json") == "text"
    assert kind_of("ours", "/theme/css/main.css") is None
    assert kind_of("pagefind", "/pagefind/wasm.unknown.pagefind") == "code"
    assert kind_of("pagefind", "/pagefind/pagefind.ru_31160e9656.pf_meta") == "index"
    assert kind_of("pagefind", "/pagefind/index/ru_1ad8c5a.pf_index") == "index"
    assert kind_of("pagefind", "/pagefind/fragment/ru_7d450aa.pf_fragment") == "text"
    assert kind_of("pagefind", "/ru/") is None


def test_preview_latency_of_both_servers_is_recorded(tiny_work, tmp_path):
    """portal serve and hugo server, the same edits, the edited page polled until it shows them."""
    require_hugo_and_pagefind()
    result = run_bench("bench.preview", "--sizes", "3", "--edits", "1", "--work", str(tiny_work),
                       "--results", str(tmp_path))
    assert "polled every 20 ms" in result.stdout
    data = only_result(tmp_path, "preview")
    size = data["sizes"]["3"]
    assert data["interval_s"] == 0.02
    assert {(row["engine"], row["scenario"]) for row in size["edits"]} == {
        (engine, scenario) for engine in ("ours", "hugo") for scenario in ("edit-source", "edit-catalog")}
    for row in size["edits"]:
        if "error" in row:  # a rebuild the server said failed is recorded, not timed
            assert row["visible_s"] is None and row["error"], row
            continue
        assert row["visible_s"] > 0 and row["polls"] >= 1, row
        assert row["complete_s"] is not None, row  # the server said its rebuild was over
    assert any(row["visible_s"] for row in size["edits"] if row["engine"] == "ours")
    assert all(row["visible_s"] for row in size["edits"] if row["engine"] == "hugo")
    assert [row["path"].split("/")[1] for row in size["edits"] if row["scenario"] == "edit-catalog"] == ["ru", "ru"]
    assert set(size["ours_over_hugo"]) == {"edit-source", "edit-catalog"}
    assert set(size["startup_s"]) == {"ours", "hugo"}


def test_results_name_the_commit_in_a_worktree_too():
    """Helpers' checkouts are Git worktrees, whose .git is a file: the results still name the commit."""
    from bench.report import project_revision

    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode:
        pytest.fail(f"git rev-parse HEAD failed in {REPO}: {head.stderr}")
    assert project_revision() == head.stdout.strip()


def test_two_revisions_are_built_in_turns_and_their_outputs_compared(tiny_work, tmp_path):
    result = run_bench("bench.compare", "HEAD", "HEAD", "--pages", "3", "--rounds", "2",
                       "--work", str(tiny_work), "--results", str(tmp_path))
    assert "round 2/2" in result.stdout
    found = only_result(tmp_path, "compare")
    assert found["outputs_identical"] is True and [side["name"] for side in found["sides"]] == ["base", "head"]
    for side in found["sides"]:
        assert [run["what"] for run in side["runs"]] == ["cold", "edit-page", "edit-page"]
    assert found["head_over_base"]["edit-page"]["wall_s"] > 0
    worktrees = subprocess.run(["git", "worktree", "list"], cwd=REPO, capture_output=True, text=True).stdout
    assert str(tiny_work) not in worktrees, "the worktrees are removed"
    assert list((tiny_work / "compare").iterdir()) == [], "and so are the portal's copies"
