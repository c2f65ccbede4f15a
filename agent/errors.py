"""Errors of the agent package (beyond ``agent.facts``), each specific enough to act on."""


class AgentError(Exception):
    """Base class of the agent's own errors."""


class InvalidConversation(AgentError, ValueError):
    """A conversation record breaks the input format; the message names the field to fix."""


class PlaybookConfigError(AgentError):
    """The playbook wording file is missing, not YAML, or breaks its schema; names the key."""


class NoProspectMessage(AgentError, ValueError):
    """The playbook was asked to reply to a conversation in which the prospect has said nothing."""


class GuardrailUnavailable(AgentError):
    """The guardrail could not check a turn, so no model call was made (fail closed)."""


class ExtractionFailed(AgentError):
    """A fact extractor could not read one conversation: the model call failed or timed out, its
    answer was unusable, the wire check blocked the request, or the guardrail could not check the
    transcript. The caller reads that conversation with the offline parsers instead. The message
    names the cause's type only, never the conversation's content."""


class DraftNotPending(AgentError):
    """The message is not a draft awaiting review (sent, rejected, or never a draft)."""


class ReplyRefused(AgentError):
    """A rep's reply failed a check before sending; ``code`` names the rule (consent,
    outside_24h_window, text_too_long...)."""

    def __init__(self, code: str, detail: str, what: str = "reply") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"the {what} cannot be sent ({code}): {detail}")


class DraftRefused(ReplyRefused):
    """An approved draft failed a check before sending; the code is stored on the draft for
    the rep."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(code, detail, "draft")


class NotTakenOver(AgentError):
    """A rep wrote a reply in a conversation they have not taken over: the AI may be answering
    it at the same moment, so the rep takes it over first."""


class ChannelRuleBroken(AgentError):
    """A text breaks its channel's rules (a closed service window, a length limit); ``code`` is
    the short reason stored for the rep."""

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        super().__init__(detail)


class InvalidUnsubscribeLink(AgentError):
    """An unsubscribe link whose signature does not match, or whose contact is gone."""


class FollowUpRefused(AgentError):
    """A marketing follow-up may not go to this contact (no consent, withdrawn, objected,
    restricted); ``code`` is the short reason."""

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        super().__init__(f"no follow-up may be sent ({code}): {detail}")
