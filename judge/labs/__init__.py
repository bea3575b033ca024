"""Labs: the classic serving questions, answered with measurements from the kit's kernels."""
