"""Slow model of weight quantisation in exact rational arithmetic: every float32 rounding is
done by hand on a Fraction (nearest, ties to even), written independently of the reference forms."""

from fractions import Fraction

SIGNIFICAND_BITS = 24  # float32
MIN_EXPONENT = -126  # float32's smallest normal exponent; below it the spacing stays 2^-149


def to_float32(x: Fraction) -> Fraction:
    """The float32 nearest x, ties to even, as an exact Fraction."""
    if x == 0:
        return Fraction(0)
    magnitude = abs(x)
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    if Fraction(2) ** exponent > magnitude:
        exponent -= 1  # now 2^exponent <= |x| < 2^(exponent + 1)
    spacing = Fraction(2) ** (max(exponent, MIN_EXPONENT) - (SIGNIFICAND_BITS - 1))
    nearest = round(magnitude / spacing) * spacing  # round() of a Fraction: ties to even
    return nearest if x > 0 else -nearest


def quantize_exact(w, bits, symmetric, group_size):
    cols = len(w[0])
    g = cols if group_size == -1 else group_size
    qmax = 2 ** (bits - 1) - 1 if symmetric else 2**bits - 1
    low = -qmax if symmetric else 0
    codes, scales, zeros, w_hat = [], [], [], []
    for row in w:
        exact = [Fraction(v) for v in row]
        q_row, s_row, z_row, h_row = [], [], [], []
        for start in range(0, cols, g):
            group = exact[start:start + g]
            if symmetric:
                amax = max(abs(v) for v in group)
                scale = Fraction(1) if amax == 0 else to_float32(amax / qmax)
                zero = 0
            else:
                lo, hi = min(min(group), 0), max(max(group), 0)
                scale = Fraction(1) if hi == lo else to_float32(to_float32(hi - lo) / qmax)
                zero = 0 if hi == lo else round(to_float32(-lo / scale))
            for v in group:
                q = min(max(round(to_float32(v / scale)) + zero, low), qmax)
                q_row.append(q)
                h_row.append(float(to_float32(scale * (q - zero))))
            s_row.append(float(scale))
            z_row.append(zero)
        codes.append(q_row)
        scales.append(s_row)
        zeros.append(z_row)
        w_hat.append(h_row)
    return [[codes, scales, zeros], w_hat]


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = quantize_exact
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["w"]) * len(inp["w"][0]) <= 256
