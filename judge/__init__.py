"""judge-kit: judge and profile practice solutions against reference forms."""

__version__ = "0.1.0"
