"""Settings for the sample portal: one Korean province's migrant portal.

Another region starts its own portal by replacing content/ and
translations/ and editing the settings below; nothing region-specific
lives in plugins/ or theme/.
"""

from pathlib import Path

from portal_pelican.defaults import *  # noqa: F403 (the wiring every portal shares)

PORTAL_SETTINGS_FILE = str(Path(__file__).resolve())

SITENAME = "Migrant Portal"
SITEURL = "http://localhost:8000"
TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"

PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]

# -- Languages -------------------------------------------------------------
# One entry per edition: URL code, CLDR locale, name in its own script, and
# the fallback chain used when a message has no usable translation (the
# source language always ends the chain). 'direction' defaults from CLDR;
# 'stale' says what to do with a translation whose source changed:
# 'fallback' (replace it along the chain) or 'mark' (show it, marked).
# Adding a language: add an entry here, then run `portal init CODE`.
PORTAL_SOURCE_LANGUAGE = "ko"
PORTAL_LANGUAGES = [
    {"code": "ko", "locale": "ko", "name": "한국어"},
    {"code": "en", "locale": "en", "name": "English"},
    {"code": "vi", "locale": "vi", "name": "Tiếng Việt", "fallback": ["en"]},
    {"code": "th", "locale": "th", "name": "ไทย", "fallback": ["en"]},
    {"code": "km", "locale": "km", "name": "ខ្មែរ", "fallback": ["en"]},
    {"code": "lo", "locale": "lo", "name": "ລາວ", "fallback": ["th", "en"]},
    {"code": "my", "locale": "my", "name": "မြန်မာ", "fallback": ["en"]},
    {"code": "zh", "locale": "zh_Hans", "name": "简体中文", "fallback": ["en"]},
    {"code": "ru", "locale": "ru", "name": "Русский", "fallback": ["en"]},
    {"code": "uz", "locale": "uz_Latn", "name": "Oʻzbekcha", "fallback": ["ru", "en"]},
    {"code": "mn", "locale": "mn", "name": "Монгол", "fallback": ["ru", "en"]},
    {"code": "fil", "locale": "fil", "name": "Filipino", "fallback": ["en"]},
]
PORTAL_TRANSLATIONS = "translations"
PORTAL_FEED_SECTIONS = ["notices"]
PORTAL_WORKERS = None  # None: one process per core

# -- Structured data (content/data/*.yml) -----------------------------------
PORTAL_DIRECTORY_SECTION = "directory"  # service point pages and their filters
PORTAL_COMMUNITIES_SECTION = "communities"  # one generated page per community
PORTAL_VISA_RULES_ROUTE = "visas/rules"
PORTAL_EXPIRED_RULES = "flag"  # or "hide": rules past their 'expires' date
# Where the quick-exit button on sensitive pages goes: a neutral site.
PORTAL_QUICK_EXIT_URL = "https://www.weather.go.kr/"
