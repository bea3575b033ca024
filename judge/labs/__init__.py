"""Labs: the interview day's serving, compression and deployment questions, answered with
measurements from the kit's kernels. One room per kind of question:

- ``serving``: the calibrated iteration-time model (models, GPUs, operators, the roofline)
  and the labs on it: ``kv-memory``, ``batching``, ``plan``, ``roofline``;
- ``compression``: ``quantize``, ``distill``, ``prune``;
- ``deployment``: ``autoscale`` and ``rollback``, on fleets of serving replicas.

Compression and deployment build on serving (its roofline, planner and batching kernels),
never on each other, and serving on neither; ``commands`` registers every room's commands
under ``judge lab``. The data the labs ship (model configs, the calibration subset with its
attribution, validation configs) is in ``data/``.
"""
