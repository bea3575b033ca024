# expect: WA — picks the balloon burst FIRST and solves the two sides apart, but they become neighbours.
def max_coins(nums):
    vals = [1] + nums + [1]
    memo = {}

    def best(left, right):  # balloons strictly between left and right, pretending the ends stay put
        if right - left < 2:
            return 0
        if (left, right) not in memo:
            memo[left, right] = max(
                vals[k - 1] * vals[k] * vals[k + 1] + best(left, k) + best(k, right) for k in range(left + 1, right)
            )
        return memo[left, right]

    return best(0, len(vals) - 1)
