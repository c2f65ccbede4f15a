"""Every console route, walked with every role and signed out, against one table of who may
use it. A route missing from the table fails the test: a new page or action cannot ship
without someone deciding who may use it.

"Allowed" means the answer is neither 403 nor a redirect to the sign-in page (a 404 for a
made-up id, a 422 for a form sent empty, a redirect elsewhere all count: the route let the
viewer in). Denied means 403 for a signed-in role and a 303 to ``/console/login`` signed out.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.app import create_app
from api.console.cookies import CSRF_HEADER
from api.services import Services
from store.users import Role
from tests.api.console.console_client import Account, csrf_of, make_account
from tests.api.console.seed import seed_conversation
from tests.api.console.signed_in import start_session

ADMIN, REP, AUDITOR = Role.ADMIN, Role.REP, Role.AUDITOR
EVERYONE = frozenset(Role)
LOGIN = "/console/login"

# (method, path) -> the roles allowed. Add every new console route here.
ALLOWED: dict[tuple[str, str], frozenset[Role]] = {
    ("GET", "/console"): EVERYONE,
    ("GET", "/console/account"): EVERYONE,
    ("POST", "/console/account/password"): EVERYONE,
    ("GET", "/console/inbox"): frozenset({ADMIN, REP}),
    ("GET", "/console/inbox/rows"): frozenset({ADMIN, REP}),
    ("GET", "/console/conversations/{conversation_id}"): frozenset({ADMIN, REP}),
    ("POST", "/console/conversations/{conversation_id}/take-over"): frozenset({ADMIN, REP}),
    ("POST", "/console/conversations/{conversation_id}/give-back"): frozenset({ADMIN, REP}),
    ("POST", "/console/conversations/{conversation_id}/reply"): frozenset({ADMIN, REP}),
    ("POST", "/console/drafts/{draft_id}/approve"): frozenset({ADMIN, REP}),
    ("POST", "/console/drafts/{draft_id}/reject"): frozenset({ADMIN, REP}),
    ("GET", "/console/audit"): frozenset({ADMIN, AUDITOR}),
    ("GET", "/console/audit/records"): frozenset({ADMIN, AUDITOR}),
    ("GET", "/console/audit/ropa"): frozenset({ADMIN, AUDITOR}),
    ("GET", "/console/audit/ropa.json"): frozenset({ADMIN, AUDITOR}),
    ("GET", "/console/audit/ropa.csv"): frozenset({ADMIN, AUDITOR}),
    ("POST", "/console/audit/verify"): frozenset({ADMIN, AUDITOR}),
    ("GET", "/console/dashboard"): frozenset({ADMIN}),
    ("GET", "/console/admin/users"): frozenset({ADMIN}),
    ("POST", "/console/admin/users"): frozenset({ADMIN}),
    ("POST", "/console/admin/users/{user_id}/role"): frozenset({ADMIN}),
    ("POST", "/console/admin/users/{user_id}/disable"): frozenset({ADMIN}),
    ("POST", "/console/admin/users/{user_id}/enable"): frozenset({ADMIN}),
    ("POST", "/console/admin/users/{user_id}/sign-out"): frozenset({ADMIN}),
    ("POST", "/console/admin/users/{user_id}/reset-mfa"): frozenset({ADMIN}),
    ("POST", "/console/admin/users/{user_id}/password"): frozenset({ADMIN}),
    ("GET", "/console/admin/policy"): frozenset({ADMIN}),
    ("POST", "/console/admin/policy"): frozenset({ADMIN}),
    ("POST", "/console/admin/policy/try"): frozenset({ADMIN}),
    ("POST", "/console/admin/workspace/mfa"): frozenset({ADMIN}),
    ("GET", "/console/admin/settings"): frozenset({ADMIN}),
    ("POST", "/console/admin/settings/purposes"): frozenset({ADMIN}),
    ("POST", "/console/admin/settings/notice"): frozenset({ADMIN}),
    ("POST", "/console/admin/settings/reply-mode"): frozenset({ADMIN}),
    ("POST", "/console/admin/settings/working-hours"): frozenset({ADMIN}),
    ("POST", "/console/admin/settings/rubric"): frozenset({ADMIN}),
}

# Open by design (signing in and out), so not in the table.
OPEN = frozenset(
    {
        "/console/login",
        "/console/login/code",
        "/console/login/enrol",
        "/console/logout",
        "/console/logout/everywhere",
    }
)

_PARAMETER = re.compile(r"{(\w+)(?::\w+)?}")


def _console_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every console route of the app, bar the open ones and the static
    files (a mount: no methods). FastAPI keeps included routers nested; ``iter_route_contexts``
    (what its OpenAPI generator walks) gives each route with its full path."""
    app = client.app
    assert isinstance(app, FastAPI)
    return sorted(
        (method, context.path)
        for context in iter_route_contexts(app.routes)
        if context.path is not None
        and context.methods is not None
        and context.path.startswith("/console")
        and context.path not in OPEN
        for method in context.methods
    )


