"""The admin's users page: listing (audited), creating users, changing roles, disabling and
enabling, signing out everywhere, resetting MFA, the workspace's MFA switch, the guard rails
that keep an admin in charge, and the refusals (CSRF, other roles, other workspaces)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.console.user_admin import AdminRefused, change_role, set_enabled
from api.console.viewer import Viewer
from api.services import Services
from store.models import User, Workspace
from store.users import Role
from tests.api.console.console_client import PASSWORD, Account, make_account, post_form, sign_in

USERS = "/console/admin/users"


@pytest.fixture
def admin(client: TestClient, services: Services) -> Account:
    account = make_account(services, "admin@acme.example", Role.ADMIN)
    sign_in(client, account)
    return account


@pytest.fixture
def rep(services: Services) -> Account:
    return make_account(services, "rep@acme.example", Role.REP)


def _entries(services: Services) -> list[tuple[str, str, str, dict[str, object]]]:
    """(action, actor, subject, details) of the workspace's audit log, oldest first."""
    with services.ledgers.open(services.settings.workspace) as ledger:
        return [
            (entry.action, entry.actor, entry.subject, json.loads(entry.details))
            for entry in reversed(ledger.audit.entries(limit=1000))
        ]


def _last(services: Services, action: str) -> tuple[str, str, dict[str, object]]:
    """(actor, subject, details) of the newest entry with ``action``."""
    found = [entry[1:] for entry in _entries(services) if entry[0] == action]
    assert found, f"no {action} entry"
    return found[-1]


def _user(services: Services, user_id: str) -> User:
    with services.store.database.session() as session:
        user = session.get(User, user_id)
        assert user is not None
        return user


def _no_addresses_audited(services: Services) -> bool:
    return not any(
        "@" in subject or "@" in json.dumps(details)
        for _, _, subject, details in _entries(services)
    )


def _browser(services: Services, account: Account) -> TestClient:
    """Another browser, signed in as ``account``."""
    browser = TestClient(create_app(services))
    sign_in(browser, account)
    return browser


def test_the_users_page_lists_everyone_and_audits_the_viewing(
    client: TestClient, services: Services, admin: Account, rep: Account
) -> None:
    page = client.get(USERS)
    assert page.status_code == 200
    assert "admin@acme.example" in page.text and "rep@acme.example" in page.text
    assert page.text.count('badge ok">enrolled') == 1  # the admin; the rep has no MFA
    assert '<label for="new-email">Email</label>' in page.text
    assert _last(services, "console.users_viewed") == (
        f"user:{admin.user_id}",
        "users",
        {"count": 2},
    )
    assert _no_addresses_audited(services)


def test_a_notice_is_one_of_ours_never_text_from_the_address(
    client: TestClient, admin: Account
) -> None:
    assert "User created." in client.get(USERS, params={"done": "created"}).text
    assert "injected" not in client.get(USERS, params={"done": "injected"}).text


