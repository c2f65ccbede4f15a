"""Channel connectors (WhatsApp, Gmail): inbound parsing and verification, outbound clients.

Arrives with the channel issues.
"""
