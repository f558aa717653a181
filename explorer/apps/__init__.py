"""Dashboard assembly. Each app module has ``build(query=None) -> ipywidgets.Widget``."""

from __future__ import annotations

import html
import logging

import ipywidgets as widgets

APPS = {"home": "home", "timeline": "timeline", "map": "ratification_map", "country": "country"}


def build_app(name: str, query: str | None = None) -> widgets.Widget:
    """Build a dashboard by name. Any failure becomes a readable message, never a traceback."""
    import importlib

    if name not in APPS:
        return widgets.HTML(
            f"<div class='explorer-error'>Unknown dashboard {html.escape(repr(name))}; "
            f"choose one of {', '.join(APPS)}.</div>"
        )
    try:
        module = importlib.import_module(f"{__name__}.{APPS[name]}")
        return module.build(query)
    except Exception as error:  # the whole page must still say something useful
        logging.getLogger("explorer.apps").exception("building %s failed", name)
        return widgets.HTML(
            "<div class='explorer-error' role='alert'>This dashboard could not start: "
            f"{html.escape(type(error).__name__)}: {html.escape(str(error))}. "
            "If the data tables are missing, run <code>make data</code>.</div>"
        )
