# expect: RE — a method the spec needs raises NotImplementedError where the reference returns.
class BlockAllocator:
    def __init__(self, num_blocks, block_size):
        pass

    def allocate(self, seq_id, num_tokens):
        raise NotImplementedError

    def append(self, seq_id, num_tokens=1):
        raise NotImplementedError

    def fork(self, parent_id, child_id):
        raise NotImplementedError

    def free(self, seq_id):
        raise NotImplementedError

    def block_table(self, seq_id):
        raise NotImplementedError

    def num_free(self):
        raise NotImplementedError
