"""The built sample portal as a crawler sees it: links, anchors, origins, reproducibility."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import FIXTURE_SITE, run_portal

RESOURCE_ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
                       "video": "src", "embed": "src", "object": "data", "track": "src", "input": "src"}


def pages(output: Path):
    for path in sorted(output.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text("utf-8"), "html.parser")


def target_file(output: Path, page: Path, href: str) -> Path | None:
    """The file a link from ``page`` points at, as a static host would serve it (a root-absolute
    link, as the 404 pages have, from the site's root: the sample's SITEURL has no path)."""
    if href.startswith("/"):
        href = "file://" + str(output) + href
    base = "file://" + str(page)
    url, _ = urldefrag(urljoin(base, href))
    path = Path(unquote(urlsplit(url).path))
    if not str(path).startswith(str(output)):
        return None
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def test_every_internal_link_and_anchor_resolves(portal_output):
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page, doc in pages(portal_output):
        ids[page] = {element["id"] for element in doc.find_all(id=True)}
    for page, doc in pages(portal_output):
        for element in doc.find_all(["a", "link"], href=True):
            href = element["href"]
            scheme = urlsplit(href).scheme
            if scheme in ("http", "https", "tel", "mailto", "geo"):
                continue
            if href.startswith("#"):
                assert href[1:] in ids[page] or href == "#", f"{page}: missing anchor {href}"
                continue
            target = target_file(portal_output, page, href)
            assert target is not None and target.is_file(), f"{page}: broken link {href}"
            fragment = urldefrag(href)[1]
            if fragment and target.suffix == ".html":
                assert fragment in ids[target], f"{page}: {href} has no anchor #{fragment}"
            checked += 1
    assert checked > 10000


def test_nothing_is_loaded_from_another_origin(portal_output):
    for page, doc in pages(portal_output):
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            for element in doc.find_all(tag):
                value = element.get(attribute)
                if value:
                    assert not urlsplit(value).netloc and not value.startswith("//"), \
                        f"{page}: {tag} loads {value}"
        for link in doc.find_all("link", href=True):
            if set(link.get("rel", [])) & {"stylesheet", "icon", "preload", "prefetch", "manifest",
                                              "modulepreload", "preconnect", "dns-prefetch"}:
                assert not urlsplit(link["href"]).netloc, f"{page}: link loads {link['href']}"
    for css in portal_output.rglob("*.css"):
        text = css.read_text("utf-8")
        assert "@import" not in text and "url(http" not in text and "url(//" not in text, css


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}
    outputs = []
    for name in ("first", "second"):
        output = tmp_path / name
        subprocess.run([sys.executable, "-m", "portal", "--settings",
                        str(FIXTURE_SITE / "pelicanconf.py"), "build", "--output", str(output)],
                       check=True, env=env, cwd=FIXTURE_SITE, capture_output=True)
        outputs.append({p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    different = [str(path) for path in outputs[0] if outputs[0][path] != outputs[1][path]]
    assert different == []


def test_the_fixture_builds_with_run_portal(tmp_path):
    run_portal(FIXTURE_SITE / "pelicanconf.py", "build", "--output", str(tmp_path / "out"))
    assert (tmp_path / "out/index.html").is_file()
