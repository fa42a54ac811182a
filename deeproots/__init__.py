"""deeproots: learn modern machine learning by doing, with instant, trustworthy feedback."""

__version__ = "0.1.0"
