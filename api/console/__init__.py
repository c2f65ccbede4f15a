"""The console: the web pages reps, admins and auditors sign in to, under ``/console``.

Server-rendered with Jinja2; htmx swaps page fragments (live inbox, draft actions) without a
front-end build. Accounts (Argon2 passwords, TOTP, recovery codes), sessions, CSRF and roles
live here; the pages read and change the store through the same ledger the workers use.
"""
