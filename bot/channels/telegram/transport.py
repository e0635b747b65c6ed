"""python-telegram-bot's HTTP transport on aiohttp (the service's own HTTP stack).

PTB builds every Bot API call and parses every answer; this class only moves the bytes. It
replaces PTB's default HTTPX transport (httpx and httpcore were 12–15 % of the service's time in
the profiles of ``bench/bench_cpu.py``), and keeps what the delivery port needs to tell
outcomes apart:

- a 5xx answer raises ``ServerError("<code>: <description>")`` (Telegram did not take it);
- a failure before any byte of the request left (no connection, none free in the pool) raises
  ``TimedOut``/``NetworkError`` caused by ``RequestNotSent``: the call can safely be made again;
- a timeout or a cut-off after the request was written raises them without that cause: the
  message may have been delivered.

Calls without files go as one JSON body (the Bot API accepts ``application/json``); uploads go
as ``multipart/form-data``.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS = {"Content-Type": "application/json", "User-Agent": BaseRequest.USER_AGENT}
AGENT_HEADERS = {"User-Agent": BaseRequest.USER_AGENT}


class ServerError(NetworkError):
    """A 5xx answer: nothing was sent, trying again later may work (the code is kept)."""


class RequestNotSent(Exception):
    """The cause of a ``TimedOut``/``NetworkError`` raised before the request left."""


def not_sent(exc: BaseException) -> bool:
    """True when the HTTP layer failed before the request left."""
    return isinstance(exc.__cause__, RequestNotSent)


class AiohttpRequest(BaseRequest):
    """A ``telegram.request.BaseRequest`` over one ``aiohttp.ClientSession``.

    Timeouts as PTB's: ``read_timeout`` for the answer, ``connect_timeout`` for a new
    connection, ``pool_timeout`` for a free one; a call may override them. aiohttp has no write
    timeout of its own: the whole call is bounded by the sum of the four.
    """

    __slots__ = ("_connect", "_connections", "_pool", "_read", "_session")

    def __init__(
        self,
        connection_pool_size: int = 64,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._connections = connection_pool_size
        self._read = read_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default time to wait for an answer."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (within the running loop)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                skip_auto_headers=("User-Agent",),
                trust_env=True,  # HTTPS_PROXY and friends, as PTB's default transport honoured
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _timeout(self, read: Any, write: Any, connect: Any, pool: Any) -> aiohttp.ClientTimeout:
        read, connect, pool = (
            _given(read, self._read),
            _given(connect, self._connect),
            _given(pool, self._pool),
        )
        write = _given(write, read)
        waiting = None if connect is None and pool is None else (connect or 0) + (pool or 0)
        # aiohttp times the write only as part of the whole call: bound the whole by the sum
        parts = (waiting, write, read)
        total = None if any(part is None for part in parts) else sum(p or 0 for p in parts)
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=connect, sock_read=read
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP call; the status code and the body (see the module's notes for errors)."""
        if self._session is None or self._session.closed:
            await self.initialize()
        assert self._session is not None
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout)
        body: Any = None
        headers = AGENT_HEADERS
        if request_data is not None and request_data.contains_files:
            body = _form(request_data)
        elif request_data is not None and request_data.parameters:
            # the values as they are (nested objects stay objects), not PTB's per-field strings
            body = json.dumps(request_data.parameters, ensure_ascii=False).encode()
            headers = JSON_HEADERS
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                payload = await response.read()
                code = response.status
        except (aiohttp.ConnectionTimeoutError, aiohttp.ClientConnectorError) as exc:
            # no connection was made (or none came free): the request never left
            raise _error(exc) from RequestNotSent(_describe(exc))
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise _error(exc) from exc  # written, then the answer never came: in doubt
        if code >= 500:
            try:
                description = str(json.loads(payload).get("description") or "")
            except (ValueError, AttributeError):
                description = ""
            raise ServerError(f"{code}: {description or 'server error'}")
        return code, payload


def _given(value: Any, default: float | None) -> float | None:
    """A timeout passed to the call, else the transport's (PTB passes ``DEFAULT_NONE``)."""
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _error(exc: BaseException) -> NetworkError:
    if isinstance(exc, TimeoutError):
        return TimedOut(_describe(exc))
    return NetworkError(_describe(exc))


def _form(request_data: RequestData) -> aiohttp.FormData:
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, file in request_data.multipart_data.items():
        filename, content, *rest = file
        content_type = rest[0] if rest else "application/octet-stream"
        form.add_field(name, content, filename=filename, content_type=content_type)
    return form
