"""Problems found in a build: where, what, how to fix; formatted as `path:line:col: error: message`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Loc:
    """A place in a project file; `path` is relative to the project root, line and col are 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One error or warning, at a place in a file, with a hint where there is one."""

    loc: Loc
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def format(self) -> str:
        text = f"{self.loc}: {self.severity}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def as_error(self) -> Problem:
        return Problem(self.loc, self.message, self.hint, "error")

    def to_json(self) -> dict:
        return {"path": self.loc.path, "line": self.loc.line, "col": self.loc.col,
                "severity": self.severity, "message": self.message, "hint": self.hint}

    @classmethod
    def from_json(cls, data: dict) -> Problem:
        return cls(Loc(data["path"], data["line"], data["col"]), data["message"], data["hint"], data["severity"])


class BuildError(Exception):
    """Raised when a build cannot publish; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted_problems(problems)
        super().__init__(f"{len(self.problems)} problem(s)")


@dataclass(slots=True)
class Problems:
    """A collector that stages append to; nothing is raised until the orchestrator decides."""

    items: list[Problem] = field(default_factory=list)

    def error(self, loc: Loc, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(loc, message, hint, "error"))

    def warn(self, loc: Loc, message: str, hint: str | None = None) -> None:
        self.items.append(Problem(loc, message, hint, "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.loc.path, p.loc.line, p.loc.col, p.message))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known word, or None when nothing is close."""
    import difflib  # only when a problem is being worded: importing it costs a build 2 ms

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def known(kind: str, names: Iterable[str], limit: int = 8) -> str:
    names = sorted(names)
    shown = ", ".join(names[:limit]) + (", …" if len(names) > limit else "")
    return f"known {kind}: {shown}" if names else f"no {kind} are defined"
