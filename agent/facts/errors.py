"""Errors of the lead-facts package, specific so callers can tell a bad rubric from a bad input."""


class FactsError(Exception):
    """Base class of every error raised by ``agent.facts``."""


class RubricError(FactsError):
    """The scoring rubric cannot be read or breaks its schema; the message names the field."""


class CalendarDataError(FactsError):
    """The shipped festival table is missing, malformed, or does not cover the requested year."""


class FactsFormatError(FactsError):
    """Stored or received facts do not match the JSON form; the message names the field."""
