"""Jinja2 templates of the reports (a package so that they are installed with gatewatch)."""
