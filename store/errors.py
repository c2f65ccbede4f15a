"""Every exception the store raises, each specific enough to act on."""


class StoreError(Exception):
    """Base class: anything the store refuses or cannot do."""


class DatabaseUnavailable(StoreError):
    """The database cannot be reached or is not migrated; the message says which and how."""


class MasterKeyError(StoreError):
    """ASPINIX_MASTER_KEY is missing (in production mode) or malformed."""


class UnknownKey(StoreError):
    """A ciphertext or wrapped key names a key id this process does not hold."""


class DecryptionFailed(StoreError):
    """A ciphertext failed authentication: wrong key, wrong column, or tampered bytes."""


class NotFound(StoreError):
    """The workspace, contact or conversation does not exist in this workspace."""


class InvalidInput(StoreError):
    """A value cannot be stored as given; the message names the field."""
