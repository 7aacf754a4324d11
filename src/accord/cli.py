"""The ``accord`` console script: Django's management commands under one name.

``accord load-charter csto`` runs the ``load_charter`` command; hyphens and underscores are the
same in command names.
"""

from __future__ import annotations

import os
import sys

# Django's own account commands write users with no change record and around the four eyes.
REPLACED_COMMANDS = {
    "createsuperuser": "use 'accord createuser NAME --role administrator' (recorded)",
    "changepassword": "use 'accord user set-password NAME' (recorded)",
}


def main(argv: list[str] | None = None) -> None:
    """Run an Accord command, reporting configuration mistakes and a busy database in one line."""
    arguments = list(sys.argv if argv is None else argv)
    arguments[0] = "accord"
    if len(arguments) > 1 and not arguments[1].startswith("-"):
        arguments[1] = arguments[1].replace("-", "_")
    if len(arguments) > 1 and arguments[1] in REPLACED_COMMANDS:
        sys.stderr.write(f"accord {arguments[1]}: {REPLACED_COMMANDS[arguments[1]]}\n")
        sys.exit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        sys.stderr.write(f"accord: configuration error: {error}\n")
        sys.exit(2)
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from accord.core.cli import BUSY, busy_line
    from accord.core.locks import is_lock_timeout

    try:
        execute_from_command_line(arguments)
    except DatabaseError as error:
        # Accord's own commands say this themselves; Django's (migrate, …) are caught here.
        if not is_lock_timeout(error) or "--traceback" in arguments:
            raise
        sys.stderr.write(f"accord: {busy_line()}\n")
        sys.exit(BUSY)


if __name__ == "__main__":
    main()
