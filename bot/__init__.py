"""The running service: command line, settings, wiring and channel adapters."""
