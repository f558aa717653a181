"""HTML of the static site: the page shell, figure embedding, small building blocks.

Every text that comes from the data goes through :func:`explorer.text.escape` (or ``ui`` helpers that
do); figure JSON is embedded as ``<script type="application/json">`` with ``<``, ``>`` and ``&``
written as JSON escapes, so no text in the data can close the block or open a tag.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
import plotly.io as pio

from ..text import escape, format_date, format_long_date
from ..views import embed
from .assets import SHARED_TEMPLATE, Assets, template_json

SITE_NAME = "Trafficking-law explorer"

# (label, path from the site root) of the navigation bar.
NAVIGATION = [
    ("Home", "index.html"),
    ("Timeline", "timeline.html"),
    ("Maps", "index.html#maps"),
    ("Countries", "index.html#countries"),
    ("Definitions", "definitions.html"),
    ("Data", "data.html"),
    ("Coverage", "coverage.html"),
    ("Known gaps", "known-gaps.html"),
    ("Sources", "sources.html"),
]


@dataclass(frozen=True)
class Release:
    """What every page says about the data it shows."""

    version: str
    as_of: str  # ISO date

    def stamp(self) -> str:
        return f"Data version {self.version}, as of {format_long_date(self.as_of)}."


def rel(root: str, path: str) -> str:
    """A path from the site root, written relative to a page ``root`` ('' or '../')."""
    return root + path


_UNSAFE_LT = re.compile(r"<(?=[/!sS])")


def script_json(value) -> str:
    """JSON safe inside a ``<script>`` element.

    Only '</' (which could end the element), '<!' (which could open a comment and change how the end is
    found) and '<s' are written as the JSON escape \\u003c; Plotly's own hover markup such as '<br>'
    stays readable and short. Text from the data is HTML-escaped before it reaches a figure anyway.
    """
    return _UNSAFE_LT.sub(r"\\u003c", json.dumps(value, separators=(",", ":"), ensure_ascii=False))


_TEMPLATE_CACHE: dict[str, dict] = {}


def figure_spec(figure, target: str, config: dict, animation: dict | None = None) -> dict:
    """A figure as the page carries it: data and layout, without the shared template (site.js adds it)."""
    if SHARED_TEMPLATE not in _TEMPLATE_CACHE:
        _TEMPLATE_CACHE[SHARED_TEMPLATE] = template_json()
    plain = json.loads(pio.to_json(figure, validate=False))
    for trace in plain["data"]:
        trace.pop("customdata", None)  # read only by the dashboards' click handlers
    spec = {"target": target, "figure": {"data": plain["data"], "layout": plain["layout"]}, "config": config}
    if plain["layout"].get("template") == _TEMPLATE_CACHE[SHARED_TEMPLATE]:
        del plain["layout"]["template"]
        spec["template"] = SHARED_TEMPLATE
    if animation is not None:
        spec["animation"] = animation
    return spec


def figure_html(spec: dict, caption: str, min_height: int | None = None) -> str:
    """The figure's container, its caption (already HTML) and its data block."""
    target = spec["target"]
    height = spec["figure"]["layout"].get("height") or min_height
    style = f" style='min-height:{int(height)}px'" if height else ""
    return (
        f"<figure aria-labelledby='{target}-caption'><div id='{target}' class='plot'{style}></div>"
        f"<figcaption id='{target}-caption'>{caption}</figcaption></figure>\n"
        f'<script type="application/json" data-explorer-figure="{target}">{script_json(spec)}</script>\n'
    )


def source_anchor(source_id: str) -> str:
    return "source-" + "".join(c if c.isalnum() or c in "-_." else "_" for c in source_id)


def sources_list_html(root: str, source_ids, sources) -> str:
    """The sources a page uses, each linked to its full entry on the sources page (kept short: ~200 pages)."""
    table = sources.set_index("source_id")
    items = [
        f"<li><a href='{escape(rel(root, 'sources.html#' + source_anchor(source_id)))}'>"
        f"{escape(table.at[source_id, 'title'])}</a> — {escape(table.at[source_id, 'producer'])}</li>"
        for source_id in dict.fromkeys(source_ids)
        if source_id in table.index
    ]
    return f"<ul class='sources'>{''.join(items)}</ul>" if items else "<p>No source recorded for this view.</p>"


def sources_registry_html(sources) -> str:
    """Every source in full, each with an anchor the other pages link to."""
    items = []
    for _, row in sources.sort_values("source_id").iterrows():
        title = escape(row["title"])
        url = row["url"] if isinstance(row["url"], str) and row["url"].startswith(("http://", "https://")) else None
        linked = f"<a href='{escape(url)}' rel='noopener noreferrer'>{title}</a>" if url else title
        status = f"; status as at {format_date(row['status_as_at'])}" if pd.notna(row["status_as_at"]) else ""
        citation = (
            f"<br><small>Cite as: {escape(row['citation'])}</small>"
            if isinstance(row["citation"], str) and row["citation"]
            else ""
        )
        note = f"<br><small>{escape(row['note'])}</small>" if isinstance(row["note"], str) and row["note"] else ""
        items.append(
            f"<li id='{source_anchor(row['source_id'])}'><code>{escape(row['source_id'])}</code> — "
            f"{escape(row['producer'])}: {linked} (accessed {format_date(row['accessed'])}{status}; "
            f"{escape(row['kind'])}){citation}{note}</li>"
        )
    return f"<ul class='registry'>{''.join(items)}</ul>"


