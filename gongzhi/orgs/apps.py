from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gongzhi.orgs"
    verbose_name = _("组织机构")

    def ready(self):
        from gongzhi.orgs import jobs  # noqa: F401  (registers the unit import jobs)
