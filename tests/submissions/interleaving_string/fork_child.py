# expect: AC — forks a child that lingers; the answer is right, and the judge cleans the child up.
import os
import time

_forked = []


def is_interleave(s1, s2, s3):
    if not _forked:
        _forked.append(True)
        if os.fork() == 0:
            time.sleep(600)  # judge-kit-fixture-lingering-child
            os._exit(0)
    if len(s1) + len(s2) != len(s3):
        return False
    reach = {(0, 0)}
    for c in s3:
        reach = {(i + 1, j) for i, j in reach if i < len(s1) and s1[i] == c} | {
            (i, j + 1) for i, j in reach if j < len(s2) and s2[j] == c
        }
    return bool(reach)
