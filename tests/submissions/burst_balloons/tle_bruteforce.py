# expect: TLE — tries every burst order (n! of them) with no memo: right, but 12 balloons is 479 million orders.
def max_coins(nums):
    def best(row):
        top = 0
        for i in range(len(row)):
            left = row[i - 1] if i > 0 else 1
            right = row[i + 1] if i + 1 < len(row) else 1
            top = max(top, left * row[i] * right + best(row[:i] + row[i + 1 :]))
        return top

    return best(list(nums))
