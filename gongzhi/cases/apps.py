from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "gongzhi.cases"
    verbose_name = _("典型案例与宣传")

    def ready(self):
        from gongzhi.cases import counters, jobs  # noqa: F401  (counters and jobs register)
