"""Rows the build derives instead of typing them: current states from pycountry, and entry into
force per party computed from a treaty's own rule."""

from __future__ import annotations

import datetime as dt

import pycountry

ISO_SOURCE_ID = "iso-3166-pycountry"


def current_states() -> list[dict]:
    """Every ISO 3166-1 entry, as shipped by pycountry (states and territories alike)."""
    rows = []
    for country in pycountry.countries:
        rows.append(
            {
                "_file": "pycountry (ISO 3166-1)",
                "_row": None,
                "state_id": country.alpha_3,
                "name": getattr(country, "common_name", None) or country.name,
                "official_name": getattr(country, "official_name", None),
                "kind": "current",
                "iso_alpha2": country.alpha_2,
                "existed_from": None,
                "existed_to": None,
                "successor_ids": None,
                "source_id": ISO_SOURCE_ID,
                "note": None,
            }
        )
    return rows


def historical_states(curated: list[dict]) -> list[dict]:
    """Curated former states (and organisations); fill the name from ISO 3166-3 when the curated row has none."""
    rows = []
    for record in curated:
        record = dict(record)
        record["kind"] = record.get("kind") or "historical"  # organisations (e.g. the EU) say so
        if not record.get("name"):
            historic = pycountry.historic_countries.get(alpha_3=record["state_id"])
            record["name"] = historic.name if historic else None
        rows.append(record)
    return rows


def _add_months(date: dt.date, months: int) -> dt.date:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    # The same day of the month (the ILO's "twelve months after the date of registration").
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {date}")


def _first_of_following_month(date: dt.date) -> dt.date:
    return dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)


def party_entry_into_force(consent: dt.date, instrument: dict) -> tuple[dt.date, str] | None:
    """A party's own entry into force under the instrument's rule, and the rule in words (None: no rule).

    ``party_eif_days``: that many days after consent. ``party_eif_months``: the same day of the month that
    many months later (ILO); with ``party_eif_first_of_month``, the first day of the month following the
    expiration of that period (Council of Europe: deposit on 23 Mar 2011, three months expire on 23 Jun,
    in force on 1 Jul 2011). The general entry into force is applied by the caller.
    """
    days, months = instrument.get("party_eif_days"), instrument.get("party_eif_months")
    if days is not None:
        return consent + dt.timedelta(days=days), f"{days} days"
    if months is None:
        return None
    expired = _add_months(consent, months)
    if instrument.get("party_eif_first_of_month"):
        return _first_of_following_month(expired), f"the first day of the month after {months} months"
    return expired, f"{months} months"


def computed_entry_into_force(
    participation: list[dict], instruments: dict[str, dict], ended: dict[str, dt.date] | None = None
) -> list[dict]:
    """Entry into force for each party whose depositary publishes none, from the treaty's rule.

    NOTE: the rule is "the party's own date under the treaty (see :func:`party_entry_into_force`), or the
    general entry into force, whichever is later"; it is applied only to instruments whose row states it
    (``party_eif_days`` or ``party_eif_months``).
    """
    explicit = {(r["state_id"], r["instrument_id"]) for r in participation if r["action"] == "entry_into_force"}
    from .schema import CONSENT_ACTIONS

    first_consent: dict[tuple[str, str], dict] = {}
    for record in participation:
        if record["action"] in CONSENT_ACTIONS and record.get("date"):
            key = (record["state_id"], record["instrument_id"])
            if key not in first_consent or record["date"] < first_consent[key]["date"]:
                first_consent[key] = record
    rows = []
    for (state_id, instrument_id), consent in sorted(first_consent.items()):
        instrument = instruments.get(instrument_id)
        if (state_id, instrument_id) in explicit or not instrument:
            continue
        general = instrument.get("entry_into_force")
        own = party_entry_into_force(consent["date"], instrument)
        if own is None or general is None:
            continue
        own, delay = own
        date = max(own, general)
        if ended and state_id in ended and ended[state_id] and date > ended[state_id]:
            # NOTE: e.g. the GDR ratified the CRC on 2 Oct 1990 and ceased to exist the next day: the
            # treaty never entered into force for it, so no row is computed.
            continue
        article = instrument.get("party_eif_article") or "the treaty's entry-into-force article"
        rows.append(
            {
                "_file": f"computed from {consent['_file']}",
                "_row": consent["_row"],
                "state_id": state_id,
                "instrument_id": instrument_id,
                "action": "entry_into_force",
                "date": date,
                "depositary_code": None,
                "computed": True,
                "source_id": instrument.get("party_eif_source_id") or instrument["source_id"],
                "note": (
                    f"Computed by the project: {delay} after consent ({consent['date'].isoformat()}) or the "
                    f"general entry into force ({general.isoformat()}), whichever is later ({article})."
                ),
            }
        )
    return rows
