"""The view layer: sentences, tables and HTML fragments shared by the dashboards, the static site and
the notebooks. Pure functions: no widgets, no I/O."""
