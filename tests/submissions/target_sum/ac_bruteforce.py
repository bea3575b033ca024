# expect: AC — all 2^n signed sums, level by level: exponential, yet 2^20 is small enough to pass.
def find_target_sum_ways(nums, target):
    sums = [0]
    for x in nums:
        sums = [s + x for s in sums] + [s - x for s in sums]
    return sums.count(target)
