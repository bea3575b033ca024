# expect: AC — a plain function: depth-first search with a memo, recursion limit raised for 200 x 200 snakes.
import sys


def longest_increasing_path(matrix):
    m, n = len(matrix), len(matrix[0])
    sys.setrecursionlimit(max(sys.getrecursionlimit(), m * n + 1000))
    memo = {}

    def dfs(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        best = 1
        for a, b in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)):
            if 0 <= a < m and 0 <= b < n and matrix[a][b] > matrix[i][j]:
                best = max(best, 1 + dfs(a, b))
        memo[(i, j)] = best
        return best

    return max(dfs(i, j) for i in range(m) for j in range(n))
