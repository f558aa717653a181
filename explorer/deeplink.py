"""Deep links: the dashboard URL's query string sets the initial view.

Parsing never raises: each invalid value is dropped with a message for the viewer, and the app
falls back to its default for that parameter.
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.parse

MAX_QUERY_LENGTH = 2000
MAX_VALUE_LENGTH = 200


def query_from_environment() -> str:
    """The page's query string, as Voilà gives it to a kernel started for the request.

    A kernel from Voilà's preheated pool runs before any request and has no query string here: it
    draws the view the server preloaded for its dashboard (``EXPLORER_PRELOAD_QUERY``, set per pool by
    ``explorer/serving.py``; usually none: the default view) and learns the page's query later, in a
    background thread, or from the page itself (see ``apps/base.py``). It deliberately does not call
    ``voila.utils.get_query_string`` here: a cell waiting there counts against the cell timeout and such
    pages were seen to hang.
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        return os.environ.get("EXPLORER_PRELOAD_QUERY", "")
    return os.environ.get("QUERY_STRING", "")


def parse_query(query: str, validators: dict) -> tuple[dict, list[str]]:
    """Validate each known parameter with ``validators[name](raw) -> value`` (raising ValueError).

    Returns (values, messages). Unknown parameters are ignored with a message.
    """
    values, messages = {}, []
    if not query:
        return values, messages
    if len(query) > MAX_QUERY_LENGTH:
        return values, [f"The link's query string is too long ({len(query)} characters); showing the default view."]
    try:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=False)
    except ValueError:
        return values, ["The link's query string could not be read; showing the default view."]
    seen: set[str] = set()
    for name, raw in pairs:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        if name not in validators:
            messages.append(f"Unknown link parameter '{name[:40]}' was ignored.")
            continue
        if name in seen:
            messages.append(f"Link parameter '{name}' was given more than once; the first value was used.")
            continue
        seen.add(name)
        if len(raw) > MAX_VALUE_LENGTH:
            messages.append(f"The value of '{name}' is too long; using the default.")
            continue
        try:
            values[name] = validators[name](raw)
        except (ValueError, KeyError, TypeError) as error:
            messages.append(f"'{shown}' is not a valid {name} ({error}); using the default.")
    return values, messages


def parse_date(raw: str, earliest: dt.date, latest: dt.date) -> dt.date:
    """'1950', '1950-06' or '1950-06-30', within [earliest, latest]."""
    raw = raw.strip()
    try:
        if len(raw) == 4:
            value = dt.date(int(raw), 12, 31)
        elif len(raw) == 7:
            value = dt.date(int(raw[:4]), int(raw[5:7]), 1)
        else:
            value = dt.date.fromisoformat(raw)
    except ValueError as error:
        raise ValueError("use YYYY or YYYY-MM-DD") from error
    if value < earliest or value > latest:
        if len(raw) == 4 and earliest.year <= value.year <= latest.year:
            return min(value, latest)
        raise ValueError(f"must be between {earliest.isoformat()} and {latest.isoformat()}")
    return value


def parse_year(raw: str, earliest: int, latest: int) -> int:
    try:
        year = int(raw.strip())
    except ValueError as error:
        raise ValueError("use a four-digit year") from error
    if not earliest <= year <= latest:
        raise ValueError(f"must be between {earliest} and {latest}")
    return year


def parse_choice(raw: str, choices) -> str:
    value = raw.strip()
    if value not in choices:
        raise ValueError("not one of the known values")
    return value


def page_url(notebook: str) -> str:
    """Address of this dashboard without its query string, as the viewer requested it.

    Voilà gives the kernel the request's host, port and path (``SERVER_NAME``, ``SERVER_PORT``,
    ``SCRIPT_NAME``; with a preheated kernel they arrive with the query string) and, for a kernel
    started on request, the full ``VOILA_REQUEST_URL``. Without either (a plain notebook kernel)
    the result is the notebook's name, a relative link.
    """
    path, host, port = (os.environ.get(name, "") for name in ("SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT"))
    if host and path.endswith(notebook):
        scheme = "https" if port == "443" else "http"
        netloc = host if port in ("", "80", "443") else f"{host}:{port}"
        return urllib.parse.urlunsplit((scheme, netloc, path, "", ""))
    requested = os.environ.get("VOILA_REQUEST_URL", "")
    if requested.startswith(("http://", "https://")):
        parts = urllib.parse.urlsplit(requested)
        if parts.path.endswith(notebook):
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return notebook


def build_link(base_url: str, **params) -> str:
    """A link to a dashboard view, e.g. ``build_link(url, instrument='palermo-protocol-2000', date='2010')``."""
    clean = {key: str(value) for key, value in params.items() if value is not None}
    return base_url + ("?" + urllib.parse.urlencode(clean) if clean else "")
