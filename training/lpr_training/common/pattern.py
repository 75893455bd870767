"""Plate template patterns: a small regular-expression subset where <class> names a character class.

Supported syntax: literal characters, `<class>`, `[chars]`, and a `{n}` or `{m,n}` repeat after any of them. A
pattern expands to its alternatives, each a fixed-length sequence of per-position character sets, which the
synthetic generator samples from and the beam-search template filter checks prefixes against.
"""
import itertools
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"<(?P<cls>[a-z][a-z0-9_-]*)>|\[(?P<set>[^\]]+)\]|(?P<lit>[^<\[{}\\.*+?()|^$])")
_REPEAT = re.compile(r"\{(\d+)(?:,(\d+))?\}")


@dataclass(frozen=True)
class Pattern:
    source: str
    alternatives: tuple[tuple[str, ...], ...]  # allowed characters at each position, one tuple per plate length

    def matches(self, text: str) -> bool:
        return any(len(text) == len(a) and all(c in s for c, s in zip(text, a)) for a in self.alternatives)

    def matches_prefix(self, prefix: str) -> bool:
        return any(len(prefix) <= len(a) and all(c in s for c, s in zip(prefix, a)) for a in self.alternatives)

    def characters(self) -> set[str]:
        return {c for a in self.alternatives for allowed in a for c in allowed}

    def literal_positions(self, length: int) -> tuple[int, ...]:
        """Positions that hold a single fixed character (e.g. 警 of police plates) in plates of this length."""
        same = [a for a in self.alternatives if len(a) == length]
        return tuple(i for i in range(length) if all(len(a[i]) == 1 for a in same)) if same else ()


def parse_pattern(source: str, classes: dict[str, str]) -> Pattern:
    tokens: list[tuple[str, int, int]] = []  # (allowed characters, fewest repeats, most repeats)
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
        low = high = 1
        if repeat:
            low = int(repeat[1])
            high = int(repeat[2]) if repeat[2] else low
            at = repeat.end()
        tokens.append((allowed, low, high))
    counts = itertools.product(*(range(low, high + 1) for _, low, high in tokens))
    expanded = {tuple(allowed for (allowed, _, _), n in zip(tokens, count) for _ in range(n)) for count in counts}
    return Pattern(source, tuple(sorted(expanded, key=lambda a: (len(a), a))))
