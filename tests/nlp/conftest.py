"""Fixtures for the nlp tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from nlp.corpus import Example, load_corpus

FIXTURES = Path(__file__).parent / "fixtures"


class NetworkBlocked(RuntimeError):
    """Raised by any attempt to open a network connection during a test."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make every socket connection fail, as on a machine without internet."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkBlocked("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


@pytest.fixture
def tiny_corpus() -> list[Example]:
    """A small labelled corpus in the production file layout (three categories, three sources)."""
    return load_corpus(FIXTURES / "corpus")
