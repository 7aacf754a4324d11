"""The forces registry: national contributions and readiness, cooperation with other organizations,
and the training of personnel (services, queries, data files, the yearly report's sections)."""
