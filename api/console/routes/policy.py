"""The admin's guardrail policy editor: the version in force as a form, its history, saving a
new version, and the try-it box.

Saving goes through ``PolicyVersions.save`` (a new version and its audit entry in one unit of
work); the workers pick it up at their next message (``PolicyFollower``). A refused form comes
back (400) with each problem beside its input and every value as typed. A try runs the form's
unsaved policy on a sample and stores, logs and audits nothing; htmx gets its answer with a
200 even when refused, since htmx swaps only successful answers and a refusal must be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from api.console.deps import Admin
from api.console.pages import render
from api.console.policy_form import (
    ALLOW_LIST,
    LIMITS,
    NOTE,
    NOTE_LIMIT,
    PolicyForm,
    PolicyFormInvalid,
    read_note,
    rule_field,
)
from api.console.policy_trial import Trial
from api.console.viewer import Viewer
from api.deps import ServicesDep
from api.services import Services
from guardrails.errors import DetectionError
from guardrails.policy import Operator, Policy, load_policy, parse_policy, policy_yaml

router = APIRouter()

POLICY = "/console/admin/policy"
SAMPLE = "sample"
NOTICES = {"saved": "Policy saved as a new version: workers apply it from their next message."}


@dataclass(frozen=True)
class VersionRow:
    """One line of the version history."""

    version: int
    author: str
    created_at: datetime
    note: str


@router.get("/admin/policy")
async def policy_page(
    request: Request,
    services: ServicesDep,
    viewer: Admin,
    done: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    """The policy in force as an editable form, the try-it box and the version history."""
    policy, history = await run_in_threadpool(_versions, services, viewer)
    return _page(request, viewer, history, PolicyForm.from_policy(policy), notice=NOTICES.get(done))


@router.post("/admin/policy")
async def save_policy(request: Request, services: ServicesDep, viewer: Admin) -> Response:
    """Save the form as a new version; a refused form is shown again, as typed."""
    submitted = await request.form()
    form = PolicyForm.from_submitted(submitted)
    typed_note = submitted.get(NOTE, "")
    try:
        note = read_note(submitted)
        policy = form.to_policy(services.console.policy_trials.hash_key_set)
        await run_in_threadpool(_save, services, viewer, policy, note)
    except PolicyFormInvalid as exc:
        return await _refused(
            request, services, viewer, form, typed_note, status.HTTP_400_BAD_REQUEST,
            problems=exc.problems, error=f"Not saved: {exc}",
        )  # fmt: skip
    except IntegrityError:
        return await _refused(
            request, services, viewer, form, typed_note, status.HTTP_409_CONFLICT,
            problems={}, error="Not saved: another admin saved a version at the same moment. "
            "Reload the page to see it, then make your change again.",
        )  # fmt: skip
    return RedirectResponse(f"{POLICY}?done=saved", status_code=status.HTTP_303_SEE_OTHER)


@router.post("/admin/policy/try")
async def try_policy(request: Request, services: ServicesDep, viewer: Admin) -> HTMLResponse:
    """What the sample becomes under the form's unsaved policy, and what was found in it."""
    submitted = await request.form()
    value = submitted.get(SAMPLE, "")
    sample = value if isinstance(value, str) else ""
    trials = services.console.policy_trials
    trial: Trial | None = None
    error: str | None = None
    try:
        policy = PolicyForm.from_submitted(submitted).to_policy(trials.hash_key_set)
        if sample.strip():
            trial = await run_in_threadpool(trials.run, policy, sample)
    except PolicyFormInvalid as exc:
        error = f"This policy is not valid: {exc}"
    except DetectionError as exc:
        error = f"The guardrail withheld the sample: {exc}"
    refused = error is not None and request.headers.get("hx-request") != "true"
    return render(
        request,
        "partials/policy_trial.html",
        viewer,
        status_code=status.HTTP_400_BAD_REQUEST if refused else status.HTTP_200_OK,
        trial=trial,
        trial_error=error,
    )


def _file_policy_yaml(services: Services) -> str:
    """The policy file as version 1 stores it (as the workers do: ``PolicyFollower``)."""
    return policy_yaml(load_policy(services.settings.policy_file))


def _versions(services: Services, viewer: Viewer) -> tuple[Policy, list[VersionRow]]:
    """The policy in force (the file's, saved as version 1, when none is stored yet) and the
    history, newest first."""
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        current = ledger.policies.ensure_initial(_file_policy_yaml(services))
        history = [
            VersionRow(row.version, row.author, row.created_at, row.note)
            for row in ledger.policies.history()
        ]
        return parse_policy(current.policy_yaml, "the stored policy"), history


def _history(services: Services, viewer: Viewer) -> list[VersionRow]:
    return _versions(services, viewer)[1]


def _save(services: Services, viewer: Viewer, policy: Policy, note: str) -> None:
    """A new version after the one in force (the file's first, if none is stored yet)."""
    with services.ledgers.open(viewer.workspace, viewer.actor) as ledger:
        ledger.policies.ensure_initial(_file_policy_yaml(services))
        ledger.policies.save(policy_yaml(policy), viewer.actor, note)


async def _refused(
    request: Request,
    services: Services,
    viewer: Viewer,
    form: PolicyForm,
    typed_note: Any,
    status_code: int,
    **context: Any,
) -> HTMLResponse:
    history = await run_in_threadpool(_history, services, viewer)
    note = typed_note if isinstance(typed_note, str) else ""
    return _page(request, viewer, history, form, status_code=status_code, note=note, **context)


def _page(
    request: Request,
    viewer: Viewer,
    history: list[VersionRow],
    form: PolicyForm,
    status_code: int = status.HTTP_200_OK,
    **context: Any,
) -> HTMLResponse:
    return render(
        request,
        "admin_policy.html",
        viewer,
        status_code=status_code,
        form=form,
        history=history,
        operators=list(Operator),
        rule_field=rule_field,
        allow_list_field=ALLOW_LIST,
        limits=LIMITS,
        note_field=NOTE,
        note_limit=NOTE_LIMIT,
        sample_field=SAMPLE,
        **{"problems": {}, "note": "", **context},
    )
