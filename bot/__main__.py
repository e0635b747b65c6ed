"""``python -m bot``: run the service, or an operator command (see ``--help``)."""

from bot.cli import main

raise SystemExit(main())