def test_creating_a_user_who_then_signs_in_with_their_password(
    client: TestClient, services: Services, admin: Account
) -> None:
    answer = post_form(
        client,
        USERS,
        {"email": "New.Auditor@Acme.example", "role": "auditor", "password": PASSWORD},
        USERS,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"{USERS}?done=created"
    actor, subject, details = _last(services, "console.user_created")
    assert actor == f"user:{admin.user_id}" and details == {"role": "auditor"}
    created = _user(services, subject)
    assert created.role == "auditor" and not created.mfa_enrolled
    assert created.totp_secret_ct is None  # they enrol themselves; the admin never sees it
    assert _no_addresses_audited(services)
    with TestClient(create_app(services)) as newcomer:
        account = Account(subject, "new.auditor@acme.example", Role.AUDITOR, "acme", None, ())
        assert sign_in(newcomer, account).headers["location"] == "/console"


@pytest.mark.parametrize(
    ("email", "role", "password", "says"),
    [
        ("new@acme.example", "rep", "short", "at least 12 characters"),
        ("not an address", "auditor", PASSWORD, "give an address"),
        ("new@acme.example", "superuser", PASSWORD, "choose one of admin, rep, auditor"),
    ],
)
def test_a_refused_new_user_shows_why_and_keeps_what_was_typed(
    client: TestClient,
    services: Services,
    admin: Account,
    email: str,
    role: str,
    password: str,
    says: str,
) -> None:
    answer = post_form(client, USERS, {"email": email, "role": role, "password": password}, USERS)
    assert answer.status_code == 400
    assert says in answer.text
    assert f'value="{email}"' in answer.text
    if role in {r.value for r in Role}:
        assert f'<option value="{role}" selected>' in answer.text
    assert f'value="{password}"' not in answer.text  # a password is never sent back
    with services.ledgers.open(services.settings.workspace) as ledger:
        assert len(ledger.users.all()) == 1


def test_an_address_with_an_account_in_any_workspace_is_refused(
    client: TestClient, services: Services, admin: Account
) -> None:
    make_account(services, "taken@elsewhere.example", Role.REP, workspace="globex")
    answer = post_form(
        client,
        USERS,
        {"email": "Taken@Elsewhere.example", "role": "rep", "password": PASSWORD},
        USERS,
    )
    assert answer.status_code == 400 and "already has a console account" in answer.text
    assert "globex" not in answer.text
    with services.ledgers.open(services.settings.workspace) as ledger:
        assert len(ledger.users.all()) == 1


def test_changing_a_role_applies_at_the_users_next_request(
    client: TestClient, services: Services, admin: Account, rep: Account
) -> None:
    with _browser(services, rep) as reps_browser:
        assert reps_browser.get("/console/audit").status_code == 403
        answer = post_form(client, f"{USERS}/{rep.user_id}/role", {"role": "auditor"}, USERS)
        assert answer.headers["location"] == f"{USERS}?done=role"
        assert reps_browser.get("/console/audit").status_code == 200
    assert _user(services, rep.user_id).role == "auditor"
    assert _last(services, "console.role_changed") == (
        f"user:{admin.user_id}",
        rep.user_id,
        {"from": "rep", "to": "auditor"},
    )


def test_disabling_signs_the_user_out_and_enabling_lets_them_back(
    client: TestClient, services: Services, admin: Account, rep: Account
) -> None:
    with _browser(services, rep) as reps_browser:
        answer = post_form(client, f"{USERS}/{rep.user_id}/disable", {}, USERS)
        assert answer.headers["location"] == f"{USERS}?done=disabled"
        assert reps_browser.get("/console/account", follow_redirects=False).status_code == 303
        assert sign_in(reps_browser, rep).status_code == 401
        assert _user(services, rep.user_id).disabled
        assert _last(services, "console.user_disabled")[1:] == (rep.user_id, {"sessions": 1})
        post_form(client, f"{USERS}/{rep.user_id}/enable", {}, USERS)
        assert not _user(services, rep.user_id).disabled
        assert _last(services, "console.user_enabled")[1] == rep.user_id
        assert sign_in(reps_browser, rep).status_code == 303


def test_signing_a_user_out_everywhere(
    client: TestClient, services: Services, admin: Account, rep: Account
) -> None:
    with _browser(services, rep) as laptop, _browser(services, rep) as phone:
        answer = post_form(client, f"{USERS}/{rep.user_id}/sign-out", {}, USERS)
        assert answer.headers["location"] == f"{USERS}?done=signed_out"
        for browser in (laptop, phone):
            assert browser.get("/console/account", follow_redirects=False).status_code == 303
    assert _last(services, "console.user_signed_out")[1:] == (rep.user_id, {"sessions": 2})
    assert client.get("/console/account", follow_redirects=False).status_code == 200


def test_setting_a_new_password_signs_the_user_out_and_the_old_one_stops_working(
    client: TestClient, services: Services, admin: Account, rep: Account
) -> None:
    with _browser(services, rep) as laptop:
        weak = post_form(client, f"{USERS}/{rep.user_id}/password", {"password": "short"}, USERS)
        assert weak.status_code == 400 and "at least 12 characters" in weak.text
        assert laptop.get("/console/account", follow_redirects=False).status_code == 200
        answer = post_form(
            client, f"{USERS}/{rep.user_id}/password", {"password": "given by phone 42"}, USERS
        )
        assert answer.headers["location"] == f"{USERS}?done=password_set"
        assert laptop.get("/console/account", follow_redirects=False).status_code == 303
    with TestClient(create_app(services)) as later:
        assert sign_in(later, rep).status_code == 401
        assert sign_in(later, rep, password="given by phone 42").status_code == 303
    assert _last(services, "console.password_set")[1:] == (rep.user_id, {"sessions": 1})


def test_resetting_mfa_makes_the_user_enrol_again(
    client: TestClient, services: Services, admin: Account
) -> None:
    other = make_account(services, "other.admin@acme.example", Role.ADMIN)
    with _browser(services, other) as others_browser:
        answer = post_form(client, f"{USERS}/{other.user_id}/reset-mfa", {}, USERS)
        assert answer.headers["location"] == f"{USERS}?done=mfa_reset"
        assert others_browser.get("/console/account", follow_redirects=False).status_code == 303
        user = _user(services, other.user_id)
        assert user.totp_secret_ct is None and not user.mfa_enrolled
        assert user.recovery_codes == []
        step = post_form(
            others_browser,
            "/console/login",
            {"email": other.email, "password": PASSWORD},
            "/console/login",
        )
        assert step.headers["location"] == "/console/login/enrol"
    assert _last(services, "console.mfa_reset")[1:] == (other.user_id, {"sessions": 1})


def test_the_workspace_switch_requires_a_code_of_everyone(
    client: TestClient, services: Services, admin: Account, rep: Account
) -> None:
    answer = post_form(client, "/console/admin/workspace/mfa", {"required": "true"}, USERS)
    assert answer.headers["location"] == f"{USERS}?done=mfa_required"
    assert "Require a one-time code of admins only" in client.get(USERS).text
    with TestClient(create_app(services)) as reps_browser:
        step = post_form(
            reps_browser,
            "/console/login",
            {"email": rep.email, "password": PASSWORD},
            "/console/login",
        )
        assert step.headers["location"] == "/console/login/enrol"
    assert _last(services, "console.mfa_requirement_changed")[2] == {"required": True}
    post_form(client, "/console/admin/workspace/mfa", {"required": "false"}, USERS)
    with services.store.database.session() as session:
        workspace = session.query(Workspace).filter_by(slug="acme").one()
        assert not workspace.mfa_required
    assert _last(services, "console.mfa_requirement_changed")[2] == {"required": False}


@pytest.mark.parametrize(
    ("action", "data", "says"),
    [
        ("disable", {}, "you cannot disable your own account"),
        ("role", {"role": "rep"}, "you cannot change your own role"),
    ],
)
def test_an_admin_cannot_lock_themselves_out(
    client: TestClient,
    services: Services,
    admin: Account,
    action: str,
    data: dict[str, str],
    says: str,
) -> None:
    answer = post_form(client, f"{USERS}/{admin.user_id}/{action}", data, USERS)
    assert answer.status_code == 409 and says in answer.text
    user = _user(services, admin.user_id)
    assert user.role == "admin" and not user.disabled
    assert client.get(USERS).status_code == 200


def test_the_workspace_keeps_an_enabled_admin_when_two_remove_each_other(
    services: Services,
) -> None:
    first = make_account(services, "first@acme.example", Role.ADMIN)
    second = make_account(services, "second@acme.example", Role.ADMIN)
    first_viewer = Viewer(first.user_id, "acme", Role.ADMIN, session="s1")
    # The second admin's page was loaded (as an admin) before the first demoted them.
    stale_second = Viewer(second.user_id, "acme", Role.ADMIN, session="s2")
    with services.ledgers.open("acme", first_viewer.actor) as ledger:
        change_role(ledger, first_viewer, second.user_id, Role.REP)
    with services.ledgers.open("acme", stale_second.actor) as ledger:
        with pytest.raises(AdminRefused, match="at least one enabled admin"):
            change_role(ledger, stale_second, first.user_id, Role.REP)
        with pytest.raises(AdminRefused, match="at least one enabled admin"):
            set_enabled(ledger, stale_second, first.user_id, enabled=False)
    first_user = _user(services, first.user_id)
    assert first_user.role == "admin" and not first_user.disabled


def test_a_user_of_another_workspace_is_not_found(
    client: TestClient, services: Services, admin: Account
) -> None:
    stranger = make_account(services, "rep@globex.example", Role.REP, workspace="globex")
    with _browser(services, stranger) as strangers_browser:
        for action in ("disable", "sign-out", "reset-mfa"):
            answer = post_form(client, f"{USERS}/{stranger.user_id}/{action}", {}, USERS)
            assert answer.status_code == 404
        assert strangers_browser.get("/console/account", follow_redirects=False).status_code == 200
    assert not _user(services, stranger.user_id).disabled


@pytest.mark.parametrize(
    "path",
    ["/{id}/disable", "/{id}/role", "/{id}/sign-out", "/{id}/reset-mfa", ""],
)
def test_a_post_without_the_csrf_token_changes_nothing(
    client: TestClient, services: Services, admin: Account, rep: Account, path: str
) -> None:
    with _browser(services, rep) as reps_browser:
        answer = client.post(
            USERS + path.format(id=rep.user_id),
            data={"role": "auditor", "email": "x@acme.example", "password": PASSWORD},
            follow_redirects=False,
        )
        assert answer.status_code == 403
        assert reps_browser.get("/console/account", follow_redirects=False).status_code == 200
    user = _user(services, rep.user_id)
    assert user.role == "rep" and not user.disabled
    with services.ledgers.open("acme") as ledger:
        assert len(ledger.users.all()) == 2
    refused = client.post("/console/admin/workspace/mfa", data={"required": "true"})
    assert refused.status_code == 403


@pytest.mark.parametrize("role", [Role.REP, Role.AUDITOR])
def test_reps_and_auditors_may_not_use_the_users_page(
    client: TestClient, services: Services, rep: Account, role: Role
) -> None:
    account = make_account(services, f"someone.{role.value}@acme.example", role)
    sign_in(client, account)
    assert client.get(USERS).status_code == 403
    answer = post_form(client, f"{USERS}/{rep.user_id}/disable", {}, "/console/account")
    assert answer.status_code == 403
    assert not _user(services, rep.user_id).disabled
    assert "console.users_viewed" not in {entry[0] for entry in _entries(services)}
