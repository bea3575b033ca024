# expect: WA — an object that claims to equal everything must not pass.
class Anything:
    def __eq__(self, other):
        return True

    def __bool__(self):
        return True


def is_interleave(s1, s2, s3):
    return Anything()
