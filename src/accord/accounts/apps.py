"""The accounts app: users, their affiliation and role, and the access policy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        """Install the access policy that ``restrict()`` consults."""
        from accord.accounts.policy import access_policy, add_refusal_reason, may_add
        from accord.core.access import register_policy

        register_policy(access_policy, may_add, add_refusal_reason)
