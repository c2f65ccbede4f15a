"""The processing purposes the agent asks the consent gate for (names in the purposes
catalogue). A module of their own so light callers (the drafts API) need not import the
pipeline and its model stack."""

REPLY_PURPOSE = "response_generation"
QUALIFY_PURPOSE = "lead_qualification"
MARKETING_PURPOSE = "marketing_followup"
