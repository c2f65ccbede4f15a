"""Errors of the knowledge base, specific so a command can tell a bad setting from a bad file."""


class KnowledgeError(Exception):
    """Base class of every error raised by ``agent.knowledge``."""


class KnowledgeBaseUnavailable(KnowledgeError):
    """The vector store cannot be reached or opened; the message says what to check."""


class InvalidChromaUrl(KnowledgeError):
    """CHROMA_URL is not an ``http(s)://host[:port]`` address."""


class EmbeddingModelMissing(KnowledgeError):
    """The packaged MiniLM model is not installed, so nothing can be embedded offline."""


class DocumentUnreadable(KnowledgeError):
    """One file cannot be read or holds no text; ingestion reports it and goes on."""


class SourceNotFound(KnowledgeError):
    """The path given to ingest is neither a directory nor a supported file."""
