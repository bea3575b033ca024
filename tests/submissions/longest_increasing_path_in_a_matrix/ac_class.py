# expect: AC — LeetCode's class form, pasted as is: peel the matrix layer by layer (Kahn's topological sort); List and deque come from LeetCode's prelude.
class Solution:
    def longestIncreasingPath(self, matrix: List[List[int]]) -> int:
        m, n = len(matrix), len(matrix[0])
        steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
        # out[i][j]: how many neighbours are larger, i.e. how many moves leave (i, j).
        out = [[0] * n for _ in range(m)]
        for i in range(m):
            for j in range(n):
                for di, dj in steps:
                    a, b = i + di, j + dj
                    if 0 <= a < m and 0 <= b < n and matrix[a][b] > matrix[i][j]:
                        out[i][j] += 1
        layer = deque((i, j) for i in range(m) for j in range(n) if out[i][j] == 0)
        layers = 0
        while layer:
            layers += 1
            for _ in range(len(layer)):
                i, j = layer.popleft()
                for di, dj in steps:
                    a, b = i + di, j + dj
                    if 0 <= a < m and 0 <= b < n and matrix[a][b] < matrix[i][j]:
                        out[a][b] -= 1
                        if out[a][b] == 0:
                            layer.append((a, b))
        return layers
