"""What every dashboard does on start: build its widgets, read the deep link, draw once.

The deep link reaches the app by two routes. A kernel started for the request reads the query
string from its environment and draws the linked view directly. A kernel from Voilà's preheated
pool has already drawn the default view before anyone asked for the page (it never waits for a
request: waiting kernels hit the cell timeout and were seen to hang pages); there a small script
on the page types the page's address into a hidden text widget, and the app switches to the
linked view. Either way the address also feeds the "cite this view" links.
"""
from __future__ import annotations

import json
import urllib.parse

import ipywidgets as widgets
from IPython.display import HTML, display

from .. import deeplink, ui

ADDRESS_BRIDGE = """<script>
(function () {
  var tries = 0;
  function send() {
    var input = document.querySelector('.explorer-address input');
    if (!input) { if (tries++ < 200) { setTimeout(send, 100); } return; }
    input.value = JSON.stringify({href: window.location.href});
    input.dispatchEvent(new Event('input', {bubbles: true}));
  }
  send();

  // ipywidgets' slider handles (role=slider) have no accessible name; give each the text of
  // its widget's visible label, and again whenever widgets are redrawn.
  function nameSliders() {
    document.querySelectorAll('.widget-slider, .jupyter-widget-slider').forEach(function (slider) {
      var label = slider.querySelector('.widget-label');
      var name = label ? label.textContent.trim() : '';
      slider.querySelectorAll('.noUi-handle').forEach(function (handle, index, all) {
        if (!name || handle.getAttribute('aria-label')) { return; }
        var suffix = all.length > 1 ? (index === 0 ? ' (from)' : ' (to)') : '';
        handle.setAttribute('aria-label', name + suffix);
      });
    });
  }
  nameSliders();
  new MutationObserver(nameSliders).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


class Dashboard:
    """Subclasses define ``_build_widgets``, ``_apply_query(query) -> messages`` and ``refresh``."""

    def _start(self, query: str | None) -> None:
        self.error_box, self.messages = widgets.HTML(), widgets.HTML()
        # _quiet: widget values are being set by the app itself; _ready: the first view is drawn.
        self._quiet, self._ready = False, False
        self.page_address: str | None = None
        self._build_widgets()
        self._applied_query = deeplink.query_from_environment() if query is None else query
        self.messages.value = ui.messages_html(self._apply_query(self._applied_query))
        self._ready = True
        self.refresh()
        self._build_address_bridge()

    def _build_address_bridge(self) -> None:
        self.address = widgets.Text(description="Page address")
        self.address.add_class("explorer-address")
        script = widgets.Output()
        with script:
            display(HTML(ADDRESS_BRIDGE))
        self.bridge = widgets.Box([self.address, script], layout=widgets.Layout(display="none"))
        self.address.observe(ui.guarded(self.error_box)(self._on_address), names="value")

    def _on_address(self, change) -> None:
        try:
            href = str(json.loads(change["new"])["href"])
        except (ValueError, KeyError, TypeError):
            return
        parts = urllib.parse.urlsplit(href)
        if parts.scheme not in ("http", "https"):
            return
        self.page_address = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        if parts.query == self._applied_query:
            if getattr(self, "_citation", None):  # the same view: only its citation learns the address
                self._show_citation(*self._citation)
            return
        self._applied_query = parts.query
        self._ready = False
        try:
            messages = self._apply_query(parts.query)
        finally:
            self._ready = True
        self.messages.value = ui.messages_html(messages)
        self.refresh()

    def _show_citation(self, notebook: str, title: str, params: dict, instrument_rows, source_ids) -> None:
        """Fill the 'Cite this view' panel (``self.cite_panel``) for the view on screen."""
        self._citation = (notebook, title, params, instrument_rows, source_ids)
        link = deeplink.build_link(self.page_url(notebook), **params)
        self.cite_panel.value = ui.cite_view_html(title, link, self.as_of, instrument_rows, source_ids, self.sources)

    def page_url(self, notebook: str) -> str:
        """This dashboard's address (no query string), for links and citations."""
        return self.page_address or deeplink.page_url(notebook)
