# expect: TLE — plain backtracking with no memo: right on small inputs, but 'a*' groups against a run of a's that ends in a mismatch try every split.
def is_match(s, p):
    if not p:
        return not s
    first = bool(s) and p[0] in (s[0], ".")
    if len(p) >= 2 and p[1] == "*":
        return is_match(s, p[2:]) or (first and is_match(s[1:], p))
    return first and is_match(s[1:], p[1:])
