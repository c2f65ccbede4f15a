"""The AI provider: any OpenAI-compatible chat-completions server, reached through clients that
check every request at the wire.

``ChatOpenAI`` is told to use chat completions (``use_responses_api=False``) because vLLM, Ollama,
LM Studio and most gateways have no Responses API. Its HTTP clients carry the checking transport,
so a request holding a real identifier is stopped even if the middleware above were bypassed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from agent.llm import make_http_clients
from store.processing import Recipient

OPENAI_HOST = "api.openai.com"


@dataclass(frozen=True)
class ModelConfig:
    """Where the model is and how patiently to wait for it."""

    api_key: str
    model: str
    base_url: str | None = None
    timeout_seconds: float = 30.0
    max_retries: int = 2

    @property
    def recipient(self) -> Recipient:
        """Who receives the pseudonymised data, as processing records name it."""
        host = urlsplit(self.base_url).hostname if self.base_url else None
        return Recipient(provider=host or OPENAI_HOST, model=self.model)


def build_chat_model(config: ModelConfig) -> ChatOpenAI:
    """The chat model behind the agent, its HTTP clients guarded at the wire."""
    http_client, http_async_client = make_http_clients(config.timeout_seconds)
    return ChatOpenAI(
        model=config.model,
        api_key=SecretStr(config.api_key),
        base_url=config.base_url,
        timeout=config.timeout_seconds,
        max_retries=config.max_retries,
        use_responses_api=False,
        temperature=0.2,
        http_client=http_client,
        http_async_client=http_async_client,
    )
