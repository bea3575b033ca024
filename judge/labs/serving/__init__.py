"""Serving: what a model, a GPU and TP give (memory, the calibrated iteration time), and the
labs that answer serving questions with it: kv-memory, batching, plan and roofline."""
