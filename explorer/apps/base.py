"""What every dashboard does on start: build its widgets, read the deep link, draw once."""
from __future__ import annotations

import ipywidgets as widgets

from .. import deeplink, ui


class Dashboard:
    """Subclasses define ``_build_widgets``, ``_apply_query(query) -> messages`` and ``refresh``."""

    def _start(self, query: str | None) -> None:
        self.error_box, self.messages = widgets.HTML(), widgets.HTML()
        # _quiet: widget values are being set by the app itself; _ready: the first view is drawn.
        self._quiet, self._ready = False, False
        self._build_widgets()
        messages = self._apply_query(deeplink.query_from_environment() if query is None else query)
        self.messages.value = ui.messages_html(messages)
        self._ready = True
        self.refresh()
