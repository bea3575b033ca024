# expect: WA — dispatches on queue length only: ignores max_wait, so a short queue waits for the next arrival.


class Solution:
    def simulate(self, requests: List[list], config: dict) -> List[list]:
        blocks, size = config["num_blocks"], config["block_size"]
        c0, c1, c2 = config["c0"], config["c1"], config["c2"]
        cap, wait = config["max_batch_size"], config["max_wait"]
        need = [(p + o - 1 + size - 1) // size for _, p, o in requests]
        out = [[None, None, 0] for _ in requests]
        queue = [i for i in sorted(range(len(requests)), key=lambda i: (requests[i][0], i)) if need[i] <= blocks]
        head, now = 0, 0.0
        while head < len(queue):
            oldest = requests[queue[head]][0]
            # the bug: waits for a full queue and ignores max_wait (flushing only the tail)
            full = requests[queue[min(head + cap, len(queue)) - 1]][0]
            now = max(now, full)
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
            for k in range(top_o):
                now += c0 + c1 * (n * top_p if k == 0 else n) + c2 * (n * (top_p + k))
                for i in batch:
                    if k == 0:
                        out[i][0] = now
                    if requests[i][2] == k + 1:
                        out[i][1] = now
        return out
