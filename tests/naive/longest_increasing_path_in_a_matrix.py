"""Slow, obvious oracles, written independently of the reference solutions."""


def longest_increasing_path_bruteforce(matrix: list[list[int]]) -> int:
    """Grow every strictly increasing path, one step at a time, from every cell, and
    keep the longest. No memo: a cell is re-explored once per path that reaches it, so
    the work can be exponential; keep inputs tiny."""
    m, n = len(matrix), len(matrix[0])
    paths = [[(i, j)] for i in range(m) for j in range(n)]
    longest = 0
    while paths:
        longest = max(longest, len(paths[0]))
        grown = []
        for path in paths:
            i, j = path[-1]
            for a, b in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)):
                if 0 <= a < m and 0 <= b < n and matrix[a][b] > matrix[i][j]:
                    grown.append(path + [(a, b)])
        paths = grown
    return longest


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = longest_increasing_path_bruteforce
ORACLE_LEAST_CASES = 15  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return sum(map(len, inp["matrix"])) <= 16
