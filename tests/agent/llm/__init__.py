"""Tests of the model side of the agent."""
