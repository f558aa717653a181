"""Figure builders: plain functions, DataFrames + options in, ``plotly.graph_objects.Figure`` out.

No I/O, no display: the caller (an app, a notebook, the static build) decides what to do with the figure.
"""

from .map import map_figure
from .parties import parties_over_time_figure
from .timeline import timeline_figure

__all__ = ["map_figure", "parties_over_time_figure", "timeline_figure"]
