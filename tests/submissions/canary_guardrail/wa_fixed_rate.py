# expect: WA — compares with a fixed rate, the baseline's rate of the first interval, instead of the baseline so far.
import math


class Solution:
    def simulate(self, intervals: List[List[int]], config: dict) -> list:
        a = math.log((1 - config["beta"]) / config["alpha"])
        b = math.log(config["beta"] / (1 - config["alpha"]))
        failure_limit = config.get("failure_limit", 0)
        error_limit = config.get("consecutive_error_limit", 4)
        llr, open_test = 0.0, True
        base_n = base_e = canary_n = 0
        failures = errors_in_a_row = 0
        for k, (bn, be, cn, ce, cs) in enumerate(intervals):
            base_n += bn
            base_e += be
            canary_n += cn
            if open_test:
                p0 = (intervals[0][1] + 1) / (intervals[0][0] + 2)
                p1 = p0 + config["mde"] * (1 - p0)
                llr += ce * math.log(p1 / p0) + (cn - ce) * math.log((1 - p1) / (1 - p0))
                if canary_n >= config["min_samples"]:
                    if llr >= a:
                        return [k, "sprt"]
                    if llr <= b:
                        open_test = False
            if cn == 0:
                errors_in_a_row += 1
                if errors_in_a_row > error_limit:
                    return [k, "consecutive_errors"]
                continue
            errors_in_a_row = 0
            if 100 * cs > config["max_slow_percent"] * cn:
                failures += 1
                if failures > failure_limit:
                    return [k, "failure_limit"]
        return [-1, "none"]
