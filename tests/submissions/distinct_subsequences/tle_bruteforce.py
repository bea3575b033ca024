# expect: TLE — plain recursion with no memo: right, but it makes at least one call per way, and the killer 'a' * 33 over 'a' * 16 has 1.2 * 10^9.
def num_distinct(s, t):
    def ways(i, j):
        if j == len(t):
            return 1
        if i == len(s):
            return 0
        use = ways(i + 1, j + 1) if s[i] == t[j] else 0
        return ways(i + 1, j) + use

    return ways(0, 0)
