"""Importers that turn saved depositary pages into curated rows (``data/curated``) for a maintainer to review.

They write CSV/YAML in the curated formats of ``data/curated/README.md``; nothing is written to the
built tables. Run ``python -m explorer.build`` after reviewing the diff.
"""
