"""Controls the dashboards share: a state picked by typing its name."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd


def state_labels(names: pd.Series, state_ids=None) -> dict[str, str]:
    """'France (FRA)' -> 'FRA' for every state of ``names`` (state_id -> name), or those of ``state_ids`` it names."""
    ids = names.index if state_ids is None else [state_id for state_id in state_ids if state_id in names.index]
    return {f"{names[state_id]} ({state_id})": state_id for state_id in ids}


def state_picker(labels: dict[str, str], placeholder: str) -> widgets.Combobox:
    """A 'State' box offering ``labels`` (:func:`state_labels`).

    ensure_option=False: an emptied box must reach the app (it clears the choice); text that is not a state's
    label means no state. Sent on Enter or on leaving the box, not on each key.
    """
    return widgets.Combobox(
        description="State",
        placeholder=placeholder,
        options=sorted(labels),
        ensure_option=False,
        continuous_update=False,
    )
