"""Slow, obvious oracle for Edit Distance, written independently of the references."""


def edit_distance_bruteforce(word1: str, word2: str) -> int:
    """Breadth-first search over strings: from word1, apply every single insertion,
    deletion and replacement (over the letters of both words) until word2 appears. The
    number of rounds is the distance. The frontier grows fast, so keep inputs tiny.

    Two prunings keep it exhaustive: a letter in neither word never helps, and an optimal
    script can do its deletions first and its insertions last, so no string on the way
    needs more than max(|word1|, |word2|) letters."""
    letters = sorted(set(word1 + word2)) or ["a"]
    seen = {word1}
    frontier = [word1]
    steps = 0
    while word2 not in seen:
        steps += 1
        nxt = []
        for s in frontier:
            neighbours = [s[:k] + s[k + 1 :] for k in range(len(s))]
            neighbours += [s[:k] + c + s[k:] for k in range(len(s) + 1) for c in letters]
            neighbours += [s[:k] + c + s[k + 1 :] for k in range(len(s)) for c in letters]
            for t in neighbours:
                if t not in seen and len(t) <= max(len(word1), len(word2)):
                    seen.add(t)
                    nxt.append(t)
        frontier = nxt
    return steps


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = edit_distance_bruteforce
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return sum(map(len, inp.values())) <= 12
