"""The one base of every service error: a write refused because of what it was given.

Each app's service raises its own subclass (``CharterError``, ``DocumentError``, ``SessionError``,
``ReportError``, ``AlertError`` …) with a message that names the field first (``field: reason``).
Whoever called the service shows it the same way: the API answers 422 through one handler
(:func:`accord.core.api_errors.install_error_handlers`), a page puts it on the form, a command prints
it and exits 2. No Django here, so pure code may raise it too.

It is a ``ValueError``, as the errors it replaces were: code that caught the ``ValueError`` of a
service still catches it.
"""

from __future__ import annotations


class ServiceError(ValueError):
    """A write that cannot be made as asked; ``str()`` says why, naming the field first when known.

    ``field`` is the path of the offending input (``release_to``, ``participants``); when given, the
    message is written ``field: reason`` and ``reason`` keeps the reason alone (for a form, which
    shows it beside its field).
    """

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        self.reason = reason
        self.field = field
        super().__init__(f"{field}: {reason}" if field else reason)

    @property
    def loc(self) -> list[str]:
        """The field path as a list (``["release_to"]``), empty when the error names no field."""
        return self.field.split(".") if self.field else []
