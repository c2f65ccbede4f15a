"""Another web site, on loopback, whose page silently posts a form to the console: what a
cross-site request forgery looks like from the victim's browser."""

from __future__ import annotations

import html
from http.server import BaseHTTPRequestHandler

from fakes.loopback import LoopbackServer


class AttackerSite(LoopbackServer):
    """Serves one page that submits a POST to ``target`` as soon as it loads."""

    thread_name = "attacker-site"

    def __init__(self, target: str, fields: dict[str, str]) -> None:
        super().__init__()
        inputs = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in fields.items()
        )
        self.page = (
            "<!doctype html><title>Win a prize</title>"
            f'<form id="f" method="post" action="{html.escape(target)}">{inputs}</form>'
            "<script>document.getElementById('f').submit()</script>"
        ).encode()

    def url(self, host: str = "127.0.0.1") -> str:
        """The page's address; ``host`` "localhost" makes it another site, not only another
        origin, than a console on 127.0.0.1."""
        return self._origin().replace("127.0.0.1", host) + "/"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        page = self.page

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        return Handler
