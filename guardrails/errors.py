"""Every exception the guardrail raises, in one place, each specific enough to act on."""


class GuardrailError(Exception):
    """Base class: anything the guardrail refuses or cannot do."""


class PolicyError(GuardrailError):
    """The policy file is missing, unreadable or invalid; the message names the bad field."""


class DetectionError(GuardrailError):
    """Detection did not complete, so the text is not released (fail closed)."""


class DetectionFailed(DetectionError):
    """A recogniser or the NLP model raised; the original error is chained as the cause."""


class DetectionTimeout(DetectionError):
    """Detection took longer than the policy's time budget."""


class TextTooLong(DetectionError):
    """The text exceeds the policy's size limit; split it before sending it through."""


class VaultError(GuardrailError):
    """The conversation vault refused an operation (for example a foreign placeholder)."""
