"""Reports: classify a run's findings into buckets, compare runs, render and send reports.

Reads storage, never fetches a URL.
"""
