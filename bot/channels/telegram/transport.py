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
as ``multipart/form-data``. A proxy from the environment (``HTTPS_PROXY``, ``NO_PROXY`` and
``~/.netrc`` for its credentials, as PTB's default transport honoured) is looked up once per host,
not on every call: aiohttp's ``trust_env`` reads the environment and the netrc file in a thread
for each request, which was 8 % of the service's time.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

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

    __slots__ = ("_connect", "_connections", "_pool", "_proxies", "_read", "_session")

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
        self._proxies: dict[tuple[str, str | None, int | None], _Proxy] = {}

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
                trust_env=False,  # the environment's proxy is looked up once (``_proxy``)
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
        proxy, proxy_auth = self._proxy(url)
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                proxy=proxy,
                proxy_auth=proxy_auth,
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

    def _proxy(self, url: str) -> _Proxy:
        """The environment's proxy for ``url``'s host (None: go direct), looked up once."""
        target = URL(url)
        key = (target.scheme, target.host, target.port)
        found = self._proxies.get(key)
        if found is None:
            try:
                found = get_env_proxy_for_url(target)
            except LookupError:
                found = (None, None)
            self._proxies[key] = found
        return found


_Proxy = tuple[URL | None, aiohttp.BasicAuth | None]


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
