# expect: WA — lets a request that arrives mid-batch join the running batch (static batching admits nobody until the batch ends).
MAX_WAIT = 0.0  # static batching: dispatch as soon as the engine is idle and a request waits


class Solution:
    def simulate(self, requests: List[list], config: dict) -> List[list]:
        blocks, size = config["num_blocks"], config["block_size"]
        c0, c1, c2 = config["c0"], config["c1"], config["c2"]
        cap, wait = config["max_batch_size"], MAX_WAIT
        need = [(p + o - 1 + size - 1) // size for _, p, o in requests]
        out = [[None, None, 0] for _ in requests]
        queue = [i for i in sorted(range(len(requests)), key=lambda i: (requests[i][0], i)) if need[i] <= blocks]
        head, now = 0, 0.0
        while head < len(queue):
            oldest = requests[queue[head]][0]
            full = requests[queue[head + cap - 1]][0] if len(queue) - head >= cap else float("inf")
            now = max(now, min(full, oldest + wait))
            end, used = head, 0
            while end < len(queue) and end - head < cap and requests[queue[end]][0] <= now \
                    and used + need[queue[end]] <= blocks:
                used += need[queue[end]]
                end += 1
            batch = queue[head:end]
            head = end
            n = len(batch)
            top_p = max(requests[i][1] for i in batch)
            top_o = max(requests[i][2] for i in batch)
            done = {i: 0 for i in batch}  # tokens emitted so far
            k = 0
            while any(done[i] < requests[i][2] for i in batch):
                n = len(batch)
                now += c0 + c1 * (n * top_p if k == 0 else n) + c2 * (n * (top_p + k))
                for i in batch:
                    if done[i] < requests[i][2]:
                        done[i] += 1
                        if done[i] == 1:
                            out[i][0] = now
                        if done[i] == requests[i][2]:
                            out[i][1] = now
                k += 1
                # the bug: requests that arrived meanwhile join the running batch
                while head < len(queue) and len(batch) < cap and requests[queue[head]][0] <= now \
                        and used + need[queue[head]] <= blocks:
                    used += need[queue[head]]
                    batch.append(queue[head])
                    done[queue[head]] = 0
                    head += 1
        return out
