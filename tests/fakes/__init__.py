"""Loopback fakes of the services Aspinix talks to, for tests: real HTTP, no internet."""
