"""The one Settings class every entry point (CLI, API, worker) reads.

Values come from environment variables prefixed ``ASPINIX_`` and from an optional ``.env`` file in
the working directory; each is documented in the README's configuration table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    privacy_notice_version: str = "v1"
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