def _concrete(path: str, path_values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in path_values, f"add a value for {name!r} to the path_values fixture"
        return path_values[name]

    return _PARAMETER.sub(value, path)


def _let_in(client: TestClient, method: str, path: str, csrf: str) -> tuple[bool, str]:
    """Whether the route let this browser in, and the answer for the failure message."""
    answer = client.request(method, path, headers={CSRF_HEADER: csrf}, follow_redirects=False)
    to_sign_in = answer.status_code == 303 and answer.headers.get("location") == LOGIN
    if answer.status_code == 403 or to_sign_in:
        return False, str(answer.status_code)
    return True, str(answer.status_code)


@pytest.fixture
def accounts(services: Services) -> dict[Role, Account]:
    """One user of each role, fully signed in by ``start_session``."""
    return {role: make_account(services, f"{role.value}@acme.example", role) for role in Role}


@pytest.fixture
def path_values(services: Services) -> dict[str, str]:
    """A real id for each path parameter. Seed and add one here when a route brings a new
    parameter (a conversation id, a draft id)."""
    target = make_account(services, "target@acme.example", Role.REP)
    seeded = seed_conversation(services, "Asha Rao", "What does it cost?", draft="From ₹999.")
    assert seeded.draft_id is not None
    return {
        "user_id": target.user_id,
        "conversation_id": seeded.conversation_id,
        "draft_id": seeded.draft_id,
    }


def test_every_console_route_is_in_the_table_and_every_entry_is_a_route(
    client: TestClient,
) -> None:
    routes = set(_console_routes(client))
    assert routes - ALLOWED.keys() == set(), "routes missing from ALLOWED: decide who may use them"
    assert ALLOWED.keys() - routes == set(), "ALLOWED names routes that no longer exist"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_its_routes(
    services: Services, accounts: dict[Role, Account], path_values: dict[str, str], role: Role
) -> None:
    wrong = []
    with TestClient(create_app(services)) as browser:
        start_session(browser, services, accounts[role])
        csrf = csrf_of(browser.get("/console/account"))
        for method, path in _console_routes(browser):
            expected = role in ALLOWED.get((method, path), frozenset())
            let_in, answer = _let_in(browser, method, _concrete(path, path_values), csrf)
            if let_in != expected:
                wrong.append(f"{method} {path}: {answer}, expected {'in' if expected else 'out'}")
    assert wrong == []


def test_signed_out_every_route_sends_the_browser_to_sign_in(
    client: TestClient, path_values: dict[str, str]
) -> None:
    csrf = csrf_of(client.get(LOGIN))
    wrong = []
    for method, path in _console_routes(client):
        answer = client.request(
            method,
            _concrete(path, path_values),
            headers={CSRF_HEADER: csrf},
            follow_redirects=False,
        )
        if (answer.status_code, answer.headers.get("location")) != (303, LOGIN):
            wrong.append(f"{method} {path}: {answer.status_code}")
    assert wrong == []
