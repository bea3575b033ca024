# expect: WA — only looks right and down, so a path that runs left or up is missed: [[2, 1]] gives 1, not 2.
def longest_increasing_path(matrix):
    m, n = len(matrix), len(matrix[0])
    best = [[1] * n for _ in range(m)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            if i + 1 < m and matrix[i + 1][j] > matrix[i][j]:
                best[i][j] = max(best[i][j], best[i + 1][j] + 1)
            if j + 1 < n and matrix[i][j + 1] > matrix[i][j]:
                best[i][j] = max(best[i][j], best[i][j + 1] + 1)
    return max(max(row) for row in best)
