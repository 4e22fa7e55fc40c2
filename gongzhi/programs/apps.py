from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "gongzhi.programs"
    verbose_name = _("项目台账")

    def ready(self):
        from gongzhi.programs import counters, jobs  # noqa: F401  (registers counters and jobs)
