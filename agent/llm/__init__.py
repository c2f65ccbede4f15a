"""The model side of the agent: how requests reach an AI provider, and what may not leave.

``wire_guard`` checks every outgoing request against the conversation's real values; see its
docstring for how a block reaches the caller through the openai SDK and LangChain.
"""

from agent.llm.errors import EgressBlocked, NoEgressScope, UncheckableBody
from agent.llm.wire_guard import (
    AsyncCheckingTransport,
    Block,
    CheckingTransport,
    EgressScope,
    egress_scope,
    make_http_clients,
)

__all__ = [
    "AsyncCheckingTransport", "Block", "CheckingTransport", "EgressBlocked", "EgressScope",
    "NoEgressScope", "UncheckableBody", "egress_scope", "make_http_clients",
]  # fmt: skip
