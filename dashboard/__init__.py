"""aiohttp web app: staff dashboard, web chat page, health and (later) Open311."""
