"""The lead-qualification agent: one inbound message through the guardrail to the model and back.

Arrives with the agent issue; today it is an empty package so the layout and imports are fixed.
"""
