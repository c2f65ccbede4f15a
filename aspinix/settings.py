"""The one Settings class every entry point (CLI, API, worker) reads.

Values come from environment variables prefixed ``ASPINIX_`` and from an optional ``.env`` file in
the working directory; each is documented in the README's configuration table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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

    def resolved_database_url(self) -> str:
        """DATABASE_URL, or the embedded default: a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'aspinix.db').resolve()}"

    def hash_key_bytes(self) -> bytes | None:
        """The HMAC key for the policy's hash operator, if one is set."""
        return self.hash_key.get_secret_value().encode() if self.hash_key else None
