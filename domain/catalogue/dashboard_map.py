"""Words officers read on the map of reports."""

DASHBOARD_MAP_MESSAGES: dict[str, str] = {}
