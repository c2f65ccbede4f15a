"""The guardrail layer: personal-data detection, pseudonymisation and policy.

Depends on nothing else of Aspinix. Import the pieces from their modules; this package's import
stays cheap so that ``aspinix --help`` does not load spaCy.
"""
