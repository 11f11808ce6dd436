"""Phone numbers in Korean notation, checked and turned into tel: links."""

from __future__ import annotations

import re

SHORT = re.compile(r"^\d{3,4}$")  # 112, 119, 1345
NATIONWIDE = re.compile(r"^1[5-9]\d\d-\d{4}$")  # 1577-1366
LOCAL = re.compile(r"^0\d{1,2}-\d{3,4}-\d{4}$")  # 031-000-0000, 02-000-0000, 010-0000-0000


def is_phone(number: str) -> bool:
    return bool(SHORT.match(number) or NATIONWIDE.match(number) or LOCAL.match(number))


def tel_uri(number: str) -> str:
    """RFC 3966: local numbers become +82 without the trunk 0; short codes stay local."""
    if LOCAL.match(number):
        return "tel:+82-" + number[1:]
    return "tel:" + number
