"""Signing in to the console: passwords, one-time codes, enrolment, recovery codes, lockout,
throttling, cookies, CSRF, session fixation and signing out everywhere."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from api.console.cookies import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE
from api.console.signin import LOCK_AFTER_FAILURES
from api.console.throttle import ATTEMPTS_PER_MINUTE
from api.services import Services
from store.console_sessions import ConsoleSessions
from store.models import ConsoleSession, Workspace
from store.users import Role
from tests.api.console.console_client import (
    PASSWORD,
    csrf_of,
    make_account,
    post_form,
    sign_in,
)


def _sessions_of(session: Session, user_id: str) -> list[ConsoleSession]:
    return list(session.scalars(select(ConsoleSession).where(ConsoleSession.user_id == user_id)))


def _actions(services: Services) -> list[str]:
    with services.ledgers.open(services.settings.workspace) as ledger:
        return [entry.action for entry in reversed(ledger.audit.entries(limit=500))]


def test_the_sign_in_page_has_labelled_fields_and_says_which_cookies_it_uses(
    client: TestClient,
) -> None:
    page = client.get("/console/login")
    assert page.status_code == 200
    assert '<label for="email">Email</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert "One-time code" not in page.text  # asked only when the account needs it
    assert "essential cookies only" in page.text


def test_a_rep_without_mfa_signs_in_with_a_password(client: TestClient, services: Services) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    answer = sign_in(client, account)
    assert answer.status_code == 303 and answer.headers["location"] == "/console"
    assert client.get("/console/account").text.count("rep@acme.example") == 1
    assert "console.signed_in" in _actions(services)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(
    client: TestClient, services: Services
) -> None:
    make_account(services, "rep@acme.example", Role.REP)
    wrong = post_form(
        client,
        "/console/login",
        {"email": "rep@acme.example", "password": "not the password"},
        "/console/login",
    )
    unknown = post_form(
        client,
        "/console/login",
        {"email": "nobody@acme.example", "password": PASSWORD},
        "/console/login",
    )
    assert wrong.status_code == unknown.status_code == 401
    assert SESSION_COOKIE not in client.cookies
    assert "That did not work" in wrong.text and "That did not work" in unknown.text


def test_an_admin_needs_a_one_time_code_and_each_code_works_once(
    client: TestClient, services: Services
) -> None:
    admin = make_account(services, "admin@acme.example", Role.ADMIN)
    password_step = post_form(
        client,
        "/console/login",
        {"email": admin.email, "password": PASSWORD},
        "/console/login",
    )
    assert password_step.headers["location"] == "/console/login/code"
    assert client.get("/console/account").status_code == 200  # redirected to sign-in...
    assert client.get("/console/account", follow_redirects=False).status_code == 303  # ...yes
    code_page = client.get("/console/login/code")
    assert '<label for="code">One-time code</label>' in code_page.text
    wrong = post_form(client, "/console/login/code", {"code": "000000"}, "/console/login/code")
    assert wrong.status_code == 401
    code = admin.code()
    right = post_form(client, "/console/login/code", {"code": code}, "/console/login/code")
    assert right.status_code == 303 and right.headers["location"] == "/console"
    assert client.get("/console/account", follow_redirects=False).status_code == 200
    # The same code, replayed from another browser, is refused.
    with TestClient(create_app(services)) as other:
        post_form(
            other, "/console/login", {"email": admin.email, "password": PASSWORD}, "/console/login"
        )
        replay = post_form(other, "/console/login/code", {"code": code}, "/console/login/code")
        assert replay.status_code == 401


def test_a_recovery_code_signs_in_once(client: TestClient, services: Services) -> None:
    admin = make_account(services, "admin@acme.example", Role.ADMIN)
    [first, *_] = admin.recovery_codes

    def attempt(with_client: TestClient) -> int:
        post_form(
            with_client,
            "/console/login",
            {"email": admin.email, "password": PASSWORD},
            "/console/login",
        )
        answer = post_form(
            with_client, "/console/login/code", {"code": first.upper()}, "/console/login/code"
        )
        return answer.status_code

    assert attempt(client) == 303
    with TestClient(create_app(services)) as other:
        assert attempt(other) == 401
    assert "console.signed_in" in _actions(services)


def test_repeated_failures_lock_the_account_even_against_the_right_password(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    for _ in range(LOCK_AFTER_FAILURES - 1):
        answer = sign_in(client, account, password="wrong password!")
        assert answer.status_code == 401
    locking = sign_in(client, account, password="wrong password!")
    assert locking.status_code == 429 and "locked" in locking.text
    assert sign_in(client, account).status_code == 429
    actions = _actions(services)
    assert "console.account_locked" in actions
    assert actions.count("console.sign_in_failed") >= LOCK_AFTER_FAILURES


def test_one_address_is_throttled_whatever_account_it_tries(
    client: TestClient, services: Services
) -> None:
    token = csrf_of(client.get("/console/login"))
    statuses = [
        client.post(
            "/console/login",
            data={
                "email": f"n{n}@acme.example",
                "password": "guess guess guess",
                CSRF_FIELD: token,
            },
        ).status_code
        for n in range(ATTEMPTS_PER_MINUTE + 1)
    ]
    assert statuses[:-1] == [401] * ATTEMPTS_PER_MINUTE
    assert statuses[-1] == 429


def test_a_workspace_that_requires_mfa_makes_a_rep_enrol_at_first_sign_in(
    client: TestClient, services: Services
) -> None:
    with services.ledgers.open(services.settings.workspace) as ledger:
        ledger.scope.session.get(Workspace, ledger.scope.workspace_id).mfa_required = True  # type: ignore[union-attr]
        from api.console.user_accounts import create_user

        create_user(ledger, "rep@acme.example", Role.REP, PASSWORD, "test", enrol_now=False)
    step = post_form(
        client,
        "/console/login",
        {"email": "rep@acme.example", "password": PASSWORD},
        "/console/login",
    )
    assert step.headers["location"] == "/console/login/enrol"
    enrol_page = client.get("/console/login/enrol")
    assert 'src="data:image/svg+xml;base64,' in enrol_page.text
    import re

    import pyotp

    secret = re.search(r"secret=([A-Z2-7]+)", enrol_page.text)
    assert secret is not None
    done = post_form(
        client,
        "/console/login/enrol",
        {"code": pyotp.TOTP(secret.group(1)).now()},
        "/console/login/enrol",
    )
    assert done.status_code == 200 and done.text.count("<li><code>") == 10
    assert client.get("/console/account", follow_redirects=False).status_code == 200
    assert "console.mfa_enrolled" in _actions(services)


def test_cookies_are_httponly_lax_and_secure_over_https(services: Services) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    with TestClient(create_app(services), base_url="https://testserver") as secure:
        answer = sign_in(secure, account)
        cookies = answer.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith(f"{SESSION_COOKIE}="))
    csrf = next(c for c in cookies if c.startswith(f"{CSRF_COOKIE}="))
    for cookie in (session, csrf):
        lowered = cookie.lower()
        assert "httponly" in lowered and "secure" in lowered and "path=/console" in lowered
    assert "samesite=lax" in session.lower() and "samesite=strict" in csrf.lower()


def test_cookies_are_not_marked_secure_over_plain_http(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    session = next(
        c
        for c in sign_in(client, account).headers.get_list("set-cookie")
        if c.startswith(f"{SESSION_COOKIE}=")
    )
    assert "secure" not in session.lower() and "httponly" in session.lower()


def test_pages_are_not_cached_and_allow_only_our_own_scripts(client: TestClient) -> None:
    page = client.get("/console/login")
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "no-store" not in client.get("/console/static/console.css").headers.get(
        "cache-control", ""
    )


def test_a_post_without_the_csrf_token_changes_nothing(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    refused = client.post("/console/logout/everywhere", follow_redirects=False)
    assert refused.status_code == 403
    forged = client.post(
        "/console/logout/everywhere", data={CSRF_FIELD: "0" * 64}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert client.get("/console/account", follow_redirects=False).status_code == 200


def test_a_post_from_another_site_is_refused_even_with_a_token(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    token = csrf_of(client.get("/console/account"))
    refused = client.post(
        "/console/logout/everywhere",
        data={CSRF_FIELD: token},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert client.get("/console/account", follow_redirects=False).status_code == 200


def test_a_planted_session_cookie_is_never_promoted(client: TestClient, services: Services) -> None:
    account = make_account(services, "admin@acme.example", Role.ADMIN)
    planted = "attacker-chosen-session-token"
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local", path="/console")
    sign_in(client, account)
    assert client.cookies.get(SESSION_COOKIE) not in (None, planted)
    with TestClient(create_app(services)) as attacker:
        attacker.cookies.set(SESSION_COOKIE, planted, domain="testserver.local", path="/console")
        assert attacker.get("/console/account", follow_redirects=False).status_code == 303


def test_the_half_signed_in_token_opens_no_page_and_dies_at_sign_in(
    client: TestClient, services: Services
) -> None:
    admin = make_account(services, "admin@acme.example", Role.ADMIN)
    post_form(
        client, "/console/login", {"email": admin.email, "password": PASSWORD}, "/console/login"
    )
    pending = client.cookies.get(SESSION_COOKIE)
    assert pending is not None
    assert client.get("/console/account", follow_redirects=False).status_code == 303
    post_form(client, "/console/login/code", {"code": admin.code()}, "/console/login/code")
    with services.store.database.session() as session:
        assert ConsoleSessions(session).find(pending, services.console.times.idle) is None


def test_signing_out_everywhere_ends_the_other_browsers_sessions(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    with TestClient(create_app(services)) as laptop:
        sign_in(laptop, account)
        assert laptop.get("/console/account", follow_redirects=False).status_code == 200
        answer = post_form(client, "/console/logout/everywhere", {}, "/console/account")
        assert answer.status_code == 303
        assert laptop.get("/console/account", follow_redirects=False).status_code == 303
    assert client.get("/console/account", follow_redirects=False).status_code == 303
    assert "console.signed_out_everywhere" in _actions(services)


def test_signing_out_ends_this_session(client: TestClient, services: Services) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    stolen = client.cookies.get(SESSION_COOKIE)
    post_form(client, "/console/logout", {}, "/console/account")
    with TestClient(create_app(services)) as thief:
        thief.cookies.set(SESSION_COOKIE, stolen or "", domain="testserver.local", path="/console")
        assert thief.get("/console/account", follow_redirects=False).status_code == 303


def test_an_idle_session_ends(client: TestClient, services: Services) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    token = client.cookies.get(SESSION_COOKIE)
    assert token is not None
    with services.store.database.session() as session:
        found = ConsoleSessions(session).find(token, services.console.times.idle)
        assert found is not None
        found[0].last_seen_at = found[0].last_seen_at.replace(year=2000)
    assert client.get("/console/account", follow_redirects=False).status_code == 303


def test_a_disabled_user_is_signed_out_and_cannot_sign_in(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    with services.ledgers.open(account.workspace) as ledger:
        ledger.users.set_disabled(ledger.users.get(account.user_id), True)
    assert client.get("/console/account", follow_redirects=False).status_code == 303
    assert sign_in(client, account).status_code == 401


@pytest.mark.parametrize("at_offset", [-30, 0, 30])
def test_a_code_from_the_step_before_or_after_is_accepted(
    client: TestClient, services: Services, at_offset: int
) -> None:
    admin = make_account(services, "admin@acme.example", Role.ADMIN)
    post_form(
        client, "/console/login", {"email": admin.email, "password": PASSWORD}, "/console/login"
    )
    code = admin.code(time.time() + at_offset)
    answer = post_form(client, "/console/login/code", {"code": code}, "/console/login/code")
    assert answer.status_code == 303


def test_signing_in_deletes_sessions_past_their_expiry(
    client: TestClient, services: Services
) -> None:
    first = make_account(services, "one@acme.example", Role.REP)
    second = make_account(services, "two@acme.example", Role.REP)
    sign_in(client, first)
    with services.store.database.session() as session:
        [row] = _sessions_of(session, first.user_id)
        row.expires_at = row.expires_at.replace(year=2000)
    with TestClient(create_app(services)) as other:
        sign_in(other, second)
    with services.store.database.session() as session:
        assert _sessions_of(session, first.user_id) == []


def test_a_user_changes_their_password_and_their_other_browsers_are_signed_out(
    client: TestClient, services: Services
) -> None:
    account = make_account(services, "rep@acme.example", Role.REP)
    sign_in(client, account)
    with TestClient(create_app(services)) as laptop:
        sign_in(laptop, account)
        wrong = post_form(
            client,
            "/console/account/password",
            {"current": "not my password", "new": "a brand new passphrase"},
            "/console/account",
        )
        assert wrong.status_code == 400 and "not right" in wrong.text
        weak = post_form(
            client,
            "/console/account/password",
            {"current": PASSWORD, "new": "short"},
            "/console/account",
        )
        assert weak.status_code == 400 and "at least 12 characters" in weak.text
        assert laptop.get("/console/account", follow_redirects=False).status_code == 200
        done = post_form(
            client,
            "/console/account/password",
            {"current": PASSWORD, "new": "a brand new passphrase"},
            "/console/account",
        )
        assert done.status_code == 303
        assert client.get("/console/account", follow_redirects=False).status_code == 200
        assert laptop.get("/console/account", follow_redirects=False).status_code == 303
    with TestClient(create_app(services)) as later:
        assert sign_in(later, account).status_code == 401
        assert sign_in(later, account, password="a brand new passphrase").status_code == 303
    actions = _actions(services)
    assert "console.password_changed" in actions and "console.password_change_failed" in actions
