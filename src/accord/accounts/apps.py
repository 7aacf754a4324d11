"""The accounts app: users, their affiliation and role, and the access policy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        """Install the access policy that ``restrict()`` consults and the labels users may give; declare
        borrowed secrets."""
        from accord.accounts.label_rule import usable_labels
        from accord.accounts.policy import access_policy, add_refusal_reason, may_add
        from accord.core.access import register_policy
        from accord.core.label_choices import register_label_rule

        register_policy(access_policy, may_add, add_refusal_reason)
        register_label_rule(usable_labels)
        declare_borrowed_secrets()


def declare_borrowed_secrets() -> None:
    """The secret fields of the models accounts borrows (second factor, sessions, lockout).

    Our own models say ``secret_fields`` themselves; these are other projects' models, so the
    app that uses them declares them, and no change record can ever carry their values.
    """
    from axes.models import AccessLog
    from django.contrib.sessions.models import Session
    from django_otp.plugins.otp_static.models import StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accord.core.audit import declare_secret_fields

    declare_secret_fields(TOTPDevice, "key")
    declare_secret_fields(StaticToken, "token")
    declare_secret_fields(Session, "session_key", "session_data")
    declare_secret_fields(AccessLog, "session_hash")
