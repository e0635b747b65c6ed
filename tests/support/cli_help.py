"""Checks on argparse command lines: every sub-command reached, every option explained."""

from __future__ import annotations

import argparse


def all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every sub-command parser below it, depth first."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(all_parsers(child))
    return found


def assert_every_option_explained(parsers: list[argparse.ArgumentParser]) -> None:
    """Each option and argument of each parser has a help text, and its help renders."""
    for parser in parsers:
        for action in parser._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"{parser.prog}: {action.dest} has no help text"
        assert parser.format_help()
