"""Reporting: rich renderables, JSON, plots, findings in sentences, and the formatters.

Renderables are built here and printed only by the CLI.
"""
