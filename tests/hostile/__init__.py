"""A hostile HTTP server for tests: one path per trap (see server.py)."""
