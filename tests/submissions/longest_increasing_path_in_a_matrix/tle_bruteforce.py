# expect: TLE — depth-first search from every cell with no memo: right on small inputs, but on a ramp v = i + j the number of increasing paths explodes.
def longest_increasing_path(matrix):
    m, n = len(matrix), len(matrix[0])

    def walk(i, j):
        best = 1
        for a, b in ((i - 1, j), (i + 1, j), (i, j - 1), (i, j + 1)):
            if 0 <= a < m and 0 <= b < n and matrix[a][b] > matrix[i][j]:
                best = max(best, 1 + walk(a, b))
        return best

    return max(walk(i, j) for i in range(m) for j in range(n))
