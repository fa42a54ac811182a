"""Environments: small MDPs with explicit dynamics and a Gymnasium-style interface."""
