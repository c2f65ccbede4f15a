"""The one Settings class every entry point (CLI, API, worker) reads.

Values come from environment variables prefixed ``ASPINIX_`` and from an optional ``.env`` file in
the working directory; each is documented in the README's configuration table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
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

    def hash_key_bytes(self) -> bytes | None:
        """The HMAC key for the policy's hash operator, if one is set."""
        return self.hash_key.get_secret_value().encode() if self.hash_key else None
