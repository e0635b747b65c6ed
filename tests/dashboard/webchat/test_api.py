"""The web chat API and the service's degraded mode, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.catalogue import t
from storage.database import Database
from tests.dashboard.webchat.support import Site, site

SESSION_A = "session-aaaa-1111"
SESSION_B = "session-bbbb-2222"


@pytest.fixture
async def web(db: Database) -> AsyncIterator[Site]:
    async with site(db) as running:
        yield running


async def send(web: Site, session: str, text: str, message_id: str) -> tuple[int, object]:
    body = {"session": session, "id": message_id, "text": text, "after": 0}
    return await web.request("POST", "/chat/api/message", json=body)


async def test_message_ids_are_deduplicated_per_session(web: Site) -> None:
    assert (await send(web, SESSION_A, "xin chào", "1"))[0] == 200
    assert (await send(web, SESSION_B, "chào bạn", "1"))[0] == 200  # same id, other session
    status, body = await send(web, SESSION_A, "xin chào", "1")  # the page sent it again
    assert status == 200
    assert web.dispatcher.handled == [(SESSION_A, "xin chào"), (SESSION_B, "chào bạn")]
    assert [m["text"] for m in body["messages"]] == ["nhận: xin chào"]  # type: ignore[index]


@pytest.mark.parametrize(
    "after", ["9223372036854775808", "2147483648", "-1", "abc", "1.5", "", "9" * 5000, "0x10"]
)
async def test_out_of_range_or_malformed_after_is_a_bad_request(web: Site, after: str) -> None:
    status, _ = await web.request(
        "GET", "/chat/api/messages", params={"session": SESSION_A, "after": after}
    )
    assert status == 400
    body = {"session": SESSION_A, "text": "x", "after": after}
    assert (await web.request("POST", "/chat/api/message", json=body))[0] == 400
    assert web.dispatcher.handled == []  # refused before anything was handled


async def test_the_largest_message_id_is_accepted(web: Site) -> None:
    status, body = await web.request(
        "GET", "/chat/api/messages", params={"session": SESSION_A, "after": str(2**31 - 1)}
    )
    assert (status, body) == (200, {"messages": []})


async def test_a_body_nested_100000_levels_deep_is_a_bad_request(web: Site) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    status, _ = await web.request(
        "POST", "/chat/api/message", data=deep, headers={"Content-Type": "application/json"}
    )
    assert status == 400


async def test_while_the_database_is_down_everyone_is_told_and_it_recovers(web: Site) -> None:
    assert (await web.request("GET", "/healthz"))[0] == 200
    web.db.fail()
    status, body = await web.request("GET", "/healthz")
    assert (status, body) == (503, {"status": "degraded", "database": "unavailable"})
    status, body = await send(web, SESSION_A, "đèn đường hỏng", "7")
    assert (status, body) == (503, {"error": t("webchat_unavailable")})
    status, _ = await web.request(
        "GET", "/chat/api/messages", params={"session": SESSION_A, "after": "0"}
    )
    assert status == 503
    for fmt in ("json", "xml"):
        status, text = await web.request(
            "POST", f"/open311/v2/requests.{fmt}", data={"api_key": "k", "service_code": "dien"}
        )
        assert status == 503 and t("open311_err_unavailable") in str(text), text
    status, listing = await web.request("GET", "/open311/v2/requests.json")
    assert (status, listing) == (503, [{"code": 503, "description": t("open311_err_unavailable")}])
    web.db.recover()
    assert (await web.request("GET", "/healthz"))[0] == 200
    status, body = await send(web, SESSION_A, "đèn đường hỏng", "7")  # the page retries
    assert status == 200
    assert [m["text"] for m in body["messages"]] == ["nhận: đèn đường hỏng"]  # type: ignore[index]
    assert web.dispatcher.handled == [(SESSION_A, "đèn đường hỏng")]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "session": st.one_of(st.just(SESSION_A), st.text(max_size=70), JSON),
        "id": JSON,
        "text": st.one_of(st.text(), JSON),
        "after": st.one_of(st.integers(), st.text(max_size=30), JSON),
        "callback": JSON,
        "location": st.one_of(
            st.fixed_dictionaries({"lat": JSON, "lon": JSON}),
            st.fixed_dictionaries({"lat": st.floats(), "lon": st.floats()}),
            JSON,
        ),
        "phone": JSON,
    },
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.one_of(FIELDS, JSON))
async def test_fuzzed_bodies_never_give_a_server_error(web: Site, body: object) -> None:
    data = json.dumps(body, allow_nan=True)
    status, _ = await web.request(
        "POST", "/chat/api/message", data=data, headers={"Content-Type": "application/json"}
    )
    assert status in (200, 400), (status, data)
