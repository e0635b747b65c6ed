"""Schemathesis over the published Open311 OpenAPI document: no server error, no schema mismatch.

Every operation of the document the service serves gets a bounded number of generated requests
(for POST, half of the time with the real client key, a known service and a place); every
answer is checked by schemathesis's checks: no 5xx, a documented status code, content type and
headers, the response schema. OPEN311_FUZZ_EXAMPLES=N runs N examples per operation instead.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import BaseSchema
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.taxonomy import CATEGORY_CODES
from storage.open311 import new_api_key
from storage.uow import UnitOfWork
from tests.e2e.service import free_port

EXAMPLES = int(
    os.environ.get("OPEN311_FUZZ_EXAMPLES", "15")
)  # per operation: bounded, so the test stays quick
# The answers against the document. Not «schema-valid request rejected»: the document types the
# parameters (strings, numbers) and the server also checks their meaning (a known service code, a
# date, an e-mail address), answering a documented 400 error list.
SERVICE = CATEGORY_CODES[0]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _run_all(schema: BaseSchema, base: str, key: str) -> tuple[list[str], set[str]]:
    """Run every operation's generated cases; the failures found and the statuses answered."""
    failures: list[str] = []
    answered: set[str] = set()
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # the document itself is wrong there
            failures.append(f"invalid operation: {result.err()}")
            continue
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
        @hypothesis.given(case=operation.as_strategy(), with_key=hypothesis.strategies.booleans())
        def check(case: schemathesis.Case, with_key: bool) -> None:
            if with_key and isinstance(case.body, dict) and "api_key" in case.body:
                case.body.update(api_key=key, service_code=SERVICE, lat="21.27", long="106.19")
            response = case.call(base_url=base, timeout=30)
            answered.add(f"{case.method} {case.operation.path} {response.status_code}")
            try:
                case.validate_response(response, checks=CHECKS)
            except (FailureGroup, AssertionError) as exc:  # collected and reported together
                failures.append(f"{case.method} {case.formatted_path}: {str(exc)[:1500]}")

        check()
    return failures, answered


async def test_the_open311_api_matches_its_openapi_document(
    db_url: str, sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    if db_url.startswith("postgresql"):
        pytest.skip("the API's answers do not depend on the database kind; SQLite is enough")
    key = new_api_key()
    async with UnitOfWork(sessions) as uow:
        await uow.open311.add_key("ứng dụng thử", key)
        await uow.commit()
    # The service runs in its own process: schemathesis imports modules as it goes, and under
    # pytest's assertion rewriting that must not race another thread of this process.
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))}
    env.update(DATABASE_URL=db_url, HTTP_HOST="127.0.0.1", HTTP_PORT=str(port), LOG_LEVEL="ERROR")
    service = subprocess.Popen([sys.executable, "-m", "bot"], cwd=tmp_path, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        document = await _document(base, service)
        schema = schemathesis.openapi.from_dict(dict(document, servers=[{"url": base}]))
        failures, answered = _run_all(schema, base, key)
        unrouted = await _get(base + "/open311/v2/services/a.b.json")  # found by schemathesis
    finally:
        service.terminate()
        service.wait(30)
    print("\n\n".join(failures))  # shown when the test fails
    assert failures == []
    assert "POST /open311/v2/requests.{format} 200" in answered  # reports were filed too
    assert "GET /open311/v2/requests.{format} 200" in answered
    assert unrouted[0] == 404 and unrouted[1] == "application/json"
    assert unrouted[2][0]["code"] == 404  # the spec's error list, not a plain-text page


async def _get(url: str) -> tuple[int, str, Any]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, response.content_type, await response.json()


async def _document(base: str, service: subprocess.Popen[bytes]) -> dict[str, Any]:
    """The OpenAPI document, once the service answers."""
    async with aiohttp.ClientSession() as http:
        while service.poll() is None:
            try:
                async with http.get(base + "/open311/v2/openapi.json") as response:
                    if response.status == 200:
                        return dict(await response.json())
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"the service stopped with {service.returncode}")
