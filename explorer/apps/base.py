"""What every dashboard does on start: build its widgets, read the deep link, draw once.

The deep link reaches the app by two routes. A kernel started for the request reads the query
string from its environment and draws the linked view directly. A kernel from Voilà's preheated
pool has already drawn the default view before anyone asked for the page (its cells never wait for
a request: waiting cells hit the cell timeout and were seen to hang pages). A background thread
waits for the hand-out instead and then switches to the requested view, usually before the
viewer's page has connected. As a second route, a small script on the page types the page's
address into a hidden text widget; the app switches to that view if it is not already shown.
Either way the address also feeds the "cite this view" links. Nothing needs drawing again when the page
connects: every chart's figure is widget state (``explorer/live_plot.py``), which the page receives then.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.parse

import ipywidgets as widgets
from IPython.display import HTML, display

from .. import deeplink, ui
from ..views import embed

ADDRESS_BRIDGE = (
    """<script>
(function () {
  var tries = 0;
  function send() {
    var input = document.querySelector('.explorer-address input');
    if (!input) { if (tries++ < 200) { setTimeout(send, 100); } return; }
    input.value = JSON.stringify({href: window.location.href, width: window.innerWidth});
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
    + f"<script>{embed.COPY_SCRIPT}</script>"
)  # the copy buttons of 'Embed this view'

# Below this width (CSS pixels of the page, or of the frame it is embedded in) an app with
# RESPONSIVE = True draws its figures in their narrow layout (e.g. the timeline's titles above the rows).
NARROW_WIDTH = 600


# NOTE: Voilà's culler measures idleness from the kernel's last message. A pooled kernel that waited
# longer than the cull timeout was culled in the seconds between being handed to a viewer and the
# viewer's browser connecting (seen in `make load`: pages died with "Kernel died"). So a pooled
# kernel sends a tiny widget update every KEEPALIVE_SECONDS from its hand-out until its page has
# connected (the page's address arrives), for at most KEEPALIVE_GRACE_SECONDS (a viewer who left
# before the page loaded must not keep a kernel alive for ever). Kernels started for a request,
# and notebook kernels, need none of this.
KEEPALIVE_SECONDS = float(os.environ.get("EXPLORER_KEEPALIVE_SECONDS", "20"))
KEEPALIVE_GRACE_SECONDS = 120.0


# Put on the address bridge once the view for the page's own address is drawn.
VIEW_APPLIED_CLASS = "explorer-view-applied"


def _wait_for_request() -> None:
    """Block until Voilà hands this pooled kernel to a page request (tests replace this)."""
    # Our own copy of Voilà's hand-out protocol: importing voila.utils costs a pooled kernel ~40 MB.
    from ..serving import wait_for_request

    wait_for_request()


class Dashboard:
    """Subclasses define ``_build_widgets``, ``_apply_query(query) -> messages`` and ``refresh``."""

    # The view is redrawn when the page turns out to be phone-width (or not): refresh() reads self.narrow
    # (and ui.show_figure adapts figures to it); the redrawn figures reach the page as widget state.
    # False: a dashboard whose look does not depend on it.
    RESPONSIVE = True
    # Every trace type the dashboard's charts draw: chooses the one plotly.js file its page loads.
    TRACE_TYPES: tuple[str, ...] = ()
    narrow = False  # the page (or its frame) is narrower than NARROW_WIDTH

    def _start(self, query: str | None) -> None:
        self.error_box, self.messages = widgets.HTML(), widgets.HTML()
        # 'Embed this view', filled with the citation's link (_show_citation); shown under every dashboard.
        self.embed_panel = widgets.HTML()
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
        self.heartbeat = widgets.IntText(value=0, description="Heartbeat")
        hidden = widgets.Box([self.address, self.heartbeat, script], layout=widgets.Layout(display="none"))
        self.bridge = widgets.VBox([self.embed_panel, hidden])
        self.address.observe(ui.guarded(self.error_box)(self._on_address), names="value")
        self._connected = threading.Event()
        self._view_lock = threading.RLock()
        self._start_keepalive()

    def _start_keepalive(self) -> None:
        """In a pooled kernel: wait for the hand-out, switch to the requested view, keep alive."""
        if os.environ.get("VOILA_PREHEAT") != "True":
            return  # a kernel started for its request (or a notebook's): nothing culls it before its page
        guard = ui.guarded(self.error_box)

        def watch():
            _wait_for_request()
            handed_out_at = time.monotonic()
            # Voilà has now put the request (query string, host, path) into this process's environment:
            # draw the linked view before the viewer's page has even connected. Every chart is a widget
            # whose figure is part of the widget state (live_plot.py), so the page shows that view when
            # it connects, with no redraw (the page's address still arrives later, through the bridge,
            # and then finds the view already applied).
            guard(self._switch_view)(os.environ.get("QUERY_STRING", ""))
            while not self._connected.wait(KEEPALIVE_SECONDS):
                if time.monotonic() - handed_out_at > KEEPALIVE_GRACE_SECONDS:
                    return
                self.heartbeat.value += 1

        threading.Thread(target=watch, daemon=True, name="explorer-pool-watch").start()

    def _view_key(self):
        """What the view on screen depends on (e.g. the controls' values), or None (unknown: a query that
        differs from the last one applied is always drawn). A query that leaves it unchanged (a link that
        spells out the default view, ``?state=PHL`` on a kernel that shows PHL) is not drawn again."""
        return None

    def _switch_view(self, query: str) -> bool:
        """Show the view a query string asks for, unless it is the one on screen; True if it was drawn."""
        with self._view_lock:
            if query == self._applied_query:
                return False
            self._applied_query = query
            before = self._view_key()
            self._ready = False
            try:
                messages = self._apply_query(query)
            finally:
                self._ready = True
            self.messages.value = ui.messages_html(messages)
            if before is not None and self._view_key() == before:
                return False  # the same view (its citation learns the page's address from the caller)
            self.refresh()
            return True

    def _on_address(self, change) -> None:
        self._connected.set()
        try:
            self._follow_address(change)
        finally:
            # The view for the page's own address is on screen (a switch under way in the pool's thread
            # held the lock until it was drawn): a mark the page (and the browser tests) can wait for.
            self.bridge.add_class(VIEW_APPLIED_CLASS)

    def _follow_address(self, change) -> None:
        try:
            message = json.loads(change["new"])
            href = str(message["href"])
        except (ValueError, KeyError, TypeError):
            return
        parts = urllib.parse.urlsplit(href)
        if parts.scheme not in ("http", "https"):
            return
        self.page_address = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        width = message.get("width")
        narrow = isinstance(width, (int, float)) and 0 < width < NARROW_WIDTH
        with self._view_lock:
            redraw = self.RESPONSIVE and narrow != self.narrow
            self.narrow = narrow
            ui.set_narrow(narrow)
            if self._switch_view(parts.query):
                return  # drawn for this width, and the citation has the page's address
            if redraw:
                self.refresh()  # the same view, drawn for this width (also fills the citation's address)
            elif getattr(self, "_citation", None):  # the same view: only its citation learns the address
                self._show_citation(*self._citation)

    def _show_citation(self, notebook: str, title: str, params: dict, instrument_rows, source_ids) -> None:
        """Fill the 'Cite this view' panel (``self.cite_panel``) for the view on screen."""
        self._citation = (notebook, title, params, instrument_rows, source_ids)
        link = deeplink.build_link(self.page_url(notebook), **params)
        self.cite_panel.value = ui.cite_view_html(title, link, self.as_of, instrument_rows, source_ids, self.sources)
        self.embed_panel.value = embed.embed_html(link, title, embed.height_for(notebook))

    def page_url(self, notebook: str) -> str:
        """This dashboard's address (no query string), for links and citations."""
        return self.page_address or deeplink.page_url(notebook)
