"""The one Settings class every entry point (CLI, API, worker) reads.

Values come from environment variables prefixed ``ASPINIX_`` and from an optional ``.env`` file in
the working directory; each is documented in the README's configuration table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The Graph API host and version Meta's Cloud API is served at; override for a proxy or a test.
GRAPH_API_BASE = "https://graph.facebook.com/v24.0"
GMAIL_API_BASE = "https://gmail.googleapis.com/"
GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_REVOKE_URL = "https://oauth2.googleapis.com/revoke"


class Settings(BaseSettings):
    """Aspinix configuration."""

    model_config = SettingsConfigDict(
        env_prefix="ASPINIX_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Path("./data")
    policy_file: Path | None = None
    hash_key: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "ASPINIX_DATABASE_URL")
    )
    master_key: SecretStr | None = None
    production: bool = False
    purposes_file: Path | None = None
    minor_age: int = Field(default=18, ge=1, le=21)
    db_app_role: str = "aspinix_app"
    workspace: str = "default"
    company_name: str = "Tarang Software"
    privacy_notice_version: str = Field(default="v2", pattern=r"^v\d+$")
    privacy_notice_file: Path | None = None
    # The AI provider: any OpenAI-compatible server. No key means the scripted playbook.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "ASPINIX_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ASPINIX_OPENAI_BASE_URL")
    )
    llm_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    llm_max_retries: int = Field(default=2, ge=0, le=10)
    rubric_file: Path | None = None
    # Extra qualification fields the agent records beside the five standard ones.
    custom_fields: Annotated[tuple[str, ...], NoDecode] = ()

    @field_validator("custom_fields", mode="before")
    @classmethod
    def _split_custom_fields(cls, value: object) -> object:
        """``ASPINIX_CUSTOM_FIELDS=industry,current_crm``: a comma-separated list of names."""
        if isinstance(value, str):
            names = tuple(name.strip() for name in value.split(",") if name.strip())
            bad = [name for name in names if not name.isidentifier()]
            if bad:
                raise ValueError(f"custom field names must be identifiers: {', '.join(bad)}")
            return names
        return value

    chroma_url: str | None = Field(
        default=None, validation_alias=AliasChoices("CHROMA_URL", "ASPINIX_CHROMA_URL")
    )

    # WhatsApp Cloud API (Meta's Graph API).
    whatsapp_app_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("WHATSAPP_APP_SECRET")
    )
    whatsapp_verify_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("WHATSAPP_VERIFY_TOKEN")
    )
    whatsapp_access_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("WHATSAPP_ACCESS_TOKEN")
    )
    whatsapp_phone_number_id: str | None = Field(
        default=None, validation_alias=AliasChoices("WHATSAPP_PHONE_NUMBER_ID")
    )
    whatsapp_api_base: str = Field(
        default=GRAPH_API_BASE, validation_alias=AliasChoices("WHATSAPP_API_BASE")
    )
    # Meta's default per-number throughput is 80 messages per second.
    whatsapp_send_rate: int = Field(default=80, ge=1, le=1000)

    # Gmail: the OAuth client, Pub/Sub push (or polling), and where the API is.
    gmail_client_secrets: Path | None = Field(
        default=None, validation_alias=AliasChoices("GMAIL_CLIENT_SECRETS")
    )
    gmail_pubsub_topic: str | None = Field(
        default=None, validation_alias=AliasChoices("GMAIL_PUBSUB_TOPIC")
    )
    gmail_push_audience: str | None = Field(
        default=None, validation_alias=AliasChoices("GMAIL_PUSH_AUDIENCE")
    )
    gmail_push_service_account: str | None = Field(
        default=None, validation_alias=AliasChoices("GMAIL_PUSH_SERVICE_ACCOUNT")
    )
    gmail_push_certs_url: str = Field(
        default=GOOGLE_CERTS_URL, validation_alias=AliasChoices("GMAIL_PUSH_CERTS_URL")
    )
    gmail_api_base: str = Field(
        default=GMAIL_API_BASE, validation_alias=AliasChoices("GMAIL_API_BASE")
    )
    gmail_revoke_url: str = Field(
        default=GOOGLE_REVOKE_URL, validation_alias=AliasChoices("GMAIL_REVOKE_URL")
    )
    # Without Pub/Sub, how often workers look for new mail (unset: push only).
    gmail_poll_seconds: float | None = Field(
        default=None, ge=1, le=3600, validation_alias=AliasChoices("GMAIL_POLL_SECONDS")
    )
    # After an outage longer than Gmail keeps history (about a week), at most this many recent
    # inbox messages are read again.
    gmail_resync_limit: int = Field(default=100, ge=1, le=500)
    # The HTTPS address prospects reach this service at: one-click unsubscribe links use it.
    public_url: str | None = None

    @field_validator("public_url")
    @classmethod
    def _https_public_url(cls, value: str | None) -> str | None:
        """Unsubscribe links must be HTTPS (RFC 8058)."""
        if value is not None and not value.startswith("https://"):
            raise ValueError("ASPINIX_PUBLIC_URL must start with https://")
        return value.rstrip("/") if value else value

    # Replies: "review" keeps each AI reply as a draft for a rep; "auto" sends it at once.
    reply_mode: Literal["review", "auto"] = "review"
    admin_token: SecretStr | None = None

    # The console: a session ends this many hours after sign-in, or after this many minutes
    # without a request, whichever comes first.
    console_session_hours: float = Field(default=12.0, gt=0, le=168)
    console_idle_minutes: float = Field(default=60.0, gt=0, le=1440)

    # The task queue: empty for the embedded SQLite queue in the data directory, or a
    # redis:// or postgresql:// URL for several worker processes.
    queue_url: str | None = None
    worker_threads: int = Field(default=2, ge=1, le=64)
    # How long a worker may hold a conversation before another assumes it died. Longer than a
    # turn's slowest model calls (timeout × retries × calls per turn).
    turn_lease_seconds: float = Field(default=300.0, ge=1, le=3600)
    # Webhook bodies larger than this are refused with 413 before they are parsed.
    max_body_bytes: int = Field(default=1_048_576, ge=1024, le=16_777_216)
    alert_webhook_url: str | None = None

    def resolved_database_url(self) -> str:
        """DATABASE_URL, or the embedded default: a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'aspinix.db').resolve()}"

    def resolved_queue_url(self) -> str:
        """ASPINIX_QUEUE_URL, or the embedded default: a SQLite queue in the data directory."""
        if self.queue_url:
            return self.queue_url
        return f"sqlite:///{(self.data_dir / 'queue.db').resolve()}"

    def embedded_queue(self) -> bool:
        """Whether the queue is the embedded SQLite one, whose workers ``aspinix serve`` runs
        itself."""
        return self.resolved_queue_url().startswith("sqlite:")

    def hash_key_bytes(self) -> bytes | None:
        """The HMAC key for the policy's hash operator, if one is set."""
        return self.hash_key.get_secret_value().encode() if self.hash_key else None
