from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gongzhi.accounts"
    verbose_name = _("用户与角色")

    def ready(self):
        from gongzhi.accounts import signals  # noqa: F401  (audits logins and lock-outs)
        from gongzhi.accounts.selectors import resolved_grants
        from gongzhi.core.access import register_grant_loader

        register_grant_loader(resolved_grants)
