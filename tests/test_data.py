"""Data files: every mistake reported with its file and line."""

from __future__ import annotations

from pathlib import Path

from babel import Locale

from conftest import REPO
from portal.data.hours import parse_hours
from portal.data.phones import is_phone, tel_uri
from portal.data.records import load_data
from portal.problems import ProblemLog

VOCABULARY = """\
kinds:
  consultation: 상담 센터
services:
  legal: 법률 상담
cities:
  ansan: 안산시
"""

GOOD_POINT = """\
- id: center
  name: 센터
  kind: consultation
  city: ansan
  phones:
    - number: 031-123-4567
      languages: [ko, vi]
      hours: Mo-Fr 09:00-18:00
  services: [legal]
  assured_date: 2025-01-15
"""


def load(tmp_path: Path, **files: str):
    data_dir = tmp_path / "content" / "data"
    data_dir.mkdir(parents=True)
    (data_dir / "vocabulary.yml").write_text(VOCABULARY, "utf-8")
    for name, text in files.items():
        (data_dir / f"{name.replace('_', '-')}.yml").write_text(text, "utf-8")
    log = ProblemLog()
    return load_data(tmp_path / "content", log), [str(p) for p in log.problems]


def test_the_sample_portal_data_is_valid():
    log = ProblemLog()
    data = load_data(REPO / "content", log)
    assert log.problems == []
    assert len(data["communities"]) == 13
    assert {c["id"] for c in data["communities"]} >= {"koryoin", "north-korean-defectors", "vietnam"}


def test_a_valid_record_and_its_messages(tmp_path):
    data, problems = load(tmp_path, service_points=GOOD_POINT)
    assert problems == []
    assert data["service-points"][0]["phones"][0]["languages"] == ["ko", "vi"]
    assert data.messages["data/service-points.yml"] == [("센터", 2)]
    assert ("법률 상담", 4) in data.messages["data/vocabulary.yml"]


def test_every_mistake_is_reported_with_its_line(tmp_path):
    bad = GOOD_POINT.replace("number: 031-123-4567", "number: 031-00-0000") \
        .replace("languages: [ko, vi]", "languages: [ko, xx]") \
        .replace("hours: Mo-Fr 09:00-18:00", "hours: weekdays") \
        .replace("services: [legal]", "services: [legal, cooking]") \
        .replace("assured_date: 2025-01-15", "assured_date: last week\n  colour: blue")
    _, problems = load(tmp_path, service_points=bad)
    where = "content/data/service-points.yml"
    assert f"{where}:6: error: 'number' has the wrong value '031-00-0000': not a valid Korean phone number" \
        in "\n".join(problems)
    text = "\n".join(problems)
    assert f"{where}:7: error: unknown language code 'xx' in 'languages'" in text
    assert f"{where}:8: error: 'hours' has the wrong value 'weekdays'" in text
    assert f"{where}:9: error: 'cooking' is not a known services id" in text
    assert f"{where}:10: error: 'assured_date' has the wrong value 'last week'" in text
    assert f"{where}:11: error: unknown key 'colour' in a service point" in text
    assert len(problems) == 6


def test_missing_keys_duplicates_and_dangling_references(tmp_path):
    communities = """\
- id: vietnam
  name: 베트남 공동체
  languages: [vi]
  service_points: [center, nowhere]
  visas: [E-99]
- id: vietnam
  name: 또
  languages: [vi]
- name: 이름만
"""
    _, problems = load(tmp_path, service_points=GOOD_POINT, communities=communities)
    text = "\n".join(problems)
    where = "content/data/communities.yml"
    assert f"{where}:4: error: 'nowhere' is not a known service-points id" in text
    assert f"{where}:5: error: 'E-99' is not a known visas id" in text
    assert f"{where}:6: error: id 'vietnam' is used twice (first on line 1)" in text
    assert f"{where}:9: error: a community has no 'id'" in text
    assert f"{where}:9: error: a community has no 'languages'" in text


def test_invalid_yaml_and_unknown_files(tmp_path):
    _, problems = load(tmp_path, helplines="- number: 112\n  name: [경찰\n", shops="- id: x\n")
    text = "\n".join(problems)
    assert "content/data/helplines.yml:2: error: the file is not valid YAML" in text
    assert "content/data/shops.yml: error: unknown data file 'shops.yml'" in text


def test_opening_hours_and_phone_numbers():
    hours = parse_hours("Mo-Fr 09:00-18:00; Sa 10:00-13:00")
    assert hours.describe(Locale("ru"), "24/7") == ["пн–пт 09:00–18:00", "сб 10:00–13:00"]
    assert parse_hours("24/7").describe(Locale("ko"), "24시간") == ["24시간"]
    assert parse_hours("Mo,We,Fr 09:00-12:00").rules[0].days == (0, 2, 4)
    assert parse_hours("Su-Th 09:00-18:00").rules[0].days == (6, 0, 1, 2, 3)  # across the week's end
    assert parse_hours("Su-Th 09:00-18:00").describe(Locale("en"), "") == ["Sun–Thu 9:00\u202fAM–6:00\u202fPM"]
    for bad in ["Mo-Fr 18:00-09:00", "Xx 09:00-10:00", "Mo-Xx 09:00-10:00", "9 to 5"]:
        try:
            parse_hours(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")
    assert [is_phone(n) for n in ["112", "1345", "1577-1366", "031-123-4567", "02-212-3456", "12-34",
                                  "031-000-0000"]] == [True, True, True, True, True, False, False]
    assert tel_uri("031-123-4567") == "tel:+82-31-123-4567" and tel_uri("1345") == "tel:1345"
