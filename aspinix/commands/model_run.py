"""A qualify run with the AI model: its extractor, and the one audit entry that records the run.

Exported chats scored in bulk are not contacts in the store, so there is no contact to hang a
processing record on (a record names a contact and passes the consent gate for it). Instead each
run that uses the model appends one ``qualify.model_run`` entry to the configured workspace's
audit chain: purpose, recipient host and model, prompt version, how many conversations left,
how many were blocked or read offline instead, and how many values of each type the guardrail
replaced. Never content, and never an id or a value from the input.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from agent.model_extractor import ModelExtractor
from agent.provider import ModelConfig
from agent.purposes import QUALIFY_PURPOSE
from aspinix.commands.engine import build_engine
from aspinix.commands.store_context import StoreContext, open_store
from aspinix.settings import Settings
from store.errors import StoreError

logger = logging.getLogger(__name__)

AUDIT_ACTION = "qualify.model_run"


@dataclass
class ModelRun:
    """The model-backed extractor of one run and the store its audit entry goes to."""

    config: ModelConfig
    store: StoreContext
    extractor: ModelExtractor

    @classmethod
    def start(cls, settings: Settings, config: ModelConfig) -> ModelRun:
        """Load the guardrail and open the store before anything is sent, so a run whose audit
        entry could not be written never starts. Raises StartupError saying what to fix."""
        engine = build_engine(settings)
        store = open_store(settings)
        return cls(config, store, ModelExtractor(config, engine))

    def audit_details(self) -> dict[str, Any]:
        """The entry's details: counts and names of configuration, nothing from the input."""
        tally = self.extractor.tally
        recipient = self.config.recipient
        return {
            "purpose": QUALIFY_PURPOSE,
            "recipient": recipient.provider,
            "model": recipient.model,
            "prompt_version": self.extractor.prompt_ref,
            "conversations": tally.conversations,
            "egress_blocked": tally.blocked,
            "fallbacks": tally.fallbacks,
            "redaction_counts": dict(sorted(tally.redactions.items())),
        }

    def finish(self) -> bool:
        """Append the run's audit entry and close the store; False (and a note on stderr) when
        the entry could not be written."""
        try:
            with self.store.ledger() as ledger:
                ledger.audit.append(AUDIT_ACTION, self.store.actor, details=self.audit_details())
        except (SQLAlchemyError, StoreError) as exc:
            logger.error("qualify audit entry not written", extra={"error": type(exc).__name__})
            print(
                f"aspinix qualify: the run's audit entry could not be written "
                f"({type(exc).__name__}); check the database and record this run by hand",
                file=sys.stderr,
            )
            return False
        finally:
            self.store.database.dispose()
        return True