def link(root: str, path: str, text: str) -> str:
    return f"<a href='{escape(rel(root, path))}'>{escape(text)}</a>"


def details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary>{escape(summary)}</summary>{body}</details>\n"


def csv_link(root: str, path: str, text: str) -> str:
    return (
        f"<p><a href='{escape(rel(root, path))}' download>{escape(text)}</a> "
        "<small>(the lines starting with # say what the file is, its date and sources)</small></p>\n"
    )


def embed_section(path: str, title: str) -> str:
    """'Embed this page': an iframe snippet and a link with the page's address relative to the site's folder
    (made absolute by site.js when the site is served over http(s))."""
    return (
        '<section aria-labelledby="embed-heading" class="embed"><h2 id="embed-heading">Embed this page</h2>\n'
        + embed.embed_html(path, f"{title} · {SITE_NAME}", embed.DEFAULT_HEIGHT, relative=True)
        + "</section>\n"
    )


def page(
    title: str,
    body: str,
    *,
    root: str,
    assets: Assets,
    release: Release,
    sources: str,
    plotly: str | None = None,
    world: bool = False,
    description: str | None = None,
    path: str | None = None,
) -> str:
    """A whole page. ``title`` is plain text; ``body`` and ``sources`` are HTML built by the caller.

    ``plotly``: the plotly.js file (path from the site root) the page's figures need, if it has any.
    ``path``: the page's address from the site root (e.g. ``maps/x.html``), for its 'Embed this page' box."""
    nav = "".join(f"<li><a href='{escape(rel(root, path))}'>{escape(label)}</a></li>" for label, path in NAVIGATION)
    scripts = []
    if world:  # before plotly.js, which then finds the geometry instead of fetching it
        scripts.append(assets.world)
    if plotly:
        scripts += [plotly, assets.script]
    elif path is not None:
        scripts.append(assets.script)  # the copy buttons of 'Embed this page'
    embed_html = embed_section(path, title) if path is not None else ""
    script_tags = "".join(f"<script src='{escape(rel(root, path))}'></script>\n" for path in scripts)
    meta = f"<meta name='description' content='{escape(description)}'>\n" if description else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · {SITE_NAME}</title>\n{meta}"
        f'<link rel="stylesheet" href="{escape(rel(root, assets.style))}">\n</head>\n<body>\n'
        '<a class="skip" href="#main">Skip to content</a>\n'
        f'<header class="site"><nav aria-label="Site"><ul><li class="brand">{SITE_NAME}</li>{nav}</ul></nav>\n'
        f'<p class="stamp">{escape(release.stamp())} Offline edition: every page works from a folder on disk.</p>'
        "</header>\n"
        f'<main id="main">\n<h1>{escape(title)}</h1>\n{body}\n'
        f'<section aria-labelledby="sources-heading"><h2 id="sources-heading">Sources used on this page</h2>\n'
        f"{sources}</section>\n{embed_html}</main>\n"
        f'<footer class="site"><p>Data: CC BY 4.0 (compilation), facts from the sources cited. Maps: Natural '
        f"Earth, world-countries (ODbL); charts: plotly.js (MIT) — {link(root, 'licences/geometry-README.md', 'licences')}."
        "</p></footer>\n"
        f"{script_tags}</body>\n</html>\n"
    )


# --- a little Markdown (the subset explorer.dictionary writes) -----------------------------------


def _inline(text: str) -> str:
    html = escape(text)
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html)


def _cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [cell.strip().replace("\\|", "|") for cell in cells]


def markdown_html(markdown: str, skip_title: bool = True) -> str:
    """Headings, paragraphs, bullet lists and pipe tables: enough for ``docs/data_dictionary.md``."""
    out, lines, index = [], markdown.splitlines(), 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if not (skip_title and level == 1):
                out.append(f"<h{level}>{_inline(line[level:].strip())}</h{level}>")
            index += 1
        elif line.startswith("|"):
            rows = []
            while index < len(lines) and lines[index].startswith("|"):
                rows.append(_cells(lines[index]))
                index += 1
            head = "".join(f"<th scope='col'>{_inline(cell)}</th>" for cell in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>" for row in rows[2:])
            out.append(
                f"<div class='table-wrap'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            )
        elif line.startswith("- "):
            items = []
            while index < len(lines) and lines[index].startswith("- "):
                items.append(f"<li>{_inline(lines[index][2:])}</li>")
                index += 1
            out.append(f"<ul>{''.join(items)}</ul>")
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip() and not lines[index].startswith(("#", "|", "- ")):
                paragraph.append(lines[index].strip())
                index += 1
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
    return "\n".join(out)
