"""The lead-qualification agent: one inbound message through the guardrail to the model and back.

Today it holds the offline pieces: the lead facts and score (``agent.facts``), the qualify step
for recorded conversations (``agent.qualify``) and the scripted playbook used when no model is
configured (``agent.playbook``). The model-backed pipeline arrives with the agent issue.
"""
