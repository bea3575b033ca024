"""Profiling: timed sweeps of the submission and the reference forms, growth fits, saves."""
