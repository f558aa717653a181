"""'Embed this view': an iframe snippet and a plain link for exactly the view on screen.

Pure functions (text in, HTML text out; every value escaped), used by every dashboard
(``apps/base.py``, next to "Cite this view") and every page of the static site
(``static_site/pages.py``). The copy buttons are driven by :data:`COPY_SCRIPT`: the dashboards run
it from their address bridge, the static site ships it inside ``site.js`` (pages carry no inline
script). It uses ``navigator.clipboard`` where the page is a secure context (https, loopback) and
otherwise selects the text and asks the browser to copy it; nothing is fetched, so it works offline.
"""

from __future__ import annotations

from ..text import escape

# Height of the frame per dashboard: its first screen (title, controls and the figure) fits without
# scrolling; the rest of the page scrolls inside the frame.
HEIGHTS = {"timeline.ipynb": 1100, "map.ipynb": 1050, "country.ipynb": 1000, "home.ipynb": 1100}
DEFAULT_HEIGHT = 900


def height_for(page: str) -> int:
    """The frame height for a dashboard notebook (or any page name)."""
    return HEIGHTS.get(page.rsplit("/", 1)[-1], DEFAULT_HEIGHT)


def iframe_snippet(url: str, title: str, height: int = DEFAULT_HEIGHT) -> str:
    """``<iframe …>`` for ``url``: full width, a fixed height, a title for screen readers."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{int(height)}" '
        f'style="border:1px solid #ccc; max-width:100%" loading="lazy"></iframe>'
    )


def embed_html(
    url: str, title: str, height: int = DEFAULT_HEIGHT, *, element_id: str = "embed-view", relative: bool = False
) -> str:
    """The panel: the snippet and the link, each in a read-only box with a copy button.

    ``relative``: ``url`` is a page's address relative to the site's folder (static site); on a web
    host the copy script replaces it with the page's full address.
    """
    snippet = iframe_snippet(url, title, height)
    marker = f" data-explorer-relative='{escape(url)}'" if relative else ""
    note = (
        "The address is relative to the site's folder; served from a web host, these boxes show the "
        "page's full address."
        if relative
        else "The frame shows exactly this view (the same link as 'Cite this view')."
    )
    boxes = []
    for suffix, label, value, rows in (("snippet", "Embed code (HTML)", snippet, 3), ("link", "Link", url, 1)):
        field = f"{element_id}-{suffix}"
        boxes.append(
            f"<div class='explorer-embed-row'><label for='{field}'>{label}</label>"
            f"<textarea id='{field}' class='explorer-embed-text' rows='{rows}' readonly spellcheck='false'"
            f"{marker}>{escape(value)}</textarea>"
            f"<button type='button' class='explorer-copy' data-explorer-copy='{field}'>Copy {label.split(' ')[0].lower()}"
            f"</button> <span id='{field}-status' class='explorer-copy-status' role='status' aria-live='polite'></span>"
            "</div>"
        )
    what = "page" if relative else "view"
    return (
        f"<div class='explorer-panel explorer-embed' id='{element_id}'>"
        f"<b>Embed this {what}</b> in a course page or a slide: paste the code where the {what} should appear. "
        f"{note}{''.join(boxes)}</div>"
    )


COPY_SCRIPT = """
(function () {
  if (window.__explorerCopy) { return; }
  window.__explorerCopy = true;
  function absolutise() {
    if (!/^https?:$/.test(window.location.protocol)) { return; }
    var here = window.location.href.split('#')[0];
    document.querySelectorAll('textarea[data-explorer-relative]').forEach(function (field) {
      var relative = field.getAttribute('data-explorer-relative');
      if (relative) { field.value = field.value.split(relative).join(here); }
      field.removeAttribute('data-explorer-relative');
    });
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', absolutise); }
  else { absolutise(); }
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('[data-explorer-copy]') : null;
    if (!button) { return; }
    var id = button.getAttribute('data-explorer-copy');
    var field = document.getElementById(id), status = document.getElementById(id + '-status');
    if (!field) { return; }
    function done(copied) {
      if (status) { status.textContent = copied ? 'Copied.' : 'Selected: press Ctrl+C (Cmd+C on a Mac) to copy.'; }
    }
    function fallback() {
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
      done(copied);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  });
})();
"""
