"""Plate template patterns: a small regular-expression subset where <class> names a character class.

Supported syntax: literal characters, `<class>`, `[chars]` and a `{n}` repeat after any of them. This keeps every
template a fixed-length sequence of per-position character sets, which the synthetic generator samples from and the
beam-search template filter checks prefixes against.
"""
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"<(?P<cls>[a-z][a-z0-9_-]*)>|\[(?P<set>[^\]]+)\]|(?P<lit>[^<\[{}\\.*+?()|^$])")
_REPEAT = re.compile(r"\{(\d+)\}")


@dataclass(frozen=True)
class Pattern:
    source: str
    positions: tuple[str, ...]  # allowed characters at each position of the plate text

    def matches(self, text: str) -> bool:
        return len(text) == len(self.positions) and all(c in allowed for c, allowed in zip(text, self.positions))

    def matches_prefix(self, prefix: str) -> bool:
        return len(prefix) <= len(self.positions) and all(c in allowed for c, allowed in zip(prefix, self.positions))

    @property
    def literal_positions(self) -> tuple[int, ...]:
        """Positions that hold a single fixed character (e.g. 警 of police plates)."""
        return tuple(i for i, allowed in enumerate(self.positions) if len(allowed) == 1)


def parse_pattern(source: str, classes: dict[str, str]) -> Pattern:
    positions: list[str] = []
    at = 0
    while at < len(source):
        token = _TOKEN.match(source, at)
        if not token:
            raise ValueError(f"unsupported syntax in pattern {source!r} at {at}")
        if token["cls"]:
            if token["cls"] not in classes:
                raise ValueError(f"unknown class <{token['cls']}> in pattern {source!r}")
            allowed = classes[token["cls"]]
        else:
            allowed = token["set"] or token["lit"]
        at = token.end()
        repeat = _REPEAT.match(source, at)
        count = 1
        if repeat:
            count = int(repeat[1])
            at = repeat.end()
        positions.extend([allowed] * count)
    return Pattern(source, tuple(positions))
