from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "gongzhi.progress"
    verbose_name = _("进度与审核")

    def ready(self):
        from gongzhi.core.evidence import register_evidence_kind

        register_evidence_kind("progress.report", _("进度上报"), "progress.Report")

        from gongzhi.progress import counters, jobs, work  # noqa: F401  (counters and jobs)

        work.register()  # the to-dos of the home page
