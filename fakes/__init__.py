"""Loopback stand-ins for the outside services Aspinix talks to (Google: Gmail, OAuth and
Pub/Sub push tokens; Meta's WhatsApp Graph API; an OpenAI-compatible model server). Each is a
real HTTP server on 127.0.0.1 speaking the real wire format. The tests, the demo and the
benchmarks use them; production never does."""
