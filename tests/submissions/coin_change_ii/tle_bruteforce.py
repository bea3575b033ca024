# expect: TLE — plain recursion over (coin index, remaining) with no memo: right, but the amount-500 killer needs about 2 * 10^9 calls.
def change(amount, coins):
    def ways(i, rem):
        if rem == 0:
            return 1
        if i == len(coins):
            return 0
        take = ways(i, rem - coins[i]) if coins[i] <= rem else 0
        return ways(i + 1, rem) + take

    return ways(0, amount)
