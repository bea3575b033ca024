# expect: WA — value order with ">=" instead of ">": equal neighbours chain, so [[1, 1]] gives 3, not 1.
def longest_increasing_path(matrix):
    m, n = len(matrix), len(matrix[0])
    cells = sorted(((matrix[i][j], i, j) for i in range(m) for j in range(n)), reverse=True)
    best = [[1] * n for _ in range(m)]
    for v, i, j in cells:
        for a, b in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)):
            if 0 <= a < m and 0 <= b < n and matrix[a][b] >= v:
                best[i][j] = max(best[i][j], best[a][b] + 1)
    return max(max(row) for row in best)
