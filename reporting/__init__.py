"""Figures, periodic reports, tables, charts and exports for the leadership, and their jobs.

Built on ``domain``, ``nlp`` and ``storage`` only, so the web pages and the command line share it.
"""
