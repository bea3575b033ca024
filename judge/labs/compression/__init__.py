"""Compression: quantisation, distillation and pruning, measured on this CPU and, for the
speed side, modelled through the serving room's roofline."""
