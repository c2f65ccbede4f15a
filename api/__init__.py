"""The FastAPI application: routes, dependencies and the console. Nothing imports this package.

Arrives with the service issues.
"""
