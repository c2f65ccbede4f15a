"""The task queue: what Aspinix does after a webhook has stored a message and answered 200.

Jobs carry ids only (a workspace slug and a message id), never message text; the stored
message is the source of truth, so a lost job is found again by the recovery sweep.
"""
