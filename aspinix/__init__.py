"""Aspinix entry points and configuration: the one Settings class, logging, and the CLI."""
