"""The company knowledge base: the business's own documents, searchable by meaning.

Only company content is ever embedded here — product pages, pricing, policies, FAQs a business
chooses to ingest — never a prospect's messages: what prospects write stays in the encrypted store
and reaches a model only through the guardrail. Embeddings are computed on this machine with a
MiniLM model shipped in a PyPI package (no download, no embedding API), stored in chromadb, one
collection per workspace.

Importing this package loads chromadb but not the model stack; torch loads on the first embedding.
"""

from agent.knowledge.chunking import MAX_WORDS, OVERLAP_WORDS, Chunk, chunk_markdown, chunk_text
from agent.knowledge.documents import SUPPORTED_SUFFIXES, read_chunks
from agent.knowledge.embeddings import MiniLMEmbeddingFunction, load_model, model_path
from agent.knowledge.errors import (
    DocumentUnreadable,
    EmbeddingModelMissing,
    InvalidChromaUrl,
    KnowledgeBaseUnavailable,
    KnowledgeError,
    SourceNotFound,
)
from agent.knowledge.factory import KnowledgeSettings, open_knowledge_base
from agent.knowledge.knowledge_base import KnowledgeBase
from agent.knowledge.models import IngestFailure, IngestReport, KnowledgeHit
from agent.knowledge.naming import collection_name

__all__ = [
    "MAX_WORDS", "OVERLAP_WORDS", "SUPPORTED_SUFFIXES", "Chunk", "DocumentUnreadable",
    "EmbeddingModelMissing", "IngestFailure", "IngestReport", "InvalidChromaUrl", "KnowledgeBase",
    "KnowledgeBaseUnavailable", "KnowledgeError", "KnowledgeHit", "KnowledgeSettings",
    "MiniLMEmbeddingFunction", "SourceNotFound", "chunk_markdown", "chunk_text",
    "collection_name", "load_model", "model_path", "open_knowledge_base", "read_chunks",
]  # fmt: skip
