# expect: WA — applies the tolerance to the absolute difference |average - target| instead of to the ratio.
import math


class Solution:
    def simulate(self, loads: List[int], config: dict) -> List[int]:
        defaults = {
            "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "tolerance": 0.1,
                        "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                     {"type": "Percent", "value": 100, "periodSeconds": 15}]},
            "scaleDown": {"stabilizationWindowSeconds": 300, "selectPolicy": "Max", "tolerance": 0.1,
                          "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]},
        }
        rules = {d: {**defaults[d], **config["behavior"].get(d, {})} for d in defaults}
        up, down = rules["scaleUp"], rules["scaleDown"]
        period = config.get("sync_period", 15)
        lo, hi, target = config["min_replicas"], config["max_replicas"], config["target"]
        replicas = config["initial_replicas"]
        recs = []
        events = {"scaleUp": [], "scaleDown": []}  # [change, time, outdated]

        def changed(direction, now, span):
            return sum(c for c, t, _ in events[direction] if t > now - span)

        def limit(direction, now, current):
            r = rules[direction]
            if r["selectPolicy"] == "Disabled":
                return current
            values = []
            for p in r["policies"]:
                start = current - changed("scaleUp", now, p["periodSeconds"]) + changed("scaleDown", now, p["periodSeconds"])
                v = p["value"]
                if direction == "scaleUp":
                    values.append(start + v if p["type"] == "Pods" else math.ceil(start * (1 + v / 100)))
                else:
                    values.append(start - v if p["type"] == "Pods" else int(start * (1 - v / 100)))
            if direction == "scaleUp":
                return max(values) if r["selectPolicy"] == "Max" else min(values)
            return min(values) if r["selectPolicy"] == "Max" else max(values)

        out = []
        for k, load in enumerate(loads):
            now = k * period
            current = replicas
            if not recs:
                recs.append((now, current))
            if current > hi:
                desired = hi
            elif current < lo:
                desired = lo
            else:
                ratio = (load // current) / target
                if -down["tolerance"] <= (load // current) - target <= up["tolerance"]:
                    proposal = current
                else:
                    proposal = math.ceil(ratio * current)
                low_rec = min([r for t, r in recs if t > now - up["stabilizationWindowSeconds"]] + [proposal])
                high_rec = max([r for t, r in recs if t > now - down["stabilizationWindowSeconds"]] + [proposal])
                stable = min(max(current, low_rec), high_rec)
                recs.append((now, proposal))
                if stable > current:
                    desired = min(stable, hi, max(current, limit("scaleUp", now, current)))
                elif stable < current:
                    desired = max(stable, lo, min(current, limit("scaleDown", now, current)))
                else:
                    desired = current
            if desired != current:
                direction = "scaleUp" if desired > current else "scaleDown"
                longest = max(p["periodSeconds"] for p in rules[direction]["policies"])
                slot = None
                for i, e in enumerate(events[direction]):
                    if e[1] < now - longest:
                        e[2] = True
                    if e[2]:
                        slot = i
                event = [abs(desired - current), now, False]
                if slot is None:
                    events[direction].append(event)
                else:
                    events[direction][slot] = event
            replicas = desired
            out.append(desired)
        return out
