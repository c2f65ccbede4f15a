"""The entity types the guardrail knows, so names are spelled once."""

from enum import StrEnum


class EntityType(StrEnum):
    """Personal-data types. Values double as placeholder prefixes (``<PERSON_1>``)."""

    PERSON = "PERSON"
    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    PHONE_NUMBER = "PHONE_NUMBER"
    ADDRESS = "ADDRESS"
    IN_AADHAAR = "IN_AADHAAR"
    IN_PAN = "IN_PAN"
    IN_GSTIN = "IN_GSTIN"
    UPI_ID = "UPI_ID"
    IN_PASSPORT = "IN_PASSPORT"
    IN_VOTER = "IN_VOTER"
    DRIVING_LICENCE = "DRIVING_LICENCE"
    BANK_ACCOUNT = "BANK_ACCOUNT"
    IFSC_CODE = "IFSC_CODE"
    CREDIT_CARD = "CREDIT_CARD"
    IBAN_CODE = "IBAN_CODE"
    IP_ADDRESS = "IP_ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    CHANNEL_ID = "CHANNEL_ID"
