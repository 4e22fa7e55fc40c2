from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "gongzhi.documents"
    verbose_name = _("总结与验收报告")

    def ready(self):
        from gongzhi.documents import jobs  # noqa: F401  (the job kind registers on import)
