"""The guardrail in the only path to the model: LangChain agent middleware.

Before every model call it asks the consent gate for the turn's purpose, pseudonymises every
message (the system prompt's lead summary, the prospect's and the assistant's turns, tool calls
and tool results) with the conversation's vault, writes the processing record, and only then lets
the request go, inside an egress scope that makes the HTTP transport check the wire as well. The
model's answer stays in placeholders; only the pipeline rehydrates the final reply.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

from langchain.agents.middleware import AgentMiddleware, ModelRequest, ModelResponse
from langchain.agents.middleware.types import ToolCallRequest
from langchain_core.messages import AIMessage, AnyMessage, SystemMessage, ToolMessage
from langgraph.types import Command

from agent.errors import GuardrailUnavailable
from agent.llm import egress_scope
from agent.turn import EgressEntry, TurnContext
from guardrails.errors import DetectionError
from guardrails.leak_check import LeakDetector
from guardrails.vault import PLACEHOLDER, rehydrate

logger = logging.getLogger(__name__)


class GuardrailMiddleware(AgentMiddleware[Any, TurnContext, Any]):
    """Pseudonymise, gate and record every model call; rehydrate tool arguments for the tools."""

    def wrap_model_call(
        self,
        request: ModelRequest[TurnContext],
        handler: Callable[[ModelRequest[TurnContext]], ModelResponse[Any]],
    ) -> ModelResponse[Any]:
        context = request.runtime.context
        # The gate comes before the guardrail even reads the turn (detection is processing too).
        context.ledger.require(context.contact_id, context.purpose)
        safe_system, safe_messages = self._pseudonymise(context, request)
        payload = _payload(safe_system, safe_messages)
        context.ledger.record_processing(
            context.contact_id,
            context.purpose,
            context.recipient,
            payload,
            _placeholder_counts(payload),
            prompt_version=context.prompt_ref,
            conversation_id=context.conversation_id,
        )
        context.egress.append(_egress_view(safe_system, safe_messages))
        detector = LeakDetector.for_vault(context.vault)
        # The record and any new placeholders are committed before the data leaves, and no lock
        # is held while the provider thinks.
        context.ledger.checkpoint()
        # The transport checks the wire against the vault; a block raises EgressBlocked here.
        with egress_scope(detector):
            return handler(request.override(messages=safe_messages, system_message=safe_system))

    def wrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]],
    ) -> ToolMessage | Command[Any]:
        """Tools get real values back in their arguments (the store keeps them encrypted); their
        results are pseudonymised again before the next model call."""
        context = cast("TurnContext", request.runtime.context)
        call = request.tool_call
        args = _map_strings(call["args"], lambda text: rehydrate(text, context.vault))
        return handler(request.override(tool_call={**call, "args": args}))

    @staticmethod
    def _pseudonymise(
        context: TurnContext, request: ModelRequest[TurnContext]
    ) -> tuple[SystemMessage, list[AnyMessage]]:
        texts = [_text_of(message) for message in request.messages]
        try:
            # The prompt template is our own text (and its date must not pass for a phone
            # number); only the lead summary quotes the prospect, so only it is checked.
            safe = context.pseudonymiser.pseudonymise_many([*texts, context.state.summary()])
            safe_messages = [
                _with_text(message, result.text, context)
                for message, result in zip(request.messages, safe, strict=False)
            ]
        except DetectionError as exc:
            logger.error("guardrail failed; no model call", extra={"error": type(exc).__name__})
            raise GuardrailUnavailable(f"the guardrail could not check the turn: {exc}") from exc
        return SystemMessage(context.render_system(safe[-1].text)), safe_messages


def _text_of(message: AnyMessage) -> str:
    return message.content if isinstance(message.content, str) else message.text


def _with_text(message: AnyMessage, safe_text: str, context: TurnContext) -> AnyMessage:
    """The message with its content (and, for the assistant, its tool-call arguments) safe."""
    update: dict[str, Any] = {"content": safe_text}
    if isinstance(message, AIMessage) and message.tool_calls:
        update["tool_calls"] = [
            {
                **call,
                "args": _map_strings(
                    call["args"], lambda text: context.pseudonymiser.pseudonymise(text).text
                ),
            }
            for call in message.tool_calls
        ]
    return message.model_copy(update=update)


def _map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` (a tool call's arguments) with ``change`` applied to every string inside it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: _map_strings(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_strings(item, change) for item in value]
    return value


def _payload(system: SystemMessage | None, messages: list[AnyMessage]) -> str:
    """The request as sent, canonical, for the processing record's hash and counts."""
    rows = [{"role": "system", "content": system.text}] if system else []
    for message in messages:
        row: dict[str, Any] = {"role": message.type, "content": _text_of(message)}
        if isinstance(message, AIMessage) and message.tool_calls:
            row["tool_calls"] = [
                {"name": call["name"], "args": call["args"]} for call in message.tool_calls
            ]
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, sort_keys=True)


def _placeholder_counts(payload: str) -> dict[str, int]:
    """How many values of each type the guardrail replaced in what was sent."""
    return dict(Counter(match.group(1) for match in PLACEHOLDER.finditer(payload)))


def _egress_view(system: SystemMessage | None, messages: list[AnyMessage]) -> list[EgressEntry]:
    entries = [EgressEntry("system", system.text)] if system else []
    for message in messages:
        text = _text_of(message)
        if isinstance(message, AIMessage) and message.tool_calls:
            calls = ", ".join(
                f"{call['name']}({json.dumps(call['args'], ensure_ascii=False)})"
                for call in message.tool_calls
            )
            text = f"{text}\n[tool calls: {calls}]".strip()
        entries.append(EgressEntry(message.type, text))
    return entries
