# expect: CE — imports a module that does not exist.
import leetcode_helpers_that_do_not_exist


def is_interleave(s1, s2, s3):
    return True
