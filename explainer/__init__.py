"""Explainer: a static explainer-site generator (site.yaml + content/ + templates/ -> public/)."""

__version__ = "0.1.0"
