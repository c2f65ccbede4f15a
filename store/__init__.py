"""Persistence: SQLAlchemy models and Alembic migrations, field encryption and keys, blind
indexes, the consent and processing ledger, the hash-chained audit log, stored policy versions.

Every row belongs to a workspace and every repository here is bound to one, so no query crosses
workspaces. Personal data is encrypted before it reaches a column (see ``store.crypto``).
"""
