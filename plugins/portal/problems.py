"""What can go wrong, in the words of the person who can fix it.

A build or a check collects every problem it can find in editors' and
translators' input before stopping (``ProblemLog``, ``PortalError``), so
one run tells an editor everything to fix; each problem names the file
and line, says what is wrong and how to fix it. A ``BuildFault`` is the
machine's part (a full disk, a folder it may not write, a dead worker):
one line naming the path. Anything else is a bug in the generator
(``portal.failures``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place."""

    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: error: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class PortalError(Exception):
    """Input that cannot be built; carries every problem found."""

    exitcode = 2

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._summary())

    def __reduce__(self):  # raised in a worker process, re-raised in the parent
        return self.__class__, (self.problems,)

    def _summary(self) -> str:
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} found:"
        return "\n".join([heading, *(str(p) for p in self.problems)])


class BuildFault(Exception):
    """The build could not be done for a reason outside the input: one line, naming the path."""

    exitcode = 1


@dataclass
class ProblemLog:
    """Collects problems during one run; raises them together at the end."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str | Path, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(str(path), line, message, hint))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise PortalError(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)
