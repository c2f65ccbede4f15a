"""Gmail connector: MIME parsing and composing, automated-mail detection, the Gmail REST API
through google-api-python-client, OAuth credentials, and Pub/Sub push verification.

Pure parts only (no database, no web framework, no queue), like the WhatsApp connector: the
store, the jobs and the API layer call these.
"""
