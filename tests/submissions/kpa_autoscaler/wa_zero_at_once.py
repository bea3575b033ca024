# expect: WA — scales to zero as soon as the decision is 0, with neither the stable window nor the grace period.
import math

DEFAULTS = {"target": 100, "target_utilization": 0.7, "stable_window": 60, "panic_window_percentage": 10,
            "panic_threshold_percentage": 200, "max_scale_up_rate": 1000, "max_scale_down_rate": 2,
            "min_scale": 0, "max_scale": 0, "scale_to_zero_grace_period": 30, "enable_scale_to_zero": True,
            "tick_interval": 2}


def go_round(x):
    base = math.floor(x)
    return base + 1 if x - base >= 0.5 else base


def simulate(concurrency, config):
    c = {**DEFAULTS, **config}
    tv = max(0.01, c["target"] * c["target_utilization"])
    sw = c["stable_window"]
    q, r = divmod(sw * c["panic_window_percentage"], 100)
    pw = max(1, q + (2 * r >= 100))
    delay = config["activation_delay"]
    scales = [config["initial_scale"]] * delay
    panic_time = 0 if config["initial_scale"] > 1 else None
    panic_pods = config["initial_scale"]
    status = "active" if config["initial_scale"] else "inactive"
    since = 0
    out = []
    for k in range(len(concurrency)):
        scale = scales[-1]
        if k % c["tick_interval"] == 0:
            ready = min(scales[-delay:])
            pods = max(1.0, float(ready))
            window = concurrency[max(0, k - sw + 1):k + 1]
            burst = concurrency[max(0, k - pw + 1):k + 1]
            stable_avg = go_round(sum(window) / len(window) * 1e6) / 1e6
            panic_avg = go_round(sum(burst) / len(burst) * 1e6) / 1e6
            top = math.ceil(c["max_scale_up_rate"] * pods)
            bottom = math.floor(pods / c["max_scale_down_rate"])
            dspc, dppc = math.ceil(stable_avg / tv), math.ceil(panic_avg / tv)
            stable = min(max(dspc, bottom), top)
            panic = min(max(dppc, bottom), top)
            if dppc / pods >= c["panic_threshold_percentage"] / 100:
                panic_time = k
            elif panic_time is not None and panic_time + sw < k:
                panic_time, panic_pods = None, 0
            desired = stable
            if panic_time is not None:
                panic_pods = max(panic_pods, stable, panic)
                desired = panic_pods
            desired = max(desired, c["min_scale"])
            if c["max_scale"]:
                desired = min(desired, c["max_scale"])
            want = desired
            if desired > 0:
                scale = desired
            elif not c["enable_scale_to_zero"]:
                scale = want = 1
            elif status == "activating":
                want = None
            else:
                scale = 0
            old = status
            if want == 0 or (want is None and status == "inactive"):
                status = "inactive"
            else:
                status = "active" if ready >= max(1, c["min_scale"]) else "activating"
            if status != old and status != "activating":
                since = k
        scales.append(scale)
        out.append(scale)
    return out
