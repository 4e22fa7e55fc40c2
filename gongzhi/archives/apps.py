from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "gongzhi.archives"
    verbose_name = _("档案")

    def ready(self):
        from gongzhi.archives import jobs  # noqa: F401  (the archive job registers)
