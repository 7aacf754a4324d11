"""Monitoring's background jobs (core's workers import every app's ``jobs`` module): each subject
declares its own in a module of its own, imported here."""

from accord.monitoring import jobs_fetch  # noqa: F401 (fetching sources, the periodic check, uploads)
