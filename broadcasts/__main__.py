"""``python -m broadcasts``: the operators' broadcast commands, with the service's settings."""

from bot.settings import Settings
from broadcasts.cli import main

raise SystemExit(main(Settings()))
