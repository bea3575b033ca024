"""A slow model of request-level batching, written from the dispatch *condition* rather
than the closed-form dispatch time the references use.

At any moment t the engine may start a batch when it is free and some accepted request
has arrived, and either max_batch_size of them have arrived or the oldest has waited
max_wait. The model tries every moment that could change that answer (the engine's free
time, each arrival, each arrival + max_wait) in increasing order and takes the first one
that passes. Static batching is the same with max_wait = 0.
"""


def _ceil_div(a, b):
    count = 0
    while count * b < a:
        count += 1
    return count


def simulate_batches(requests, config, max_wait):
    num_blocks, block_size = config["num_blocks"], config["block_size"]
    c0, c1, c2 = config["c0"], config["c1"], config["c2"]
    cap = config["max_batch_size"]
    out = [[None, None, 0] for _ in requests]
    pending = [i for i, (_, p, o) in enumerate(requests) if _ceil_div(p + o - 1, block_size) <= num_blocks]
    free_at = 0.0
    while pending:
        def arrived(t):
            return sorted((i for i in pending if requests[i][0] <= t), key=lambda i: (requests[i][0], i))

        moments = {free_at} | {requests[i][0] for i in pending} | {requests[i][0] + max_wait for i in pending}
        start = None
        for t in sorted(m for m in moments if m >= free_at):
            here = arrived(t)
            if here and (len(here) >= cap or t >= requests[here[0]][0] + max_wait):
                start = t
                break
        here = arrived(start)
        batch = []
        for i in here:
            if len(batch) == cap:
                break
            blocks = sum(_ceil_div(requests[j][1] + requests[j][2] - 1, block_size) for j in batch + [i])
            if blocks > num_blocks:
                break
            batch.append(i)
        for i in batch:
            pending.remove(i)

        width = len(batch)
        longest_prompt = max(requests[i][1] for i in batch)
        longest_output = max(requests[i][2] for i in batch)
        ends = []
        now = start
        for step in range(longest_output):
            tokens = width * longest_prompt if step == 0 else width
            context = width * (longest_prompt + step)
            now += c0 + c1 * tokens + c2 * context
            ends.append(now)
        for i in batch:
            out[i][0] = ends[0]
            out[i][1] = ends[requests[i][2] - 1]
        free_at = now
    return out
