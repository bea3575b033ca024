# expect: AC — plain loops over lists, float32 by np.float32 scalars, answers returned as lists.
import numpy as np

f32 = np.float32


def quantize(w, bits, symmetric, group_size):
    rows = w.tolist()
    cols = len(rows[0])
    g = cols if group_size == -1 else group_size
    qmax = 2 ** (bits - 1) - 1 if symmetric else 2**bits - 1
    q, scales, zeros = [], [], []
    for row in rows:
        q_row, s_row, z_row = [], [], []
        for start in range(0, cols, g):
            group = [f32(v) for v in row[start:start + g]]
            if symmetric:
                amax = max(abs(v) for v in group)
                scale, zero, low = (f32(1) if amax == 0 else amax / f32(qmax)), 0, -qmax
            else:
                lo, hi = min(min(group), f32(0)), max(max(group), f32(0))
                scale = f32(1) if hi == lo else (hi - lo) / f32(qmax)
                zero, low = int(np.rint(-lo / scale)), 0
            q_row += [min(max(int(np.rint(v / scale)) + zero, low), qmax) for v in group]
            s_row.append(float(scale))
            z_row.append(zero)
        q.append(q_row)
        scales.append(s_row)
        zeros.append(z_row)
    return q, scales, zeros


def dequantize(q, scale, zero):
    g = len(q[0]) // len(scale[0])
    return [[float(f32(s[j // g]) * f32(c - z[j // g])) for j, c in enumerate(row)]
            for row, s, z in zip(q, scale, zero)]
