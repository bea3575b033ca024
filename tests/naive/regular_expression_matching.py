"""Slow, obvious oracles, written independently of the reference solutions."""

import itertools
import re


def _tokens(p: str) -> list[tuple[str, bool]]:
    """Split a pattern into (character, starred) tokens: 'a.b*' -> a, ., b*."""
    tokens = []
    for k, char in enumerate(p):
        if char == "*":
            continue
        tokens.append((char, k + 1 < len(p) and p[k + 1] == "*"))
    return tokens


def is_match_bruteforce(s: str, p: str) -> bool:
    """Try every way to give each starred token a repeat count, with the counts adding up
    so the tokens cover exactly len(s) characters, and compare token by token. Every
    plain token covers one character. There are up to C(len(s) + stars, stars) ways to
    choose the counts, so keep inputs tiny."""
    tokens = _tokens(p)
    starred = [k for k, (_, star) in enumerate(tokens) if star]
    plain = len(tokens) - len(starred)
    spare = len(s) - plain
    if spare < 0:
        return False
    for counts in itertools.product(range(spare + 1), repeat=len(starred)):
        if sum(counts) != spare:
            continue
        repeat = dict(zip(starred, counts))
        expanded = "".join(char * repeat.get(k, 1) for k, (char, _) in enumerate(tokens))
        if all(want in (got, ".") for want, got in zip(expanded, s)):
            return True
    return False


def is_match_re(s: str, p: str) -> bool:
    """Python's own regex engine: on a-z, '.' and '*' it means exactly what LeetCode 10 means."""
    return re.fullmatch(p, s) is not None


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = is_match_bruteforce
ORACLE_LEAST_CASES = 15  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["s"]) <= 12
