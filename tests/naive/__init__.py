"""Slow, obvious oracles, one module per problem: every reference form is tested against these."""
