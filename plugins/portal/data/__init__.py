"""Structured data: service points, communities, visa rules and help lines.

YAML files under ``content/data/`` are validated against a schema each
(every problem with file and line), their free-text fields are messages
in the same catalogs as pages, and pages are generated from them.
"""
