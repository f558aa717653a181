"""The explorer as a static site: plain HTML pages for an offline classroom or any static web host.

``python -m explorer.static_site --out build/static --zip`` (or ``make static``). Modules:
``build`` (orchestration, CLI, atomic write, zip), ``pages`` (HTML), ``maps`` (year-by-year map frames),
``assets`` (plotly.js, geometry and site files with content-hashed names), ``exports`` (the data folder).
"""

from .build import BuildReport, build_site, main

__all__ = ["BuildReport", "build_site", "main"]
