"""Signing in through the real page in Chromium: an admin with a one-time code, and the
attacks on sessions: a forged cross-site form post and a planted session cookie."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.accounts import PASSWORD, ConsoleUser, create_console_user, sign_in
from tests.browser.attacker_site import AttackerSite
from tests.browser.conftest import screenshot
from tests.e2e.deployment import Deployment


def test_an_admin_signs_in_with_a_one_time_code(page: Page, admin: ConsoleUser) -> None:
    page.goto("/console/login")
    expect(page.get_by_label("One-time code")).to_have_count(0)
    screenshot(page, "sign-in")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/console/login/code$"))
    page.get_by_label("One-time code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("did not work")
    page.get_by_label("One-time code").fill(admin.code())
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/console/dashboard$"))
    page.goto("/console/account")
    expect(page.get_by_text(admin.email)).to_be_visible()
    expect(page.get_by_role("link", name="Users")).to_be_visible()  # admins only


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"], ids=["cross-site", "same-site"])
def test_a_form_another_site_posts_changes_nothing(
    console: Deployment, context: BrowserContext, host: str
) -> None:
    rep = create_console_user(console, "rep")
    page = context.new_page()
    sign_in(page, rep)
    target = f"{console.base_url}/console/logout/everywhere"
    with AttackerSite(target, {"csrf_token": "0" * 64}) as attacker:
        forged = context.new_page()
        with forged.expect_response(lambda r: r.url == target) as answer:
            forged.goto(attacker.url(host))
        assert answer.value.status == 403
    page.goto("/console/account")
    expect(page.get_by_role("button", name="Sign out everywhere")).to_be_visible()


@pytest.mark.parametrize("path", ["/console", "/"], ids=["same-path", "tossed-from-root"])
def test_a_planted_session_cookie_is_never_promoted(
    browser: Browser, console: Deployment, context: BrowserContext, path: str
) -> None:
    rep = create_console_user(console, "rep")
    planted = {
        "name": "aspinix_session",
        "value": "planted-by-an-attacker",
        "domain": "127.0.0.1",
        "path": path,
    }
    context.add_cookies([planted])  # type: ignore[list-item]
    page = context.new_page()
    sign_in(page, rep)
    session = next(
        c for c in context.cookies() if c["name"] == "aspinix_session" and c["path"] == "/console"
    )
    assert session["value"] != "planted-by-an-attacker"
    assert session["httpOnly"] and session["sameSite"] == "Lax"
    attacker = browser.new_context(base_url=console.base_url)
    try:
        attacker.add_cookies([planted])  # type: ignore[list-item]
        probe = attacker.new_page()
        probe.goto("/console/account")
        expect(probe).to_have_url(re.compile(r"/console/login$"))
    finally:
        attacker.close()
