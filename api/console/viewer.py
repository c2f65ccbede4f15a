"""Who is looking at a console page: the signed-in user, their workspace and role, found from
the session cookie on the server for every request."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection

from api.console.cookies import session_token
from api.console.errors import SignInRequired
from api.console.roles import Permission, allows
from api.services import Services
from store.console_sessions import ConsoleSessions, Stage
from store.models import Workspace
from store.users import Role


@dataclass(frozen=True)
class Viewer:
    """A signed-in user, as every console route sees them."""

    user_id: str
    workspace: str  # the slug: ledgers are opened by it
    role: Role
    session: str  # this session's token digest (the row's key), never the token itself

    @property
    def actor(self) -> str:
        """The audit log's name for them (an id, never their address)."""
        return f"user:{self.user_id}"

    def may(self, permission: Permission) -> bool:
        """Whether their role allows ``permission`` (templates show only what they may use)."""
        return allows(self.role, permission)


def find_viewer(services: Services, connection: HTTPConnection) -> Viewer:
    """The fully signed-in user behind this request; SignInRequired otherwise (no cookie, an
    unknown, expired, idle or half-finished session, a disabled user)."""
    token = session_token(connection)
    if token is None:
        raise SignInRequired("sign in to use the console")
    with services.store.database.session() as session:
        found = ConsoleSessions(session).find(token, services.console.times.idle)
        if found is None or found[0].stage != Stage.FULL:
            raise SignInRequired("your session has ended: sign in again")
        row, user = found
        workspace = session.get(Workspace, row.workspace_id)
        assert workspace is not None
        return Viewer(
            user_id=user.id,
            workspace=workspace.slug,
            role=Role(user.role),
            session=row.token_sha256,
        )
