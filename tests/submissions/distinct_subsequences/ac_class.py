# expect: AC — LeetCode's class form, pasted as is: a rolling row indexed by letter, j descending.
class Solution:
    def numDistinct(self, s: str, t: str) -> int:
        where: Dict[str, List[int]] = collections.defaultdict(list)
        for j in range(len(t) - 1, -1, -1):
            where[t[j]].append(j + 1)  # positions in t for each letter, descending
        ways = [1] + [0] * len(t)
        for ch in s:
            for j in where.get(ch, ()):
                ways[j] += ways[j - 1]
        return ways[-1]
