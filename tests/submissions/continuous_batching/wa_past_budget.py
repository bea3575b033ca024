# expect: WA — without chunked prefill, admits a prompt larger than what is left of the token budget.
import collections


class Solution:
    def simulate(self, requests, config):
        bs, free = config["block_size"], config["num_blocks"]
        budget0, max_seqs = config["max_num_batched_tokens"], config["max_num_seqs"]
        chunked = config["chunked_prefill"]
        c0, c1, c2 = config["c0"], config["c1"], config["c2"]
        blocks = lambda t: (t + bs - 1) // bs
        n = len(requests)
        kv, gen = [0] * n, [0] * n
        out = [[None, None, 0] for _ in range(n)]
        ok = [i for i in range(n)
              if blocks(requests[i][1] + requests[i][2] - 1) <= free
              and (chunked or requests[i][1] + requests[i][2] - 1 <= budget0)]
        arrivals = collections.deque(sorted(ok, key=lambda i: (requests[i][0], i)))
        waiting, running, now = collections.deque(), [], 0.0
        while arrivals or waiting or running:
            if not waiting and not running:
                now = max(now, requests[arrivals[0]][0])
            while arrivals and requests[arrivals[0]][0] <= now:
                waiting.append(arrivals.popleft())
            budget, batch, preempted = budget0, [], False
            i = 0
            while i < len(running) and budget > 0:
                r = running[i]
                new = requests[r][1] + gen[r] - kv[r]
                if chunked:
                    new = min(new, budget)
                need = blocks(kv[r] + new) - blocks(kv[r])
                victim = None
                while need > free and victim != r:
                    victim = running.pop()
                    free += blocks(kv[victim])
                    kv[victim] = 0
                    out[victim][2] += 1
                    waiting.appendleft(victim)
                    preempted = True
                if victim == r:
                    break
                free -= need
                batch.append((r, new))
                budget -= new
                i += 1
            while not preempted and waiting and len(running) < max_seqs and budget > 0:
                r = waiting[0]
                new = requests[r][1] + gen[r]
                if chunked:
                    new = min(new, budget)  # but without chunking, nothing stops a prompt over the budget
                if blocks(new) > free:
                    break
                waiting.popleft()
                running.append(r)
                free -= blocks(new)
                batch.append((r, new))
                budget -= new
            tokens = sum(t for _, t in batch)
            ctx = sum(kv[r] + t for r, t in batch)
            now += c0 + c1 * tokens + c2 * ctx
            for r, t in batch:
                kv[r] += t
                if kv[r] == requests[r][1] + gen[r]:
                    gen[r] += 1
                    if out[r][0] is None:
                        out[r][0] = now
                    if gen[r] == requests[r][2]:
                        out[r][1] = now
                        free += blocks(kv[r])
            running = [r for r in running if gen[r] < requests[r][2]]
        return out
