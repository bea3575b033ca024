# expect: TLE — plain recursion, right on small grids; it makes about twice as many calls as there are paths, so the 17 x 17 killer stops it.
def unique_paths(m, n):
    if m == 1 or n == 1:
        return 1
    return unique_paths(m - 1, n) + unique_paths(m, n - 1)
