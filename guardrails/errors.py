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


class CatalogueError(GuardrailError):
    """The purposes catalogue is missing, unreadable or invalid; the message names the field."""


class UnknownPurpose(GuardrailError):
    """A processing step named a purpose the catalogue does not define."""


class ProcessingRefused(GuardrailError):
    """The consent gate refused a processing step; subclasses say why."""

    def __init__(self, contact_id: str, purpose: str, reason: str) -> None:
        super().__init__(f"contact {contact_id}: {purpose} refused: {reason}")
        self.contact_id = contact_id
        self.purpose = purpose


class ConsentMissing(ProcessingRefused):
    """The purpose rests on consent and the contact never gave it."""


class ConsentWithdrawn(ProcessingRefused):
    """The purpose rests on consent and the contact withdrew it."""


class ProcessingRestricted(ProcessingRefused):
    """The contact exercised the right to restriction: nothing but storage is allowed."""


class ProcessingObjected(ProcessingRefused):
    """The contact objected to this purpose."""


class MinorProtected(ProcessingRefused):
    """The contact is flagged as under the configured age: no AI processing at all."""


class SourceForbidden(ProcessingRefused):
    """The data came from a source whose terms forbid this purpose (Gmail data and AI
    training, under Google's Limited Use requirements), whatever the contact consented to."""
